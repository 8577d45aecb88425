"""Orders, their requirements and licence conditions: recorded, and requirements moved through their
statuses. Each function validates everything first and writes in one transaction with its journey
and audit events, so an order whose requirement is refused is not recorded either.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from throughcare.continuity.choices import (
    NEEDS_TREATING_PROVIDER,
    ORDERS_WITH_CONDITIONS,
    ORDERS_WITH_REQUIREMENTS,
    STATUS_MOVES,
    EventKind,
    LicenceConditionKind,
    OrderKind,
    RequirementKind,
    RequirementStatus,
)
from throughcare.continuity.custody.services import current_pdu
from throughcare.continuity.models import JourneyEvent, LicenceCondition, Order, Requirement
from throughcare.continuity.scope import require_journey_writer
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, has_permission
from throughcare.core.validation import model_errors
from throughcare.directory.models import Service
from throughcare.people.selectors import people_visible_to

if TYPE_CHECKING:
    from throughcare.accounts.models import Organisation


@dataclass
class RequirementDetails:
    kind: str
    service_id: str | None = None
    provider_organisation: "Organisation | None" = None
    ordered_on: date | None = None
    ends_on: date | None = None
    first_appointment_on: date | None = None


def _service(service_id):
    if not service_id:
        return None
    return Service.objects.select_related("organisation").filter(pk=service_id).first()


def _requirement_errors(details: RequirementDetails, order_kind: str, starts_on, prefix: str = "") -> dict:
    errors = {}
    if order_kind and order_kind not in ORDERS_WITH_REQUIREMENTS:
        errors[f"{prefix}kind"] = (
            f"A {OrderKind(order_kind).label.lower()} has licence conditions, not requirements"
        )
    if details.kind not in RequirementKind.values:
        errors[f"{prefix}kind"] = "Choose the kind of requirement: " + ", ".join(RequirementKind.values)
    if details.service_id and _service(details.service_id) is None:
        errors[f"{prefix}service_id"] = "No service has this id"
    elif (
        details.kind in NEEDS_TREATING_PROVIDER
        and not details.service_id
        and not details.provider_organisation
    ):
        errors[f"{prefix}service_id"] = (
            f"A {RequirementKind(details.kind).label.lower()} needs a treating provider: choose the service"
        )
    ordered_on = details.ordered_on or starts_on
    if ordered_on and starts_on and ordered_on < starts_on:
        errors[f"{prefix}ordered_on"] = "The requirement cannot start before its order"
    if ordered_on and details.first_appointment_on and details.first_appointment_on < ordered_on:
        errors[f"{prefix}first_appointment_on"] = "The first appointment must be on or after the order date"
    if ordered_on and details.ends_on and details.ends_on < ordered_on:
        errors[f"{prefix}ends_on"] = "The requirement must end on or after it starts"
    return errors


def _create_requirement(*, actor, order: Order, details: RequirementDetails) -> Requirement:
    service = _service(details.service_id)
    provider = details.provider_organisation
    if provider is None and service is not None:
        provider = service.organisation.owner
    requirement = Requirement.objects.create(
        order=order,
        kind=details.kind,
        service=service,
        provider_organisation=provider,
        status=RequirementStatus.ACTIVE if details.first_appointment_on else RequirementStatus.AWAITING_START,
        ordered_on=details.ordered_on or order.starts_on,
        ends_on=details.ends_on,
        first_appointment_on=details.first_appointment_on,
    )
    event = JourneyEvent.objects.create(
        person=order.person,
        kind=EventKind.REQUIREMENT_ADDED,
        occurred_on=requirement.ordered_on,
        order=order,
        requirement=requirement,
        recorded_by=actor,
        detail={"kind": requirement.kind, "provider": requirement.provider_name},
    )
    audit.record(
        actor=actor,
        verb=AuditVerb.REQUIREMENT_ADDED,
        target=requirement,
        payload={"order": str(order.pk), "event": str(event.pk), "kind": requirement.kind},
    )
    return requirement


def order_create(
    *,
    actor,
    person,
    kind: str,
    starts_on: date | None,
    ends_on: date | None = None,
    issued_by: str = "",
    episode=None,
    pdu=None,
    requirements: Sequence[RequirementDetails] = (),
) -> Order:
    """An order (with any requirements, all or none) for the person; its unit defaults to theirs."""
    require_journey_writer(actor, person)
    order = Order(
        person=person,
        kind=kind,
        # None is refused by `full_clean()` with its message, before anything is saved.
        starts_on=starts_on,  # type: ignore[misc]
        ends_on=ends_on,
        issued_by=(issued_by or "").strip(),
        episode=episode,
    )
    # The order's own rules (its kind, dates and lengths) are the model's; whose episode it follows
    # and its requirements' rules are checked here.
    errors: dict[str, str] = model_errors(
        order, exclude=["person", "episode", "pdu"], order=["kind", "starts_on", "ends_on"]
    )
    if episode is not None and episode.person_id != person.pk:
        errors["episode_id"] = "That custody episode is someone else's"
    for index, details in enumerate(requirements):
        prefix = f"requirements.{index}." if len(requirements) > 1 else ""
        errors.update(
            _requirement_errors(details, kind if kind in OrderKind.values else "", starts_on, prefix)
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        order.pdu = pdu or current_pdu(person)
        order.save()
        event = JourneyEvent.objects.create(
            person=person,
            kind=EventKind.ORDER_MADE,
            occurred_on=order.starts_on,
            order=order,
            recorded_by=actor,
            detail={"kind": kind},
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.ORDER_CREATED,
            target=order,
            payload={"person": str(person.pk), "event": str(event.pk), "kind": kind},
        )
        for details in requirements:
            _create_requirement(actor=actor, order=order, details=details)
    return order


def requirement_add(*, actor, order: Order, details: RequirementDetails) -> Requirement:
    require_journey_writer(actor, order.person)
    errors = _requirement_errors(details, order.kind, order.starts_on)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return _create_requirement(actor=actor, order=order, details=details)


def require_requirement_editor(actor, requirement: Requirement) -> None:
    """The person's team (planning releases) or the treating provider may change a requirement's status.

    403 for roles that can do neither; 404 for anyone else, so the requirement is not revealed.
    """
    if actor is None:
        return
    plans = has_permission(actor, Permission.PLAN_RELEASES)
    treats = has_permission(actor, Permission.RECEIVE_REFERRALS)
    if not (plans or treats):
        raise PermissionDenied("Your role does not allow this.")
    if treats and requirement.provider_organisation_id == actor.current_organisation_id:
        return
    if plans and people_visible_to(actor).filter(pk=requirement.order.person_id).exists():
        return
    raise Http404("No such requirement.")


def requirement_set_status(
    *, actor, requirement: Requirement, status: str, first_appointment_on: date | None = None
) -> Requirement:
    """Move a requirement to another status; starting it needs the date of the first appointment."""
    require_requirement_editor(actor, requirement)
    current = requirement.status
    errors = {}
    if status not in RequirementStatus.values:
        errors["status"] = "Choose a status: " + ", ".join(RequirementStatus.values)
    elif status not in STATUS_MOVES[current]:
        allowed = ", ".join(RequirementStatus(s).label.lower() for s in sorted(STATUS_MOVES[current]))
        errors["status"] = (
            f"A requirement that is {RequirementStatus(current).label.lower()} cannot become "
            f"{RequirementStatus(status).label.lower()}" + (f": it can become {allowed}" if allowed else "")
        )
    first = first_appointment_on or requirement.first_appointment_on
    if status == RequirementStatus.ACTIVE and first is None:
        errors["first_appointment_on"] = "Enter the date of the first appointment to start the requirement"
    elif first and first < requirement.ordered_on:
        errors["first_appointment_on"] = "The first appointment must be on or after the order date"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        requirement.status = status
        requirement.first_appointment_on = first
        requirement.save(update_fields=["status", "first_appointment_on", "updated_at"])
        event = JourneyEvent.objects.create(
            person_id=requirement.order.person_id,
            kind=EventKind.REQUIREMENT_STATUS_CHANGED,
            occurred_on=first if status == RequirementStatus.ACTIVE and first else timezone.localdate(),
            order_id=requirement.order_id,
            requirement=requirement,
            recorded_by=actor,
            detail={"from": current, "to": status},
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.REQUIREMENT_STATUS_CHANGED,
            target=requirement,
            payload={"from": current, "to": status, "event": str(event.pk)},
        )
    return requirement


def licence_condition_add(
    *, actor, order: Order, kind: str, detail: str = "", service_id=None
) -> LicenceCondition:
    """A health-relevant condition of a licence or post-sentence supervision."""
    require_journey_writer(actor, order.person)
    errors = {}
    if order.kind not in ORDERS_WITH_CONDITIONS:
        errors["kind"] = f"A {order.get_kind_display().lower()} has requirements, not licence conditions"
    elif kind not in LicenceConditionKind.values:
        errors["kind"] = "Choose the condition: " + ", ".join(LicenceConditionKind.values)
    service = _service(service_id)
    if service_id and service is None:
        errors["service_id"] = "No service has this id"
    if kind == LicenceConditionKind.OTHER_HEALTH and not (detail or "").strip():
        errors["detail"] = "Say what the condition is"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        condition = LicenceCondition.objects.create(
            order=order, kind=kind, detail=(detail or "").strip(), service=service
        )
        event = JourneyEvent.objects.create(
            person_id=order.person_id,
            kind=EventKind.LICENCE_CONDITION_ADDED,
            occurred_on=order.starts_on,
            order=order,
            recorded_by=actor,
            detail={"kind": kind},
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.LICENCE_CONDITION_ADDED,
            target=condition,
            payload={"order": str(order.pk), "event": str(event.pk), "kind": kind},
        )
    return condition
