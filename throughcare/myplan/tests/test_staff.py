"""Staff give a person access to their plan, see the links sent, and end them; scoped and audited."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.myplan.models import PersonMessage, PersonSession, PlanAccess
from throughcare.myplan.outbox import SENT_BODY, send_person_messages
from throughcare.myplan.tests.helpers import give, link_secret, signed_in_client
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def person(practitioner):
    return person_in(practitioner.current_organisation, email="sam@example.com")


def test_a_practitioner_sends_the_person_a_link_with_their_agreement(practitioner, person):
    url = reverse("myplan-staff:give", args=[person.pk])
    page = _client(practitioner).get(url)
    assert page.status_code == 200
    assert 'value="sam@example.com"' in page.content.decode()
    response = _client(practitioner).post(
        url, {"channel": "email", "email": "sam.new@example.com", "consent": "on"}
    )
    assert response.status_code == 302
    access = PlanAccess.objects.get(person=person)
    assert access.email == "sam.new@example.com"
    assert access.granted_by == practitioner
    assert PersonMessage.objects.get(access=access).address == "sam.new@example.com"
    event = AuditEvent.objects.get(verb="plan_access.granted")
    assert event.target_id == str(person.pk)
    assert event.actor_id == practitioner.pk


def test_without_their_agreement_no_link_is_sent(practitioner, person):
    response = _client(practitioner).post(
        reverse("myplan-staff:give", args=[person.pk]), {"channel": "email", "email": "bad"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Confirm that they agreed" in body
    assert "Enter an email address in the correct format" in body
    assert not PlanAccess.objects.exists()


def test_ending_access_ends_the_persons_session_at_once(practitioner, person):
    access = give(practitioner, person)
    phone = signed_in_client(access)
    response = _client(practitioner).post(reverse("myplan-staff:end", args=[access.pk]))
    assert response.status_code == 302
    assert phone.get(reverse("myplan:plan")).status_code == 302
    assert PersonSession.objects.get().ended_at is not None
    assert Client().get(reverse("myplan:start", args=[link_secret(access)])).status_code == 404
    assert AuditEvent.objects.filter(verb="plan_access.ended", actor_id=practitioner.pk).exists()


def test_staff_outside_the_persons_team_get_404_and_other_roles_403(practitioner, person, make_user):
    elsewhere = make_user(Role.PRACTITIONER)
    access = give(practitioner, person)
    assert _client(elsewhere).get(reverse("myplan-staff:give", args=[person.pk])).status_code == 404
    assert _client(elsewhere).post(reverse("myplan-staff:end", args=[access.pk])).status_code == 404
    caseworker = make_user(Role.PROVIDER_CASEWORKER)
    assert _client(caseworker).get(reverse("myplan-staff:give", args=[person.pk])).status_code == 403
    access.refresh_from_db()
    assert access.ended_at is None


def test_the_outbox_sends_the_link_and_then_forgets_it(practitioner, person):
    access = give(practitioner, person)
    assert send_person_messages() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@example.com"]
    assert "/my-plan/start/" in mail.outbox[0].body
    assert PersonMessage.objects.get(access=access).body == SENT_BODY


def test_the_link_is_sent_as_soon_as_the_access_is_saved(
    practitioner, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        give(practitioner, person)
    assert len(mail.outbox) == 1


def test_a_practitioner_sets_up_texts_with_the_persons_agreement(practitioner, person):
    access = give(practitioner, person)
    url = reverse("myplan-staff:text-reminders", args=[access.pk])
    refused = _client(practitioner).post(url, {"mobile_number": "01632 960001"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "<title>Error: " in body
    assert '<a href="#id_mobile_number">Enter a UK mobile number, like 07700 900 982' in body
    assert '<a href="#id_agreed">Confirm that they agreed to get reminders by text</a>' in body
    access.refresh_from_db()
    assert (access.reminders_since, access.mobile_number) == (None, "")
    response = _client(practitioner).post(url, {"mobile_number": "07700 900982", "agreed": "on"})
    assert response.status_code == 302
    access.refresh_from_db()
    assert (access.reminders_by, access.mobile_number) == ("text", "+447700900982")
    event = AuditEvent.objects.get(verb="plan_access.reminders_started")
    assert (event.actor_id, event.payload["consent"]) == (practitioner.pk, True)
    page = _client(practitioner).get(reverse("myplan-staff:give", args=[person.pk])).content.decode()
    assert "By text to 07700 900982" in page


def test_texts_cannot_be_set_up_outside_the_team_or_on_an_ended_access(practitioner, person, make_user):
    access = give(practitioner, person)
    url = reverse("myplan-staff:text-reminders", args=[access.pk])
    wanted = {"mobile_number": "07700 900982", "agreed": "on"}
    assert _client(make_user(Role.PRACTITIONER)).post(url, wanted).status_code == 404
    _client(practitioner).post(reverse("myplan-staff:end", args=[access.pk]))
    assert _client(practitioner).post(url, wanted).status_code == 302
    access.refresh_from_db()
    assert access.mobile_number == ""
