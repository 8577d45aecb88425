"""Exporting a referral as a FHIR message (a scoped, audited read) and importing one as a draft.

Export follows the rule of `referral_for`: either side of the referral may read it, anyone else
gets 404 and roles that neither make nor receive referrals 403. Import goes through
`referral_create_draft` and `consent_record`, so the usual rules and audit events apply, in one
transaction: a bundle with any problem leaves nothing behind.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, require_permission
from throughcare.directory.models import Service
from throughcare.people.selectors import people_visible_to
from throughcare.referrals import services
from throughcare.referrals.consent_sharing import require_sharing
from throughcare.referrals.fhir.build import build_bundle
from throughcare.referrals.fhir.changes import referral_cancel_from_message, referral_update_from_message
from throughcare.referrals.fhir.checks import BundleInvalidError, CancelInput, DraftInput, Problem
from throughcare.referrals.fhir.parse import parse_referral_message
from throughcare.referrals.fhir.systems import REFERRAL_ID_SYSTEM
from throughcare.referrals.models import Referral
from throughcare.referrals.selectors import require_referral_role

FHIR_JSON = "application/fhir+json"


def referral_message_for(user, referral_id) -> str:
    """The referral as a BaRS-shaped FHIR message (JSON text), for either side; the read is audited."""
    require_referral_role(user)
    referral = (
        Referral.objects.select_related(
            "person", "service", "referring_organisation", "receiving_organisation", "created_by"
        )
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404("No such referral.")
    side = services.side_of(user, referral)
    latest = referral.consents.order_by("-created_at").first()
    require_sharing(user, referral, side, latest, what="fhir_message")
    # Withdrawing consent withdraws every consent on the referral, so only the latest can be current.
    consent = latest if latest is not None and latest.withdrawn_at is None else None
    bundle = build_bundle(referral, consent)
    audit.record(
        actor=user,
        verb=AuditVerb.REFERRAL_FHIR_EXPORTED,
        target=referral,
        payload={
            "side": side,
            "message": bundle.identifier.value,
            "consent": str(consent.pk) if consent else "",
        },
    )
    return bundle.model_dump_json(exclude_none=True)


def _resolve(actor, draft: DraftInput) -> tuple:
    """The person and service the bundle names, as the actor may see them; every miss is a problem."""
    problems = []
    # The "not empty" term is the unique index's own condition: without it SQLite scans every person.
    person = people_visible_to(actor).filter(nhs_number=draft.nhs_number).exclude(nhs_number="").first()
    if person is None:
        problems.append(
            Problem(
                draft.nhs_number_location, "No person with that NHS number is in your caseload", "not-found"
            )
        )
    elif draft.birth_date is not None and draft.birth_date != person.date_of_birth:
        problems.append(
            Problem(
                draft.birth_date_location,
                "The date of birth does not match the person with that NHS number in your caseload",
            )
        )
    service, service_problem = _service_named(draft)
    if service_problem:
        problems.append(Problem(draft.service_location, service_problem, "not-found"))
    if problems:
        raise BundleInvalidError(problems)
    return person, service


def _service_named(draft: DraftInput) -> tuple:
    """The service, by Throughcare's id or by its BaRS receiver identifier; or why it was not found."""
    if draft.service_id:
        service = Service.objects.filter(pk=draft.service_id).only("pk").first()
        return service, "" if service else "No service in the Throughcare directory has this id"
    named = list(Service.objects.filter(bars_receiver_id=draft.service_receiver_id).only("pk")[:2])
    if len(named) == 1:
        return named[0], ""
    if named:
        return None, f"More than one service has the receiver identifier '{draft.service_receiver_id}'"
    return (
        None,
        f"No service in the Throughcare directory has the receiver identifier '{draft.service_receiver_id}'",
    )


def _located(exc: ValidationError, locations: dict[str, str], fallback: str) -> BundleInvalidError:
    """A service's field errors, placed at the part of the bundle each field came from."""
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    return BundleInvalidError(
        [Problem(locations.get(name, fallback), " ".join(messages)) for name, messages in items]
    )


@dataclass
class Received:
    """What a referral message did: `action` is created, updated or withdrawn; `not_kept` lists each
    entry of the message Throughcare did not store, with why."""

    referral: Referral
    action: str
    message_id: str = ""
    not_kept: list[dict] = field(default_factory=list)


def referral_message_receive(*, actor, data) -> Received:
    """Act on a BaRS referral message: a new referral becomes a draft; an update changes the draft
    it names; a cancellation withdraws the referral it names. Never a new draft for either of those.

    Raises BundleInvalidError listing every problem (nothing is written), MessageRefusedError when
    the referral's state or the caller's side does not allow the change, PermissionDenied for roles
    that do not make referrals.
    """
    require_permission(actor, Permission.MAKE_REFERRALS)
    message = parse_referral_message(data)
    header = ((data.get("entry") or [{}])[0].get("resource")) or {}
    message_id = str(header.get("id") or "")
    if isinstance(message, CancelInput):
        referral = referral_cancel_from_message(actor=actor, cancel=message)
        return Received(referral, "withdrawn", message_id, message.not_kept)
    person, service = _resolve(actor, message)
    if message.reason == "update":
        if message.consent is not None:
            message.not_kept.append(
                {
                    "location": message.consent.location.removesuffix(".resource"),
                    "resourceType": "Consent",
                    "reason": "An update changes what the draft says, not consent: "
                    "record a change of consent on the referral page",
                }
            )
        referral = referral_update_from_message(actor=actor, draft=message, person=person, service=service)
        return Received(referral, "updated", message_id, message.not_kept)
    referral = _import_draft(actor, message, person, service)
    return Received(referral, "created", message_id, message.not_kept)


def referral_import(*, actor, data) -> Referral:
    """The referral a FHIR referral message created or changed (see `referral_message_receive`)."""
    return referral_message_receive(actor=actor, data=data).referral


def _import_draft(actor, draft: DraftInput, person, service) -> Referral:
    with transaction.atomic():
        try:
            referral = services.referral_create_draft(
                actor=actor, person_id=person.pk, service_id=service.pk, details=draft.details
            )
        except ValidationError as exc:
            raise _located(exc, {"service_id": draft.service_location}, "Bundle") from exc
        # Kept so the sender can name this referral in its update and cancel messages.
        sent_as = draft.sender_identifier or (
            f"{REFERRAL_ID_SYSTEM}|{draft.referral_id}" if draft.referral_id else ""
        )
        if sent_as:
            Referral.objects.filter(pk=referral.pk).update(bars_sender_identifier=sent_as)
            referral.bars_sender_identifier = sent_as
        consent = draft.consent
        if consent is not None:
            try:
                services.consent_record(
                    actor=actor,
                    referral=referral,
                    given_on=consent.given_on,
                    how_obtained=consent.how_obtained,
                    shared_with=consent.shared_with,
                    purposes=consent.purposes,
                )
            except ValidationError as exc:
                raise _located(exc, {}, consent.location) from exc
        audit.record(
            actor=actor,
            verb=AuditVerb.REFERRAL_FHIR_IMPORTED,
            target=referral,
            payload={"with_consent": consent is not None, "not_kept": len(draft.not_kept)},
        )
    return referral
