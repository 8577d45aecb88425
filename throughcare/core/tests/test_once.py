"""Doing a thing once: a page form sent twice, an API POST repeated with its Idempotency-Key, and a
FHIR message sent again each create one record, and the repeat is answered as the first was."""

import json
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.appointments.models import Appointment, Concern
from throughcare.appointments.tests.helpers import accepted, booked, in_days
from throughcare.appointments.tests.test_pages import book_url, when_fields
from throughcare.continuity.models import Order
from throughcare.core.once_models import SubmissionToken
from throughcare.core.permissions import Role
from throughcare.people.models import Person
from throughcare.people.tests.helpers import person_in, valid_nhs_number
from throughcare.referrals.models import Referral
from throughcare.referrals.tests.fhir_helpers import api_client, minimal_message

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_on(client, url) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return TOKEN.search(page.content.decode()).group(1)


def test_booking_the_same_form_twice_books_one_appointment(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    client = signed_in(receiver)
    form = when_fields(in_days(3)) | {"duration_minutes": "45", "purpose": "assessment", "mode": "video"}
    form["submission_token"] = token_on(client, book_url(referral))
    first = client.post(book_url(referral), form)
    again = client.post(book_url(referral), form, follow=True)
    assert Appointment.objects.filter(referral=referral).count() == 1
    assert again.redirect_chain[-1][0] == first["Location"]
    assert "You already sent that form" in again.content.decode()


def test_raising_the_same_concern_twice_raises_one(referrer, receiver, service):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    client = signed_in(receiver)
    url = reverse("appointments:concern", kwargs={"appointment_id": appointment.pk})
    form = {"note": "Seemed very withdrawn", "submission_token": token_on(client, url)}
    client.post(url, form)
    client.post(url, form)
    assert Concern.objects.count() == 1


def test_adding_the_same_order_twice_adds_one(make_user):
    practitioner = make_user(Role.PRACTITIONER)
    person = person_in(practitioner.current_organisation)
    client = signed_in(practitioner)
    url = reverse("continuity:order-create", kwargs={"person_id": person.pk})
    form = {
        "kind": "community_order",
        "starts_on_day": "1",
        "starts_on_month": "3",
        "starts_on_year": "2026",
        "submission_token": token_on(client, url),
    }
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert Order.objects.filter(person=person).count() == 1


def test_a_form_refused_for_its_errors_frees_its_token(referrer, receiver, service):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    client = signed_in(receiver)
    url = reverse("appointments:concern", kwargs={"appointment_id": appointment.pk})
    token = token_on(client, url)
    assert client.post(url, {"note": "", "submission_token": token}).status_code == 422
    assert client.post(url, {"note": "Withdrawn", "submission_token": token}).status_code == 302
    assert Concern.objects.count() == 1


def test_another_users_token_is_refused(referrer, receiver, service, make_user):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    url = reverse("appointments:concern", kwargs={"appointment_id": appointment.pk})
    client = signed_in(receiver)
    token = token_on(client, url)
    SubmissionToken.objects.create(token=token, user=referrer, result_url="/")
    response = client.post(url, {"note": "Withdrawn", "submission_token": token})
    assert response.status_code == 400
    assert not Concern.objects.exists()


def test_a_malformed_token_is_refused_with_a_page(referrer, receiver, service):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    url = reverse("appointments:concern", kwargs={"appointment_id": appointment.pk})
    response = signed_in(receiver).post(url, {"note": "Withdrawn", "submission_token": "short"})
    assert response.status_code == 400
    assert "reload the page" in response.content.decode()


# The API's Idempotency-Key.

PERSON = {"given_names": "Rowan", "family_name": "Ash", "date_of_birth": "1988-02-03"}


def _post(client, body, key="create-rowan-1"):
    return client.post(
        "/api/v1/people", json.dumps(body), content_type="application/json", headers={"Idempotency-Key": key}
    )


def test_an_api_post_repeated_with_its_key_creates_one_record_and_replays_the_answer(make_user):
    client = api_client(make_user(Role.PRACTITIONER))
    first = _post(client, PERSON)
    again = _post(client, PERSON)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Person.objects.count() == 1


def test_the_same_key_with_a_different_request_is_422(make_user):
    client = api_client(make_user(Role.PRACTITIONER))
    _post(client, PERSON)
    response = _post(client, {**PERSON, "given_names": "Robin"})
    assert response.status_code == 422
    assert "different request" in response.json()["detail"]
    assert Person.objects.count() == 1


def test_a_refused_request_frees_its_key(make_user):
    client = api_client(make_user(Role.PRACTITIONER))
    assert _post(client, {**PERSON, "family_name": ""}).status_code == 422
    assert _post(client, {**PERSON, "family_name": ""}).status_code == 422  # not replayed: run again
    assert Person.objects.count() == 0


def test_keys_belong_to_their_caller(make_user):
    _post(api_client(make_user(Role.PRACTITIONER)), PERSON)
    other = _post(api_client(make_user(Role.PRACTITIONER)), {**PERSON, "family_name": "Birch"})
    assert other.status_code == 201
    assert "Idempotent-Replayed" not in other
    assert Person.objects.count() == 2


def test_a_key_with_spaces_is_400(make_user):
    response = _post(api_client(make_user(Role.PRACTITIONER)), PERSON, key="has spaces")
    assert response.status_code == 400
    assert not Person.objects.exists()


# FHIR messages sent again.


def test_a_fhir_message_sent_again_creates_one_draft_and_gets_the_first_answer(referrer, service):
    person_in(referrer.current_organisation, nhs_number=valid_nhs_number(11), date_of_birth=date(1990, 1, 1))
    message = minimal_message(nhs_number=valid_nhs_number(11), service_id=service.pk)
    message["identifier"] = {"system": "https://referrer.example/messages", "value": "msg-0001"}
    client = api_client(referrer)

    def send():
        return client.post(
            "/api/v1/referrals/fhir", json.dumps(message), content_type="application/fhir+json"
        )

    first, again = send(), send()
    assert first.status_code == again.status_code == 201, first.content
    assert again.json() == first.json()
    assert Referral.objects.count() == 1


def test_a_fhir_message_is_known_by_its_header_id_when_it_has_no_identifier(referrer, service):
    person_in(referrer.current_organisation, nhs_number=valid_nhs_number(12))
    message = minimal_message(nhs_number=valid_nhs_number(12), service_id=service.pk)
    message["entry"][0]["resource"]["id"] = "header-42"
    client = api_client(referrer)
    for _ in range(2):
        client.post("/api/v1/referrals/fhir", json.dumps(message), content_type="application/fhir+json")
    assert Referral.objects.count() == 1
    message["entry"][0]["resource"]["id"] = "header-43"
    client.post("/api/v1/referrals/fhir", json.dumps(message), content_type="application/fhir+json")
    assert Referral.objects.count() == 2


def test_a_refused_fhir_message_can_be_sent_again_once_put_right(referrer, service):
    message = minimal_message(nhs_number=valid_nhs_number(13), service_id=service.pk)
    message["identifier"] = {"value": "msg-0002"}
    client = api_client(referrer)
    refused = client.post("/api/v1/referrals/fhir", json.dumps(message), content_type="application/fhir+json")
    assert refused.status_code == 422
    person_in(referrer.current_organisation, nhs_number=valid_nhs_number(13))
    accepted_now = client.post(
        "/api/v1/referrals/fhir", json.dumps(message), content_type="application/fhir+json"
    )
    assert accepted_now.status_code == 201
