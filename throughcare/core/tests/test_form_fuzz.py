"""Hostile answers to the forms that create records: whatever is typed, the answer is a page (200, 302,
400 or 422), never a server error. Each form's fields are read from its own page, so a field added later
is fuzzed too. Bounded and repeatable: a fixed number of derandomised examples per form.
"""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from throughcare.appointments.tests.helpers import accepted, booked
from throughcare.core.permissions import Role
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.tests.helpers import draft

pytestmark = pytest.mark.django_db
FIELD = re.compile(r'<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"')
NOT_FUZZED = {"csrfmiddlewaretoken", "submission_token", "version"}
HOSTILE_VALUES = [
    "",
    " ",
    "\x00",
    "Ash\x00",
    "\x1b[31m",
    "²²²²²²²²²²",
    "٩٤٣٤٧٦٥٩١٩",
    "\u202eevil",
    "🙂" * 20,
    "x" * 10_000,
    "0",
    "-1",
    "9223372036854775808",
    "99999999999999999999999",
    "0001",
    "9999",
    "31",
    "2.5",
    "1e9",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "not-a-url",
]
HOSTILE = st.sampled_from(HOSTILE_VALUES)
ANSWER = st.one_of(HOSTILE, st.text(max_size=40))
BOUNDED = settings(
    max_examples=25, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fields_on(client, url) -> list[str]:
    page = client.get(url)
    assert page.status_code == 200
    return sorted(set(FIELD.findall(page.content.decode())) - NOT_FUZZED)


@pytest.fixture(params=["person", "draft", "consent", "book", "concern", "order", "reception"])
def form(request, referrer, receiver, service):
    """(signed-in client, form URL) for one of the forms that create records."""
    if request.param in ("book", "concern"):
        referral = accepted(referrer, receiver, service)
        if request.param == "book":
            return signed_in(receiver), reverse("appointments:book", kwargs={"referral_id": referral.pk})
        appointment = booked(receiver, referral)
        return signed_in(receiver), reverse("appointments:concern", kwargs={"appointment_id": appointment.pk})
    if request.param == "person":
        return signed_in(referrer), reverse("people:create")
    if request.param in ("draft", "consent"):
        referral = draft(referrer, service)
        name = "referrals:edit" if request.param == "draft" else "referrals:consent"
        return signed_in(referrer), reverse(name, kwargs={"referral_id": referral.pk})
    person = person_in(referrer.current_organisation, date_of_birth=date(1990, 1, 1))
    name = "continuity:order-create" if request.param == "order" else "continuity:reception"
    return signed_in(referrer), reverse(name, kwargs={"person_id": person.pk})


def test_hostile_answers_never_reach_a_server_error(form):
    client, url = form
    names = fields_on(client, url)
    for value in HOSTILE_VALUES:  # each hostile value in every field at once, then mixed at random
        response = client.post(url, dict.fromkeys(names, value))
        assert response.status_code in (200, 302, 400, 409, 422), (value, response.status_code)

    @given(answers=st.fixed_dictionaries(dict.fromkeys(names, ANSWER)))
    @BOUNDED
    def send(answers):
        response = client.post(url, answers)
        assert response.status_code in (200, 302, 400, 409, 422), (answers, response.status_code)

    send()


def test_hostile_searches_never_reach_a_server_error(users_by_role):
    client = signed_in(users_by_role[Role.PRACTITIONER])
    for value in HOSTILE_VALUES:
        assert client.get(reverse("people:list"), {"q": value, "page": value}).status_code in (200, 400)

    @given(query=ANSWER, page=ANSWER)
    @BOUNDED
    def search(query, page):
        assert client.get(reverse("people:list"), {"q": query, "page": page}).status_code in (200, 400)
        assert client.get(reverse("directory:search"), {"q": query, "page": page}).status_code in (
            200,
            400,
            422,
        )

    search()
