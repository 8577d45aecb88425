"""check_transition: the one check every referral change passes through, row by row and at random."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from throughcare.referrals.states import (
    ACTING_SIDES,
    TERMINAL_STATES,
    TRANSITIONS,
    ReasonCode,
    ReferralState,
    Side,
    TransitionError,
    TransitionReasonError,
    allowed_targets,
    check_transition,
    find_transition,
)

S = ReferralState
R = ReasonCode
NOTE = "Spoke to the person on the phone."


def a_valid_reason(row):
    """A reason the row accepts (preferring a real code to "other"), or None when it takes none."""
    if not row.reasons:
        return None
    return min(row.reasons - {R.OTHER}, default=R.OTHER)


def row_id(row):
    return f"{row.source}->{row.target}:{row.side}"


def sides_of(row):
    return [side for side in ACTING_SIDES if row.allows(side)]


@pytest.mark.parametrize("row", TRANSITIONS, ids=row_id)
def test_every_row_is_allowed_for_its_side(row):
    for side in sides_of(row):
        check_transition(row.source, row.target, side, a_valid_reason(row), NOTE)


@pytest.mark.parametrize("row", TRANSITIONS, ids=row_id)
def test_every_row_is_refused_to_a_side_no_row_allows_with_the_moves_that_side_has(row):
    for side in ACTING_SIDES:
        if find_transition(row.source, row.target, side):
            continue
        with pytest.raises(TransitionError) as refused:
            check_transition(row.source, row.target, side, a_valid_reason(row), NOTE)
        assert refused.value.allowed == allowed_targets(row.source, side)
        assert row.target not in refused.value.allowed
        assert "Only " in str(refused.value)


@pytest.mark.parametrize(
    ("current", "target", "wrong_side"),
    [
        (S.DRAFT, S.SUBMITTED, Side.RECEIVER),
        (S.SUBMITTED, S.ACCEPTED, Side.REFERRER),
        (S.SUBMITTED, S.DECLINED, Side.REFERRER),
        (S.PAUSED, S.IN_TREATMENT, Side.REFERRER),
        (S.IN_TREATMENT, S.COMPLETED, Side.SYSTEM),
    ],
)
def test_the_wrong_side_is_told_who_can_and_what_it_can_do_instead(current, target, wrong_side):
    with pytest.raises(TransitionError) as refused:
        check_transition(current, target, wrong_side, R.OTHER, NOTE)
    assert refused.value.allowed == allowed_targets(current, wrong_side)
    assert str(refused.value).startswith("Only the ")


@pytest.mark.parametrize("state", sorted(TERMINAL_STATES))
@pytest.mark.parametrize("side", ACTING_SIDES)
def test_final_states_refuse_every_move_and_say_so(state, side):
    assert allowed_targets(state, side) == ()
    for target in S:
        with pytest.raises(TransitionError, match="which is final") as refused:
            check_transition(state, target, side, R.OTHER, NOTE)
        assert refused.value.allowed == ()


def test_a_move_nobody_may_make_lists_what_is_possible():
    with pytest.raises(TransitionError) as refused:
        check_transition(S.DRAFT, S.ACCEPTED, Side.REFERRER)
    assert refused.value.allowed == (S.SUBMITTED, S.WITHDRAWN)
    assert str(refused.value) == (
        "A referral that is a draft cannot be moved to 'Accepted'. "
        "It can be changed to: 'Submitted', 'Withdrawn'."
    )


def test_an_unknown_target_is_refused_with_the_allowed_list():
    with pytest.raises(TransitionError, match="'lost' is not a referral status") as refused:
        check_transition(S.SUBMITTED, "lost", Side.RECEIVER)
    assert S.ACCEPTED in refused.value.allowed


def test_either_describes_rows_not_people():
    with pytest.raises(ValueError, match="only describes table rows"):
        check_transition(S.ACCEPTED, S.PAUSED, Side.EITHER, R.RETURNED_TO_CUSTODY)


@pytest.mark.parametrize("row", [row for row in TRANSITIONS if row.reason_required], ids=row_id)
def test_rows_that_need_a_reason_refuse_none(row):
    for side in sides_of(row):
        for missing in (None, ""):
            with pytest.raises(TransitionReasonError, match=r"^Choose a reason to ") as refused:
                check_transition(row.source, row.target, side, missing, NOTE)
            assert refused.value.field == "reason_code"
            assert refused.value.allowed_reasons == row.reasons


@pytest.mark.parametrize("row", TRANSITIONS, ids=row_id)
def test_each_row_takes_exactly_its_own_reasons(row):
    side = sides_of(row)[0]
    for code in R:
        if code in row.reasons:
            check_transition(row.source, row.target, side, code, NOTE)
        else:
            with pytest.raises(TransitionReasonError) as refused:
                check_transition(row.source, row.target, side, code, NOTE)
            assert refused.value.field == "reason_code"


def test_rows_without_reasons_pass_without_one():
    for row in TRANSITIONS:
        if not row.reason_required and not row.note_required:
            check_transition(row.source, row.target, sides_of(row)[0])


@pytest.mark.parametrize("row", [row for row in TRANSITIONS if R.OTHER in row.reasons], ids=row_id)
def test_other_always_needs_a_note(row):
    for side in sides_of(row):
        for blank in (None, "", "   \n"):
            with pytest.raises(TransitionReasonError, match="'Other' needs one") as refused:
                check_transition(row.source, row.target, side, R.OTHER, blank)
            assert refused.value.field == "note"
        check_transition(row.source, row.target, side, R.OTHER, "Moved to Scotland.")


def test_a_decline_needs_a_note_for_the_referrer_as_well_as_a_code():
    with pytest.raises(TransitionReasonError, match="so the referrer knows why") as refused:
        check_transition(S.SUBMITTED, S.DECLINED, Side.RECEIVER, R.OUTSIDE_CRITERIA_RISK, "")
    assert refused.value.field == "note"
    check_transition(
        S.SUBMITTED, S.DECLINED, Side.RECEIVER, R.OUTSIDE_CRITERIA_RISK, "Try the CMHT via the GP."
    )


@pytest.mark.parametrize(
    ("current", "target", "side", "reason", "message"),
    [
        (
            S.SUBMITTED,
            S.DECLINED,
            Side.RECEIVER,
            R.PERSON_DECLINED,
            "'The person decided not to go ahead' is not a reason to decline the referral.",
        ),
        (
            S.IN_TREATMENT,
            S.WITHDRAWN,
            Side.RECEIVER,
            R.DID_NOT_ATTEND,
            "'The person did not attend appointments' is not a reason to withdraw the referral.",
        ),
        (
            S.SUBMITTED,
            S.ACKNOWLEDGED,
            Side.RECEIVER,
            R.NO_CAPACITY,
            "No reason is recorded when you acknowledge the referral: leave the reason empty.",
        ),
        (
            S.ACCEPTED,
            S.PAUSED,
            Side.SYSTEM,
            R.OTHER,
            "'Other (say what in the note)' is not a reason to pause the referral.",
        ),
        (S.ACCEPTED, S.ENDED_EARLY, Side.RECEIVER, "moved_away", "'moved_away' is not a reason code."),
    ],
)
def test_wrong_reasons_are_refused_in_plain_english(current, target, side, reason, message):
    with pytest.raises(TransitionReasonError) as refused:
        check_transition(current, target, side, reason, NOTE)
    assert str(refused.value).startswith(message)


@pytest.mark.parametrize(
    ("current", "target", "side", "reason"),
    [
        (S.SUBMITTED, S.DECLINED, Side.RECEIVER, R.OUTSIDE_CRITERIA_SUBSTANCE_USE),
        (S.WAITLISTED, S.DECLINED, Side.RECEIVER, R.NO_CAPACITY),
        (S.SUBMITTED, S.WITHDRAWN, Side.REFERRER, R.NEEDS_MET_ELSEWHERE),
        (S.IN_TREATMENT, S.WITHDRAWN, Side.RECEIVER, R.CONSENT_WITHDRAWN),
        (S.IN_TREATMENT, S.PAUSED, Side.REFERRER, R.RETURNED_TO_CUSTODY),
        (S.ASSESSMENT_BOOKED, S.PAUSED, Side.SYSTEM, R.RETURNED_TO_CUSTODY),
        (S.PAUSED, S.ENDED_EARLY, Side.RECEIVER, R.RETURNED_TO_CUSTODY),
        (S.IN_TREATMENT, S.ENDED_EARLY, Side.RECEIVER, R.DID_NOT_ATTEND),
        (S.IN_TREATMENT, S.COMPLETED, Side.RECEIVER, R.TREATMENT_COMPLETED),
        (S.DRAFT, S.WITHDRAWN, Side.REFERRER, None),
        (S.IN_TREATMENT, S.WITHDRAWN, Side.SYSTEM, R.CONSENT_WITHDRAWN),
        (S.DRAFT, S.WITHDRAWN, Side.SYSTEM, R.CONSENT_WITHDRAWN),
    ],
)
def test_everyday_moves_go_through(current, target, side, reason):
    check_transition(current, target, side, reason, NOTE)


# Anything at all, including strings that are not states or codes and blank notes.
states = st.sampled_from(S.values)
targets = st.one_of(states, st.text(max_size=12))
reasons = st.one_of(st.none(), st.just(""), st.sampled_from(R.values), st.text(max_size=12))
notes = st.one_of(st.none(), st.just(""), st.just("  "), st.text(max_size=20))


@given(current=states, target=targets, side=st.sampled_from(ACTING_SIDES), reason=reasons, note=notes)
def test_a_random_move_passes_only_when_a_row_allows_it_as_given(current, target, side, reason, note):
    try:
        check_transition(current, target, side, reason, note)
    except (TransitionError, TransitionReasonError):
        return
    row = find_transition(current, target, side)
    assert row is not None
    assert current not in TERMINAL_STATES
    if reason:
        assert reason in row.reasons
    else:
        assert not row.reason_required
    if row.note_required or reason == R.OTHER:
        assert (note or "").strip()


@given(current=states, side=st.sampled_from(ACTING_SIDES), target=states)
def test_allowed_targets_agrees_with_the_check(current, side, target):
    row = find_transition(current, target, side)
    assert (target in allowed_targets(current, side)) == (row is not None)


def test_throughcare_withdraws_a_referral_only_because_the_person_withdrew_consent():
    with pytest.raises(TransitionReasonError):
        check_transition(S.SUBMITTED, S.WITHDRAWN, Side.SYSTEM, R.PERSON_DECLINED, NOTE)
    with pytest.raises(TransitionError):
        check_transition(S.COMPLETED, S.WITHDRAWN, Side.SYSTEM, R.CONSENT_WITHDRAWN, NOTE)
