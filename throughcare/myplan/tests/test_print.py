"""The easy-read print of the person's own plan: no chrome, large type, one thing a line, appointments
and arranged things together in date and time order, tel: links, crisis help, plain words."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.continuity.tests.release_helpers import typical_plan
from throughcare.core.models import AuditEvent
from throughcare.core.readability import reading_age
from throughcare.core.templatetags.govuk_dates import govuk_time_text
from throughcare.directory.models import Phone
from throughcare.myplan.tests.helpers import give, signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def printed(practitioner, caseworker, service):
    Phone.objects.create(service=service, number="0115 496 0999")
    person, _items, appointment = typical_plan(practitioner, caseworker, service)
    response = signed_in_client(give(practitioner, person)).get(reverse("myplan:print"))
    return person, appointment, response


def _text(response) -> str:
    body = response.content.decode()
    return html.unescape(re.sub(r"<[^>]+>", " ", body[body.index("<main") : body.index("</main>")]))


def test_the_print_has_no_chrome_and_large_type(printed):
    _person, _appointment, response = printed
    body = response.content.decode()
    assert response.status_code == 200
    for chrome in (
        "govuk-service-navigation",
        "govuk-header",
        "govuk-footer",
        "govuk-phase-banner",
        "<script",
    ):
        assert chrome not in body
    assert body.count('<li class="govuk-body-l') >= 9  # the 7 timeline lines and 2 still to do, large
    assert len(response.content) < 100_000


def test_everything_is_in_date_and_time_order_with_the_appointment_once(printed, service):
    _person, appointment, response = printed
    text = " ".join(_text(response).split())
    gate = text.index("Someone will meet you at the gate.")
    probation = text.index("Probation office")
    meeting = text.index(f"Meet {service.name}")
    assert gate < probation < meeting
    assert text.count(govuk_time_text(appointment.starts_at)) == 1
    assert "Where: 1 High St" in text


def test_numbers_are_tel_links_and_crisis_help_is_there(printed):
    body = printed[2].content.decode()
    assert body.count('href="tel:01154960999"') == 1  # beside the appointment, not said twice
    assert 'href="tel:01154960123"' in body
    assert 'href="tel:999"' in body
    assert "Samaritans" in body


def test_the_print_reads_at_age_nine_or_below(printed):
    text = _text(printed[2])
    assert reading_age(text) <= 9, text


def test_printing_is_audited_as_the_persons_own_action(printed):
    person = printed[0]
    assert AuditEvent.objects.filter(
        verb="plan_access.plan_printed", actor__isnull=True, target_id=str(person.pk)
    ).exists()


def test_without_the_persons_session_there_is_nothing_to_print(practitioner):
    staff = Client()
    staff.force_login(practitioner)
    for client in (staff, Client()):
        response = client.get(reverse("myplan:print"))
        assert response.status_code == 302
        assert response["Location"] == reverse("myplan:signed-out")
