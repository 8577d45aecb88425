"""Orders, requirements and licence conditions: every refusal, all-or-nothing, and their events."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from throughcare.continuity.models import JourneyEvent, LicenceCondition, Order, Requirement
from throughcare.continuity.orders import services as orders
from throughcare.continuity.orders.services import RequirementDetails
from throughcare.continuity.tests.helpers import community_order
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(practitioner):
    return person_in(practitioner.current_organisation)


def _errors(excinfo):
    return excinfo.value.message_dict


def test_an_order_with_requirements_records_events_and_audit(practitioner, person, service):
    order = community_order(practitioner, person, service=service, kinds=("mhtr_secondary", "drr"))
    requirement = order.requirements.get(kind="drr")
    assert requirement.provider_organisation == service.organisation.owner
    assert requirement.status == "awaiting_start"
    assert JourneyEvent.objects.filter(order=order).count() == 3
    assert AuditEvent.objects.filter(verb="requirement.added").count() == 2


def test_mhtr_with_drr_is_dual_diagnosis(practitioner, person, service):
    assert community_order(
        practitioner, person, service=service, kinds=("mhtr_primary", "drr")
    ).is_dual_diagnosis
    assert not community_order(
        practitioner, person, service=service, kinds=("mhtr_primary",)
    ).is_dual_diagnosis


@pytest.mark.parametrize("kind", ["mhtr_primary", "mhtr_secondary", "drr", "atr"])
def test_a_treatment_requirement_without_a_provider_is_refused(practitioner, person, kind):
    with pytest.raises(ValidationError) as excinfo:
        community_order(practitioner, person, kinds=(kind,))
    assert "needs a treating provider" in _errors(excinfo)["service_id"][0]
    assert not Order.objects.exists()
    assert not JourneyEvent.objects.exists()


def test_a_rehabilitation_activity_requirement_needs_no_provider(practitioner, person):
    assert community_order(practitioner, person, kinds=("rar",)).requirements.get().provider_name == ""


def test_an_order_ending_before_it_starts_is_refused(practitioner, person):
    with pytest.raises(ValidationError) as excinfo:
        orders.order_create(
            actor=practitioner,
            person=person,
            kind="community_order",
            starts_on=date(2025, 5, 1),
            ends_on=date(2025, 4, 1),
        )
    assert "end on or after" in _errors(excinfo)["ends_on"][0]


def test_an_unknown_order_kind_is_refused(practitioner, person):
    with pytest.raises(ValidationError) as excinfo:
        orders.order_create(actor=practitioner, person=person, kind="caution", starts_on=date(2025, 5, 1))
    assert "Choose the kind of order" in _errors(excinfo)["kind"][0]


def test_a_licence_takes_conditions_not_requirements(practitioner, person, service):
    with pytest.raises(ValidationError) as excinfo:
        orders.order_create(
            actor=practitioner,
            person=person,
            kind="licence",
            starts_on=date(2025, 9, 1),
            requirements=[RequirementDetails(kind="drr", service_id=str(service.pk))],
        )
    assert "has licence conditions, not requirements" in _errors(excinfo)["kind"][0]


def test_a_health_licence_condition_is_recorded(practitioner, person):
    licence = orders.order_create(
        actor=practitioner, person=person, kind="licence", starts_on=date(2025, 9, 1)
    )
    condition = orders.licence_condition_add(
        actor=practitioner, order=licence, kind="mental_health_appointments"
    )
    assert LicenceCondition.objects.get() == condition
    assert JourneyEvent.objects.filter(kind="licence_condition_added").exists()


def test_a_community_order_takes_requirements_not_conditions(practitioner, person):
    order = community_order(practitioner, person, kinds=("rar",))
    with pytest.raises(ValidationError) as excinfo:
        orders.licence_condition_add(actor=practitioner, order=order, kind="drug_testing")
    assert "has requirements, not licence conditions" in _errors(excinfo)["kind"][0]


def test_a_first_appointment_before_the_order_is_refused(practitioner, person, service):
    with pytest.raises(ValidationError) as excinfo:
        community_order(practitioner, person, service=service, first_appointment_on=date(2025, 9, 1))
    assert "on or after the order date" in _errors(excinfo)["first_appointment_on"][0]


def test_a_completed_requirement_cannot_become_active_again(practitioner, person, service):
    requirement = community_order(practitioner, person, service=service).requirements.get()
    Requirement.objects.filter(pk=requirement.pk).update(status="completed")
    requirement.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        orders.requirement_set_status(actor=practitioner, requirement=requirement, status="active")
    assert "completed cannot become active" in _errors(excinfo)["status"][0]


def test_the_treating_provider_may_record_the_first_appointment(practitioner, caseworker, person, service):
    requirement = community_order(practitioner, person, service=service).requirements.get()
    orders.requirement_set_status(
        actor=caseworker, requirement=requirement, status="active", first_appointment_on=date(2025, 10, 8)
    )
    assert Requirement.objects.get().status == "active"


def test_another_provider_cannot_change_the_requirement(practitioner, make_user, person, service):
    requirement = community_order(practitioner, person, service=service).requirements.get()
    with pytest.raises(Http404):
        orders.requirement_set_status(
            actor=make_user(Role.PROVIDER_CASEWORKER), requirement=requirement, status="breached"
        )
