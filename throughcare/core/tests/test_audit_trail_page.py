"""The audit trail for people: events read as sentences, filtered by action, user, organisation,
person and dates, with GOV.UK messages for anything that cannot be used."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people.selectors import person_for
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db
URL = reverse("core:audit-list")


@pytest.fixture
def viewed(users_by_role):
    practitioner = users_by_role[Role.PRACTITIONER]
    practitioner.full_name = "Priya Practitioner"
    practitioner.save(update_fields=["full_name"])
    person = person_in(
        practitioner.current_organisation, actor=practitioner, given_names="Jordan", family_name="Example"
    )
    person_for(practitioner, person.id)  # records person.viewed, as opening their record does
    return practitioner, person


def _lines(response):
    return [f"{line.actor} {line.sentence}" for line in response.context["page"].lines]


def test_each_event_reads_as_a_sentence_naming_the_person(client_for, viewed):
    response = client_for(Role.ADMINISTRATOR).get(URL)
    assert "Priya Practitioner viewed Jordan Example's record" in _lines(response)
    assert "Priya Practitioner added Jordan Example's record" in _lines(response)
    assert f'href="?person={viewed[1].id}"' in response.content.decode()


def test_filtering_by_action_shows_only_that_action(client_for, viewed):
    response = client_for(Role.ADMINISTRATOR).get(URL, {"action": "person.viewed"})
    assert _lines(response) == ["Priya Practitioner viewed Jordan Example's record"]
    assert (
        '<option value="person.viewed" selected>Viewed a person&#x27;s record</option>'
        in response.content.decode()
    )


def test_filtering_by_person_user_and_organisation(client_for, viewed, users_by_role):
    practitioner, person = viewed
    audit.record(actor=users_by_role[Role.COMMISSIONER], verb="referral.worklist_viewed")
    client = client_for(Role.ADMINISTRATOR)
    about_person = _lines(client.get(URL, {"person": str(person.id)}))
    assert about_person == [
        "Priya Practitioner viewed Jordan Example's record",
        "Priya Practitioner added Jordan Example's record",
    ]
    by_user = _lines(client.get(URL, {"user": practitioner.email.upper()}))
    assert by_user
    assert all(line.startswith("Priya Practitioner") for line in by_user)
    by_organisation = _lines(client.get(URL, {"organisation": str(practitioner.current_organisation_id)}))
    assert by_organisation
    assert all(line.startswith("Priya Practitioner") for line in by_organisation)


def test_filtering_by_dates_includes_the_whole_last_day(client_for, viewed):
    today = timezone.localdate()
    client = client_for(Role.ADMINISTRATOR)
    as_parts = {"date_from_day": today.day, "date_from_month": today.month, "date_from_year": today.year}
    to_today = {"date_to_day": today.day, "date_to_month": today.month, "date_to_year": today.year}
    assert "Priya Practitioner viewed Jordan Example's record" in _lines(
        client.get(URL, {**as_parts, **to_today})
    )
    tomorrow = today + timedelta(days=1)
    from_tomorrow = {
        "date_from_day": tomorrow.day,
        "date_from_month": tomorrow.month,
        "date_from_year": tomorrow.year,
    }
    response = client.get(URL, from_tomorrow)
    assert _lines(response) == []
    assert "No events match." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"action": "person.deleted"}, "Choose an action from the list"),
        ({"user": "not-an-email"}, "Enter the user&#x27;s email address in the correct format"),
        ({"user": "nobody@example.com"}, "There is no user with that email address"),
        ({"organisation": "abc"}, "Choose an organisation from the list"),
        ({"person": "Jordan"}, "Enter the person&#x27;s reference as it appears in the address"),
        (
            {"date_from_day": "31", "date_from_month": "2", "date_from_year": "2026"},
            "From date must be a real date",
        ),
        ({"date_from_day": "1", "date_from_month": "12"}, "From date must include a year"),
        (
            {
                **{"date_from_day": "2", "date_from_month": "12", "date_from_year": "2026"},
                **{"date_to_day": "1", "date_to_month": "12", "date_to_year": "2026"},
            },
            "To date must be the same as or after the from date",
        ),
    ],
)
def test_filters_that_cannot_be_used_say_why(client_for, query, message):
    response = client_for(Role.ADMINISTRATOR).get(URL, query)
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert response.context["page"] is None
    assert "<title>Error: " in page


def test_reading_the_trail_records_the_filters_used(client_for):
    client_for(Role.ADMINISTRATOR).get(URL, {"action": "person.viewed", "before": "99"})
    event = AuditEvent.objects.filter(verb="audit_trail.viewed").latest("id")
    assert event.payload == {"filters": {"action": "person.viewed"}}


def test_sign_in_failures_read_as_someone_not_signed_in(client_for):
    audit.record(actor=None, verb="user.sign_in_failed", target_type="accounts.user")
    response = client_for(Role.ADMINISTRATOR).get(URL, {"action": "user.sign_in_failed"})
    assert _lines(response) == ["Someone not signed in failed to sign in"]


def test_every_named_kind_of_target_is_a_model_with_those_fields():
    from django.apps import apps

    from throughcare.core.audit_trail import TARGET_NAMES

    for label, fields in TARGET_NAMES.items():
        model = apps.get_model(label)
        assert all(model._meta.get_field(name) for name in fields), label
