"""Orders, requirements, licence conditions and the MHTR register under /api/v1/, so probation
systems can feed them in. The same services as the pages: an order whose requirement is refused is
not recorded either. 422 with field errors for bad input, 404 for a person outside the caller's
teams, 403 for roles that do not plan releases (or, for a requirement's status, treat it).
"""

from datetime import date
from typing import Annotated
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import Status
from pydantic import WithJsonSchema

from throughcare.continuity.choices import LicenceConditionKind, OrderKind, RequirementKind, RequirementStatus
from throughcare.continuity.models import CustodyEpisode, Order, Requirement
from throughcare.continuity.orders import selectors
from throughcare.continuity.orders import services as order_services
from throughcare.continuity.scope import writable_person
from throughcare.core.inputs import MAX_PAGE_NUMBER, CustodyDate, code_from
from throughcare.core.permissions import Permission, require_permission

router = Router(tags=["custody journey"])


class RequirementIn(Schema):
    kind: code_from(RequirementKind)
    service_id: UUID | None = Field(None, description="The treating service, from the directory.")
    ordered_on: CustodyDate | None = None
    ends_on: CustodyDate | None = None
    first_appointment_on: CustodyDate | None = None


class OrderIn(Schema):
    kind: code_from(OrderKind)
    starts_on: CustodyDate
    ends_on: CustodyDate | None = None
    # The length is documented here and checked by the Order model (so the message is its own).
    issued_by: str = Field("", json_schema_extra={"maxLength": 200})
    episode_id: UUID | None = Field(None, description="For a licence: the custody episode it follows.")
    requirements: list[RequirementIn] = Field(default_factory=list)


class RequirementOut(Schema):
    id: str
    order_id: str
    kind: str
    status: str
    service_id: str | None
    provider: str
    ordered_on: date
    first_appointment_on: date | None
    waiting_days: int


class OrderOut(Schema):
    id: str
    kind: str
    starts_on: date
    ends_on: date | None
    issued_by: str
    requirements: list[RequirementOut]


class StatusIn(Schema):
    status: code_from(RequirementStatus)
    first_appointment_on: CustodyDate | None = None


class RegisterRowOut(RequirementOut):
    person_id: str
    person_name: str
    area: str


def _requirement(requirement: Requirement, today=None) -> dict:
    from django.utils import timezone

    return {
        "id": str(requirement.pk),
        "order_id": str(requirement.order_id),
        "kind": requirement.kind,
        "status": requirement.status,
        "service_id": str(requirement.service_id) if requirement.service_id else None,
        "provider": requirement.provider_name,
        "ordered_on": requirement.ordered_on,
        "first_appointment_on": requirement.first_appointment_on,
        "waiting_days": requirement.waiting_days(today or timezone.localdate()),
    }


def _order(order: Order) -> dict:
    return {
        "id": str(order.pk),
        "kind": order.kind,
        "starts_on": order.starts_on,
        "ends_on": order.ends_on,
        "issued_by": order.issued_by,
        "requirements": [_requirement(r) for r in order.requirements.all()],
    }


@router.get(
    "/people/{person_id}/orders", response=list[OrderOut], summary="A person's orders and requirements"
)
def list_orders(request, person_id: UUID):
    return [_order(o) for o in selectors.orders_for(request.auth, person_id)]


@router.post(
    "/people/{person_id}/orders",
    response={201: OrderOut},
    summary="Record an order with its requirements (all or nothing)",
)
def create_order(request, person_id: UUID, payload: OrderIn):
    person = writable_person(request.auth, person_id)
    episode = None
    if payload.episode_id:
        episode = CustodyEpisode.objects.filter(pk=payload.episode_id, person=person).first()
        if episode is None:
            raise ValidationError({"episode_id": "This person has no custody episode with this id"})
    order = order_services.order_create(
        actor=request.auth,
        person=person,
        kind=payload.kind,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        issued_by=payload.issued_by,
        episode=episode,
        requirements=[
            order_services.RequirementDetails(
                kind=r.kind,
                service_id=str(r.service_id) if r.service_id else None,
                ordered_on=r.ordered_on,
                ends_on=r.ends_on,
                first_appointment_on=r.first_appointment_on,
            )
            for r in payload.requirements
        ],
    )
    return Status(201, _order(order))


@router.post(
    "/requirements/{requirement_id}/status",
    response=RequirementOut,
    summary="Change a requirement's status (the person's team or the treating provider)",
)
def update_requirement_status(request, requirement_id: UUID, payload: StatusIn):
    requirement = selectors.requirement_for(request.auth, requirement_id)
    order_services.requirement_set_status(
        actor=request.auth,
        requirement=requirement,
        status=payload.status,
        first_appointment_on=payload.first_appointment_on,
    )
    return _requirement(requirement)


@router.get(
    "/mhtr-register", response=list[RegisterRowOut], summary="The MHTR register, a page of 50 at a time"
)
def mhtr_register(
    request,
    area: str = Query("", description="A probation delivery unit code."),
    provider: str = Query("", description="A treating organisation's or service's id."),
    status: Annotated[
        str, WithJsonSchema({"type": "string", "enum": ["", *RequirementStatus.values]})
    ] = Query("", description="Only requirements in this status."),
    page: int = Query(1, ge=1, le=MAX_PAGE_NUMBER),
):
    if status and status not in RequirementStatus.values:
        message = f"Status must be one of: {', '.join(RequirementStatus.values)}"
        raise NinjaValidationError([{"loc": ["query", "status"], "msg": message}])
    rows = selectors.register_for(request.auth, area=area, provider=provider, status=status, page_number=page)
    return [
        {
            **_requirement(row.requirement),
            "person_id": str(row.person.pk),
            "person_name": row.person.full_name,
            "area": row.area,
        }
        for row in rows.object_list
    ]


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
