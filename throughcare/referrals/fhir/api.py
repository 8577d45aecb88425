"""Referrals as NHS BaRS-shaped FHIR R4 messages under /api/v1/: export one, import one as a draft.

The export is the same read as GET /referrals/{id} (either side of the referral; audited). The
import creates a draft for the caller through the normal referral services; a bundle that does not
parse, or fails Throughcare's checks of codes and required content, answers 422 listing every
problem at its place in the bundle (`Bundle.entry[1].resource.subject`), and nothing is written.
"""

import json
from uuid import UUID

from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from ninja import Router, Schema
from ninja.errors import HttpError

from throughcare.core import once
from throughcare.core.once_models import IdempotencyRecord
from throughcare.core.permissions import Permission, require_permission
from throughcare.referrals.fhir.changes import MessageRefusedError
from throughcare.referrals.fhir.checks import BundleInvalidError
from throughcare.referrals.fhir.exchange import FHIR_JSON, referral_message_for, referral_message_receive
from throughcare.referrals.fhir.outcome import acknowledgement, operation_outcome
from throughcare.referrals.fhir.parse import message_identifier
from throughcare.referrals.fhir.systems import BARS_EVENT_REFERRAL, BARS_EVENT_SYSTEM

router = Router(tags=["referrals (FHIR)"])

_BUNDLE_SCHEMA = {
    "type": "object",
    "description": "A FHIR R4 Bundle of type 'message' (see docs/adr/0013-fhir-bars-interchange.md).",
    "required": ["resourceType", "type", "entry"],
    "properties": {
        "resourceType": {"type": "string", "enum": ["Bundle"]},
        "type": {"type": "string", "enum": ["message"]},
        "entry": {"type": "array", "items": {"type": "object"}},
    },
    # A Bundle carries more than these (id, identifier, timestamp, ...), all of it FHIR's.
    "additionalProperties": True,
}


class ImportedOut(Schema):
    id: str
    url: str
    page_url: str
    action: str
    not_kept: list[dict]


class BundleErrorOut(Schema):
    detail: str
    errors: list[dict]


@router.get(
    "/referrals/{uuid:referral_id}/fhir",
    summary="A referral as an NHS BaRS-shaped FHIR R4 message Bundle (audited)",
    description=(
        "The referral as an NHS BaRS referral message (FHIR R4 `Bundle` of type `message`): "
        f"MessageHeader first (event `{BARS_EVENT_REFERRAL}` from `{BARS_EVENT_SYSTEM}`, the BaRS "
        "referral MessageDefinition, reason new, update or delete, the service's BaRS endpoint), its "
        "focus the ServiceRequest (active plan, BaRS referral category), then the Patient (name, date "
        "of birth, gender, NHS number only), the referring and receiving Organizations (with ODS codes), "
        "the HealthcareService, the referrer's PractitionerRole and Practitioner, the Encounter and "
        "CarePlan and, while it stands, the person's Consent; every resource has meta.profile. "
        "Either side of the referral may read it; others get 404. Served as `application/fhir+json`."
    ),
    response={200: dict},
    openapi_extra={
        "responses": {
            200: {"description": "The message Bundle.", "content": {FHIR_JSON: {"schema": _BUNDLE_SCHEMA}}}
        }
    },
)
def export_referral_fhir(request, referral_id: UUID):
    return HttpResponse(referral_message_for(request.auth, referral_id), content_type=FHIR_JSON)


@router.post(
    "/referrals/fhir",
    response={200: ImportedOut, 201: ImportedOut, 409: BundleErrorOut, 422: BundleErrorOut},
    summary="Receive an NHS BaRS referral message: a new draft, an update or a cancellation",
    description=(
        "Send a message Bundle like the one GET /referrals/{id}/fhir returns. The person is found by "
        "NHS number among the people in your caseload, the service by its Throughcare identifier in "
        "ServiceRequest.performer; a Consent in the bundle is recorded with the draft (201). A message "
        "with reason `update` changes the draft its ServiceRequest identifier names, and one with reason "
        "`delete` (or the request revoked or entered-in-error) withdraws that referral (200); a state "
        "or side that does not allow it answers 409. Entries Throughcare does not store are listed in "
        "`not_kept`. Malformed JSON answers 400; a bundle that fails to parse or fails Throughcare's "
        "checks answers 422 with every problem located in the bundle, and nothing is saved. Ask for "
        "`Accept: application/fhir+json` to have the acknowledgement message or an OperationOutcome "
        "(issue code and FHIRPath expression per problem) instead. A message sent again (the same "
        "Bundle.identifier, or MessageHeader id when it has none) is answered as the first was, marked "
        "`Idempotent-Replayed: true`, and changes nothing. Send it as application/fhir+json (otherwise 415)."
    ),
    openapi_extra={
        "responses": {
            415: {
                "description": "The body was not sent as application/fhir+json or application/json.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
        },
        "requestBody": {
            "required": True,
            "content": {
                FHIR_JSON: {"schema": _BUNDLE_SCHEMA},
                "application/json": {"schema": _BUNDLE_SCHEMA},
            },
        },
    },
)
def import_referral_fhir(request):
    require_permission(request.auth, Permission.MAKE_REFERRALS)
    if request.content_type not in (FHIR_JSON, "application/json"):
        raise HttpError(
            415,
            f"Send the Bundle as {FHIR_JSON} (or application/json), not {request.content_type or 'nothing'}.",
        )
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise HttpError(400, f"The request body is not valid JSON: {exc}") from exc
    identifier = message_identifier(data)
    if identifier is None:
        return _received(request, data)
    # The claim, the change and the stored answer commit together: a second sending of the same
    # message waits for the first, then gets its answer.
    with transaction.atomic():
        caller = f"fhir:{request.auth.current_organisation_id}"
        outcome = once.claim(caller=caller, key=once.fingerprint_of(*identifier))
        if isinstance(outcome, IdempotencyRecord):
            return once.replay(outcome)
        if isinstance(outcome, str):
            raise HttpError(409, outcome.partition(": ")[2])
        response = _received(request, data)
        once.settle(outcome, response)
        return response


def _received(request, data) -> HttpResponse:
    wants_fhir = FHIR_JSON in request.headers.get("Accept", "")
    try:
        received = referral_message_receive(actor=request.auth, data=data)
    except BundleInvalidError as invalid:
        status = 409 if isinstance(invalid, MessageRefusedError) else 422
        if wants_fhir:
            return _fhir(operation_outcome(invalid.problems), status)
        if status == 409:
            return JsonResponse({"detail": "The message was refused", "errors": _errors(invalid)}, status=409)
        raise invalid.as_validation_error() from invalid
    referral = received.referral
    page_url = reverse("referrals:detail", kwargs={"referral_id": referral.pk})
    status = 201 if received.action == "created" else 200
    if wants_fhir:
        return _fhir(acknowledgement(received, referral_url=page_url), status)
    body = {
        "id": str(referral.pk),
        "url": reverse("api:get_referral", kwargs={"referral_id": referral.pk}),
        "page_url": page_url,
        "action": received.action,
        "not_kept": received.not_kept,
    }
    return JsonResponse(body, status=status)


def _fhir(body: dict, status: int) -> HttpResponse:
    return HttpResponse(json.dumps(body), status=status, content_type=FHIR_JSON)


def _errors(invalid: BundleInvalidError) -> list[dict]:
    return [{"loc": ["body", p.location], "msg": p.message} for p in invalid.problems]
