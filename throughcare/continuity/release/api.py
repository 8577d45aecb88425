"""Release plan items under /api/v1/: list a custody episode's plan, start it, and change one item.

The same selectors and services as the pages (`release.selectors`, `release.services`), so the same
rules hold: 403 without PLAN_RELEASES for changes, 404 for a person outside the caller's teams, 422
with field errors for bad input.
"""

from datetime import date, time
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema
from ninja.responses import Status

from throughcare.continuity.models import ReleasePlanItem
from throughcare.continuity.release import selectors, services
from throughcare.continuity.release.choices import OwnerSide, PlanItemStatus
from throughcare.core.inputs import EventDate, code_from
from throughcare.core.permissions import Permission, require_permission

router = Router(tags=["release planning"])


class PlanItemOut(Schema):
    id: str
    episode_id: str
    kind: str
    owner_side: str
    status: str
    not_needed_reason: str
    due_on: date | None
    place: str
    happens_on: date | None
    happens_at: time | None = Field(None, description="The time it happens, when it has one.")
    days_after_release: int | None = Field(..., description="Days from release to when it happens.")
    contact: str
    detail: str
    appointment_id: str | None


class PlanItemIn(Schema):
    status: code_from(PlanItemStatus)
    owner_side: code_from(OwnerSide)
    not_needed_reason: str = Field("", description="Needed when the status is not_needed.")
    due_on: EventDate | None = None
    place: str = ""
    happens_on: EventDate | None = None
    happens_at: time | None = None
    contact: str = ""
    detail: str = ""
    appointment_id: UUID | None = Field(
        None, description="For the first mental health appointment: one of the person's appointments."
    )


def _item(item: ReleasePlanItem, release_date) -> dict:
    return {
        **{name: getattr(item, name) for name in PlanItemOut.model_fields if not name.endswith("id")},
        "id": str(item.pk),
        "episode_id": str(item.episode_id),
        "days_after_release": item.days_after_release(release_date),
        "appointment_id": str(item.appointment_id) if item.appointment_id else None,
    }


def _release_date(episode):
    return episode.actual_release_date or episode.expected_release_date


@router.get(
    "/custody-episodes/{episode_id}/release-plan",
    response=list[PlanItemOut],
    summary="A custody episode's release plan items, in checklist order",
)
def list_release_plan_items(request, episode_id: UUID):
    plan = selectors.episode_plan_for(request.auth, episode_id)
    return [_item(item, plan.release_date) for item in plan.items]


@router.post(
    "/custody-episodes/{episode_id}/release-plan",
    response={201: list[PlanItemOut]},
    summary="Start the release plan of the person's open custody episode (safe to repeat)",
)
def start_release_plan(request, episode_id: UUID):
    require_permission(request.auth, Permission.PLAN_RELEASES)
    plan = selectors.episode_plan_for(request.auth, episode_id)
    if not plan.episode.is_open:
        raise ValidationError({"episode": "This custody episode has ended: start a plan for an open one"})
    items = services.release_plan_start(actor=request.auth, person=plan.person)
    return Status(201, [_item(item, _release_date(plan.episode)) for item in items])


@router.post(
    "/release-plan-items/{item_id}",
    response=PlanItemOut,
    summary="Change one release plan item ('done' needs what the person must be told)",
)
def update_release_plan_item(request, item_id: UUID, payload: PlanItemIn):
    item = selectors.plan_item_for(request.auth, item_id)
    change = services.ItemChange(
        **payload.dict(exclude={"appointment_id"}), appointment_id=payload.appointment_id
    )
    item = services.release_plan_item_update(actor=request.auth, item=item, change=change)
    return _item(item, _release_date(item.episode))
