"""Every change to a referral: drafted, consented to, submitted and moved through its lifecycle.

Each function validates first, then writes in one transaction with its audit event, so a refused
change leaves nothing behind. Moves are checked only by `states.check_transition`; this module adds
what the table cannot know: who the actor is, consent, completeness and the service's capacity.
Audit payloads name records by id and fields, never what the referral says about the person.
"""

from dataclasses import dataclass, field, fields
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.inputs import MAX_COUNT
from throughcare.core.permissions import Permission, has_permission, require_permission
from throughcare.core.validation import model_errors
from throughcare.core.versions import check_unchanged
from throughcare.core.working_days import deadline
from throughcare.directory.models import Service
from throughcare.directory.vocabularies import NEEDS
from throughcare.matching.rules import TIER_RULE
from throughcare.notices.completion import notices_settle_moves
from throughcare.notices.models import NoticeKind
from throughcare.notices.services import NoticeRaise, notices_raise_each
from throughcare.people.selectors import people_visible_to
from throughcare.referrals import eligibility, rule_checks
from throughcare.referrals.models import Consent, ConsentMethod, Referral, ReferralTransition
from throughcare.referrals.reasons import ReasonCode
from throughcare.referrals.states import ReferralState, Side, check_transition, places_taken

if TYPE_CHECKING:
    from throughcare.accounts.models import User

_S = ReferralState


@dataclass
class ReferralDetails:
    """What the referrer writes for the receiving service: everything it will see about the person."""

    reason_for_referral: str = ""
    need_codes: list[str] = field(default_factory=list)
    risk_summary: str = ""
    risk_to_self: str = ""
    current_substance_use: str = ""
    gp_details: str = ""
    medication: str = ""
    contact_preferences: str = ""
    interpreter_language: str = ""
    in_custody: bool = False
    release_date: date | None = None
    release_date_unknown_reason: str = ""
    # What the service's hard rules are checked against (referrals/eligibility.py).
    uses_substances: bool | None = None
    risk_to_others_level: int | None = None
    at_risk_to_self: bool | None = None
    referral_route: str = ""  # empty: the referring organisation's own route

    def cleaned(self) -> dict:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, value in values.items():
            if isinstance(value, str):
                values[name] = value.strip()
        values["need_codes"] = sorted({code.strip() for code in self.need_codes if code.strip()})
        unknown = [code for code in values["need_codes"] if code not in NEEDS.codes]
        if unknown:
            # Refused on every path in (pages, API, FHIR), so nothing unknown is stored to be lost later.
            raise ValidationError(
                {
                    "need_codes": f"{', '.join(repr(code) for code in unknown)} "
                    f"{'is not a need' if len(unknown) == 1 else 'are not needs'} Throughcare knows: "
                    f"choose from {', '.join(sorted(NEEDS.codes))}"
                }
            )
        return values


# Every referral needs these before submission; each service adds what it asks for (its directory
# entry's `required_information`). Each with the message that names it.
ALWAYS_REQUIRED = {
    "reason_for_referral": "Enter the reason for the referral",
    "contact_preferences": "Enter how the person prefers to be contacted",
}
REQUIRED_BY_SERVICE = {
    "risk_summary": "Enter a summary of risk to others",
    "risk_to_self": "Enter what is known about risk to self, or say there is none known",
    "gp_details": "Enter the person's GP details, or say they have no GP",
    "medication": "Enter the person's current medication, or say they take none",
    "current_substance_use": "Enter the person's current drug and alcohol use, or say there is none",
    "interpreter_language": (
        "Enter the language the person needs an interpreter for: their record says they need one"
    ),
}
RELEASE_DATE_MESSAGE = "Enter the expected release date, or the reason it is not known"


def side_of(actor: "User | None", referral: Referral) -> Side:
    """Which side the actor is on, by their organisation and role; Http404 if neither.

    An organisation can refer to its own service: its practitioners then act as the referrer and its
    caseworkers as the receiving service. Nobody outside either organisation learns it exists.
    """
    organisation_id = getattr(actor, "current_organisation_id", None)
    if organisation_id is None:
        raise Http404("No such referral.")
    # A draft is the referrer's unfinished work: not yet shared with the service.
    if (
        organisation_id == referral.receiving_organisation_id
        and referral.state != _S.DRAFT
        and has_permission(actor, Permission.RECEIVE_REFERRALS)
    ):
        return Side.RECEIVER
    if organisation_id == referral.referring_organisation_id and has_permission(
        actor, Permission.MAKE_REFERRALS
    ):
        return Side.REFERRER
    raise Http404("No such referral.")


def require_receiver(actor: "User | None", referral: Referral, what: str) -> None:
    """Http404 outside the referral (from side_of); PermissionDenied for the referrer, who may look but
    not act on the receiving service's work. `what` completes "Only the receiving service ..."."""
    if side_of(actor, referral) != Side.RECEIVER:
        raise PermissionDenied(f"Only the receiving service {what}.")


def referral_create_draft(
    *,
    actor: "User",
    person_id,
    service_id,
    details: ReferralDetails,
    outside_criteria_reason: str = "",
) -> Referral:
    """A draft referral from the actor's organisation; shared with nobody until it is submitted.

    The person's team is not changed: the receiving service sees only what the referral shares.
    A referral outside the service's hard rules is refused with each rule's text, unless the service
    considers such referrals and `outside_criteria_reason` says why (recorded, audited, shown to it).
    """
    require_permission(actor, Permission.MAKE_REFERRALS)
    person = people_visible_to(actor).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person.")
    service = Service.objects.select_related("organisation").filter(pk=service_id).first()
    if service is None:
        raise ValidationError({"service_id": "No service has this id"})
    receiver = service.organisation.owner_id
    if receiver is None:
        raise ValidationError(
            {
                "service_id": f"{service.name} is listed from another directory and does not take "
                "referrals through Throughcare: contact the service directly"
            }
        )
    if service.status != "active":
        raise ValidationError(
            {"service_id": f"{service.name} is not taking referrals: it is {service.status}"}
        )
    kind = _organisation_kind(actor)
    values = _draft_values(details, kind)
    check = rule_checks.rules_to_override(
        person, service, rule_checks.answers(values, kind), outside_criteria_reason
    )
    with transaction.atomic():
        referral = Referral.objects.create(
            person=person,
            service=service,
            referring_organisation_id=actor.current_organisation_id,
            receiving_organisation_id=receiver,
            created_by=actor,
            **values,
        )
        entries = [
            audit.Entry(
                verb=AuditVerb.REFERRAL_CREATED,
                target=referral,
                payload={"person": str(person.pk), "service": str(service.pk), "receiver": str(receiver)},
            )
        ]
        rule_checks.record_overrides(
            actor=actor,
            referral=referral,
            check=check,
            reason=outside_criteria_reason,
            audit_entries=entries,
        )
        audit.record_many(actor=actor, entries=entries)
    return referral


def referral_open_from_request(
    *,
    actor: "User",
    person,
    service: Service,
    details: ReferralDetails,
    consent_given_at,
    audit_entries: list[audit.Entry],
) -> Referral:
    """A referral the person asked for themselves, opened by the service they asked: its own
    organisation refers and receives, the person's consent is the one they gave when asking
    (electronically, at that time), and it starts submitted, its first move checked against the
    table as the referrer's, so the service acknowledges, accepts, waitlists or declines it as any.

    The caller holds the transaction and records `audit_entries` with its own change; nobody else is
    told (the service itself opened it).
    """
    require_permission(actor, Permission.RECEIVE_REFERRALS)
    if service.organisation.owner_id != actor.current_organisation_id:
        raise Http404("No such service.")
    check_transition(_S.DRAFT, _S.SUBMITTED, Side.REFERRER)
    values = _draft_values(details, _organisation_kind(actor))
    now = timezone.now()
    referral = Referral(
        person=person,
        service=service,
        referring_organisation_id=actor.current_organisation_id,
        receiving_organisation_id=actor.current_organisation_id,
        created_by=actor,
        state=_S.SUBMITTED,
        **values,
    )
    _deadlines(referral, _S.SUBMITTED, now)
    referral.save()
    consent = Consent.objects.create(
        referral=referral,
        given_on=timezone.localdate(consent_given_at),
        how_obtained=ConsentMethod.ELECTRONIC,
        shared_with=service.name,
        purposes="To get in touch with them and help with what they asked for",
        recorded_by=actor,
    )
    transition = ReferralTransition.objects.create(
        referral=referral,
        from_state=_S.DRAFT,
        to_state=_S.SUBMITTED,
        side=Side.REFERRER,
        note="They asked the service themselves, from Find support",
        actor=actor,
        at=now,
    )
    audit_entries += [
        audit.Entry(
            verb=AuditVerb.REFERRAL_CREATED,
            target=referral,
            payload={
                "person": str(person.pk),
                "service": str(service.pk),
                "receiver": str(actor.current_organisation_id),
            },
        ),
        audit.Entry(
            verb=AuditVerb.REFERRAL_CONSENT_RECORDED,
            target=consent,
            payload={"referral": str(referral.pk), "how_obtained": ConsentMethod.ELECTRONIC},
        ),
        audit.Entry(
            verb=AuditVerb.REFERRAL_TRANSITIONED,
            target=referral,
            payload={
                "from": _S.DRAFT,
                "to": _S.SUBMITTED,
                "side": Side.REFERRER,
                "reason_code": "",
                "transition": transition.pk,
                "places": 0,
                "consents_withdrawn": 0,
            },
        ),
    ]
    return referral


def _draft_values(details: ReferralDetails, organisation_kind: str) -> dict:
    """The draft's tidied values, refused (ValidationError, one message per field) where they break
    the Referral model's field rules (`full_clean()`) or what only the draft knows (its route)."""
    values = details.cleaned()
    shared = {f.name for f in fields(ReferralDetails)}
    errors = model_errors(
        Referral(**values),
        exclude=[f.name for f in Referral._meta.get_fields() if f.name not in shared],
        order=list(values),
    )
    errors.update(rule_checks.details_errors(details, organisation_kind))
    if errors:
        raise ValidationError(errors)
    return values


def _organisation_kind(actor: "User | None") -> str:
    organisation = getattr(actor, "current_organisation", None)
    return getattr(organisation, "kind", "") or ""


def _overridden(referral: Referral) -> frozenset[str]:
    return frozenset(referral.outside_criteria.values_list("rule_code", flat=True))


def referral_update_draft(
    *,
    actor: "User | None",
    referral: Referral,
    details: ReferralDetails,
    outside_criteria_reason: str = "",
    expected_version: str | None = None,
) -> Referral:
    """Change what a draft shares; once submitted, the service has read it, so it no longer changes.
    The changed draft is checked against the service's hard rules again, as a new one is. With
    `expected_version`, refuse (EditedMeanwhileError) if someone saved it since that version."""
    with transaction.atomic():
        locked = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("service", "person")
            .get(pk=referral.pk)
        )
        if side_of(actor, locked) != Side.REFERRER or locked.state != _S.DRAFT:
            raise ValidationError("Only a draft can be changed, by the organisation making the referral")
        check_unchanged(locked, expected_version, what="draft referral")
        kind = _organisation_kind(actor)
        values = _draft_values(details, kind)
        check = rule_checks.rules_to_override(
            locked.person,
            locked.service,
            rule_checks.answers(values, kind),
            outside_criteria_reason,
            _overridden(locked),
        )
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        for name, value in values.items():
            setattr(locked, name, value)
            setattr(referral, name, value)
        locked.save()
        entries = [audit.Entry(verb=AuditVerb.REFERRAL_UPDATED, target=locked, payload={"fields": changed})]
        rule_checks.record_overrides(
            actor=actor, referral=locked, check=check, reason=outside_criteria_reason, audit_entries=entries
        )
        audit.record_many(actor=actor, entries=entries)
    referral.outside_criteria_reason = locked.outside_criteria_reason
    return referral


def consent_record(
    *,
    actor: "User",
    referral: Referral,
    given_on: date,
    how_obtained: str,
    shared_with: str,
    purposes: str,
) -> Consent:
    """Record the person's consent to the referral; only the referrer asks for it."""
    if side_of(actor, referral) != Side.REFERRER:
        raise ValidationError("Only the referrer records the person's consent")
    consent = Consent(
        referral=referral,
        given_on=given_on,
        how_obtained=how_obtained,
        shared_with=shared_with.strip(),
        purposes=purposes.strip(),
        recorded_by=actor,
    )
    errors = {}
    # When it may be recorded is the referral's lifecycle, which the consent row cannot know.
    if referral.state not in (_S.DRAFT, _S.SUBMITTED, _S.ACKNOWLEDGED, _S.WAITLISTED):
        errors["referral"] = "Consent is recorded before the service decides: this referral has moved on"
    errors.update(model_errors(consent, exclude=["referral", "recorded_by"]))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consent.save()
        audit.record(
            actor=actor,
            verb=AuditVerb.REFERRAL_CONSENT_RECORDED,
            target=consent,
            payload={"referral": str(referral.pk), "how_obtained": how_obtained},
        )
    return consent


def missing_to_submit(referral: Referral) -> dict[str, str]:
    """Each field a referral still needs before it can be submitted, with what to do about it."""
    missing = {name: message for name, message in ALWAYS_REQUIRED.items() if not getattr(referral, name)}
    for name in referral.service.required_information:
        if name == "interpreter_language":
            # Empty means "no interpreter": only missing when the person's record says one is needed.
            if referral.person.interpreter_needed and not referral.interpreter_language:
                missing[name] = REQUIRED_BY_SERVICE[name]
        elif name in REQUIRED_BY_SERVICE and not getattr(referral, name):
            missing[name] = REQUIRED_BY_SERVICE[name]
    if referral.in_custody and referral.release_date is None and not referral.release_date_unknown_reason:
        missing["release_date"] = RELEASE_DATE_MESSAGE
    missing.update(rule_checks.answers_the_rules_need(referral))
    return missing


def _check_ready(referral: Referral) -> None:
    errors = {}
    if not referral.consents.filter(withdrawn_at__isnull=True).exists():
        errors["consent"] = "Record the person's consent before submitting the referral"
    errors.update(missing_to_submit(referral))
    if errors:
        raise ValidationError(errors)


def referral_submit(
    *, actor: "User | None", referral: Referral, outside_criteria_reason: str = ""
) -> Referral:
    """Send a draft to the receiving service, which must acknowledge it within 2 working days.

    The service's hard rules are checked again (the person's record may have changed since the
    draft); a rule broken without an override is refused, or overridden with `outside_criteria_reason`
    where the service allows it."""
    return referral_transition(
        actor=actor, referral=referral, target=_S.SUBMITTED, outside_criteria_reason=outside_criteria_reason
    )


def _change_capacity(service_id, places: int) -> None:
    """Take (1) or give back (-1) a place, in one conditional UPDATE so two acceptances cannot share it.

    A service without a recorded availability has no limit to count against.
    """
    now = timezone.now()
    services = Service.objects.filter(pk=service_id, capacity_available__isnull=False)
    if places > 0:
        taken = services.filter(capacity_available__gt=0).update(
            capacity_available=F("capacity_available") - 1, capacity_updated_at=now
        )
        if not taken and services.exists():
            raise ValidationError({"target": "The service is full: it has no places available"})
    elif places < 0:
        # Never above the maximum: a place freed after the provider lowered its maximum is not added.
        services.filter(
            Q(capacity_maximum__isnull=True) | Q(capacity_available__lt=F("capacity_maximum"))
        ).update(capacity_available=F("capacity_available") + 1, capacity_updated_at=now)


def _deadlines(referral: Referral, target: str, now) -> None:
    """The receiving service's own response times, in working days, from its directory entry."""
    if target == _S.SUBMITTED:
        referral.submitted_at = now
        referral.acknowledge_by = deadline(now, referral.service.acknowledge_within_days)
        referral.decide_by = deadline(now, referral.service.decide_within_days)
        referral.due_by = referral.acknowledge_by
    elif target == _S.ACKNOWLEDGED:
        referral.due_by = referral.decide_by
    else:
        # Decided, or out of the receiver's decision: no deadline to chase.
        referral.due_by = None


def _check_waitlist(target: str, position: int | None, expected_start_on: date | None) -> None:
    if target != _S.WAITLISTED and (position is not None or expected_start_on is not None):
        raise ValidationError(
            {"waitlist_position": "A place on the waiting list is only given when waitlisting"}
        )
    errors = {}
    if position is not None and position < 1:
        errors["waitlist_position"] = "The place on the waiting list must be 1 or more"
    elif position is not None and position > MAX_COUNT:
        errors["waitlist_position"] = f"The place on the waiting list must be {MAX_COUNT:,} or less"
    if expected_start_on is not None and expected_start_on < timezone.localdate():
        errors["expected_start_on"] = "The expected start date must be today or in the future"
    if errors:
        raise ValidationError(errors)


def _news_for_other_side(locked: Referral, transition: ReferralTransition) -> NoticeRaise | None:
    """The side that did not make the move hears of it; both sides hear of Throughcare's own moves."""
    if transition.from_state == _S.DRAFT and transition.to_state == _S.WITHDRAWN:
        if transition.side != Side.SYSTEM:
            return None  # a draft was never shared: nobody else knows of it
        # The person stopped it from their own plan: the referrer who drafted it must know.
        summary = f"{locked.service.name}: withdrawn ({ReasonCode(transition.reason_code).label.lower()})"
        return NoticeRaise(
            referral=locked, kind=NoticeKind.STATUS_CHANGED, sides=(Side.REFERRER,), summary=summary
        )
    other_side: dict[str, list[Side]] = {Side.REFERRER: [Side.RECEIVER], Side.RECEIVER: [Side.REFERRER]}
    sides = other_side.get(transition.side, [Side.REFERRER, Side.RECEIVER])
    kind = NoticeKind.STATUS_CHANGED
    if transition.reason_code == ReasonCode.RETURNED_TO_CUSTODY:
        kind = NoticeKind.RETURNED_TO_CUSTODY
    elif transition.to_state == _S.SUBMITTED:
        kind = NoticeKind.NEW_REFERRAL
    summary = f"{locked.service.name}: {ReferralState(transition.to_state).label.lower()}"
    if transition.reason_code in ReasonCode.values:
        summary += f" ({ReasonCode(transition.reason_code).label.lower()})"
    return NoticeRaise(referral=locked, kind=kind, sides=tuple(sides), summary=summary)


@dataclass
class _Move:
    """One move of a locked referral, as asked for."""

    locked: Referral
    side: str
    target: str
    reason_code: str
    note: str
    waitlist: tuple[int | None, date | None] = (None, None)
    outside_criteria_reason: str = ""


def _make_moves(
    moves: list[_Move], *, actor: "User | None", audit_entries: list[audit.Entry]
) -> list[ReferralTransition]:
    """Check every move, then make them together: places, history, deadlines and notices.

    All are checked before anything is written, so one refused move refuses the lot. The history,
    the referrals and their notices go in with one statement each, however many referrals move (a
    recall moves all of a person's); their audit events are added to `audit_entries`, for the caller
    to record with the rest of its change.
    """
    overrides = []
    for move in moves:
        check_transition(move.locked.state, move.target, move.side, move.reason_code, move.note)
        _check_waitlist(move.target, *move.waitlist)
        if move.target == _S.SUBMITTED:
            _check_ready(move.locked)
            overrides.append((move, _submission_overrides(move, actor)))
    places = [places_taken(move.locked.state, move.target) for move in moves]
    for move, taken in zip(moves, places, strict=True):
        if taken:
            _change_capacity(move.locked.service_id, taken)
    now = timezone.now()
    transitions = ReferralTransition.objects.bulk_create(
        ReferralTransition(
            referral=move.locked,
            from_state=move.locked.state,
            to_state=move.target,
            side=move.side,
            reason_code=move.reason_code,
            note=move.note,
            actor=actor,
            at=now,
        )
        for move in moves
    )
    withdrawn = []
    for move in moves:
        locked = move.locked
        locked.state = move.target
        locked.waitlist_position, locked.expected_start_on = move.waitlist
        locked.updated_at = now
        if move.side != Side.REFERRER:
            locked.other_side_moved_at = now
        _deadlines(locked, move.target, now)
        if move.target == _S.SUBMITTED:
            locked.mis_tier_warning = eligibility.mis_tiered(locked)
        withdrawn.append(
            # Withdrawing consent stops further sharing: every consent on the referral ends now.
            locked.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
            if move.reason_code == ReasonCode.CONSENT_WITHDRAWN
            else 0
        )
    _save_moved(moves)
    for move, check in overrides:
        rule_checks.record_overrides(
            actor=actor,
            referral=move.locked,
            check=check,
            reason=move.outside_criteria_reason,
            audit_entries=audit_entries,
        )
    audit_entries.extend(
        audit.Entry(
            verb=AuditVerb.REFERRAL_SENT_MIS_TIERED,
            target=move.locked,
            payload={"rule": TIER_RULE, "service_tier": move.locked.service.tier},
        )
        for move in moves
        if move.target == _S.SUBMITTED and move.locked.mis_tier_warning
    )
    audit_entries.extend(
        [
            audit.Entry(
                verb=AuditVerb.REFERRAL_TRANSITIONED,
                target=move.locked,
                payload={
                    "from": transition.from_state,
                    "to": move.target,
                    "side": move.side,
                    "reason_code": move.reason_code,
                    "transition": transition.pk,
                    "places": taken,
                    "consents_withdrawn": count,
                },
            )
            for move, transition, taken, count in zip(moves, transitions, places, withdrawn, strict=True)
        ]
    )
    news = [_news_for_other_side(move.locked, t) for move, t in zip(moves, transitions, strict=True)]
    notices_raise_each([each for each in news if each], actor=actor, audit_entries=audit_entries)
    notices_settle_moves([move.locked for move in moves], actor=actor, audit_entries=audit_entries)
    return transitions


def _submission_overrides(move: _Move, actor: "User | None") -> rule_checks.RuleCheck:
    """The hard rules a submission breaks that the draft's overrides do not cover (refused unless
    the service allows an override and a reason is given), checked as the draft was."""
    locked = move.locked
    kind = locked.referring_organisation.kind
    return rule_checks.rules_to_override(
        locked.person,
        locked.service,
        rule_checks.answers(locked, kind),
        move.outside_criteria_reason,
        _overridden(locked),
    )


def _save_moved(moves: list[_Move]) -> None:
    """Write what the moves changed: one UPDATE for each set of new values (a recall's pauses share
    one), which costs far less than a row-by-row CASE for every field."""
    changed = [
        "state",
        "waitlist_position",
        "expected_start_on",
        "due_by",
        "updated_at",
        "other_side_moved_at",
    ]
    groups: dict[tuple, list] = {}
    for move in moves:
        names = changed + (
            ["submitted_at", "acknowledge_by", "decide_by", "mis_tier_warning"]
            if move.target == _S.SUBMITTED
            else []
        )
        values = tuple((name, getattr(move.locked, name)) for name in names)
        groups.setdefault(values, []).append(move.locked.pk)
    for values, pks in groups.items():
        Referral.objects.filter(pk__in=pks).update(**dict(values))


_REFRESHED = (
    "state",
    "submitted_at",
    "acknowledge_by",
    "decide_by",
    "due_by",
    "waitlist_position",
    "expected_start_on",
    "updated_at",
    "mis_tier_warning",
)


def referral_transition(
    *,
    actor: "User | None",
    referral: Referral,
    target: str,
    reason_code: str = "",
    note: str = "",
    waitlist_position: int | None = None,
    expected_start_on: date | None = None,
    outside_criteria_reason: str = "",
):
    """Move the referral to `target` as the actor's side, if the table allows it as given.

    Raises Http404 when the actor is on neither side, TransitionError (not allowed: the allowed
    targets attached) or TransitionReasonError (reason or note), and ValidationError for consent,
    missing information, waiting-list details or a full service. The referral row is locked for the
    move, so two people acting at once take turns and the second is checked against the first's result.
    """
    with transaction.atomic():
        locked = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("service", "person", "referring_organisation")
            .get(pk=referral.pk)
        )
        move = _Move(
            locked,
            side=side_of(actor, locked),
            target=target,
            reason_code=reason_code or "",
            note=(note or "").strip(),
            waitlist=(waitlist_position, expected_start_on),
            outside_criteria_reason=outside_criteria_reason or "",
        )
        entries: list[audit.Entry] = []
        [transition] = _make_moves([move], actor=actor, audit_entries=entries)
        audit.record_many(actor=actor, entries=entries)
    # The caller's object reflects the move, as if it had been read again.
    for name in _REFRESHED:
        setattr(referral, name, getattr(locked, name))
    return transition


def referral_update_waitlist(
    *, actor: "User | None", referral: Referral, waitlist_position: int | None, expected_start_on: date | None
) -> Referral:
    """The receiving service moves someone up its waiting list or gives a new expected start."""
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if side_of(actor, locked) != Side.RECEIVER or locked.state != _S.WAITLISTED:
            raise ValidationError(
                {"waitlist_position": "Only the receiving service updates a referral on its waiting list"}
            )
        _check_waitlist(_S.WAITLISTED, waitlist_position, expected_start_on)
        locked.waitlist_position, locked.expected_start_on = waitlist_position, expected_start_on
        locked.save(update_fields=["waitlist_position", "expected_start_on", "updated_at"])
        audit.record(
            actor=actor,
            verb=AuditVerb.REFERRAL_WAITLIST_UPDATED,
            target=locked,
            payload={"position": waitlist_position, "expected_start_on": str(expected_start_on or "")},
        )
    for name in _REFRESHED:
        setattr(referral, name, getattr(locked, name))
    return referral


def referral_withdraw_consent(
    *,
    actor: "User | None",
    referral: Referral,
    note: str = "",
    by_the_person: bool = False,
    audit_entries: list[audit.Entry] | None = None,
) -> ReferralTransition:
    """The person withdrew consent: the referral is withdrawn, with that reason, and sharing stops.

    Recorded by staff (`actor`, on their side), or `by_the_person` from their own plan: then no
    staff member acts, Throughcare makes the move (its row in the table) and both sides are told.
    The audit events are recorded here, or added to `audit_entries` for the caller to record.
    """
    if not by_the_person:
        return referral_transition(
            actor=actor,
            referral=referral,
            target=_S.WITHDRAWN,
            reason_code=ReasonCode.CONSENT_WITHDRAWN,
            note=note,
        )
    with transaction.atomic():
        locked = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("service", "person")
            .get(pk=referral.pk)
        )
        move = _Move(
            locked, side=Side.SYSTEM, target=_S.WITHDRAWN, reason_code=ReasonCode.CONSENT_WITHDRAWN, note=note
        )
        entries = [] if audit_entries is None else audit_entries
        [transition] = _make_moves([move], actor=None, audit_entries=entries)
        if audit_entries is None:
            audit.record_many(actor=None, entries=entries)
    for name in _REFRESHED:
        setattr(referral, name, getattr(locked, name))
    return transition


def referrals_pause_for_custody(
    *,
    on_behalf_of,
    referrals: list[Referral],
    note: str = "",
    audit_entries: list | None = None,
    locked: bool = False,
) -> list[ReferralTransition]:
    """Throughcare pauses a person's running referrals because they were recalled to custody.

    Each move is the system side's ("returned to custody"), checked and recorded as every other move
    is (table check, history, audit, notices to both sides), all together in one transaction;
    `on_behalf_of` is the user who recorded the recall, kept as the actor. Raises TransitionError,
    pausing none, when Throughcare may not pause one of them from its state. The audit events are
    recorded here, or added to `audit_entries` when the caller records them with its own change.
    `locked=True` says the caller read `referrals` in this transaction with select_for_update, in key
    order and with their service, so they are not read again; the caller's transaction then holds
    the moves too, without a savepoint of their own (two round trips a recall need not make): a
    refused move fails the caller's whole change, as a recall's must.
    """
    if not referrals:
        return []
    with transaction.atomic(savepoint=not locked):
        # Locked in key order, so two changes to the same referrals take turns rather than deadlock.
        rows = (
            referrals
            if locked
            else Referral.objects.select_for_update()
            .select_related("service", "person")
            .filter(pk__in=[r.pk for r in referrals])
            .order_by("pk")
        )
        locked_by_pk = {r.pk: r for r in rows}
        moves = [
            _Move(
                locked_by_pk[referral.pk],
                side=Side.SYSTEM,
                target=_S.PAUSED,
                reason_code=ReasonCode.RETURNED_TO_CUSTODY,
                note=(note or "").strip(),
            )
            for referral in referrals
        ]
        entries = [] if audit_entries is None else audit_entries
        transitions = _make_moves(moves, actor=on_behalf_of, audit_entries=entries)
        if audit_entries is None:
            audit.record_many(actor=on_behalf_of, entries=entries)
    for referral in referrals:
        for name in _REFRESHED:
            setattr(referral, name, getattr(locked_by_pk[referral.pk], name))
    return transitions
