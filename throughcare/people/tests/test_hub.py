"""The person's page as the hub: identity bar, referrals, appointments, outcomes, release plan, team and
one timeline, each side seeing only what its access allows, in a fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from throughcare.appointments.tests.helpers import booked, started
from throughcare.continuity.tests.release_helpers import in_custody, planned
from throughcare.core.models import AuditEvent
from throughcare.outcomes.tests.helpers import in_treatment, move, record
from throughcare.people.hub import govuk_time
from throughcare.referrals.tests.helpers import service_of, submitted

pytestmark = pytest.mark.django_db


def treating(referrer, receiver, service, person):
    referral = submitted(referrer, service, person)
    return move(receiver, referral, "accepted", "assessment_booked", "in_treatment")


def page(user, person) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("people:detail", kwargs={"person_id": person.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_identity_bar_says_who_and_where_they_are(referrer):
    person = in_custody(referrer, days_to_release=30, prison_number="A1234BC")
    html = page(referrer, person)
    assert "A1234BC" in html
    assert "In custody at" in html
    assert "Expected release" in html
    assert "17 May 1990" in html


def test_the_referrer_sees_the_whole_loop_on_one_page(referrer, receiver, service):
    person, _ = planned(referrer)
    referral = treating(referrer, receiver, service, person)
    started(booked(receiver, referral, days=1), hours_ago=48)
    booked(receiver, referral, days=5, purpose="treatment")
    record(receiver, referral, "PHQ-9", answers=[2, 2, 2, 2, 2, 2, 2, 2, 2], on=date(2026, 3, 2))
    record(
        receiver, referral, "PHQ-9", answers=[1, 1, 1, 1, 1, 1, 1, 1, 1], on=date(2026, 4, 2), occasion="last"
    )
    html = page(referrer, person)
    assert service.name in html
    assert "In treatment" in html
    assert "Scores, oldest first: 18, 9" in html
    assert "Down 9 (lower is better)" in html
    assert "Reliable improvement" in html
    assert "Coming up" in html
    assert "attendance not yet recorded" in html
    assert "done or not needed" in html
    assert "Received into custody" in html  # a custody event on the timeline
    assert "PHQ-9 scored 9" in html
    assert ": in treatment</a>" in html
    assert "possible risk to self" in html  # item 9 answered above zero
    event = AuditEvent.objects.filter(verb="person.hub_viewed").last()
    assert event.payload["referral_ids"] == [str(referral.pk)]


def test_a_receiving_service_sees_only_its_own_referrals(referrer, receiver, service, make_user):
    referral = in_treatment(referrer, receiver, service)
    other_provider = make_user("provider_caseworker")
    elsewhere = submitted(
        referrer, service_of(other_provider.current_organisation, name="Elsewhere"), person=referral.person
    )
    html = page(receiver, referral.person)
    assert service.name in html
    assert "Elsewhere" not in html
    assert f"Received from {referrer.current_organisation.name}" in html
    assert str(elsewhere.pk) not in html
    assert "Elsewhere" in page(referrer, referral.person)


def test_the_hub_takes_the_same_queries_however_much_has_happened(referrer, receiver, service):
    referral = in_treatment(referrer, receiver, service)
    person = referral.person
    client = Client()
    client.force_login(referrer)
    url = reverse("people:detail", kwargs={"person_id": person.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(3):
        more = treating(referrer, receiver, service, person)
        booked(receiver, more, days=2)
        record(receiver, more, "GAD-7")
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert html.count("govuk-tag--blue") == 4
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("hour", "minute", "text"),
    [(22, 22, "10:22pm"), (9, 0, "9am"), (12, 0, "midday"), (0, 0, "midnight"), (12, 30, "12:30pm")],
)
def test_times_read_as_gov_uk_writes_them(hour, minute, text, settings):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 6, 1, hour, minute, tzinfo=ZoneInfo(settings.TIME_ZONE))
    assert govuk_time(moment) == text


def test_only_the_latest_past_appointments_are_listed(referrer, receiver, service, monkeypatch):
    monkeypatch.setattr("throughcare.people.hub.PAST_APPOINTMENTS_SHOWN", 1)
    referral = in_treatment(referrer, receiver, service)
    started(booked(receiver, referral, days=1), hours_ago=72)
    started(booked(receiver, referral, days=2), hours_ago=24)
    html = page(referrer, referral.person)
    assert "The latest 1 of 2. Each referral lists all of its appointments." in html
