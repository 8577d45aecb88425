"""Custody journeys, orders, requirements and the MHTR register under /api/v1/, so prison and
probation systems can feed events in. The same services as the pages: a recall or re-release sent
here pauses and resumes exactly as one recorded on the pages. 422 with field errors for bad input,
404 for a person outside the caller's teams, 403 for roles that do not plan releases.
"""

from datetime import date
from typing import Annotated
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import Status
from pydantic import WithJsonSchema

from throughcare.accounts.models import Organisation
from throughcare.continuity import orders as order_services
from throughcare.continuity import recall as recall_services
from throughcare.continuity import selectors, services
from throughcare.continuity.api_court import router as court_router
from throughcare.continuity.api_events import router as events_router
from throughcare.continuity.api_release import router as release_router
from throughcare.continuity.choices import OrderKind, ReleaseType, RequirementKind, RequirementStatus
from throughcare.continuity.models import CustodyEpisode, Order, Requirement
from throughcare.core.inputs import MAX_PAGE_NUMBER, CustodyDate, code_from
from throughcare.core.permissions import Permission, require_permission
from throughcare.people.selectors import person_for

router = Router(tags=["custody journey"])


class PrisonIn(Schema):
    prison_code: str = Field("", description="The Throughcare code of the prison, where it has one.")
    prison_name: str = Field("", description="The prison's name, for prisons not in Throughcare.")


class ReceptionIn(PrisonIn):
    reception_date: CustodyDate
    expected_release_date: CustodyDate | None = None


class ReleaseIn(Schema):
    released_on: CustodyDate
    release_type: code_from(ReleaseType)


class TransferIn(PrisonIn):
    transferred_on: CustodyDate


class RecallIn(PrisonIn):
    recalled_on: CustodyDate
    expected_release_date: CustodyDate | None = None


class EpisodeOut(Schema):
    id: str
    prison_name: str
    prison_code: str | None
    started_by: str
    reception_date: date
    expected_release_date: date | None
    actual_release_date: date | None
    release_type: str
    ended_by: str


class RecallOut(Schema):
    event_id: str
    episode: EpisodeOut
    paused_referrals: list[str]
    paused_requirements: list[str]
    referrals_left_open: list[str]


class ReReleaseOut(Schema):
    event_id: str
    episode: EpisodeOut
    resumed_requirements: list[str]
    referrals_to_resume: list[str] = Field(..., description="Paused referrals for their services to resume.")


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
    issued_by: str = ""
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


def _prison(payload: PrisonIn) -> dict:
    prison = None
    if payload.prison_code:
        prison = Organisation.objects.filter(code=payload.prison_code).first()
        if prison is None:
            raise ValidationError({"prison_code": f"No organisation has the code {payload.prison_code}"})
    return {"prison": prison, "prison_name": payload.prison_name}


def _episode(episode: CustodyEpisode) -> dict:
    return {
        **{
            name: getattr(episode, name)
            for name in EpisodeOut.model_fields
            if name not in ("id", "prison_code")
        },
        "id": str(episode.pk),
        "prison_code": episode.prison.code if episode.prison_id else None,
    }


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


def _writer(request, person_id):
    require_permission(request.auth, Permission.PLAN_RELEASES)
    return person_for(request.auth, person_id)


@router.get(
    "/people/{person_id}/custody-episodes", response=list[EpisodeOut], summary="A person's custody episodes"
)
def list_custody_episodes(request, person_id: UUID):
    return [_episode(e) for e in selectors.episodes_for(request.auth, person_id)]


@router.post(
    "/people/{person_id}/custody-episodes",
    response={201: EpisodeOut},
    summary="Record a reception into custody (refused if it overlaps another episode)",
)
def record_reception(request, person_id: UUID, payload: ReceptionIn):
    person = _writer(request, person_id)
    episode = services.custody_record_reception(
        actor=request.auth,
        person=person,
        reception_date=payload.reception_date,
        expected_release_date=payload.expected_release_date,
        **_prison(payload),
    )
    return Status(201, _episode(episode))


@router.post("/people/{person_id}/release", response=EpisodeOut, summary="Record a release from custody")
def record_release(request, person_id: UUID, payload: ReleaseIn):
    person = _writer(request, person_id)
    episode = services.custody_record_release(
        actor=request.auth, person=person, released_on=payload.released_on, release_type=payload.release_type
    )
    return _episode(episode)


@router.post("/people/{person_id}/transfer", response=EpisodeOut, summary="Record a transfer between prisons")
def record_transfer(request, person_id: UUID, payload: TransferIn):
    person = _writer(request, person_id)
    episode = services.custody_transfer(
        actor=request.auth, person=person, transferred_on=payload.transferred_on, **_prison(payload)
    )
    return _episode(episode)


@router.post(
    "/people/{person_id}/recall",
    response={201: RecallOut},
    summary="Record a recall: running referrals and live requirements are paused and their providers told",
)
def record_recall(request, person_id: UUID, payload: RecallIn):
    person = _writer(request, person_id)
    event = recall_services.custody_recall(
        actor=request.auth,
        person=person,
        recalled_on=payload.recalled_on,
        expected_release_date=payload.expected_release_date,
        **_prison(payload),
    )
    return Status(
        201,
        {
            "event_id": str(event.pk),
            "episode": _episode(event.episode),
            "paused_referrals": [str(pk) for pk in event.paused_referrals.values_list("pk", flat=True)],
            "paused_requirements": [str(pk) for pk in event.paused_requirements.values_list("pk", flat=True)],
            "referrals_left_open": event.detail["referrals_left_open"],
        },
    )


@router.post(
    "/people/{person_id}/re-release",
    response=ReReleaseOut,
    summary="Record a re-release after recall: requirements live again, paused referrals listed to resume",
)
def record_re_release(request, person_id: UUID, payload: ReleaseIn):
    person = _writer(request, person_id)
    result = recall_services.custody_re_release(
        actor=request.auth, person=person, released_on=payload.released_on, release_type=payload.release_type
    )
    return {
        "event_id": str(result.event.pk),
        "episode": _episode(result.event.episode),
        "resumed_requirements": [str(r.pk) for r in result.resumed_requirements],
        "referrals_to_resume": [str(r.pk) for r in result.referrals_to_resume],
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
    person = _writer(request, person_id)
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


# The timeline, probation changes, licence conditions, release plans and the court view: own modules.
router.add_router("/", events_router)
router.add_router("/", release_router)
router.add_router("/", court_router)
