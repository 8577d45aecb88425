"""Each state's meaning is declared once, completely, and agrees with the lifecycle table; every other
mapping keyed by state covers every state."""

import importlib
import pkgutil
from dataclasses import fields

import pytest

import throughcare
from throughcare.referrals.fhir.systems import REQUEST_STATUSES
from throughcare.referrals.states import (
    MEANINGS,
    OPEN_STATES,
    PLACE_HOLDING_STATES,
    TRANSITIONS,
    Decision,
    InsightCategory,
    ReferralState,
    StateMeaning,
    states_where,
)

S = ReferralState
MOVED_INTO = frozenset(row.target for row in TRANSITIONS)


def test_every_state_has_a_meaning_and_nothing_else_does():
    assert set(MEANINGS) == set(ReferralState)
    assert all(isinstance(meaning, StateMeaning) for meaning in MEANINGS.values())


@pytest.mark.parametrize("state", list(ReferralState))
def test_every_attribute_of_every_state_is_given_with_its_kind(state):
    meaning = MEANINGS[state]
    kinds = {
        "fhir_request_status": str,
        "bookable": bool,
        "measurable": bool,
        "receiver_acts_on": bool,
        "insight_category": InsightCategory,
        "decision": Decision,
        "demo_share": float,
    }
    assert {f.name for f in fields(StateMeaning)} == {*kinds, "demo_days_before"}
    for name, kind in kinds.items():
        assert isinstance(getattr(meaning, name), kind), (state, name)
    assert meaning.fhir_request_status in REQUEST_STATUSES
    assert meaning.demo_share > 0
    # Only a state nothing moves into (a draft) has no gap before the move into it.
    assert (meaning.demo_days_before is None) == (state not in MOVED_INTO)


def test_demo_shares_add_up_to_every_referral():
    assert sum(meaning.demo_share for meaning in MEANINGS.values()) == pytest.approx(100.0)


def test_states_where_reads_the_table_in_lifecycle_order():
    assert states_where(bookable=True) == (S.ACCEPTED, S.ASSESSMENT_BOOKED, S.IN_TREATMENT)
    assert states_where(fhir_request_status="on-hold", measurable=True) == (S.PAUSED,)
    with pytest.raises(TypeError, match="no attribute"):
        states_where(bookabel=True)


def test_only_states_holding_a_place_can_be_booked():
    assert set(states_where(bookable=True)) <= PLACE_HOLDING_STATES


def test_the_receiver_acts_only_on_open_referrals_it_can_move():
    for state in states_where(receiver_acts_on=True):
        assert state in OPEN_STATES
        assert any(row.source == state and row.allows("receiver") for row in TRANSITIONS), state


def test_outcomes_are_measured_only_once_the_person_was_taken_on():
    never_taken_on = _reachable_avoiding(states_where(decision=Decision.TAKES_ON))
    for state in states_where(measurable=True):
        assert state not in never_taken_on, state


def test_decisions_are_moves_the_receiving_service_makes():
    for state in ReferralState:
        if MEANINGS[state].decision != Decision.NONE:
            assert any(row.target == state and row.allows("receiver") for row in TRANSITIONS), state


def _reachable_avoiding(blocked) -> set[ReferralState]:
    """States a referral can reach from a draft without ever entering one of `blocked`."""
    seen, stack = {S.DRAFT}, [S.DRAFT]
    while stack:
        state = stack.pop()
        for row in TRANSITIONS:
            if row.source == state and row.target not in blocked and row.target not in seen:
                seen.add(row.target)
                stack.append(row.target)
    return seen


def _reachable_from(starts) -> set[ReferralState]:
    seen, stack = set(starts), list(starts)
    while stack:
        state = stack.pop()
        for row in TRANSITIONS:
            if row.source == state and row.target not in seen:
                seen.add(row.target)
                stack.append(row.target)
    return seen


def test_insight_categories_claim_only_what_the_lifecycle_guarantees():
    """Insight counts a referral from its state alone where the category says its past is settled:
    the lifecycle must make that so, or the figures would be wrong."""
    taking_on = states_where(decision=Decision.TAKES_ON)
    deciding = tuple(state for state in ReferralState if MEANINGS[state].decision != Decision.NONE)
    reached_without_taking_on = _reachable_avoiding(taking_on)
    reached_without_deciding = _reachable_avoiding(deciding)
    after_taking_on, after_deciding = _reachable_from(taking_on), _reachable_from(deciding)
    c = InsightCategory
    for state in ReferralState:
        category = MEANINGS[state].insight_category
        if category == c.TAKEN_ON:  # surely taken on
            assert state not in reached_without_taking_on, state
        if category in (c.TAKEN_ON, c.WAITING, c.DECLINED):  # surely decided
            assert state not in reached_without_deciding, state
        if category in (c.NOT_DECIDED, c.DECLINED):  # surely never taken on
            assert state not in after_taking_on, state
        if category == c.NOT_DECIDED:  # surely not decided
            assert state not in after_deciding, state


def _mappings_keyed_by_state():
    """Every module-level dict in Throughcare whose keys are all referral states."""
    for module_info in pkgutil.walk_packages(throughcare.__path__, "throughcare."):
        if ".tests" in module_info.name or ".migrations" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if isinstance(value, dict) and value and all(isinstance(key, ReferralState) for key in value):
                yield f"{module_info.name}.{name}", value


def test_the_scan_finds_the_mappings_it_guards():
    found = dict(_mappings_keyed_by_state())
    assert "throughcare.referrals.fhir.build.REQUEST_STATUS" in found
    assert "throughcare.demo.national_referral_paths.MEAN_DAYS_BEFORE" in found


# Mappings that name only some states on purpose, and why. Anything else keyed by state is complete.
PARTIAL_ON_PURPOSE = {
    "throughcare.demo.national_referrals.OPEN_AGE": "states that linger longer or shorter than the default",
}


def test_every_mapping_keyed_by_state_covers_every_state():
    """A dict keyed by state has every state, or (for one keyed by the state a move goes into) every
    state a referral can move into. A new state then fails here until each mapping says what it means."""
    every_state, every_target = set(ReferralState), set(MOVED_INTO)
    for name, mapping in _mappings_keyed_by_state():
        if name not in PARTIAL_ON_PURPOSE:
            assert set(mapping) in (every_state, every_target), f"{name} misses {every_state - set(mapping)}"


def test_the_mappings_partial_on_purpose_still_exist():
    found = dict(_mappings_keyed_by_state())
    for name in PARTIAL_ON_PURPOSE:
        assert name in found, f"{name} is gone: take it off PARTIAL_ON_PURPOSE"
