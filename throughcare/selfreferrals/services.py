"""Writes for self-referrals: the person's request arrives; the service contacts them and closes it.
Each is audited in the same transaction (the person's own request has no actor)."""

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, require_permission
from throughcare.core.working_days import deadline
from throughcare.selfreferrals.models import CONTACT_WITHIN_WORKING_DAYS, SelfReferral, Status


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
    require_permission(actor, Permission.RECEIVE_REFERRALS)
    if self_referral.status == Status.CLOSED:
        return
    now = timezone.now()
    self_referral.status, self_referral.closed_at, self_referral.closed_by = Status.CLOSED, now, actor
    self_referral.outcome = outcome
    self_referral.save(update_fields=["status", "closed_at", "closed_by", "outcome", "updated_at"])
    audit.record(
        actor=actor,
        verb=AuditVerb.SELF_REFERRAL_CLOSED,
        target=self_referral,
        payload={"outcome": outcome},
    )
