"""A national volume of referrals for benchmarks, from the caseload's teams to the providers' services.

Each referral comes from one of its person's team organisations (the prison for some in custody,
probation otherwise), goes to a service a national provider owns, and carries its whole history:
one `ReferralTransition` per move along a legal route (see `national_referral_paths`), made by the
referrer's or a receiving caseworker's account, a consent recorded before it was submitted, and the
deadlines `referrals.services` sets on submission. Closed referrals spread over the last two years;
open ones are recent, and some have run past their deadline. The demo charity's services receive
a larger share, so its caseworker sign-in has a worklist of a few thousand referrals.
"""

from datetime import timedelta

from throughcare.accounts.models import Membership
from throughcare.core.working_days import LONDON, deadline
from throughcare.demo.bulk import RowWriter
from throughcare.demo.national_referral_paths import FINAL_STATES, cumulative_weights, route_to
from throughcare.directory.models import Service
from throughcare.directory.vocabularies import NEEDS
from throughcare.referrals.models import Consent, Referral, ReferralTransition
from throughcare.referrals.reasons import ReasonCode
from throughcare.referrals.states import TERMINAL_STATES, ReferralState, Side

_S = ReferralState
DEMO_RECEIVER_SHARE = 0.04
HISTORY_DAYS = 725
RESPONSE_DAYS = ("acknowledge_within_days", "decide_within_days")
# How long ago an open referral last moved, in days: (distribution, parameter).
OPEN_AGE = {
    _S.DRAFT: ("uniform", 20),
    _S.SUBMITTED: ("expo", 2.5),
    _S.ACKNOWLEDGED: ("expo", 2.0),
    _S.PAUSED: ("uniform", 90),
}

REASONS = (
    "Low mood and poor sleep since release; wants to talk to someone.",
    "Panic attacks in crowded places are stopping them attending appointments.",
    "Flashbacks and nightmares linked to past trauma; has asked for help.",
    "Drinking more since the end of a relationship; worried about their mental health.",
    "Self-harmed in custody; wants support to keep safe in the community.",
    "Struggling with anger and anxiety; a group has been suggested.",
)
RISKS = (
    "Low risk to others. No current thoughts of self-harm.",
    "Medium risk to others (domestic abuse history). Self-harm in the last year; safety plan in place.",
    "Low risk to others. Occasional thoughts of self-harm, no plans.",
)
CONTACT = ("Phone, afternoons.", "Through their probation practitioner.", "Text first, then call.")
CONSENT_SHARED_WITH = "The receiving service, and the person's probation practitioner"
CONSENT_PURPOSES = "To assess and offer mental health support, and to keep the referrer updated"


def _receivers() -> tuple[list, list, dict]:
    """(national services, the demo charity's services, receiving organisation -> staff user ids)."""
    rows = (
        Service.objects.filter(status="active", organisation__owner__isnull=False)
        .filter(organisation__owner__code__startswith="provider-")
        .values_list("id", "organisation__owner_id", *RESPONSE_DAYS)
        .order_by("id")
    )
    national = list(rows)
    demo = list(
        Service.objects.filter(status="active", organisation__owner__code="demo-vcse")
        .values_list("id", "organisation__owner_id", *RESPONSE_DAYS)
        .order_by("name")
    )
    owners = {row[1] for row in national + demo}
    staff: dict = {}
    for organisation_id, user_id in (
        Membership.objects.filter(organisation_id__in=owners)
        .values_list("organisation_id", "user_id")
        .order_by("organisation_id", "user__email")
    ):
        staff.setdefault(organisation_id, []).append(user_id)
    return national, demo, staff


class _Deadlines:
    """The service's deadlines, as `referrals.services` sets them on submission.

    `deadline()` depends only on the London date of submission and the service's working days, so
    each combination is worked out once.
    """

    def __init__(self):
        self.known: dict = {}

    def __call__(self, submitted_at, acknowledge_within: int, decide_within: int):
        key = (submitted_at.astimezone(LONDON).date(), acknowledge_within, decide_within)
        if key not in self.known:
            self.known[key] = (
                deadline(submitted_at, acknowledge_within),
                deadline(submitted_at, decide_within),
            )
        return self.known[key]


def _last_move_age(rng, final) -> float:
    kind, value = OPEN_AGE.get(final, ("uniform", 60))
    return rng.uniform(0, value) if kind == "uniform" else rng.expovariate(1 / value)


def seed_national_referrals(ctx, caseload, *, count: int, now, progress=None) -> None:
    rng = ctx.rng
    national, demo, staff = _receivers()
    if not count or not caseload or not national:
        return
    states, cumulative = cumulative_weights(FINAL_STATES)
    needs = sorted(NEEDS.codes)
    deadlines = _Deadlines()
    referrals = RowWriter(
        Referral,
        (
            "id created_at updated_at person_id service_id referring_organisation_id "
            "receiving_organisation_id created_by_id state submitted_at acknowledge_by decide_by "
            "due_by reason_for_referral need_codes risk_summary contact_preferences in_custody "
            "release_date release_date_unknown_reason other_side_moved_at"
        ),
        on_write=progress,
    )
    transitions = RowWriter(
        ReferralTransition,
        ["referral_id", "from_state", "to_state", "side", "reason_code", "note", "actor_id", "at"],
        on_write=progress,
        parent=referrals,
    )
    consents = RowWriter(
        Consent,
        (
            "id created_at updated_at referral_id given_on how_obtained shared_with purposes "
            "recorded_by_id withdrawn_at"
        ),
        on_write=progress,
        parent=referrals,
    )
    for _ in range(count):
        person = rng.choice(caseload)
        # Someone in custody is referred by the prison more often than by probation.
        team = person.teams[0] if person.in_custody and rng.random() < 0.6 else person.teams[-1]
        service_id, receiver, acknowledge_within, decide_within = rng.choice(
            demo if demo and rng.random() < DEMO_RECEIVER_SHARE else national
        )
        caseworker = rng.choice(staff[receiver])
        final = rng.choices(states, cum_weights=cumulative)[0]
        moves = route_to(rng, final)
        gaps = [rng.expovariate(1 / move.mean_days) + 0.01 for move in moves]
        if final in TERMINAL_STATES:
            last_age = rng.uniform(0, max(1.0, HISTORY_DAYS - sum(gaps)))
        else:
            last_age = _last_move_age(rng, final)
        created = now - timedelta(days=last_age + sum(gaps) + rng.uniform(0.01, 1))
        referral_id = ctx.uuid()
        at, submitted_at, consent_withdrawn_at, history = created, None, None, []
        for move, gap in zip(moves, gaps, strict=True):
            at += timedelta(days=gap)
            if move.target == _S.SUBMITTED:
                submitted_at = at
            if move.reason_code == ReasonCode.CONSENT_WITHDRAWN:
                consent_withdrawn_at = at
            actor = {Side.REFERRER: team.user_id, Side.RECEIVER: caseworker}.get(move.side)
            history.append((move.source, move.target, move.side, move.reason_code, move.note, actor, at))
        acknowledge_by = decide_by = due_by = None
        if submitted_at:
            acknowledge_by, decide_by = deadlines(submitted_at, acknowledge_within, decide_within)
            due_by = {_S.SUBMITTED: acknowledge_by, _S.ACKNOWLEDGED: decide_by}.get(final)
        in_custody = person.in_custody and team is person.teams[0]
        release_known = rng.random() < 0.85
        referrals.add(
            referral_id,
            created,
            at,
            person.id,
            service_id,
            team.organisation_id,
            receiver,
            team.user_id,
            final,
            submitted_at,
            acknowledge_by,
            decide_by,
            due_by,
            rng.choice(REASONS),
            rng.sample(needs, rng.randint(1, 3)),
            rng.choice(RISKS),
            rng.choice(CONTACT),
            in_custody,
            (created + timedelta(days=rng.randint(14, 120))).date() if release_known and in_custody else None,
            "Awaiting a parole board decision" if in_custody and not release_known else "",
            max((row[-1] for row in history if row[2] != Side.REFERRER), default=None),
        )
        for row in history:
            transitions.add(referral_id, *row)
        if submitted_at:
            given = created + (submitted_at - created) * rng.random()  # asked for before submitting
            consents.add(
                ctx.uuid(),
                given,
                given,
                referral_id,
                given.astimezone(LONDON).date(),
                rng.choice(["verbal", "verbal", "written", "electronic"]),
                CONSENT_SHARED_WITH,
                CONSENT_PURPOSES,
                team.user_id,
                consent_withdrawn_at,
            )
    for writer in (referrals, transitions, consents):
        writer.flush()
    ctx.counts["referrals"] = ctx.counts.get("referrals", 0) + referrals.written
    ctx.counts["referral transitions"] = ctx.counts.get("referral transitions", 0) + transitions.written
    ctx.counts["consents"] = ctx.counts.get("consents", 0) + consents.written
