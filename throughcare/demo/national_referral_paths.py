"""Where generated referrals end up, and the legal route each took there through the lifecycle table.

The final state is drawn first, in proportions like a mature service's (most referrals closed:
completed, declined, ended early or withdrawn; an eighth still open), and then a route to it that
`states.check_transition` allows at every step, with a coded reason (and a note where one is
required) and a plausible gap before each move.
"""

from dataclasses import dataclass

from throughcare.referrals.reasons import ReasonCode
from throughcare.referrals.states import MEANINGS, ReferralState, Side

_S, _R = ReferralState, ReasonCode

# Percentages of all referrals, by the state they are in now (each state's demo_share).
FINAL_STATES = {state: meaning.demo_share for state, meaning in MEANINGS.items()}

DECLINE_REASONS = {
    _R.COULD_NOT_CONTACT: 28,
    _R.NO_CAPACITY: 22,
    _R.OUTSIDE_CRITERIA_SUBSTANCE_USE: 12,
    _R.OUTSIDE_CRITERIA_RISK: 10,
    _R.OUTSIDE_CRITERIA_NEEDS_TOO_HIGH: 9,
    _R.OUTSIDE_CRITERIA_NEEDS_TOO_LOW: 6,
    _R.OUTSIDE_CRITERIA_AREA: 5,
    _R.OTHER: 8,
}
END_EARLY_REASONS = {
    _R.DID_NOT_ATTEND: 35,
    _R.COULD_NOT_CONTACT: 18,
    _R.RETURNED_TO_CUSTODY: 20,
    _R.NEEDS_MET_ELSEWHERE: 10,
    _R.OUTSIDE_CRITERIA_NEEDS_TOO_HIGH: 8,
    _R.OTHER: 9,
}
REFERRER_WITHDRAWAL_REASONS = {
    _R.PERSON_DECLINED: 40,
    _R.NEEDS_MET_ELSEWHERE: 18,
    _R.RETURNED_TO_CUSTODY: 20,
    _R.CONSENT_WITHDRAWN: 10,
    _R.OTHER: 12,
}
RECEIVER_WITHDRAWAL_REASONS = {_R.PERSON_DECLINED: 80, _R.CONSENT_WITHDRAWN: 20}

NOTES = {
    _R.COULD_NOT_CONTACT: "Three calls and a letter without reply; please confirm the phone number.",
    _R.NO_CAPACITY: "No places this quarter; try the sister service in the next borough.",
    _R.OUTSIDE_CRITERIA_SUBSTANCE_USE: "Current heroin use: the recovery service can see them first.",
    _R.OUTSIDE_CRITERIA_RISK: "Risk to others is above what a group setting can manage.",
    _R.OUTSIDE_CRITERIA_NEEDS_TOO_HIGH: "Needs secondary care: the community mental health team fits.",
    _R.OUTSIDE_CRITERIA_NEEDS_TOO_LOW: "Wellbeing support would suit better than therapy for now.",
    _R.OUTSIDE_CRITERIA_AREA: "Lives outside our area; the local service covers their postcode.",
    _R.OTHER: "Moved to approved premises in another region.",
}
DECISION_NOTE = "See the reason given."

# Mean gap in days before each move into a state, drawn from an exponential distribution (each
# state's demo_days_before; nothing moves into a draft).
MEAN_DAYS_BEFORE = {
    state: meaning.demo_days_before
    for state, meaning in MEANINGS.items()
    if meaning.demo_days_before is not None
}
WAITING_LIST_DAYS = 30.0
PAUSED_DAYS = 45.0


@dataclass(frozen=True)
class Move:
    source: ReferralState
    target: ReferralState
    side: Side
    reason_code: str = ""
    note: str = ""
    mean_days: float = 1.0


def _pick(rng, weights: dict) -> str:
    codes, cumulative = _CUMULATIVE[id(weights)]
    return rng.choices(codes, cum_weights=cumulative)[0]


def cumulative_weights(weights: dict) -> tuple[list, list]:
    """(choices, cumulative weights) for `random.choices`, worked out once rather than per draw."""
    codes, running, total = list(weights), [], 0
    for weight in weights.values():
        total += weight
        running.append(total)
    return codes, running


_CUMULATIVE = {
    id(table): cumulative_weights(table)
    for table in (
        DECLINE_REASONS,
        END_EARLY_REASONS,
        REFERRER_WITHDRAWAL_REASONS,
        RECEIVER_WITHDRAWAL_REASONS,
    )
}


def _reasoned(rng, source, target, side, reasons: dict, *, note_always=False) -> Move:
    code = _pick(rng, reasons)
    note = NOTES.get(code, DECISION_NOTE) if note_always or code == _R.OTHER else ""
    return Move(source, target, side, code, note, MEAN_DAYS_BEFORE[target])


class _Route:
    def __init__(self, rng):
        self.rng = rng
        self.moves: list[Move] = []
        self.state = _S.DRAFT

    def go(self, target, side=Side.RECEIVER, reason_code="", note="", mean_days=None) -> None:
        days = MEAN_DAYS_BEFORE[target] if mean_days is None else mean_days
        self.moves.append(Move(self.state, target, side, reason_code, note, days))
        self.state = target

    def add(self, move: Move) -> None:
        self.moves.append(move)
        self.state = move.target

    def withdraw(self) -> None:
        if self.rng.random() < 0.7:
            self.add(
                _reasoned(self.rng, self.state, _S.WITHDRAWN, Side.REFERRER, REFERRER_WITHDRAWAL_REASONS)
            )
        else:
            self.add(
                _reasoned(self.rng, self.state, _S.WITHDRAWN, Side.RECEIVER, RECEIVER_WITHDRAWAL_REASONS)
            )

    def pause(self) -> None:
        rng = self.rng
        side = rng.choices([Side.REFERRER, Side.RECEIVER, Side.SYSTEM], [45, 35, 20])[0]
        if side == Side.SYSTEM or rng.random() < 0.8:
            self.go(_S.PAUSED, side, _R.RETURNED_TO_CUSTODY)
        else:
            self.go(_S.PAUSED, side, _R.OTHER, "Admitted to hospital for a few weeks.")

    def take_on(self, final) -> None:
        """From before a place to accepted or assessment booked, maybe by way of the waiting list."""
        if self.state == _S.WAITLISTED and final != _S.ACCEPTED and self.rng.random() < 0.5:
            self.go(_S.ASSESSMENT_BOOKED, mean_days=WAITING_LIST_DAYS)
        else:
            waited = self.state == _S.WAITLISTED
            self.go(_S.ACCEPTED, mean_days=WAITING_LIST_DAYS if waited else None)


def route_to(rng, final: ReferralState) -> list[Move]:
    """A legal sequence of moves from draft to `final`."""
    route = _Route(rng)
    if final == _S.DRAFT:
        return []
    if final == _S.WITHDRAWN and rng.random() < 0.08:
        # A draft withdrawn before it was shared: a reason may be given but need not be.
        reason = _R.PERSON_DECLINED if rng.random() < 0.5 else ""
        route.go(_S.WITHDRAWN, Side.REFERRER, reason, mean_days=3.0)
        return route.moves
    route.go(_S.SUBMITTED, Side.REFERRER)
    if final == _S.SUBMITTED:
        return route.moves
    if final == _S.ACKNOWLEDGED or rng.random() < 0.8:
        route.go(_S.ACKNOWLEDGED)
    if final == _S.ACKNOWLEDGED:
        return route.moves
    if final == _S.WITHDRAWN and rng.random() < 0.45:
        route.withdraw()
        return route.moves
    if final == _S.WAITLISTED or (final != _S.ACCEPTED and rng.random() < 0.2):
        route.go(_S.WAITLISTED)
    if final == _S.WAITLISTED:
        return route.moves
    if final == _S.DECLINED:
        route.add(_reasoned(rng, route.state, _S.DECLINED, Side.RECEIVER, DECLINE_REASONS, note_always=True))
        return route.moves
    route.take_on(final)
    return _run_to(route, rng, final)


def _run_to(route: _Route, rng, final: ReferralState) -> list[Move]:
    """From a place taken (accepted or assessment booked) on to `final`."""
    if final == _S.ACCEPTED:
        return route.moves
    stop_at = {
        _S.ASSESSMENT_BOOKED: _S.ASSESSMENT_BOOKED,
        _S.IN_TREATMENT: _S.IN_TREATMENT,
        _S.COMPLETED: _S.IN_TREATMENT,
    }.get(final) or rng.choice([_S.ACCEPTED, _S.ASSESSMENT_BOOKED, _S.IN_TREATMENT, _S.IN_TREATMENT])
    for state in (_S.ASSESSMENT_BOOKED, _S.IN_TREATMENT):
        if route.state == stop_at:
            break
        if route.state == _S.ACCEPTED or state == _S.IN_TREATMENT:
            route.go(state)
    if final in (_S.COMPLETED, _S.IN_TREATMENT) and rng.random() < 0.06:
        # Recalled for a while, then picked up where the work had got to.
        resume_at = route.state
        route.pause()
        route.go(resume_at, mean_days=PAUSED_DAYS)
    if final == _S.PAUSED:
        route.pause()
    elif final == _S.COMPLETED:
        route.go(_S.COMPLETED, reason_code=_R.TREATMENT_COMPLETED if rng.random() < 0.5 else "")
    elif final == _S.ENDED_EARLY:
        if rng.random() < 0.1:
            route.pause()
        route.add(_reasoned(rng, route.state, _S.ENDED_EARLY, Side.RECEIVER, END_EARLY_REASONS))
    elif final == _S.WITHDRAWN:
        route.withdraw()
    return route.moves
