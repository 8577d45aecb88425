"""The transition table itself: well formed, every state reachable, and every referral able to end."""

from collections import deque

import pytest

from throughcare.referrals.reasons import CRITERION, REASON_GROUP, ReasonCode, ReasonGroup, reasons_in
from throughcare.referrals.states import (
    ACTING_SIDES,
    OPEN_STATES,
    PLACE_HOLDING_STATES,
    TERMINAL_STATES,
    TRANSITIONS,
    ReferralState,
    Side,
    places_taken,
)

S = ReferralState


def reachable_from(start: ReferralState) -> set[ReferralState]:
    seen, queue = {start}, deque([start])
    while queue:
        state = queue.popleft()
        for row in TRANSITIONS:
            if row.source == state and row.target not in seen:
                seen.add(row.target)
                queue.append(row.target)
    return seen


def test_the_lifecycle_has_the_states_the_issue_names():
    assert set(S.values) == {
        "draft",
        "submitted",
        "acknowledged",
        "accepted",
        "waitlisted",
        "declined",
        "assessment_booked",
        "in_treatment",
        "paused",
        "completed",
        "ended_early",
        "withdrawn",
    }


def test_terminal_open_and_draft_states_divide_the_lifecycle_between_them():
    assert {S.DECLINED, S.COMPLETED, S.ENDED_EARLY, S.WITHDRAWN} == TERMINAL_STATES
    assert OPEN_STATES | TERMINAL_STATES | {S.DRAFT} == set(S)
    assert not OPEN_STATES & TERMINAL_STATES
    assert S.DRAFT not in OPEN_STATES
    assert PLACE_HOLDING_STATES <= OPEN_STATES


def test_terminal_states_have_no_way_out():
    assert not [row for row in TRANSITIONS if row.source in TERMINAL_STATES]


def test_every_state_but_draft_is_reachable_from_draft():
    assert reachable_from(S.DRAFT) == set(S)


@pytest.mark.parametrize("state", list(S))
def test_every_state_can_reach_a_final_state(state):
    assert reachable_from(state) & TERMINAL_STATES


def test_no_row_moves_a_referral_to_where_it_already_is():
    assert not [row for row in TRANSITIONS if row.source == row.target]


def test_at_most_one_row_applies_to_each_move_and_actor():
    # Two rows for one (from, to, actor) would make the reasons allowed depend on row order.
    seen = set()
    for row in TRANSITIONS:
        for side in ACTING_SIDES:
            if row.allows(side):
                key = (row.source, row.target, side)
                assert key not in seen, key
                seen.add(key)


def test_rows_that_require_a_reason_offer_some_and_only_known_codes():
    for row in TRANSITIONS:
        assert row.reasons <= set(ReasonCode), row
        if row.reason_required:
            assert row.reasons, row


def test_every_reason_code_is_usable_somewhere():
    used = set().union(*(row.reasons for row in TRANSITIONS))
    assert used == set(ReasonCode)


def test_every_reason_code_has_a_group_and_outside_criteria_ones_name_the_criterion():
    assert set(REASON_GROUP) == set(ReasonCode)
    assert set(CRITERION) == reasons_in(ReasonGroup.OUTSIDE_CRITERIA)
    assert len(set(CRITERION.values())) == len(CRITERION)
    assert {code for code in ReasonCode if code.startswith("outside_criteria_")} == set(CRITERION)


def test_the_service_declines_only_before_a_place_and_ends_early_only_after():
    declining = {row.source for row in TRANSITIONS if row.target == S.DECLINED}
    ending = {row.source for row in TRANSITIONS if row.target == S.ENDED_EARLY}
    assert not declining & PLACE_HOLDING_STATES
    assert ending == PLACE_HOLDING_STATES


def test_consent_withdrawn_can_be_recorded_by_either_side_from_any_open_state():
    # Whoever hears it must be able to stop the sharing straight away.
    for side in (Side.REFERRER, Side.RECEIVER):
        sources = {
            row.source
            for row in TRANSITIONS
            if row.target == S.WITHDRAWN and row.allows(side) and ReasonCode.CONSENT_WITHDRAWN in row.reasons
        }
        assert sources >= OPEN_STATES, side


def test_a_paused_referral_resumes_without_going_back_to_the_start():
    resumed = {row.target for row in TRANSITIONS if row.source == S.PAUSED} - TERMINAL_STATES
    assert resumed == {S.ACCEPTED, S.ASSESSMENT_BOOKED, S.IN_TREATMENT}
    assert {row.side for row in TRANSITIONS if row.source == S.PAUSED and row.target in resumed} == {
        Side.RECEIVER
    }


@pytest.mark.parametrize(
    ("current", "target", "change"),
    [
        (S.SUBMITTED, S.ACCEPTED, 1),
        (S.WAITLISTED, S.ASSESSMENT_BOOKED, 1),
        (S.IN_TREATMENT, S.PAUSED, 0),
        (S.PAUSED, S.IN_TREATMENT, 0),
        (S.PAUSED, S.ENDED_EARLY, -1),
        (S.IN_TREATMENT, S.COMPLETED, -1),
        (S.ACCEPTED, S.WITHDRAWN, -1),
        (S.SUBMITTED, S.DECLINED, 0),
        (S.ACKNOWLEDGED, S.WAITLISTED, 0),
    ],
)
def test_places_are_taken_on_entering_a_place_and_freed_on_leaving(current, target, change):
    assert places_taken(current, target) == change
