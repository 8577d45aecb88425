"""Who sees whom: the care team decides; every read is audited; merged records resolve."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people import selectors, services
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


def test_only_an_active_care_team_gives_sight(users_by_role):
    practitioner = users_by_role[Role.PRACTITIONER]
    ours = person_in(practitioner.current_organisation)
    theirs = person_in(OrganisationFactory())
    assert list(selectors.people_visible_to(practitioner)) == [ours]

    member = services.care_team_add(
        actor=None, person=theirs, organisation=practitioner.current_organisation, role="other"
    )
    assert set(selectors.people_visible_to(practitioner)) == {ours, theirs}
    services.care_team_end(actor=None, member=member)
    assert list(selectors.people_visible_to(practitioner)) == [ours]


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADMINISTRATOR])
def test_commissioners_and_administrators_see_nobody(users_by_role, role):
    user = users_by_role[role]
    person = person_in(user.current_organisation)  # even in their own organisation's team
    assert not selectors.people_visible_to(user).exists()
    with pytest.raises(Http404):
        selectors.person_for(user, person.id)


def test_person_for_audits_each_read_and_404s_outside_scope(users_by_role):
    practitioner = users_by_role[Role.PRACTITIONER]
    ours = person_in(practitioner.current_organisation)
    theirs = person_in(OrganisationFactory())
    assert selectors.person_for(practitioner, ours.id) == ours
    event = AuditEvent.objects.filter(verb="person.viewed").get()
    assert event.target_id == str(ours.id)
    assert event.actor == practitioner
    with pytest.raises(Http404):
        selectors.person_for(practitioner, theirs.id)
    assert AuditEvent.objects.filter(verb="person.viewed").count() == 1


def test_a_merged_record_resolves_to_its_survivor(users_by_role):
    practitioner = users_by_role[Role.PRACTITIONER]
    organisation = practitioner.current_organisation
    survivor, merged = person_in(organisation), person_in(organisation, crn="X222222")
    services.person_merge(actor=None, survivor=survivor, merged=merged)
    assert selectors.person_for(practitioner, merged.id) == survivor
    event = AuditEvent.objects.filter(verb="person.viewed").get()
    assert event.payload == {"requested": str(merged.id)}
    assert selectors.people_with_identifier(practitioner, "x222222") == [survivor]


def test_search_by_name_alias_and_identifier(users_by_role):
    practitioner = users_by_role[Role.PRACTITIONER]
    organisation = practitioner.current_organisation
    ada = person_in(
        organisation, given_names="Ada", family_name="Lovelace", aliases=["Countess"], crn="X333333"
    )
    person_in(organisation, given_names="Alan", family_name="Turing")
    assert list(selectors.people_page_for(practitioner, query="lovelace ada")) == [ada]
    assert list(selectors.people_page_for(practitioner, query="countess")) == [ada]
    assert list(selectors.people_page_for(practitioner, query="x333333")) == [ada]
    event = AuditEvent.objects.filter(verb="person.listed").last()
    assert event.payload["person_ids"] == [str(ada.id)]
    assert "X333333" not in str(event.payload)


def test_listing_takes_the_same_number_of_queries_however_many_people(users_by_role):
    practitioner = users_by_role[Role.PRACTITIONER]
    organisation = practitioner.current_organisation

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = selectors.people_page_for(practitioner)
            [person.leads[0].organisation.name for person in page.object_list]
        return len(captured)

    person_in(organisation)
    few = count()
    for _ in range(10):
        person_in(organisation)
    assert count() == few
