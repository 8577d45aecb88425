"""The journey timeline, probation changes and licence conditions under /api/v1/ (part of the
continuity router): the same services and selectors as the pages."""

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema
from ninja.responses import Status

from throughcare.accounts.models import Organisation
from throughcare.continuity import orders as order_services
from throughcare.continuity import selectors, services
from throughcare.continuity.choices import LicenceConditionKind
from throughcare.continuity.models import JourneyEvent
from throughcare.core.inputs import CustodyDate, code_from
from throughcare.core.permissions import Permission, require_permission
from throughcare.geography.models import Pdu
from throughcare.people.selectors import person_for

router = Router(tags=["custody journey"])


class JourneyEventOut(Schema):
    id: str
    kind: str
    occurred_on: date
    episode_id: str | None
    order_id: str | None
    requirement_id: str | None
    pdu_code: str | None
    detail: dict


class ProbationChangeIn(Schema):
    changed_on: CustodyDate
    practitioner_name: str = ""
    organisation_code: str = Field("", description="The probation organisation's Throughcare code, if any.")
    pdu_code: str = Field("", description="The probation delivery unit's code.")


class LicenceConditionIn(Schema):
    kind: code_from(LicenceConditionKind)
    detail: str = ""
    service_id: UUID | None = None


class LicenceConditionOut(Schema):
    id: str
    order_id: str
    kind: str
    detail: str
    service_id: str | None


def _event(event: JourneyEvent) -> dict:
    def text(value):
        return str(value) if value else None

    return {
        "id": str(event.pk),
        "kind": event.kind,
        "occurred_on": event.occurred_on,
        "episode_id": text(event.episode_id),
        "order_id": text(event.order_id),
        "requirement_id": text(event.requirement_id),
        "pdu_code": event.pdu_id,
        "detail": event.detail,
    }


@router.get(
    "/people/{person_id}/journey-events",
    response=list[JourneyEventOut],
    summary="A person's journey timeline, newest first",
)
def list_journey_events(request, person_id: UUID):
    return [_event(e) for e in selectors.journey_for(request.auth, person_id).events]


@router.post(
    "/people/{person_id}/probation-changes",
    response={201: JourneyEventOut},
    summary="Record a new probation practitioner or probation delivery unit",
)
def record_probation_change(request, person_id: UUID, payload: ProbationChangeIn):
    require_permission(request.auth, Permission.PLAN_RELEASES)
    person = person_for(request.auth, person_id)
    organisation = pdu = None
    if payload.organisation_code:
        organisation = Organisation.objects.filter(code=payload.organisation_code).first()
        if organisation is None:
            raise ValidationError(
                {"organisation_code": f"No organisation has the code {payload.organisation_code}"}
            )
    if payload.pdu_code:
        pdu = Pdu.objects.filter(code=payload.pdu_code).first()
        if pdu is None:
            raise ValidationError({"pdu_code": f"No probation delivery unit has the code {payload.pdu_code}"})
    event = services.probation_record_change(
        actor=request.auth,
        person=person,
        changed_on=payload.changed_on,
        practitioner_name=payload.practitioner_name,
        organisation=organisation,
        pdu=pdu,
    )
    return Status(201, _event(event))


@router.post(
    "/orders/{order_id}/licence-conditions",
    response={201: LicenceConditionOut},
    summary="Record a health-relevant condition of a licence or post-sentence supervision",
)
def add_licence_condition(request, order_id: UUID, payload: LicenceConditionIn):
    require_permission(request.auth, Permission.PLAN_RELEASES)
    order = selectors.order_for(request.auth, order_id)
    condition = order_services.licence_condition_add(
        actor=request.auth,
        order=order,
        kind=payload.kind,
        detail=payload.detail,
        service_id=str(payload.service_id) if payload.service_id else None,
    )
    return Status(
        201,
        {
            "id": str(condition.pk),
            "order_id": str(order.pk),
            "kind": condition.kind,
            "detail": condition.detail,
            "service_id": str(condition.service_id) if condition.service_id else None,
        },
    )
