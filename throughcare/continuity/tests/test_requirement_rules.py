"""A requirement's and a licence condition's own rules live on their models (their codes, what their
order takes, a treating provider, dates in order, what starting and "another condition" need), so
`full_clean()` checks them and the page and the API give the same words; the services add only
whether a service id names a service and which status moves the lifecycle allows."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from throughcare.continuity.field_rules import (
    CONDITION_KIND_MESSAGE,
    REQUIREMENT_KIND_MESSAGE,
    REQUIREMENT_STATUS_MESSAGE,
    START_NEEDS_FIRST_APPOINTMENT,
)
from throughcare.continuity.models import LicenceCondition, Order, Requirement
from throughcare.continuity.orders.services import order_create
from throughcare.continuity.tests.helpers import community_order
from throughcare.continuity.tests.rules_helpers import api_body, api_errors, page_data, page_errors
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db

ORDER_START = date(2025, 10, 1)  # the start of `community_order`'s order
NEEDS_PROVIDER = (
    "A mental health treatment requirement (primary care) needs a treating provider: choose the service"
)
ON_A_LICENCE = "A licence has licence conditions, not requirements"


def _licence(practitioner, person):
    return order_create(actor=practitioner, person=person, kind="licence", starts_on=ORDER_START)


def _order(practitioner, order_kind):
    person = person_in(practitioner.current_organisation)
    return (
        _licence(practitioner, person)
        if order_kind == "licence"
        else community_order(practitioner, person, kinds=("rar",))
    )


REQUIREMENT_CASES = [
    ("community_order", {"kind": "curfew"}, {"kind": REQUIREMENT_KIND_MESSAGE}),
    ("community_order", {"kind": "mhtr_primary"}, {"service_id": NEEDS_PROVIDER}),
    (
        "community_order",
        {"kind": "rar", "ordered_on": date(2025, 9, 1)},
        {"ordered_on": "The requirement cannot start before its order"},
    ),
    (
        "community_order",
        {
            "kind": "rar",
            "ordered_on": date(2025, 10, 5),
            "first_appointment_on": date(2025, 10, 2),
            "ends_on": date(2025, 10, 3),
        },
        {
            "first_appointment_on": "The first appointment must be on or after the order date",
            "ends_on": "The requirement must end on or after it starts",
        },
    ),
    ("licence", {"kind": "rar"}, {"kind": ON_A_LICENCE}),
]


@pytest.mark.parametrize(("order_kind", "answers", "expected"), REQUIREMENT_CASES)
def test_adding_a_requirement_on_the_page_gives_the_models_words(practitioner, order_kind, answers, expected):
    order = _order(practitioner, order_kind)
    before = Requirement.objects.count()
    errors = page_errors(practitioner, "requirement-add", {"order_id": order.pk}, page_data(answers))
    assert errors == expected
    assert Requirement.objects.count() == before


@pytest.mark.parametrize(("order_kind", "answers", "expected"), REQUIREMENT_CASES)
def test_an_order_with_a_requirement_through_the_api_gives_the_models_words(
    practitioner, order_kind, answers, expected
):
    person = person_in(practitioner.current_organisation)
    body = {"kind": order_kind, "starts_on": ORDER_START.isoformat(), "requirements": [api_body(answers)]}
    assert api_errors(practitioner, f"people/{person.pk}/orders", body) == expected
    assert not Order.objects.exists()


STATUS_CASES = [
    ({"status": "finished"}, {"status": REQUIREMENT_STATUS_MESSAGE}),
    ({"status": "active"}, {"first_appointment_on": START_NEEDS_FIRST_APPOINTMENT}),
    (
        {"status": "active", "first_appointment_on": date(2025, 9, 1)},
        {"first_appointment_on": "The first appointment must be on or after the order date"},
    ),
]


def _awaiting_start(practitioner):
    person = person_in(practitioner.current_organisation)
    return community_order(practitioner, person, kinds=("rar",)).requirements.get()


@pytest.mark.parametrize(("answers", "expected"), STATUS_CASES)
def test_a_status_change_on_the_page_gives_the_models_words(practitioner, answers, expected):
    requirement = _awaiting_start(practitioner)
    kwargs = {"requirement_id": requirement.pk}
    assert page_errors(practitioner, "requirement-status", kwargs, page_data(answers)) == expected
    requirement.refresh_from_db()
    assert (requirement.status, requirement.first_appointment_on) == ("awaiting_start", None)


@pytest.mark.parametrize(("answers", "expected"), STATUS_CASES)
def test_a_status_change_through_the_api_gives_the_models_words(practitioner, answers, expected):
    requirement = _awaiting_start(practitioner)
    assert api_errors(practitioner, f"requirements/{requirement.pk}/status", api_body(answers)) == expected
    requirement.refresh_from_db()
    assert (requirement.status, requirement.first_appointment_on) == ("awaiting_start", None)


CONDITION_CASES = [
    ("licence", {"kind": "curfew"}, {"kind": CONDITION_KIND_MESSAGE}),
    ("licence", {"kind": "other_health"}, {"detail": "Say what the condition is"}),
    # Which order it is on is named before which condition: a community order takes none.
    (
        "community_order",
        {"kind": "curfew"},
        {"kind": "A community order has requirements, not licence conditions"},
    ),
]


@pytest.mark.parametrize(("order_kind", "answers", "expected"), CONDITION_CASES)
def test_a_licence_condition_on_the_page_gives_the_models_words(practitioner, order_kind, answers, expected):
    order = _order(practitioner, order_kind)
    assert page_errors(practitioner, "condition-add", {"order_id": order.pk}, answers) == expected
    assert not LicenceCondition.objects.exists()


@pytest.mark.parametrize(("order_kind", "answers", "expected"), CONDITION_CASES)
def test_a_licence_condition_through_the_api_gives_the_models_words(
    practitioner, order_kind, answers, expected
):
    order = _order(practitioner, order_kind)
    assert api_errors(practitioner, f"orders/{order.pk}/licence-conditions", answers) == expected
    assert not LicenceCondition.objects.exists()


def test_the_rules_are_the_requirements_own():
    order = Order(kind="licence", starts_on=ORDER_START)
    requirement = Requirement(
        order=order,
        kind="mhtr_primary",
        status="active",
        ordered_on=date(2025, 9, 1),
        ends_on=date(2025, 8, 1),
    )
    with pytest.raises(ValidationError) as refused:
        requirement.full_clean(exclude=["order"])
    assert refused.value.message_dict == {
        "kind": [ON_A_LICENCE],
        "service": [NEEDS_PROVIDER],
        "ordered_on": ["The requirement cannot start before its order"],
        "first_appointment_on": [START_NEEDS_FIRST_APPOINTMENT],
        "ends_on": ["The requirement must end on or after it starts"],
    }


def test_the_rules_are_the_licence_conditions_own():
    condition = LicenceCondition(order=Order(kind="licence", starts_on=ORDER_START), kind="other_health")
    with pytest.raises(ValidationError) as refused:
        condition.full_clean(exclude=["order"])
    assert refused.value.message_dict == {"detail": ["Say what the condition is"]}
