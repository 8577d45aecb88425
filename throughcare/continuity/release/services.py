"""Writes to the release plan: start it for an episode, and update one item.

Both need PLAN_RELEASES (403) and the person in the actor's organisation's team (404), check
everything first with specific messages, then write and audit in one transaction. Audit payloads
hold ids, codes and field names only: what was arranged stays in the plan, not the audit trail.
"""

import copy
from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from throughcare.continuity.custody.episodes import format_date, journey_change, open_episode
from throughcare.continuity.models import ReleasePlanItem
from throughcare.continuity.release.choices import (
    DEFAULT_OWNER,
    PlanItemKind,
    PlanItemStatus,
)
from throughcare.continuity.scope import require_journey_writer
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.validation import model_errors

if TYPE_CHECKING:
    from throughcare.accounts.models import User


@journey_change
def release_plan_start(*, actor: "User | None", person) -> list[ReleasePlanItem]:
    """Start the plan for the person's open custody episode: one item per checklist kind.

    Starting again adds only kinds missing (none, unless the checklist grew), so it is safe to repeat.
    """
    episode = open_episode(person)
    if episode is None:
        raise ValidationError(
            {"episode": f"{person.full_name} is not in custody: record their reception first"}
        )
    if episode.expected_release_date is None:
        raise ValidationError(
            {"episode": "Record their expected release date before starting a release plan"}
        )
    existing = set(ReleasePlanItem.objects.filter(episode=episode).values_list("kind", flat=True))
    new_items = [
        ReleasePlanItem(episode=episode, kind=kind, owner_side=DEFAULT_OWNER[kind], updated_by=actor)
        for kind in PlanItemKind.values
        if kind not in existing
    ]
    ReleasePlanItem.objects.bulk_create(new_items)
    if new_items:
        audit.record(
            actor=actor,
            verb=AuditVerb.RELEASE_PLAN_STARTED,
            target=episode,
            payload={"person": str(person.pk), "kinds": [item.kind for item in new_items]},
        )
    return list(ReleasePlanItem.objects.filter(episode=episode))


@dataclass
class ItemChange:
    status: str
    owner_side: str
    not_needed_reason: str = ""
    due_on: date | None = None
    place: str = ""
    happens_on: date | None = None
    happens_at: time | None = None
    contact: str = ""
    detail: str = ""
    appointment_id: object = None

    def stripped(self) -> "ItemChange":
        for name in ("status", "owner_side", "not_needed_reason", "place", "contact", "detail"):
            setattr(self, name, (getattr(self, name) or "").strip())
        return self


# The order the page asks in, so the error summary lists problems as the form does.
FIELD_ORDER = ("status", "owner_side", "not_needed_reason", "place", "contact", "happens_on")


def _check(item: ReleasePlanItem, change: ItemChange) -> dict[str, str]:
    """The model's own rules (`full_clean()`: codes, lengths, what "not needed" and "done" need),
    then what only the episode and the request know."""
    candidate = copy.copy(item)  # the item as changed, checked without touching the one to compare
    for name in ("status", "owner_side", "not_needed_reason", "due_on", "place", "happens_on"):
        setattr(candidate, name, getattr(change, name))
    for name in ("happens_at", "contact", "detail"):
        setattr(candidate, name, getattr(change, name))
    errors = model_errors(
        candidate, exclude=["episode", "referral", "appointment", "updated_by"], order=FIELD_ORDER
    )
    episode = item.episode
    if change.happens_on and change.happens_on < episode.reception_date:
        errors["happens_on"] = (
            "The date must be on or after they were received into custody, "
            f"{format_date(episode.reception_date)}"
        )
    if change.appointment_id and item.kind != PlanItemKind.FIRST_MENTAL_HEALTH_APPOINTMENT:
        errors["appointment"] = "Only the first mental health appointment links to a booked appointment"
    return errors


def _linked_appointment(item, change, errors):
    if not change.appointment_id or item.kind != PlanItemKind.FIRST_MENTAL_HEALTH_APPOINTMENT:
        return None
    from throughcare.appointments.models import Appointment

    appointment = (
        Appointment.objects.select_related("referral")
        .filter(pk=change.appointment_id, referral__person_id=item.episode.person_id)
        .first()
    )
    if appointment is None:
        errors["appointment"] = "Choose one of this person's booked appointments"
    return appointment


def release_plan_item_update(
    *, actor: "User | None", item: ReleasePlanItem, change: ItemChange
) -> ReleasePlanItem:
    """Change one checklist item. "Not needed" needs a reason; "done" needs what the person must know."""
    person = item.episode.person
    require_journey_writer(actor, person)
    change.stripped()
    with transaction.atomic():
        item = ReleasePlanItem.objects.select_for_update().select_related("episode").get(pk=item.pk)
        errors: dict[str, str] = {}
        appointment = _linked_appointment(item, change, errors)
        if appointment is not None and change.happens_on is None:
            # A linked appointment says when it is; nobody should have to type it again.
            starts_at = timezone.localtime(appointment.starts_at)
            change.happens_on, change.happens_at = starts_at.date(), change.happens_at or starts_at.time()
        errors = _check(item, change) | errors
        if errors:
            raise ValidationError(errors)
        values = {
            "status": change.status,
            "owner_side": change.owner_side,
            "not_needed_reason": change.not_needed_reason
            if change.status == PlanItemStatus.NOT_NEEDED
            else "",
            "due_on": change.due_on,
            "place": change.place,
            "happens_on": change.happens_on,
            "happens_at": change.happens_at,
            "contact": change.contact,
            "detail": change.detail,
            "appointment_id": appointment.pk if appointment else None,
            "referral_id": appointment.referral_id if appointment else None,
        }
        changed = [name for name, value in values.items() if getattr(item, name) != value]
        for name, value in values.items():
            setattr(item, name, value)
        item.updated_by = actor
        item.save()
        audit.record(
            actor=actor,
            verb=AuditVerb.RELEASE_PLAN_ITEM_UPDATED,
            target=item,
            payload={
                "person": str(person.pk),
                "episode": str(item.episode_id),
                "kind": item.kind,
                "status": item.status,
                "fields": changed,
            },
        )
    return item
