"""Reminders by text: the person chooses them and gives a UK mobile number (tidied, or refused in
GOV.UK words); the text says the time and place only and carries a stop link; stopping, choosing
email or the access ending deletes the number; and texts go through Notify's real client, with a
fake transport, under the outbox's rules (one row each, permanent refusals fail that row alone,
everything else backs off and is tried again)."""

import datetime
import json
import re

import pytest
import requests
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from notifications_python_client.notifications import NotificationsAPIClient

from throughcare.core import notify, texts
from throughcare.core.mobile_numbers import WRONG_NUMBER
from throughcare.core.models import AuditEvent
from throughcare.myplan.models import PersonMessage
from throughcare.myplan.outbox import send_person_messages
from throughcare.myplan.reminders import queue_appointment_reminders, reminders_choose
from throughcare.myplan.services import STOPPED_BEFORE_SENDING, plan_access_end
from throughcare.myplan.tests.helpers import signed_in_client
from throughcare.myplan.tests.test_reminders import tomorrow  # noqa: F401 (a fixture)
from throughcare.notices.email import MAX_ATTEMPTS
from throughcare.notices.models import Channel, DeliveryStatus

pytestmark = pytest.mark.django_db

NUMBER = "+447700900982"
REFUSED_NUMBER = "+447700900111"
FAKE_KEY = "throughcare_test-00000000-0000-0000-0000-000000000000-00000000-0000-0000-0000-000000000000"
STUB = "https://notify-stub.test"


def _choose_text(client: Client, number: str = "07700 900 982"):
    return client.post(reverse("myplan:reminders"), {"by": "text", "mobile_number": number})


def test_the_person_chooses_texts_and_their_number_is_kept_in_one_form(tomorrow):  # noqa: F811
    access, _ = tomorrow
    client = signed_in_client(access)
    assert "How do you want reminders?" in client.get(reverse("myplan:reminders")).content.decode()
    assert _choose_text(client).status_code == 302
    access.refresh_from_db()
    assert (access.reminders_by, access.mobile_number) == (Channel.TEXT, NUMBER)
    event = AuditEvent.objects.get(verb="plan_access.reminders_started")
    assert event.payload["by"] == "text"
    assert "session" in event.payload
    assert "900982" not in json.dumps(event.payload)  # the trail records the choice, not the number
    page = client.get(reverse("myplan:plan")).content.decode()
    assert "We text 07*** ***982 the day before each appointment." in page


@pytest.mark.parametrize("typed", ["01632 960001", "0770090098", "", "+33 6 12 34 56 78"])
def test_a_wrong_number_is_refused_in_govuk_words_and_nothing_changes(tomorrow, typed):  # noqa: F811
    access, _ = tomorrow
    client = signed_in_client(access)
    response = _choose_text(client, typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'<a href="#id_mobile_number">{WRONG_NUMBER}</a>' in page
    access.refresh_from_db()
    assert (access.reminders_since, access.mobile_number) == (None, "")
    assert not AuditEvent.objects.filter(verb__startswith="plan_access.reminders").exists()


def test_choosing_nothing_is_refused_in_govuk_words(tomorrow):  # noqa: F811
    access, _ = tomorrow
    response = signed_in_client(access).post(reverse("myplan:reminders"), {})
    assert response.status_code == 400
    assert '<a href="#id_by">Choose how you want reminders</a>' in response.content.decode()


def test_a_reminder_by_text_says_time_and_place_only_and_goes_once(tomorrow, service):  # noqa: F811
    access, _ = tomorrow
    _choose_text(signed_in_client(access))
    assert queue_appointment_reminders() == 1
    assert queue_appointment_reminders() == 0
    message = PersonMessage.objects.get(channel=Channel.TEXT)
    assert message.address == NUMBER
    call_command("send_appointment_reminders")
    [text] = texts.outbox
    assert text.phone_number == NUMBER
    assert text.body.startswith("You have an appointment tomorrow, ")
    assert "at 2:30pm." in text.body
    assert "Where: 1 High St" in text.body
    assert service.name not in text.body
    assert "@" not in text.body
    assert len(text.body) <= 306  # two text message parts at most
    message.refresh_from_db()
    assert message.status == DeliveryStatus.SENT


def test_the_stop_link_in_a_text_stops_them_and_deletes_the_number(tomorrow):  # noqa: F811
    access, _ = tomorrow
    _choose_text(signed_in_client(access))
    queue_appointment_reminders()
    send_person_messages()
    path = re.search(r"(/my-plan/reminders/stop/\S+/)", texts.outbox[0].body).group(1)
    assert len(path.rsplit("/", 2)[1]) == 39  # short, for a text
    page = Client().get(path).content.decode()
    assert "We send you a text the day before each appointment." in page
    assert "Reminders are stopped" in Client().post(path).content.decode()
    access.refresh_from_db()
    assert (access.reminders_since, access.mobile_number) == (None, "")
    assert PersonMessage.objects.get(channel=Channel.TEXT).address == ""
    assert AuditEvent.objects.filter(verb="plan_access.reminders_stopped").exists()
    assert queue_appointment_reminders() == 0


def test_a_tampered_stop_link_does_nothing(tomorrow):  # noqa: F811
    from throughcare.myplan.reminders import stop_token

    access, _ = tomorrow
    token = stop_token(access)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert Client().post(reverse("myplan:reminders-stop", args=[forged])).status_code == 404


def test_choosing_email_instead_deletes_the_number_and_is_audited(tomorrow):  # noqa: F811
    access, _ = tomorrow
    client = signed_in_client(access)
    _choose_text(client)
    client.post(reverse("myplan:reminders"), {"by": "email"})
    access.refresh_from_db()
    assert (access.reminders_by, access.mobile_number) == (Channel.EMAIL, "")
    assert AuditEvent.objects.filter(verb="plan_access.reminders_changed").count() == 1
    queue_appointment_reminders()
    assert (
        PersonMessage.objects.filter(subject="Your appointment tomorrow", channel=Channel.EMAIL).count() == 1
    )


def test_a_new_number_replaces_the_old_one_everywhere(tomorrow):  # noqa: F811
    access, _ = tomorrow
    client = signed_in_client(access)
    _choose_text(client)
    queue_appointment_reminders()
    send_person_messages()
    assert _choose_text(client, "07700 900 123").status_code == 302
    access.refresh_from_db()
    assert access.mobile_number == "+447700900123"
    assert PersonMessage.objects.get(channel=Channel.TEXT).address == ""  # the old number is gone
    assert AuditEvent.objects.filter(verb="plan_access.reminders_changed").count() == 1


def test_keeping_texts_with_the_number_left_empty_keeps_the_number(tomorrow):  # noqa: F811
    access, _ = tomorrow
    client = signed_in_client(access)
    _choose_text(client)
    assert _choose_text(client, "").status_code == 302
    access.refresh_from_db()
    assert access.mobile_number == NUMBER
    assert not AuditEvent.objects.filter(verb="plan_access.reminders_changed").exists()  # nothing changed


def test_ending_the_access_deletes_the_number_and_an_unsent_text_never_goes(tomorrow, practitioner):  # noqa: F811
    access, _ = tomorrow
    _choose_text(signed_in_client(access))
    send_person_messages()  # the link and the sign-in code
    queue_appointment_reminders()
    plan_access_end(actor=practitioner, access=access)
    access.refresh_from_db()
    assert access.mobile_number == ""
    message = PersonMessage.objects.get(channel=Channel.TEXT)
    assert (message.status, message.failure, message.address) == (
        DeliveryStatus.FAILED,
        STOPPED_BEFORE_SENDING,
        "",
    )
    assert send_person_messages() == 0
    assert texts.outbox == []


class FakeNotify(requests.adapters.BaseAdapter):
    """Answers Notify's send-SMS calls: `answers` maps a number to (status, body), else 201."""

    def __init__(self):
        super().__init__()
        self.answers: dict[str, tuple[int, str]] = {}
        self.calls: list[tuple[str, dict]] = []

    def send(self, request, **kwargs):
        sent = json.loads(request.body)
        self.calls.append((request.url, sent))
        status, body = self.answers.get(
            sent["phone_number"], (201, json.dumps({"id": "00000000-0000-0000-0000-000000000001"}))
        )
        response = requests.Response()
        response.status_code, response._content, response.url = status, body.encode(), request.url
        response.request = request
        response.headers["Content-Type"] = "application/json"
        return response

    def close(self):
        pass


def _answer(status: int, message: str, error: str = "BadRequestError") -> tuple[int, str]:
    return status, json.dumps({"status_code": status, "errors": [{"error": error, "message": message}]})


@pytest.fixture
def fake_notify(settings, monkeypatch):
    transport = FakeNotify()

    class ClientOnFakeTransport(NotificationsAPIClient):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.request_session.mount("https://", transport)

    settings.NOTIFY_API_KEY = FAKE_KEY
    settings.NOTIFY_SMS_TEMPLATE_ID = "sms-template-456"
    settings.NOTIFY_BASE_URL = STUB
    settings.TEXT_BACKEND = "throughcare.core.texts.NotifyTextBackend"
    monkeypatch.setattr(notify, "NotificationsAPIClient", ClientOnFakeTransport)
    return transport


@pytest.fixture
def three_texts(tomorrow):  # noqa: F811
    """Three reminder texts waiting, one of them to a number Notify will refuse (and nothing else)."""
    access, _ = tomorrow
    PersonMessage.objects.update(status=DeliveryStatus.SENT)  # the link email
    now = timezone.now()
    return [
        PersonMessage.objects.create(
            access=access,
            channel=Channel.TEXT,
            address=number,
            subject="Your appointment tomorrow",
            body=f"Reminder {n}",
            next_attempt_at=now - datetime.timedelta(minutes=3 - n),
        )
        for n, number in enumerate([REFUSED_NUMBER, NUMBER, "+447700900333"])
    ]


def test_texts_go_through_notify_with_the_template_and_base_url(fake_notify, three_texts):
    assert send_person_messages() == 3
    url, sent = fake_notify.calls[0]
    assert url == f"{STUB}/v2/notifications/sms"
    assert sent["template_id"] == "sms-template-456"
    assert sent["personalisation"] == {"body": "Reminder 0"}
    assert [call[1]["phone_number"] for call in fake_notify.calls] == [
        REFUSED_NUMBER,
        NUMBER,
        "+447700900333",
    ]


def test_a_refused_number_fails_its_own_text_alone_and_nothing_is_sent_twice(fake_notify, three_texts):
    fake_notify.answers[REFUSED_NUMBER] = _answer(
        400, f"phone_number {REFUSED_NUMBER} Not a UK mobile number"
    )
    assert send_person_messages() == 2
    refused = PersonMessage.objects.get(pk=three_texts[0].pk)
    assert refused.status == DeliveryStatus.FAILED
    assert "Not a UK mobile number" in refused.failure
    assert REFUSED_NUMBER not in refused.failure  # the reason never repeats the number
    assert PersonMessage.objects.filter(channel=Channel.TEXT, status=DeliveryStatus.SENT).count() == 2
    calls = len(fake_notify.calls)
    for _run in range(3):
        assert send_person_messages() == 0
    assert len(fake_notify.calls) == calls


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (_answer(429, "Exceeded rate limit", "RateLimitError"), "429"),
        (_answer(500, "Internal server error", "Exception"), "500"),
        ((200, "<html>not json</html>"), "No JSON response object could be decoded"),
        (_answer(403, "Invalid token", "AuthError"), "403"),
    ],
)
def test_rate_limits_outages_and_odd_replies_back_off_and_try_again(
    fake_notify, three_texts, answer, expected
):
    fake_notify.answers[NUMBER] = answer
    assert send_person_messages() == 2
    waiting = PersonMessage.objects.get(pk=three_texts[1].pk)
    assert waiting.status == DeliveryStatus.PENDING
    assert expected in waiting.failure
    assert waiting.next_attempt_at > timezone.now()
    assert send_person_messages() == 0  # not due again yet
    del fake_notify.answers[NUMBER]
    PersonMessage.objects.filter(pk=waiting.pk).update(next_attempt_at=timezone.now())
    assert send_person_messages() == 1


def test_a_text_that_keeps_failing_is_given_up_after_the_last_try(fake_notify, three_texts):
    fake_notify.answers[NUMBER] = _answer(503, "Service unavailable", "Exception")
    for _ in range(MAX_ATTEMPTS):
        PersonMessage.objects.filter(status=DeliveryStatus.PENDING).update(next_attempt_at=timezone.now())
        send_person_messages()
    given_up = PersonMessage.objects.get(pk=three_texts[1].pk)
    assert (given_up.status, given_up.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)


def test_a_missing_text_template_holds_the_texts_back_and_never_the_emails(
    fake_notify, three_texts, settings
):
    settings.NOTIFY_SMS_TEMPLATE_ID = ""
    assert send_person_messages() == 0
    for message in PersonMessage.objects.filter(channel=Channel.TEXT):
        assert message.status == DeliveryStatus.PENDING
        assert "NOTIFY_SMS_TEMPLATE_ID" in message.failure
    assert fake_notify.calls == []


def test_staff_on_the_persons_behalf_record_their_agreement(tomorrow, practitioner):  # noqa: F811
    access, _ = tomorrow
    reminders_choose(access=access, by=Channel.TEXT, mobile_number="07700900982", actor=practitioner)
    event = AuditEvent.objects.get(verb="plan_access.reminders_started")
    assert (event.actor_id, event.payload["consent"], event.payload["by"]) == (practitioner.pk, True, "text")


def test_the_number_is_in_the_persons_subject_access_export(tomorrow, practitioner):  # noqa: F811
    import io
    import zipfile

    from throughcare.rights.export import subject_access_archive

    access, _ = tomorrow
    _choose_text(signed_in_client(access))
    archive = subject_access_archive(actor=practitioner, person=access.person, via="test")
    document = json.loads(zipfile.ZipFile(io.BytesIO(archive)).read("record.json"))
    [row] = document["sections"]["myplan.planaccess"]["rows"]
    assert (row["mobile_number"], row["reminders_by"]) == (NUMBER, "text")
    title = document["sections"]["myplan.personmessage"]["title"]
    assert title == "Emails and text messages sent to them about their own plan"


def test_retention_deletes_the_number_of_an_access_that_ran_out(tomorrow):  # noqa: F811
    from throughcare.myplan.models import PlanAccess
    from throughcare.rights.retention import apply_retention

    access, _ = tomorrow
    _choose_text(signed_in_client(access))
    queue_appointment_reminders()
    send_person_messages()
    assert apply_retention().fields_emptied == {}  # still live: kept
    PlanAccess.objects.filter(pk=access.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    expected = {"myplan.planaccess.mobile_number": 1, "myplan.personmessage.address": 1}
    assert apply_retention(dry_run=True).fields_emptied == expected
    assert PlanAccess.objects.get(pk=access.pk).mobile_number == NUMBER
    assert apply_retention().fields_emptied == expected
    access.refresh_from_db()
    assert (access.mobile_number, access.reminders_by) == ("", Channel.EMAIL)
    assert not PersonMessage.objects.filter(channel=Channel.TEXT).exclude(address="").exists()
    event = AuditEvent.objects.get(verb="retention.applied")
    assert event.payload["fields_emptied"] == expected


class FakeInbox(requests.adapters.BaseAdapter):
    """Notify's received text messages, newest first, two to a page, as its API pages them."""

    def __init__(self):
        super().__init__()
        self.received: list[dict] = []  # newest first
        self.pages_read = 0

    def add(self, number: str, words: str) -> str:
        reply_id = f"00000000-0000-0000-0000-{len(self.received) + 1:012d}"
        self.received.insert(0, {"id": reply_id, "user_number": number, "content": words})
        return reply_id

    def send(self, request, **kwargs):
        self.pages_read += 1
        older_than = re.search(r"older_than=([0-9a-f-]{36})", request.url)
        start = 0
        if older_than:
            start = [reply["id"] for reply in self.received].index(older_than.group(1)) + 1
        page = self.received[start : start + 2]
        links = {"current": request.url}
        if page:
            links["next"] = f"{STUB}/v2/received-text-messages?older_than={page[-1]['id']}"
        response = requests.Response()
        body = json.dumps({"received_text_messages": page, "links": links})
        response.status_code, response._content, response.url = 200, body.encode(), request.url
        response.request = request
        response.headers["Content-Type"] = "application/json"
        return response

    def close(self):
        pass


@pytest.fixture
def inbox(settings, monkeypatch):
    transport = FakeInbox()

    class ClientOnFakeTransport(NotificationsAPIClient):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.request_session.mount("https://", transport)

    settings.NOTIFY_API_KEY = FAKE_KEY
    settings.NOTIFY_BASE_URL = STUB
    settings.NOTIFY_SMS_REPLIES = True
    monkeypatch.setattr(notify, "NotificationsAPIClient", ClientOnFakeTransport)
    return transport


def test_replying_stop_ends_the_texts_and_deletes_the_number(tomorrow, inbox):  # noqa: F811
    from throughcare.myplan.models import TextReply
    from throughcare.myplan.replies import read_text_replies

    access, _ = tomorrow
    _choose_text(signed_in_client(access))
    queue_appointment_reminders()
    assert "reply STOP or go to" in PersonMessage.objects.get(channel=Channel.TEXT).body
    inbox.add("447700900555", "STOP")  # someone else: nothing of ours to stop
    inbox.add("447700900982", "What time is it?")
    inbox.add("447700900982", " Stop. ")
    assert read_text_replies() == (3, 1)
    access.refresh_from_db()
    assert (access.reminders_since, access.mobile_number) == (None, "")
    event = AuditEvent.objects.get(verb="plan_access.reminders_stopped")
    assert event.payload["via"] == "reply"
    assert TextReply.objects.filter(meant_stop=True).count() == 2
    # Read once: the next run reads only the newest page and stops at a reply it has seen.
    inbox.pages_read = 0
    assert read_text_replies() == (0, 0)
    assert inbox.pages_read == 1


def test_replies_are_not_read_unless_texts_offer_them(tomorrow, inbox, settings):  # noqa: F811
    from throughcare.myplan.replies import read_text_replies

    settings.NOTIFY_SMS_REPLIES = False
    inbox.add("447700900982", "STOP")
    assert read_text_replies() == (0, 0)
    assert inbox.pages_read == 0


@pytest.mark.parametrize(
    ("words", "stop"),
    [("STOP", True), ("stop!", True), ("Stop texts", True), ("stopped", False), ("Don't stop", False)],
)
def test_only_a_clear_stop_stops(words, stop):
    from throughcare.myplan.replies import means_stop

    assert means_stop(words) is stop
