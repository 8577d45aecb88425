"""Writes for self-referrals: the person's request arrives; the service contacts them, then takes
them on as a referral or declines with a reason. Each is audited in the same transaction (the
person's own request has no actor)."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, require_permission
from throughcare.core.validation import model_errors
from throughcare.core.working_days import deadline
from throughcare.people.details import PersonDetails
from throughcare.people.duplicate_checks import PossibleDuplicate
from throughcare.people.models import Person
from throughcare.people.selectors import people_visible_to
from throughcare.people.services import person_create
from throughcare.referrals.models import Referral
from throughcare.referrals.services import ReferralDetails, referral_open_from_request
from throughcare.referrals.states import OPEN_STATES, ReferralState
from throughcare.selfreferrals.models import (
    CONTACT_WITHIN_WORKING_DAYS,
    DECLINE_MESSAGE,
    DECLINE_OUTCOMES,
    ContactBy,
    Outcome,
    SelfReferral,
    Status,
)


def key_digest(request_key: str) -> str:
    return hashlib.sha256(request_key.encode()).hexdigest()


def self_referral_receive(*, service, details: dict, request_key: str) -> tuple[SelfReferral, bool]:
    """Record the request for the organisation running `service`; (request, True when new).

    The same form sent twice (a double tap, a browser resending) makes one request."""
    digest = key_digest(request_key)
    existing = SelfReferral.objects.filter(request_key_digest=digest).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    try:
        with transaction.atomic():
            request = SelfReferral.objects.create(
                service=service,
                receiving_organisation_id=service.organisation.owner_id,
                name=details["name"],
                contact_by=details["contact_by"],
                phone=details.get("phone", ""),
                email=details.get("email", ""),
                help_with=details["help_with"],
                best_time=details.get("best_time", ""),
                consent_given_at=now,
                contact_by_deadline=deadline(now, CONTACT_WITHIN_WORKING_DAYS),
                request_key_digest=digest,
            )
            audit.record(
                actor=None,
                verb=AuditVerb.SELF_REFERRAL_RECEIVED,
                target=request,
                organisation_id=request.receiving_organisation_id,
                payload={"service": str(service.pk)},
            )
    except IntegrityError:  # the same form, sent twice at once
        return SelfReferral.objects.get(request_key_digest=digest), False
    return request, True


@transaction.atomic
def self_referral_contacted(*, actor, self_referral: SelfReferral) -> None:
    require_permission(actor, Permission.RECEIVE_REFERRALS)
    if self_referral.status != Status.NEW:
        return
    self_referral.status, self_referral.contacted_at, self_referral.contacted_by = (
        Status.CONTACTED,
        timezone.now(),
        actor,
    )
    self_referral.save(update_fields=["status", "contacted_at", "contacted_by", "updated_at"])
    audit.record(
        actor=actor,
        verb=AuditVerb.SELF_REFERRAL_CONTACTED,
        target=self_referral,
    )


@transaction.atomic
def self_referral_close(*, actor, self_referral: SelfReferral, outcome: str) -> None:
    """Decline the request with a reason; taking someone on is `self_referral_take_on`."""
    require_permission(actor, Permission.RECEIVE_REFERRALS)
    if outcome not in DECLINE_OUTCOMES:
        raise ValidationError({"outcome": DECLINE_MESSAGE})
    locked = SelfReferral.objects.select_for_update().get(pk=self_referral.pk)
    if locked.status == Status.CLOSED:
        return
    now = timezone.now()
    self_referral.status, self_referral.closed_at, self_referral.closed_by = Status.CLOSED, now, actor
    self_referral.outcome = outcome
    if errors := model_errors(self_referral, exclude=["request_key_digest"]):
        raise ValidationError(errors)
    self_referral.save(update_fields=["status", "closed_at", "closed_by", "outcome", "updated_at"])
    audit.record(
        actor=actor,
        verb=AuditVerb.SELF_REFERRAL_CLOSED,
        target=self_referral,
        payload={"outcome": outcome},
    )


def _referral_details(self_referral: SelfReferral) -> ReferralDetails:
    """What the person asked for, in the referral's words: their own, as the service read them."""
    how = ContactBy(self_referral.contact_by).label.lower()
    contact = f"They asked the service to {how}"
    if self_referral.best_time:
        contact += f" ({self_referral.best_time})"
    return ReferralDetails(
        reason_for_referral=self_referral.help_with,
        contact_preferences=contact,
        referral_route="self",
    )


def _refuse_second_referral(person: Person, self_referral: SelfReferral) -> None:
    open_one = Referral.objects.filter(
        person=person,
        service_id=self_referral.service_id,
        state__in=[*OPEN_STATES, ReferralState.DRAFT],
    ).exists()
    if open_one:
        raise ValidationError(
            {"person": f"{person.full_name} already has an open referral to this service: open that one"}
        )


def self_referral_take_on(
    *,
    actor,
    self_referral: SelfReferral,
    person_id=None,
    new_person: PersonDetails | None = None,
    confirm_not_duplicate: bool = False,
) -> Referral:
    """Take the person who asked on: a person the service already sees (`person_id`, from
    `people_visible_to` only, so nothing else can be matched) or a new record (`new_person`, refused
    as a duplicate the service may see unless confirmed, as `person_create` does), and a referral to
    the service they asked, submitted, with their consent. The request closes as taken on and links
    to it. All in one transaction; a refused new person leaves only the join request it raised.

    Raises ValidationError (field errors), PossibleDuplicate, or Http404 outside the caller's scope.
    """
    require_permission(actor, Permission.RECEIVE_REFERRALS)
    refused: Exception | None = None
    with transaction.atomic():
        locked = (
            SelfReferral.objects.select_for_update(of=("self",))
            .select_related("service__organisation")
            .get(pk=self_referral.pk, receiving_organisation_id=actor.current_organisation_id)
        )
        if locked.status == Status.CLOSED:
            raise ValidationError({"person": "This request is already closed"})
        person = None
        if person_id is not None:
            person = people_visible_to(actor).filter(pk=person_id).first()
            if person is None:
                raise ValidationError({"person": "Choose someone from the list, or add them as new"})
        else:
            try:
                person = person_create(
                    actor=actor,
                    details=new_person or PersonDetails("", "", None),
                    confirm_not_duplicate=confirm_not_duplicate,
                )
            except (ValidationError, PossibleDuplicate) as exc:
                refused = exc  # nothing written yet but the check's own join request, which stays
        if person is not None:
            referral = _open_referral(actor, locked, person, matched=person_id is not None)
    if refused is not None:
        raise refused
    for name in ("status", "closed_at", "closed_by", "outcome", "referral_id"):
        setattr(self_referral, name, getattr(locked, name))
    return referral


def _open_referral(actor, locked: SelfReferral, person: Person, *, matched: bool) -> Referral:
    _refuse_second_referral(person, locked)
    entries: list[audit.Entry] = []
    referral = referral_open_from_request(
        actor=actor,
        person=person,
        service=locked.service,
        details=_referral_details(locked),
        consent_given_at=locked.consent_given_at,
        audit_entries=entries,
    )
    locked.status, locked.closed_at, locked.closed_by = Status.CLOSED, timezone.now(), actor
    locked.outcome, locked.referral = Outcome.TAKEN_ON, referral
    if locked.contacted_at is None:
        locked.contacted_at, locked.contacted_by = locked.closed_at, actor
    locked.save(
        update_fields=[
            "status",
            "closed_at",
            "closed_by",
            "outcome",
            "referral",
            "contacted_at",
            "contacted_by",
            "updated_at",
        ]
    )
    entries.append(
        audit.Entry(
            verb=AuditVerb.SELF_REFERRAL_TAKEN_ON,
            target=locked,
            payload={"referral": str(referral.pk), "person": str(person.pk), "matched": matched},
        )
    )
    audit.record_many(actor=actor, entries=entries)
    return referral
