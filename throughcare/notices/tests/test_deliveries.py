"""The email outbox against GOV.UK Notify's real client, with a fake transport in place of the network.

One delivery per recipient: a permanent refusal fails that row alone, with the reason; outages and
rate limits back off; nothing is sent twice and nobody's email waits behind a refused one."""

import datetime
import json

import pytest
import requests
from django.utils import timezone
from notifications_python_client.notifications import NotificationsAPIClient

from throughcare.core import notify
from throughcare.core.permissions import Role
from throughcare.notices.email import MAX_ATTEMPTS, deliver, retry_delay, send_notice_emails
from throughcare.notices.models import Delivery, DeliveryStatus
from throughcare.referrals.tests.helpers import submitted

pytestmark = pytest.mark.django_db

FAKE_KEY = "throughcare_test-00000000-0000-0000-0000-000000000000-00000000-0000-0000-0000-000000000000"
STUB = "https://notify-stub.test"
BAD = "not-an-address@invalid"


class FakeNotify(requests.adapters.BaseAdapter):
    """Answers Notify's send-email calls: `answers` maps an address to (status, body), else 201."""

    def __init__(self):
        super().__init__()
        self.answers: dict[str, tuple[int, str]] = {}
        self.calls: list[tuple[str, str]] = []

    def send(self, request, **kwargs):
        address = json.loads(request.body)["email_address"]
        self.calls.append((request.url, address))
        status, body = self.answers.get(
            address, (201, json.dumps({"id": "00000000-0000-0000-0000-000000000001"}))
        )
        response = requests.Response()
        response.status_code, response._content, response.url = status, body.encode(), request.url
        response.request = request
        response.headers["Content-Type"] = "application/json"
        return response

    def close(self):
        pass


def _refusal(message: str, status: int = 400) -> tuple[int, str]:
    return status, json.dumps(
        {"status_code": status, "errors": [{"error": "BadRequestError", "message": message}]}
    )


@pytest.fixture
def fake_notify(settings, monkeypatch):
    transport = FakeNotify()

    class ClientOnFakeTransport(NotificationsAPIClient):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.request_session.mount("https://", transport)

    settings.NOTIFY_API_KEY = FAKE_KEY
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "template-123"
    settings.NOTIFY_BASE_URL = STUB
    settings.EMAIL_BACKEND = "throughcare.core.notify.NotifyEmailBackend"
    monkeypatch.setattr(notify, "NotificationsAPIClient", ClientOnFakeTransport)
    return transport


@pytest.fixture
def three_caseworkers(referrer, receiver, service, make_user):
    """A submitted referral whose receiving service has three caseworkers, one of them with a bad address."""
    for email in ("second@provider.test", BAD):
        make_user(Role.PROVIDER_CASEWORKER, organisation=receiver.current_organisation, email=email)
    return submitted(referrer, service)


def test_a_refused_address_fails_alone_and_nobody_is_emailed_twice(fake_notify, three_caseworkers, receiver):
    fake_notify.answers[BAD] = _refusal("email_address Not a valid email address")
    assert send_notice_emails() == (1, 2)
    failed = Delivery.objects.get(address=BAD)
    assert failed.status == DeliveryStatus.FAILED
    assert "Not a valid email address" in failed.failure
    assert BAD not in failed.failure  # the reason never repeats the address
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 2
    assert all(url.startswith(STUB) for url, _address in fake_notify.calls)  # the base URL is a setting
    calls = len(fake_notify.calls)
    for _run in range(3):
        assert send_notice_emails() == (0, 0)
    assert len(fake_notify.calls) == calls


def test_refused_deliveries_never_hold_up_the_ones_behind_them(fake_notify, three_caseworkers):
    fake_notify.answers[BAD] = _refusal("Not a valid email address")
    send_notice_emails()
    earlier = timezone.now() - datetime.timedelta(days=1)
    [template] = Delivery.objects.filter(address=BAD)
    Delivery.objects.bulk_create(
        Delivery(notice=template.notice, address=BAD, subject="s", body="b", next_attempt_at=earlier)
        for _ in range(6)
    )
    late = Delivery.objects.create(
        notice=template.notice,
        address="late@provider.test",
        subject="s",
        body="b",
        next_attempt_at=timezone.now(),
    )
    assert deliver(batch=6) == 0  # the six oldest are all refused ...
    assert deliver(batch=6) == 1  # ... and are not taken again, so the next run reaches the good one
    late.refresh_from_db()
    assert late.status == DeliveryStatus.SENT


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            (
                429,
                json.dumps(
                    {"status_code": 429, "errors": [{"error": "RateLimitError", "message": "Too many"}]}
                ),
            ),
            "429",
        ),
        (
            (
                500,
                json.dumps({"status_code": 500, "errors": [{"error": "Exception", "message": "Internal"}]}),
            ),
            "500",
        ),
        ((200, "<html>not json</html>"), "No JSON response object could be decoded"),
        (
            (
                403,
                json.dumps(
                    {"status_code": 403, "errors": [{"error": "AuthError", "message": "Invalid token"}]}
                ),
            ),
            "403",
        ),
    ],
)
def test_outages_rate_limits_and_odd_replies_back_off_and_try_again(
    fake_notify, referrer, service, answer, expected, receiver
):
    submitted(referrer, service)
    fake_notify.answers[receiver.email] = answer
    assert send_notice_emails() == (1, 0)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert expected in delivery.failure
    assert delivery.next_attempt_at > timezone.now()
    del fake_notify.answers[receiver.email]
    Delivery.objects.update(next_attempt_at=timezone.now())
    assert deliver() == 1


def test_a_delivery_that_keeps_failing_is_given_up_after_the_last_try(
    fake_notify, referrer, service, receiver
):
    submitted(referrer, service)
    fake_notify.answers[receiver.email] = _refusal("Service unavailable", status=503)
    send_notice_emails()
    for _ in range(MAX_ATTEMPTS - 1):
        Delivery.objects.update(next_attempt_at=timezone.now())
        deliver()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)
    Delivery.objects.update(next_attempt_at=timezone.now())
    assert deliver() == 0


def test_retries_back_off_to_at_most_two_hours():
    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert retry_delay(30) == datetime.timedelta(hours=2)
