"""The MHTR register: what each role sees, filters by area and provider, and a constant query count."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.continuity.orders import selectors
from throughcare.continuity.tests.helpers import community_order
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.geography.models import Pdu, ProbationRegion
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.tests.helpers import service_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def leeds():
    region = ProbationRegion.objects.create(code="N01", name="Yorkshire and the Humber")
    return Pdu.objects.create(code="N01LDS", name="Leeds", region=region)


def _mhtr(practitioner, service, **order):
    person = person_in(practitioner.current_organisation)
    return community_order(practitioner, person, service=service, **order).requirements.get()


def test_a_practitioner_sees_the_requirements_of_people_in_their_teams(practitioner, make_user, service):
    mine = _mhtr(practitioner, service)
    _mhtr(make_user(Role.PRACTITIONER), service)
    rows = selectors.register_for(practitioner).object_list
    assert [row.requirement for row in rows] == [mine]


def test_a_provider_sees_the_requirements_it_treats(practitioner, caseworker, service, make_user):
    treated = _mhtr(practitioner, service)
    _mhtr(practitioner, service_of(make_user(Role.PROVIDER_CASEWORKER).current_organisation))
    assert [row.requirement for row in selectors.register_for(caseworker).object_list] == [treated]


def test_the_register_lists_only_mental_health_requirements(practitioner, service):
    person = person_in(practitioner.current_organisation)
    community_order(practitioner, person, service=service, kinds=("mhtr_primary", "drr", "atr"))
    assert [row.requirement.kind for row in selectors.register_for(practitioner).object_list] == [
        "mhtr_primary"
    ]


def test_waiting_days_run_from_order_to_first_appointment(practitioner, service):
    _mhtr(practitioner, service, first_appointment_on=date(2025, 10, 22))
    assert selectors.register_for(practitioner).object_list[0].waiting_days == 21


def test_filtering_by_area_uses_the_orders_delivery_unit(practitioner, service, leeds):
    person = person_in(practitioner.current_organisation)
    from throughcare.continuity.custody.services import probation_record_change

    probation_record_change(actor=practitioner, person=person, changed_on=date(2025, 1, 1), pdu=leeds)
    in_leeds = community_order(practitioner, person, service=service).requirements.get()
    _mhtr(practitioner, service)
    rows = selectors.register_for(practitioner, area="N01LDS").object_list
    assert [row.requirement for row in rows] == [in_leeds]
    assert rows[0].area == "Leeds"


def test_filtering_by_area_includes_services_covering_it(practitioner, caseworker, leeds):
    covering = service_of(caseworker.current_organisation)
    covering.pdus.add(leeds)
    found = _mhtr(practitioner, covering)
    _mhtr(practitioner, service_of(caseworker.current_organisation))
    assert [row.requirement for row in selectors.register_for(practitioner, area="N01LDS").object_list] == [
        found
    ]


def test_filtering_by_provider(practitioner, caseworker, make_user, service):
    other = make_user(Role.PROVIDER_CASEWORKER).current_organisation
    _mhtr(practitioner, service)
    theirs = _mhtr(practitioner, service_of(other))
    rows = selectors.register_for(practitioner, provider=str(other.pk)).object_list
    assert [row.requirement for row in rows] == [theirs]
    assert selectors.register_for(practitioner, provider="not-an-id").object_list == []


def test_the_register_read_is_audited_by_requirement(practitioner, service):
    requirement = _mhtr(practitioner, service)
    selectors.register_for(practitioner)
    event = AuditEvent.objects.filter(verb="requirement.register_viewed").last()
    assert event.payload["requirements"] == [str(requirement.pk)]


def test_the_register_page_takes_the_same_queries_for_one_row_or_many(
    practitioner, service, django_assert_num_queries
):
    client = Client()
    client.force_login(practitioner)
    _mhtr(practitioner, service)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("continuity:register")).status_code == 200
    for _ in range(6):
        _mhtr(practitioner, service)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("continuity:register"))
    assert response.content.decode().count("Change<span") == 7
