"""BaRS update and cancel messages: changes to the referral they name, never new drafts.

An update (MessageHeader.reason `update`, request active) changes what a draft shares, through
`referral_update_draft`. A cancellation (reason `delete`, or the request revoked or entered in error)
withdraws the referral through the lifecycle table, so the same side and state rules apply as on the
referral page: a closed referral, or a side that may not withdraw it, is refused and nothing changes.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.referrals import services
from throughcare.referrals.fhir.checks import BundleInvalidError, CancelInput, DraftInput, Problem
from throughcare.referrals.fhir.systems import REFERRAL_ID_SYSTEM
from throughcare.referrals.models import Referral
from throughcare.referrals.reasons import ReasonCode
from throughcare.referrals.states import ReferralState, TransitionRefused


class MessageRefusedError(BundleInvalidError):
    """A well-formed message the referral's state or the caller's side does not allow (409)."""

    def __init__(self, problems: list[Problem]):
        super().__init__([Problem(p.location, p.message, "business-rule") for p in problems])


def named_referral(actor, referral_id: str, location: str, sender_identifier: str = "") -> Referral:
    """The referral a message names (by Throughcare's id, or else by the identifier its sender first
    sent it with), if the actor is on either side of it; otherwise a problem."""
    referrals = Referral.objects.select_related("service", "person")
    referral = referrals.filter(pk=referral_id).first() if referral_id else None
    # Another system's referral (Throughcare's elsewhere included) was kept under the id it was sent with.
    keys = [k for k in (sender_identifier, f"{REFERRAL_ID_SYSTEM}|{referral_id}" if referral_id else "") if k]
    if referral is None and keys:
        referral = (
            referrals.filter(
                bars_sender_identifier__in=keys,
                referring_organisation_id=getattr(actor, "current_organisation_id", None),
            )
            .order_by("-created_at")
            .first()
        )
    try:
        if referral is None:
            raise Http404
        services.side_of(actor, referral)
    except Http404:
        raise BundleInvalidError(
            [Problem(location, "No referral with this id is shared with your organisation", "not-found")]
        ) from None
    return referral


def referral_cancel_from_message(*, actor, cancel: CancelInput) -> Referral:
    referral = named_referral(
        actor, cancel.referral_id, cancel.referral_id_location, cancel.sender_identifier
    )
    what = "entered in error" if cancel.entered_in_error else "cancelled"
    try:
        with transaction.atomic():
            services.referral_transition(
                actor=actor,
                referral=referral,
                target=ReferralState.WITHDRAWN,
                reason_code=ReasonCode.OTHER,
                note=f"The referral was {what} by an NHS BaRS message (status {cancel.status}).",
            )
            audit.record(
                actor=actor,
                verb=AuditVerb.REFERRAL_FHIR_CANCELLED,
                target=referral,
                payload={"status": cancel.status, "reason": cancel.reason},
            )
    except (TransitionRefused, ValidationError) as exc:
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        raise MessageRefusedError(
            [Problem("Bundle.entry[0].resource.reason", f"This referral cannot be withdrawn: {message}")]
        ) from exc
    return referral


def referral_update_from_message(*, actor, draft: DraftInput, person, service) -> Referral:
    referral = named_referral(actor, draft.referral_id, draft.referral_id_location, draft.sender_identifier)
    if referral.person_id != person.pk:
        raise BundleInvalidError(
            [Problem(draft.nhs_number_location, "The update names a different person from the referral")]
        )
    if referral.service_id != service.pk:
        raise MessageRefusedError(
            [Problem(draft.service_location, "An update cannot change the service: withdraw and refer again")]
        )
    if referral.state != ReferralState.DRAFT:
        raise MessageRefusedError(
            [
                Problem(
                    "Bundle.entry[0].resource.reason",
                    "Only a draft referral can be updated; "
                    f"this one is {referral.get_state_display().lower()}",
                )
            ]
        )
    with transaction.atomic():
        try:
            services.referral_update_draft(actor=actor, referral=referral, details=draft.details)
        except ValidationError as exc:
            raise MessageRefusedError(
                [Problem("Bundle.entry[0].resource.reason", " ".join(exc.messages))]
            ) from exc
        audit.record(actor=actor, verb=AuditVerb.REFERRAL_FHIR_UPDATED, target=referral, payload={})
    return referral
