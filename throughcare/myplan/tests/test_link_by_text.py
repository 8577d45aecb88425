"""A link to the plan by text: staff choose text and a UK mobile number (the reminders' rule), the
link and every code go by text through the same outbox and Notify client, saying nothing about
health or offences; codes are single-use, time-limited and rate-limited as by email; the number is
kept while the access lasts (its codes need it) and emptied when it ends; every step is audited."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.appointments.models import Appointment
from throughcare.appointments.tests.helpers import accepted, booked
from throughcare.core.mobile_numbers import WRONG_NUMBER
from throughcare.core.models import AuditEvent
from throughcare.myplan import services
from throughcare.myplan.models import AppointmentReminder, PersonMessage, PlanAccess
from throughcare.myplan.outbox import SENT_BODY, send_person_messages
from throughcare.myplan.reminders import queue_appointment_reminders, reminders_choose
from throughcare.myplan.tests.helpers import link_secret, sent_code, signed_in_client
from throughcare.myplan.tests.test_reminders import _tomorrow_at
from throughcare.myplan.tests.test_text_reminders import fake_notify, inbox  # noqa: F401 (fixtures)
from throughcare.notices.models import Channel, DeliveryStatus
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db

NUMBER = "+447700900982"
# Words a text must never carry: it may be read by anyone holding the phone.
SENSITIVE = ("prison", "probation", "offence", "release", "health", "mental", "drug", "alcohol", "referral")


def _staff(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def person(practitioner):
    return person_in(practitioner.current_organisation, email="sam@example.com")


def _give_by_text(practitioner, person, number="07700 900 982"):
    return services.plan_access_grant(
        actor=practitioner, person=person, channel=Channel.TEXT, mobile_number=number
    )


def test_staff_choose_text_and_the_link_goes_by_text_to_the_number_tidied(practitioner, person):
    url = reverse("myplan-staff:give", args=[person.pk])
    staff = _staff(practitioner)
    page = staff.get(url).content.decode()
    assert 'name="channel" type="radio" value="text"' in page
    response = staff.post(
        url,
        {
            "channel": "text",
            "mobile_number": "07700 900 982",
            "email": "ignored@example.com",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    access = PlanAccess.objects.get(person=person)
    assert (access.channel, access.mobile_number, access.email) == (Channel.TEXT, NUMBER, "")
    link = PersonMessage.objects.get(access=access)
    assert (link.channel, link.address) == (Channel.TEXT, NUMBER)
    event = AuditEvent.objects.get(verb="plan_access.granted")
    assert (event.actor_id, event.payload["by"], event.payload["consent"]) == (practitioner.pk, "text", True)
    assert "900982" not in json.dumps(event.payload)  # the trail says how, never the number
    page = staff.get(url).content.decode()
    assert "By text to 07700 900982" in page
    assert "We have texted" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [("01632 960001", WRONG_NUMBER), ("0770090098", WRONG_NUMBER), ("", "Enter their mobile number")],
)
def test_a_wrong_or_missing_number_is_refused_in_govuk_words(practitioner, person, typed, message):
    response = _staff(practitioner).post(
        reverse("myplan-staff:give", args=[person.pk]), {"channel": "text", "mobile_number": typed}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: " in page
    assert f'<a href="#id_link_mobile_number">{message}' in page
    assert '<a href="#id_consent">Confirm that they agreed to get their plan this way</a>' in page
    assert not PlanAccess.objects.exists()


def test_choosing_no_way_to_send_is_refused(practitioner, person):
    response = _staff(practitioner).post(
        reverse("myplan-staff:give", args=[person.pk]), {"email": "sam@example.com", "consent": "on"}
    )
    assert response.status_code == 400
    assert '<a href="#id_channel">Choose how to send the link</a>' in response.content.decode()
    assert not PlanAccess.objects.exists()


def test_the_service_refuses_a_wrong_number_through_the_models_rule(practitioner, person):
    with pytest.raises(services.ValidationError) as refused:
        _give_by_text(practitioner, person, "+33 6 12 34 56 78")
    assert refused.value.message_dict == {"mobile_number": [WRONG_NUMBER]}
    assert not PlanAccess.objects.exists()


def test_the_link_and_the_code_go_through_notify_and_say_nothing_sensitive(
    practitioner,
    person,
    service,
    fake_notify,  # noqa: F811
):
    access = _give_by_text(practitioner, person)
    secret = link_secret(access)
    phone = Client()
    start = phone.get(reverse("myplan:start", args=[secret])).content.decode()
    assert "We will text a code to 07*** ***982." in start
    phone.post(reverse("myplan:start", args=[secret]))
    code = sent_code(access)
    page = phone.get(reverse("myplan:code", args=[secret])).content.decode()
    assert "We texted a code to 07*** ***982." in page
    assert send_person_messages() == 2
    bodies = [sent["personalisation"]["body"] for _url, sent in fake_notify.calls]
    assert [sent["phone_number"] for _url, sent in fake_notify.calls] == [NUMBER, NUMBER]
    assert f"/my-plan/start/{secret}/" in bodies[0]
    assert bodies[1].startswith(f"Your code is {code}.")
    for body in bodies:
        assert len(body) <= 306  # two text message parts at most
        assert not any(word in body.lower() for word in SENSITIVE), body
        assert person.family_name not in body
        assert service.name not in body
    assert set(PersonMessage.objects.values_list("body", flat=True)) == {SENT_BODY}
    code_sent = AuditEvent.objects.get(verb="plan_access.code_sent")
    assert (code_sent.actor_id, code_sent.payload["by"]) == (None, "text")


def test_a_code_by_text_works_once_and_only_for_this_access(practitioner, person):
    access = _give_by_text(practitioner, person)
    secret = link_secret(access)
    phone = Client()
    phone.post(reverse("myplan:start", args=[secret]))
    code = sent_code(access)
    assert phone.post(reverse("myplan:code", args=[secret]), {"code": code}).status_code == 302
    again = Client().post(reverse("myplan:code", args=[secret]), {"code": code})
    assert again.status_code == 400
    assert "The code is not right, or it is too old" in again.content.decode()
    assert AuditEvent.objects.filter(verb="plan_access.signed_in").count() == 1
    assert AuditEvent.objects.filter(verb="plan_access.code_failed").count() == 1


def test_codes_by_text_are_rate_limited_as_by_email(practitioner, person, settings):
    settings.PLAN_CODE_SEND_LIMIT = (2, 900)
    access = _give_by_text(practitioner, person)
    url = reverse("myplan:start", args=[link_secret(access)])
    assert [Client().post(url).status_code for _ in range(3)] == [302, 302, 429]
    assert PersonMessage.objects.filter(access=access, subject="Your code").count() == 2


def test_reminders_go_to_the_links_number_and_stopping_them_keeps_it_for_codes(
    practitioner, caseworker, service, person
):
    appointment = booked(
        caseworker, accepted(practitioner, caseworker, service, person=person), location="1 High St"
    )
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=_tomorrow_at(14))
    access = _give_by_text(practitioner, person)
    phone = signed_in_client(access)
    plan = phone.get(reverse("myplan:plan")).content.decode()
    assert "by email or" not in plan
    choice = phone.get(reverse("myplan:reminders")).content.decode()
    assert 'value="email"' not in choice
    assert "To 07*** ***982, where we sent your link" in choice
    assert phone.post(reverse("myplan:reminders"), {"by": "email"}).status_code == 400
    assert phone.post(reverse("myplan:reminders"), {"by": "text"}).status_code == 302
    assert queue_appointment_reminders() == 1
    reminder = AppointmentReminder.objects.get().message
    assert (reminder.channel, reminder.address) == (Channel.TEXT, NUMBER)
    code = PersonMessage.objects.get(access=access, subject="Your code")  # not sent: no commit in tests
    assert code.status == DeliveryStatus.PENDING
    assert phone.post(reverse("myplan:reminders"), {"by": "none"}).status_code == 302
    access.refresh_from_db()
    assert (access.reminders_since, access.mobile_number) == (None, NUMBER)
    reminder.refresh_from_db()
    code.refresh_from_db()
    assert reminder.status == DeliveryStatus.FAILED
    assert (code.status, code.address) == (DeliveryStatus.PENDING, NUMBER)
    assert phone.get(reverse("myplan:plan")).status_code == 200  # still signed in
    assert AuditEvent.objects.filter(verb="plan_access.reminders_stopped").count() == 1
    reminders_choose(access=access, by=None)  # stopping twice records nothing more
    assert AuditEvent.objects.filter(verb="plan_access.reminders_stopped").count() == 1


def test_staff_set_up_texts_for_a_link_by_text_without_asking_the_number_again(practitioner, person):
    access = _give_by_text(practitioner, person)
    page = _staff(practitioner).get(reverse("myplan-staff:give", args=[person.pk])).content.decode()
    assert "we text the number their link went to" in page
    assert 'name="agreed"' in page
    assert 'name="mobile_number"' not in page.split("Reminders by text")[1].split("Send a new link")[0]
    url = reverse("myplan-staff:text-reminders", args=[access.pk])
    assert _staff(practitioner).post(url, {"agreed": "on"}).status_code == 302
    access.refresh_from_db()
    assert (access.reminders_by, access.mobile_number) == (Channel.TEXT, NUMBER)
    assert access.reminders_since is not None


def test_ending_the_access_empties_the_number_everywhere(practitioner, person):
    access = _give_by_text(practitioner, person)
    phone = signed_in_client(access)
    _staff(practitioner).post(reverse("myplan-staff:end", args=[access.pk]))
    access.refresh_from_db()
    assert access.mobile_number == ""
    assert set(PersonMessage.objects.filter(access=access).values_list("address", flat=True)) == {""}
    assert phone.get(reverse("myplan:plan")).status_code == 302
    assert Client().get(reverse("myplan:start", args=[link_secret(access)])).status_code == 404


def test_a_new_link_by_email_ends_the_one_by_text(practitioner, person):
    by_text = _give_by_text(practitioner, person)
    services.plan_access_grant(actor=practitioner, person=person, email="sam@example.com")
    by_text.refresh_from_db()
    assert by_text.ended_at is not None
    assert by_text.mobile_number == ""
    assert Client().get(reverse("myplan:start", args=[link_secret(by_text)])).status_code == 404


def test_replying_stop_to_a_link_by_text_ends_reminders_and_keeps_the_number_for_codes(
    practitioner,
    caseworker,
    service,
    person,
    inbox,  # noqa: F811
):
    from throughcare.myplan.replies import read_text_replies

    appointment = booked(
        caseworker, accepted(practitioner, caseworker, service, person=person), location="1 High St"
    )
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=_tomorrow_at(14))
    access = _give_by_text(practitioner, person)
    assert signed_in_client(access).post(reverse("myplan:reminders"), {"by": "text"}).status_code == 302
    queue_appointment_reminders()
    inbox.add("447700900982", "STOP")
    assert read_text_replies() == (1, 1)
    access.refresh_from_db()
    # Reminders end; the number stays while the link by text lives, because a sign-in code the
    # person asks for themselves goes there (ADR 45).
    assert (access.reminders_since, access.mobile_number) == (None, NUMBER)
    assert AppointmentReminder.objects.get().message.status == DeliveryStatus.FAILED
    assert AuditEvent.objects.get(verb="plan_access.reminders_stopped").payload["via"] == "reply"
    assert queue_appointment_reminders() == 0
