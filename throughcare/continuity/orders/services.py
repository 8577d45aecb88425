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
    STATUS_MOVES,
    EventKind,
    RequirementStatus,
)
from throughcare.continuity.custody.services import current_pdu
from throughcare.continuity.models import JourneyEvent, LicenceCondition, Order, Requirement
from throughcare.continuity.scope import require_journey_writer
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, has_permission
from throughcare.core.validation import model_errors, ranked
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


def _requirement(order: Order, details: RequirementDetails) -> Requirement:
    """The requirement as it would be recorded: its provider defaults to its service's owner, its
    date to its order's start, and it is active once it has a first appointment."""
    service = _service(details.service_id)
    provider = details.provider_organisation
    if provider is None and service is not None:
        provider = service.organisation.owner
    return Requirement(
        order=order,
        kind=details.kind,
        service=service,
        provider_organisation=provider,
        status=RequirementStatus.ACTIVE if details.first_appointment_on else RequirementStatus.AWAITING_START,
        # None only when the order has no start, which is refused with the order's own message.
        ordered_on=details.ordered_on or order.starts_on,
        ends_on=details.ends_on,
        first_appointment_on=details.first_appointment_on,
    )


def _requirement_errors(requirement: Requirement, details: RequirementDetails, prefix: str = "") -> dict:
    """The requirement's own rules are the model's (its kind, what its order takes, a treating
    provider, its dates in order); a service id that names no service is the request's."""
    errors = model_errors(
        requirement,
        exclude=[
            "order",
            "service",
            "provider_organisation",
            *(["ordered_on"] if not requirement.ordered_on else []),
        ],
        rename={"service": "service_id"},
    )
    if details.service_id and requirement.service is None:
        errors["service_id"] = "No service has this id"
    order = ["kind", "service_id", "ordered_on", "first_appointment_on", "ends_on"]
    return {f"{prefix}{name}": message for name, message in ranked(errors, order).items()}


def _create_requirement(*, actor, requirement: Requirement) -> Requirement:
    requirement.save()
    order = requirement.order
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
    planned = [_requirement(order, details) for details in requirements]
    for index, (requirement, details) in enumerate(zip(planned, requirements, strict=True)):
        prefix = f"requirements.{index}." if len(requirements) > 1 else ""
        errors.update(_requirement_errors(requirement, details, prefix))
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
        for requirement in planned:
            _create_requirement(actor=actor, requirement=requirement)
    return order


def requirement_add(*, actor, order: Order, details: RequirementDetails) -> Requirement:
    require_journey_writer(actor, order.person)
    requirement = _requirement(order, details)
    if errors := _requirement_errors(requirement, details):
        raise ValidationError(errors)
    with transaction.atomic():
        return _create_requirement(actor=actor, requirement=requirement)


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
    current, recorded_first = requirement.status, requirement.first_appointment_on
    first = first_appointment_on or recorded_first
    requirement.status, requirement.first_appointment_on = status, first
    # The status code and what "active" needs are the model's; which moves are allowed is the lifecycle's.
    errors = model_errors(requirement, only=["status", "first_appointment_on"])
    if "status" not in errors and status not in STATUS_MOVES[current]:
        allowed = ", ".join(RequirementStatus(s).label.lower() for s in sorted(STATUS_MOVES[current]))
        errors["status"] = (
            f"A requirement that is {RequirementStatus(current).label.lower()} cannot become "
            f"{RequirementStatus(status).label.lower()}" + (f": it can become {allowed}" if allowed else "")
        )
    if errors:
        requirement.status, requirement.first_appointment_on = current, recorded_first
        raise ValidationError(ranked(errors, ["status", "first_appointment_on"]))
    with transaction.atomic():
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
    service = _service(service_id)
    condition = LicenceCondition(order=order, kind=kind, detail=(detail or "").strip(), service=service)
    # The condition's own rules (its kind, what its order takes, what "another condition" needs) are
    # the model's; a service id that names no service is the request's.
    errors = model_errors(condition, exclude=["order", "service"])
    if service_id and service is None:
        errors["service_id"] = "No service has this id"
    if errors:
        raise ValidationError(ranked(errors, ["kind", "service_id", "detail"]))
    with transaction.atomic():
        condition.save()
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
