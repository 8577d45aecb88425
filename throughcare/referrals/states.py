"""The referral lifecycle as data: its states, who may move a referral between them, and why.

`TRANSITIONS` is the one table of allowed moves and `check_transition()` the one check, so pages,
the API and background jobs cannot disagree. `manage.py referral_states --format dot` draws it.
`MEANINGS` says what each state means everywhere else (FHIR status, booking, outcome measures, the
receiver's worklist, insight, demo data); see docs/how-to/add-a-referral-state.md.

How the table reads, and why:

- The referrer (probation, prison, care navigator) drafts and submits. A draft is not shared with
  anyone, so withdrawing one needs no reason (one may still be given, e.g. the person declined).
- The receiving service acknowledges, then accepts, waitlists or declines. It may decide straight
  from "submitted": deciding is also acknowledging, and the acknowledgement deadline is met.
- Declining is the service's decision before it takes the person on: it needs a coded reason
  (outside criteria with the criterion, no capacity, could not contact, or other) and always a
  note, because a bare code does not tell the referrer what to try next.
- Once accepted the person holds a place. From then on the service does not decline; it completes
  the work or ends it early, with a reason (did not attend, could not contact, returned to custody,
  needs met elsewhere, outside criteria when needs change, or other). Completing needs no reason.
  Entering accepted or assessment booked takes a place and ending frees it: see `places_taken()`.
- Withdrawing is the person's or the referrer's decision, from any open state. The referrer gives a
  reason (person declined, consent withdrawn, needs met elsewhere, returned to custody, or other).
  The receiving service may withdraw too, but only for the person's own choice (they declined, or
  withdrew consent): whoever hears that consent is withdrawn must be able to stop sharing at once,
  and limiting the service to these reasons keeps its own decisions counted as declines and early
  endings, where commissioners look for them. When the person withdraws consent themselves, from
  their own plan, Throughcare withdraws the referral for them, from any open state or a draft, with
  that reason only, and both sides are told as for any move Throughcare makes.
- Pausing is for a return to custody (recall, remand) or another reason given in a note. Either
  side may pause, since the referrer usually hears of a recall first; Throughcare itself may pause
  with "returned to custody" when a recall is recorded. A paused referral keeps its place, so
  picking it up again never fails for lack of capacity; a service that cannot hold the place for a
  long sentence ends the referral early with "returned to custody", which frees it.
- Only the receiving service resumes a paused referral, to accepted, assessment booked or in
  treatment: it knows where the work had got to, and nobody is re-assessed from the start. The
  table allows all three; the page should offer the state before the pause first.
- Declined, completed, ended early and withdrawn are final. A wrong decision is put right with a
  new referral, so the history of the old one stays true.
- Waitlisted is a state, not a reason: the position and expected start live on the referral.
"""

from dataclasses import dataclass
from itertools import product

from django.db import models

from throughcare.referrals.reasons import ReasonCode, ReasonGroup, note_always_required, reasons_in


class ReferralState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ACCEPTED = "accepted", "Accepted"
    WAITLISTED = "waitlisted", "On the waiting list"
    DECLINED = "declined", "Declined"
    ASSESSMENT_BOOKED = "assessment_booked", "Assessment booked"
    IN_TREATMENT = "in_treatment", "In treatment"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    ENDED_EARLY = "ended_early", "Ended early"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Side(models.TextChoices):
    """Who makes a move. A person acts as REFERRER, RECEIVER or SYSTEM; EITHER only appears in the
    table, meaning the referrer or the receiving service."""

    REFERRER = "referrer", "Referrer"
    RECEIVER = "receiver", "Receiving service"
    EITHER = "either", "Referrer or receiving service"
    SYSTEM = "system", "Throughcare, automatically"


class InsightCategory(models.TextChoices):
    """What a referral's current state tells commissioners' figures about its past, so that most
    referrals are counted from their state alone and only the unsettled ones from their moves."""

    NOT_DECIDED = "not_decided", "The service has not decided"
    DECLINED = "declined", "Declined, never taken on"
    WAITING = "waiting", "Decided; whether taken on is in its moves"
    TAKEN_ON = "taken_on", "Taken on"
    UNSETTLED = "unsettled", "Whether decided or taken on is in its moves"


class Decision(models.TextChoices):
    """The service's decision that a move into the state records (insight's time to decision)."""

    NONE = "", "No decision"
    TAKES_ON = "takes_on", "Takes the person on"
    WAITING_LIST = "waiting_list", "Puts the person on the waiting list"
    DECLINES = "declines", "Declines"


@dataclass(frozen=True)
class StateMeaning:
    """What a state means to every other part of Throughcare. Each field is required, so a new
    state cannot be added without saying what it means for each of them."""

    fhir_request_status: str  # ServiceRequest.status in the FHIR/BaRS export
    bookable: bool  # a place is held and the work under way: appointments may be booked
    measurable: bool  # taken on (or just ended): outcome measures may be recorded
    receiver_acts_on: bool  # on the receiving service's worklist: it must decide or book next
    insight_category: InsightCategory
    decision: Decision
    demo_share: float  # percent of national demo referrals that end up in this state
    demo_days_before: float | None  # mean days before a demo move into it (None: nothing moves in)


_S = ReferralState
_I, _D, _M = InsightCategory, Decision, StateMeaning
# In reading order: not yet shared, awaiting a decision, holding a place, closed (the national demo
# data draws final states in this order, so it stays as it was). Columns as in StateMeaning;
# book: bookable, meas.: measurable, recv.: receiver_acts_on. A draft's FHIR status is `active`: a
# draft is exported as the referral being made, and NHS BaRS fixes `active` for a new referral.
# fmt: off
MEANINGS: dict[ReferralState, StateMeaning] = {
    #                        FHIR status  book   meas.  recv.  insight         decision          demo %, days
    _S.DRAFT:             _M("active",    False, False, False, _I.NOT_DECIDED, _D.NONE,          1.0, None),
    _S.SUBMITTED:         _M("active",    False, False, True,  _I.NOT_DECIDED, _D.NONE,          1.5, 0.6),
    _S.ACKNOWLEDGED:      _M("active",    False, False, True,  _I.NOT_DECIDED, _D.NONE,          1.5, 1.2),
    _S.WAITLISTED:        _M("active",    False, False, True,  _I.WAITING,     _D.WAITING_LIST,  2.5, 4.0),
    _S.ACCEPTED:          _M("active",    True,  True,  True,  _I.TAKEN_ON,    _D.TAKES_ON,      1.5, 4.0),
    _S.ASSESSMENT_BOOKED: _M("active",    True,  True,  False, _I.TAKEN_ON,    _D.TAKES_ON,      1.5, 9.0),
    _S.IN_TREATMENT:      _M("active",    True,  True,  False, _I.TAKEN_ON,    _D.NONE,          3.5, 14.0),
    _S.PAUSED:            _M("on-hold",   False, True,  True,  _I.UNSETTLED,   _D.NONE,          0.5, 30.0),
    _S.COMPLETED:         _M("completed", False, True,  False, _I.TAKEN_ON,    _D.NONE,         38.0, 90.0),
    _S.DECLINED:          _M("revoked",   False, False, False, _I.DECLINED,    _D.DECLINES,     18.0, 4.0),
    _S.ENDED_EARLY:       _M("revoked",   False, True,  False, _I.TAKEN_ON,    _D.NONE,         17.0, 40.0),
    _S.WITHDRAWN:         _M("revoked",   False, False, False, _I.UNSETTLED,   _D.NONE,         13.5, 12.0),
}
# fmt: on


def states_where(**attributes) -> tuple[ReferralState, ...]:
    """The states whose meaning has all these attributes, in lifecycle order:
    `states_where(bookable=True)`. An attribute the table does not have is a TypeError."""
    unknown = set(attributes) - set(StateMeaning.__dataclass_fields__)
    if unknown:
        raise TypeError(f"StateMeaning has no attribute {sorted(unknown)}")
    return tuple(
        state
        for state in ReferralState
        if all(getattr(MEANINGS[state], name) == value for name, value in attributes.items())
    )


TERMINAL_STATES = frozenset({_S.DECLINED, _S.COMPLETED, _S.ENDED_EARLY, _S.WITHDRAWN})
# Shared with the receiving service and not finished: on someone's worklist. A draft is the
# referrer's unfinished work and shared with nobody, so it is not open.
OPEN_STATES = frozenset(_S) - TERMINAL_STATES - {_S.DRAFT}
# The person has a place: these count against the service's capacity.
PLACE_HOLDING_STATES = frozenset({_S.ACCEPTED, _S.ASSESSMENT_BOOKED, _S.IN_TREATMENT, _S.PAUSED})
ACTING_SIDES = (Side.REFERRER, Side.RECEIVER, Side.SYSTEM)

_R = ReasonCode
DECLINE_REASONS = reasons_in(ReasonGroup.OUTSIDE_CRITERIA) | {_R.NO_CAPACITY, _R.COULD_NOT_CONTACT, _R.OTHER}
END_EARLY_REASONS = reasons_in(ReasonGroup.OUTSIDE_CRITERIA) | {
    _R.COULD_NOT_CONTACT,
    _R.DID_NOT_ATTEND,
    _R.RETURNED_TO_CUSTODY,
    _R.NEEDS_MET_ELSEWHERE,
    _R.OTHER,
}
REFERRER_WITHDRAWAL_REASONS = frozenset(
    {_R.PERSON_DECLINED, _R.CONSENT_WITHDRAWN, _R.NEEDS_MET_ELSEWHERE, _R.RETURNED_TO_CUSTODY, _R.OTHER}
)
RECEIVER_WITHDRAWAL_REASONS = reasons_in(ReasonGroup.PERSONS_CHOICE)
PAUSE_REASONS = frozenset({_R.RETURNED_TO_CUSTODY, _R.OTHER})

# What each move does, for messages: "Choose a reason to decline the referral."
_ACTIONS = {
    _S.SUBMITTED: "submit the referral",
    _S.ACKNOWLEDGED: "acknowledge the referral",
    _S.ACCEPTED: "accept the referral",
    _S.WAITLISTED: "put the referral on the waiting list",
    _S.DECLINED: "decline the referral",
    _S.ASSESSMENT_BOOKED: "book an assessment",
    _S.IN_TREATMENT: "start treatment",
    _S.PAUSED: "pause the referral",
    _S.COMPLETED: "complete the referral",
    _S.ENDED_EARLY: "end the referral early",
    _S.WITHDRAWN: "withdraw the referral",
}


_SIDE_NAMES = {
    Side.REFERRER: "the referrer",
    Side.RECEIVER: "the receiving service",
    Side.SYSTEM: "Throughcare",
}


@dataclass(frozen=True)
class Transition:
    source: ReferralState
    target: ReferralState
    side: Side
    reasons: frozenset[ReasonCode] = frozenset()  # the codes that may be given; empty: none may
    reason_required: bool = False
    note_required: bool = False

    def allows(self, side: Side) -> bool:
        return self.side == side or (self.side == Side.EITHER and side in (Side.REFERRER, Side.RECEIVER))

    @property
    def action(self) -> str:
        if self.source == _S.PAUSED and self.target in _RUNNING:
            return "resume the referral"
        return _ACTIONS[self.target]


def _rows(sources, targets, side, *, required_reasons=(), optional_reasons=(), note_required=False):
    """Rows for every (source, target) pair: the table below stays one line per rule."""
    sources = _in_lifecycle_order(sources)
    targets = _in_lifecycle_order(targets)
    return [
        Transition(
            source,
            target,
            side,
            reasons=frozenset(required_reasons or optional_reasons),
            reason_required=bool(required_reasons),
            note_required=note_required,
        )
        for source, target in product(sources, targets)
    ]


def _in_lifecycle_order(states) -> list[ReferralState]:
    states = {states} if isinstance(states, ReferralState) else set(states)
    return [state for state in ReferralState if state in states]


_BEFORE_A_PLACE = (_S.SUBMITTED, _S.ACKNOWLEDGED, _S.WAITLISTED)
_RUNNING = (_S.ACCEPTED, _S.ASSESSMENT_BOOKED, _S.IN_TREATMENT)
_REFERRER, _RECEIVER, _EITHER, _SYSTEM = Side.REFERRER, Side.RECEIVER, Side.EITHER, Side.SYSTEM

TRANSITIONS: tuple[Transition, ...] = (
    *_rows(_S.DRAFT, _S.SUBMITTED, _REFERRER),
    *_rows(_S.DRAFT, _S.WITHDRAWN, _REFERRER, optional_reasons=REFERRER_WITHDRAWAL_REASONS),
    *_rows(_S.SUBMITTED, _S.ACKNOWLEDGED, _RECEIVER),
    *_rows(_BEFORE_A_PLACE, _S.ACCEPTED, _RECEIVER),
    *_rows((_S.SUBMITTED, _S.ACKNOWLEDGED), _S.WAITLISTED, _RECEIVER),
    *_rows(_BEFORE_A_PLACE, _S.DECLINED, _RECEIVER, required_reasons=DECLINE_REASONS, note_required=True),
    *_rows((_S.ACCEPTED, _S.WAITLISTED), _S.ASSESSMENT_BOOKED, _RECEIVER),
    *_rows(_S.ASSESSMENT_BOOKED, _S.IN_TREATMENT, _RECEIVER),
    *_rows(_RUNNING, _S.PAUSED, _EITHER, required_reasons=PAUSE_REASONS),
    *_rows(_RUNNING, _S.PAUSED, _SYSTEM, required_reasons={_R.RETURNED_TO_CUSTODY}),
    *_rows(_S.PAUSED, _RUNNING, _RECEIVER),
    *_rows(_S.IN_TREATMENT, _S.COMPLETED, _RECEIVER, optional_reasons={_R.TREATMENT_COMPLETED}),
    *_rows(PLACE_HOLDING_STATES, _S.ENDED_EARLY, _RECEIVER, required_reasons=END_EARLY_REASONS),
    *_rows(OPEN_STATES, _S.WITHDRAWN, _REFERRER, required_reasons=REFERRER_WITHDRAWAL_REASONS),
    *_rows(OPEN_STATES, _S.WITHDRAWN, _RECEIVER, required_reasons=RECEIVER_WITHDRAWAL_REASONS),
    *_rows(OPEN_STATES | {_S.DRAFT}, _S.WITHDRAWN, _SYSTEM, required_reasons={_R.CONSENT_WITHDRAWN}),
)


class TransitionRefused(Exception):  # noqa: N818 -- the two subclasses below are the errors raised
    """Base for both refusals, for callers that treat them alike."""


class TransitionError(TransitionRefused):
    """The move is not allowed from this state for this side. `allowed` lists the targets that are,
    so an API can answer 409 with them."""

    def __init__(self, message: str, *, allowed: tuple[ReferralState, ...]):
        super().__init__(message)
        self.allowed = allowed


class TransitionReasonError(TransitionRefused):
    """The move is allowed but its reason or note is missing or wrong. `field` is "reason_code" or
    "note", so a form can put the message next to the right field."""

    def __init__(self, message: str, *, field: str, allowed_reasons: frozenset[ReasonCode]):
        super().__init__(message)
        self.field = field
        self.allowed_reasons = allowed_reasons


def _acting_side(side: str) -> Side:
    side = Side(side)
    if side not in ACTING_SIDES:
        raise ValueError(f"{side!r} only describes table rows: an actor is a referrer, receiver or system")
    return side


def find_transition(current: str, target: str, side: str) -> Transition | None:
    """The row that lets `side` move a referral from `current` to `target`, if there is one."""
    side = _acting_side(side)
    matches = (t for t in TRANSITIONS if t.source == current and t.target == target and t.allows(side))
    return next(matches, None)


def allowed_targets(current: str, side: str) -> tuple[ReferralState, ...]:
    """The states `side` may move a referral to from `current`, in lifecycle order."""
    side = _acting_side(side)
    targets = {t.target for t in TRANSITIONS if t.source == current and t.allows(side)}
    return tuple(state for state in ReferralState if state in targets)


def check_transition(
    current: str, target: str, side: str, reason_code: str | None = None, note: str | None = None
) -> None:
    """Raise TransitionError or TransitionReasonError unless the table allows this move as given.

    An empty reason code or a blank note counts as none given, as they arrive from a form. An
    unknown `current` state or an actor side of EITHER is a programming error: ValueError.
    """
    current = ReferralState(current)
    transition = find_transition(current, target, side)
    if transition is None:
        allowed = allowed_targets(current, side)
        raise TransitionError(_refusal(current, target, Side(side), allowed), allowed=allowed)
    _check_reason(transition, reason_code or None, (note or "").strip())


def _refusal(current: ReferralState, target: str, side: Side, allowed: tuple[ReferralState, ...]) -> str:
    if current in TERMINAL_STATES:
        return f"This referral is {_name(current)}, which is final. Make a new referral instead."
    if target not in ReferralState.values:
        return f"'{target}' is not a referral status.{_options(allowed)}"
    target = ReferralState(target)
    if target == current:
        return f"This referral is already {_name(current)}.{_options(allowed)}"
    others = {s: row for s in ACTING_SIDES if s != side and (row := find_transition(current, target, s))}
    if others:
        who = " or ".join(_SIDE_NAMES[s] for s in others)
        action = next(iter(others.values())).action
        return f"Only {who} can {action} when it is {_name(current)}.{_options(allowed)}"
    return f"A referral that is {_name(current)} cannot be moved to '{target.label}'.{_options(allowed)}"


def _check_reason(transition: Transition, reason_code: str | None, note: str) -> None:
    def refuse(message: str, field: str = "reason_code"):
        raise TransitionReasonError(message, field=field, allowed_reasons=transition.reasons)

    if reason_code is None:
        if transition.reason_required:
            refuse(f"Choose a reason to {transition.action}.")
    elif reason_code not in ReasonCode.values:
        refuse(f"'{reason_code}' is not a reason code.")
    elif not transition.reasons:
        refuse(f"No reason is recorded when you {transition.action}: leave the reason empty.")
    elif reason_code not in transition.reasons:
        label = ReasonCode(reason_code).label
        refuse(f"'{label}' is not a reason to {transition.action}. Choose one of the reasons listed.")
    if note:
        return
    if reason_code is not None and note_always_required(ReasonCode(reason_code)):
        refuse("Add a note saying what the reason is: 'Other' needs one.", field="note")
    if transition.note_required:
        refuse(f"Add a note to {transition.action}, so the referrer knows why and what to try next.", "note")


def places_taken(current: str, target: str) -> int:
    """1 when the move takes a place in the service, -1 when it frees one, 0 when neither.

    Capacity is checked and changed by whoever applies the move, in the same transaction.
    """
    return int(target in PLACE_HOLDING_STATES) - int(current in PLACE_HOLDING_STATES)


def _name(state: ReferralState) -> str:
    """The state as it reads after "the referral is": "a draft", "on the waiting list"."""
    return "a draft" if state == ReferralState.DRAFT else state.label.lower()


def _options(allowed: tuple[ReferralState, ...]) -> str:
    if not allowed:
        return " There is nothing you can change it to."
    return " It can be changed to: " + ", ".join(f"'{state.label}'" for state in allowed) + "."
