"""The printed plan the person takes away: no staff chrome, things in the order they happen with
GOV.UK times, numbers as `tel:` links, who to call and what to do in a crisis; scoped and audited."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from throughcare.continuity.release.choices import PlanItemKind as K
from throughcare.continuity.release.plain import PlainItem, TextPart, phone_parts
from throughcare.continuity.tests.release_helpers import at_local, planned, typical_plan
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.core.templatetags.govuk_dates import govuk_date_text, govuk_time_text

pytestmark = pytest.mark.django_db


def _printable(user, person):
    client = Client()
    client.force_login(user)
    return client.get(reverse("continuity:release-plan-printable", args=[person.pk]))


@pytest.fixture
def typical(practitioner, caseworker, service):
    return typical_plan(practitioner, caseworker, service)


def test_the_printed_plan_carries_no_staff_chrome(practitioner, typical):
    person, _, _ = typical
    response = _printable(practitioner, person)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your plan for leaving prison" in body
    assert person.full_name in body
    chrome_parts = (
        "govuk-generic-header",
        "govuk-service-navigation",
        "govuk-phase-banner",
        "Signed in as",
        "Sign out",
    )
    for chrome in chrome_parts:
        assert chrome not in body, chrome
    assert practitioner.email not in body
    assert "govuk-footer" not in body


def _day(day) -> str:
    return f"{day:%A} {govuk_date_text(day)}"


def test_things_come_in_the_order_they_happen_with_times(practitioner, typical):
    person, items, appointment = typical
    body = _printable(practitioner, person).content.decode()
    arranged = body[body.index('id="arranged"') : body.index("Still being sorted out")]
    headings = re.findall(r'<h3 class="govuk-heading-s[^"]*">([^<]+)</h3>', arranged)
    release = items[K.MET_AT_GATE].episode.expected_release_date
    starts = timezone.localtime(appointment.starts_at)
    assert headings == [_day(release + timedelta(days=days)) for days in range(4)]
    assert _day(starts.date()) == headings[-1]
    assert f"Time: {govuk_time_text(starts)}" in arranged.split(headings[-1])[1]
    assert "Time: 2:30pm" in arranged
    order = [arranged.index(text) for text in ("meet you at the gate", "probation", "a GP", "mental health")]
    assert order == sorted(order)


def test_untimed_things_of_a_day_come_before_timed_ones_and_undated_ones_last():
    day = date(2027, 3, 5)
    untimed = PlainItem("Gate", "", "", "", on=day)
    timed = PlainItem("Appointment", "", "", "", on=day, at=at_local(day, 9))
    later = PlainItem("Later", "", "", "", on=day, at=at_local(day, 12))
    undated = PlainItem("Some day", "", "", "")
    things = [undated, later, timed, untimed]
    assert sorted(things, key=lambda thing: thing.order) == [untimed, timed, later, undated]


def test_numbers_are_tel_links_and_say_who_to_call_about_what(practitioner, typical):
    person, _, _ = typical
    body = _printable(practitioner, person).content.decode()
    who = body[body.index('id="who-to-call"') : body.index("</dl>")]
    assert '<a class="govuk-link" href="tel:07700900123">07700 900123</a>' in who
    assert '<a class="govuk-link" href="tel:01154960123">0115 496 0123</a>' in who
    assert "Your first probation appointment" in who
    assert "Sam Okafor, probation practitioner, " in who
    crisis = body[body.index('id="crisis"') :]
    for link in ('href="tel:111"', "option 2", 'href="tel:116123"', "116 123", 'href="tel:999"'):
        assert link in crisis


def test_what_is_still_being_sorted_out_is_listed(practitioner, typical):
    person, _, _ = typical
    body = _printable(practitioner, person).content.decode()
    assert "Still being sorted out" in body
    assert "Your first GP appointment" in body
    assert "Naloxone" in body


def test_the_print_is_audited_and_linked_from_the_plan(practitioner):
    person, _ = planned(practitioner)
    client = Client()
    client.force_login(practitioner)
    page = client.get(reverse("continuity:release-plan", args=[person.pk])).content.decode()
    assert f"Print the plan for {person.full_name}" in page
    assert reverse("continuity:release-plan-printable", args=[person.pk]) in page
    _printable(practitioner, person)
    assert AuditEvent.objects.filter(verb="release_plan.printed", target_id=str(person.pk)).count() == 1


def test_another_organisations_person_is_404_and_not_audited(practitioner, make_user):
    person, _ = planned(practitioner)
    assert _printable(make_user(Role.PRACTITIONER), person).status_code == 404
    assert not AuditEvent.objects.filter(verb="release_plan.printed").exists()


def test_the_printed_plan_reads_in_a_fixed_number_of_queries(
    practitioner, typical, django_assert_max_num_queries
):
    person, _, _ = typical
    client = Client()
    client.force_login(practitioner)
    with django_assert_max_num_queries(12):
        client.get(reverse("continuity:release-plan-printable", args=[person.pk]))


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Jo, 07700 900123", [TextPart("Jo, "), TextPart("07700 900123", "tel:07700900123")]),
        ("+44 (0)20 7946 0018", [TextPart("+44 (0)20 7946 0018", "tel:+442079460018")]),
        ("0115-496-0123 (weekdays)", [TextPart("0115-496-0123", "tel:01154960123"), TextPart(" (weekdays)")]),
        ("Room 12345, no number", [TextPart("Room 12345, no number")]),
        ("", []),
    ],
)
def test_phone_numbers_are_picked_out(text, parts):
    assert phone_parts(text) == parts
