"""An order's own rules live on its model (its kind, its start date, who issued it and its end on or
after its start), so `full_clean()` checks them; `order_create` adds whose episode it follows and its
requirements' rules."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from throughcare.continuity.choices import OrderKind
from throughcare.continuity.models import Order
from throughcare.continuity.orders import services
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db

KIND_MESSAGE = "Choose the kind of order: " + ", ".join(OrderKind.values)
ISSUER_MESSAGE = "The court or issuing authority must be 200 characters or fewer"


def test_the_rules_are_the_orders_own():
    order = Order(kind="caution", starts_on=date(2026, 3, 1), ends_on=date(2026, 2, 1), issued_by="C" * 201)
    with pytest.raises(ValidationError) as refused:
        order.full_clean(exclude=["person", "episode", "pdu"], validate_constraints=False)
    assert refused.value.message_dict == {
        "kind": [KIND_MESSAGE],
        "issued_by": [ISSUER_MESSAGE],
        "ends_on": ["The order must end on or after the date it starts"],
    }


def test_a_missing_start_is_asked_for():
    with pytest.raises(ValidationError) as refused:
        Order(kind=OrderKind.values[0]).full_clean(exclude=["person", "episode", "pdu"])
    assert refused.value.message_dict == {"starts_on": ["Enter the date the order starts"]}


def test_order_create_refuses_an_overlong_issuer_and_records_nothing(practitioner):
    person = person_in(practitioner.current_organisation)
    with pytest.raises(ValidationError) as refused:
        services.order_create(
            actor=practitioner,
            person=person,
            kind=OrderKind.values[0],
            starts_on=date(2026, 1, 5),
            issued_by="C" * 201,
        )
    assert refused.value.message_dict == {"issued_by": [ISSUER_MESSAGE]}
    assert not Order.objects.exists()
