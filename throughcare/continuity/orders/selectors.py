"""Reads of orders and requirements, scoped by the person's care team, and the MHTR register; all audited.

The register shows a practitioner the people they can see, and a provider the requirements its
organisation treats; commissioners and administrators get 403.
"""

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from throughcare.continuity.choices import MHTR_KINDS, RequirementStatus
from throughcare.continuity.models import Order, Requirement
from throughcare.continuity.orders.services import require_requirement_editor
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, has_permission, require_permission
from throughcare.directory.models import Service
from throughcare.people.selectors import people_visible_to, person_for

REGISTER_PAGE_SIZE = 50


def orders_of(person) -> QuerySet[Order]:
    requirements = Requirement.objects.select_related("service", "provider_organisation")
    return (
        Order.objects.filter(person=person)
        .select_related("pdu")
        .prefetch_related(Prefetch("requirements", queryset=requirements), "licence_conditions")
    )


def orders_for(user, person_id) -> list[Order]:
    require_permission(user, Permission.VIEW_PEOPLE)
    person = person_for(user, person_id)
    orders = list(orders_of(person))
    audit.record(
        actor=user,
        verb=AuditVerb.ORDER_LISTED,
        target=person,
        payload={"orders": [str(o.pk) for o in orders]},
    )
    return orders


def order_for(user, order_id) -> Order:
    """An order of a person in the user's team 404 otherwise. The person read is audited."""
    require_permission(user, Permission.VIEW_PEOPLE)
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        raise Http404("No such order.")
    order.person = person_for(user, order.person_id)
    return order


def requirement_for(user, requirement_id) -> Requirement:
    """A requirement the user may update: in their team's person, or treated by their organisation."""
    requirement = (
        Requirement.objects.select_related("order__person", "service", "provider_organisation")
        .filter(pk=requirement_id)
        .first()
    )
    if requirement is None:
        if not (
            has_permission(user, Permission.PLAN_RELEASES)
            or has_permission(user, Permission.RECEIVE_REFERRALS)
        ):
            raise PermissionDenied("Your role does not allow this.")
        raise Http404("No such requirement.")
    require_requirement_editor(user, requirement)
    audit.record(actor=user, verb=AuditVerb.REQUIREMENT_VIEWED, target=requirement)
    return requirement


@dataclass
class RegisterRow:
    requirement: Requirement
    person: object
    area: str
    provider: str
    waiting_days: int


def _register_scope(user) -> QuerySet[Requirement]:
    rows = Requirement.objects.filter(kind__in=MHTR_KINDS)
    if has_permission(user, Permission.PLAN_RELEASES):
        return rows.filter(order__person__in=people_visible_to(user))
    if has_permission(user, Permission.RECEIVE_REFERRALS):
        return rows.filter(provider_organisation_id=user.current_organisation_id)
    raise PermissionDenied("Your role does not see the MHTR register.")


def _as_uuid(value: str):
    try:
        return UUID(str(value))
    except ValueError:
        return None


def register_queryset(user, *, area: str = "", provider: str = "", status: str = "") -> QuerySet[Requirement]:
    rows = _register_scope(user)
    if area:
        covering = Service.pdus.through.objects.filter(service_id=OuterRef("service_id"), pdu_id=area)
        rows = rows.filter(Q(order__pdu_id=area) | Exists(covering))
    if provider:
        provider_id = _as_uuid(provider)
        rows = (
            rows.filter(Q(provider_organisation_id=provider_id) | Q(service_id=provider_id))
            if provider_id
            else rows.none()
        )
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("order__person", "order__pdu", "service", "provider_organisation").order_by(
        "ordered_on", "id"
    )


def register_for(user, *, area: str = "", provider: str = "", status: str = "", page_number=1) -> Page:
    """One page of MHTR requirements the user may see, filtered by area (PDU code), provider and status.

    The page's rows come in one query however many there are; the read is audited by requirement id.
    """
    queryset = register_queryset(user, area=area, provider=provider, status=status)
    page = Paginator(queryset, REGISTER_PAGE_SIZE).get_page(page_number)
    today = timezone.localdate()
    rows = [
        RegisterRow(
            requirement=r,
            person=r.order.person,
            area=r.order.pdu.name if r.order.pdu_id else "",
            provider=r.provider_name,
            waiting_days=r.waiting_days(today),
        )
        for r in page.object_list
    ]
    page.object_list = rows  # type: ignore[assignment]  # the page shows rows, not requirements
    audit.record(
        actor=user,
        verb=AuditVerb.REQUIREMENT_REGISTER_VIEWED,
        target_type="continuity.requirement",
        payload={
            "filtered": bool(area or provider or status),
            "page": page.number,
            "requirements": [str(row.requirement.pk) for row in rows],
        },
    )
    return page


def register_providers(user) -> list[tuple[str, str]]:
    """The treating organisations on the register the user sees, for the filter (one query)."""
    rows = (
        _register_scope(user)
        .filter(provider_organisation__isnull=False)
        .values_list("provider_organisation_id", "provider_organisation__name")
        .distinct()
        .order_by("provider_organisation__name")
    )
    return [(str(pk), name) for pk, name in rows]


STATUS_CHOICES = RequirementStatus.choices
