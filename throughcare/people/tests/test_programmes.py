"""The other programmes a person is in: recorded and ended by their team, audited, shown on their
record as a summary list (current and past, so overlap shows) and read over the API."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from throughcare.accounts.services import token_issue
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people.models import Programme, ProgrammeMembership
from throughcare.people.programmes import programme_end, programme_start
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
TOMORROW = TODAY + timedelta(days=1)


@pytest.fixture
def practitioner(make_user):
    return make_user(Role.PRACTITIONER)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_programme_has_a_plain_name():
    assert {code for code, _name in Programme.choices} == {
        "iom",
        "cfo_evolution",
        "crs_personal_wellbeing",
        "liaison_and_diversion",
        "out_of_court_disposal",
    }
    assert all(name and name[0].isupper() for _code, name in Programme.choices)


def test_a_programme_is_started_then_ended_and_each_is_audited(practitioner):
    person = person_in(practitioner.current_organisation)
    membership = programme_start(
        actor=practitioner, person=person, programme="iom", started_on=date(2026, 1, 5)
    )
    assert membership.recorded_by_organisation == practitioner.current_organisation
    assert membership.is_current
    programme_end(actor=practitioner, membership=membership, ended_on=TODAY)
    membership.refresh_from_db()
    assert membership.ended_on == TODAY
    verbs = AuditEvent.objects.filter(target_id=str(person.pk)).values_list("verb", flat=True)
    assert {"person.programme_started", "person.programme_ended"} <= set(verbs)


@pytest.mark.parametrize(
    ("programme", "started_on", "field", "message"),
    [
        ("", TODAY, "programme", "Choose a programme from the list"),
        ("probation_hostel", TODAY, "programme", "Choose a programme from the list"),
        ("iom", None, "started_on", "Enter the date they started the programme"),
        ("iom", TOMORROW, "started_on", "The date must be today or in the past"),
    ],
)
def test_bad_starts_are_refused_with_nothing_written(practitioner, programme, started_on, field, message):
    person = person_in(practitioner.current_organisation)
    with pytest.raises(ValidationError) as caught:
        programme_start(actor=practitioner, person=person, programme=programme, started_on=started_on)
    assert caught.value.message_dict[field] == [message]
    assert not ProgrammeMembership.objects.exists()
    assert not AuditEvent.objects.filter(verb="person.programme_started").exists()


def test_a_second_current_record_of_the_same_programme_is_refused(practitioner):
    person = person_in(practitioner.current_organisation)
    programme_start(actor=practitioner, person=person, programme="cfo_evolution", started_on=TODAY)
    with pytest.raises(ValidationError) as caught:
        programme_start(actor=practitioner, person=person, programme="cfo_evolution", started_on=TODAY)
    assert "already in this programme" in caught.value.message_dict["programme"][0]
    assert ProgrammeMembership.objects.count() == 1
    # A different programme at the same time is the overlap the record is for.
    programme_start(actor=practitioner, person=person, programme="iom", started_on=TODAY)
    assert ProgrammeMembership.objects.count() == 2


@pytest.mark.parametrize(
    ("ended_on", "message"),
    [
        (None, "Enter the date they left the programme"),
        (TOMORROW, "The date must be today or in the past"),
        (date(2025, 12, 31), "The end date must be the same as or after the start date"),
    ],
)
def test_bad_ends_are_refused_with_nothing_written(practitioner, ended_on, message):
    person = person_in(practitioner.current_organisation)
    membership = programme_start(
        actor=practitioner, person=person, programme="iom", started_on=date(2026, 1, 5)
    )
    with pytest.raises(ValidationError) as caught:
        programme_end(actor=practitioner, membership=membership, ended_on=ended_on)
    assert caught.value.message_dict["ended_on"] == [message]
    membership.refresh_from_db()
    assert membership.ended_on is None
    assert not AuditEvent.objects.filter(verb="person.programme_ended").exists()


def test_an_ended_record_cannot_be_ended_again(practitioner):
    person = person_in(practitioner.current_organisation)
    membership = programme_start(
        actor=practitioner, person=person, programme="iom", started_on=date(2026, 1, 5)
    )
    programme_end(actor=practitioner, membership=membership, ended_on=TODAY)
    with pytest.raises(ValidationError) as caught:
        programme_end(actor=practitioner, membership=membership, ended_on=TODAY)
    assert caught.value.message_dict["ended_on"] == ["This programme record has already ended"]


def test_the_pages_record_and_end_a_programme_and_the_record_shows_both(practitioner):
    person = person_in(practitioner.current_organisation)
    client = signed_in(practitioner)
    add = reverse("people:programme-add", kwargs={"person_id": person.pk})
    refused = client.post(add, {"started_on_day": "", "started_on_month": "", "started_on_year": ""})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "Choose a programme from the list" in html
    assert "Enter the date they started the programme" in html
    made = client.post(
        add,
        {"programme": "iom", "started_on_day": "5", "started_on_month": "1", "started_on_year": "2026"},
    )
    assert made.status_code == 302
    client.post(
        add,
        {
            "programme": "cfo_evolution",
            "started_on_day": "2",
            "started_on_month": "2",
            "started_on_year": "2026",
        },
    )
    cfo = ProgrammeMembership.objects.get(programme="cfo_evolution")
    end = reverse("people:programme-end", kwargs={"person_id": person.pk, "membership_id": cfo.pk})
    ended = client.post(
        end, {"ended_on_day": TODAY.day, "ended_on_month": TODAY.month, "ended_on_year": TODAY.year}
    )
    assert ended.status_code == 302
    page = client.get(reverse("people:detail", kwargs={"person_id": person.pk})).content.decode()
    assert "Integrated Offender Management (IOM)" in page
    assert "Since 5 January 2026" in page
    assert f"2 February 2026 to {TODAY:%-d %B %Y}" in page
    assert f"Recorded by {practitioner.current_organisation.name}" in page


def test_another_persons_record_cannot_be_ended_through_this_person(practitioner):
    person = person_in(practitioner.current_organisation)
    other = person_in(practitioner.current_organisation)
    theirs = programme_start(actor=practitioner, person=other, programme="iom", started_on=TODAY)
    end = reverse("people:programme-end", kwargs={"person_id": person.pk, "membership_id": theirs.pk})
    assert signed_in(practitioner).get(end).status_code == 404


def test_the_record_reads_its_programmes_in_queries_that_do_not_grow(practitioner):
    person = person_in(practitioner.current_organisation)
    client = signed_in(practitioner)
    url = reverse("people:detail", kwargs={"person_id": person.pk})
    programme_start(actor=practitioner, person=person, programme="iom", started_on=TODAY)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for code in ("cfo_evolution", "out_of_court_disposal", "liaison_and_diversion"):
        programme_start(actor=practitioner, person=person, programme=code, started_on=TODAY)
    with CaptureQueriesContext(connection) as four:
        client.get(url)
    assert len(four) == len(one)


def test_the_api_lists_them_current_first_and_audits_the_read(practitioner):
    person = person_in(practitioner.current_organisation)
    old = programme_start(
        actor=practitioner, person=person, programme="out_of_court_disposal", started_on=date(2026, 1, 2)
    )
    programme_end(actor=practitioner, membership=old, ended_on=date(2026, 2, 1))
    programme_start(actor=practitioner, person=person, programme="iom", started_on=date(2026, 1, 5))
    secret = token_issue(actor=None, user=practitioner, name="t").secret
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    listed = api.get(f"/api/v1/people/{person.pk}/programmes")
    assert listed.status_code == 200
    assert [(m["programme"], m["ended_on"]) for m in listed.json()] == [
        ("iom", None),
        ("out_of_court_disposal", "2026-02-01"),
    ]
    assert AuditEvent.objects.filter(verb="person.programmes_viewed", target_id=str(person.pk)).count() == 1
