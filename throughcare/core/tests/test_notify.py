import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection, send_mail

from throughcare.core import notify

FAKE_KEY = "throughcare_test-00000000-0000-0000-0000-000000000000-00000000-0000-0000-0000-000000000000"


class RecordingClient:
    def __init__(self, api_key):
        self.api_key = api_key
        self.sent = []

    def send_email_notification(self, **kwargs):
        self.sent.append(kwargs)


@pytest.fixture
def notify_settings(settings, monkeypatch):
    settings.NOTIFY_API_KEY = FAKE_KEY
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "template-123"
    monkeypatch.setattr(notify, "NotificationsAPIClient", RecordingClient)
    return settings


def test_each_recipient_gets_the_template_with_subject_and_body(notify_settings):
    connection = get_connection("throughcare.core.notify.NotifyEmailBackend")
    count = send_mail(
        "Subject line", "Body with a link", None, ["a@example.org", "b@example.org"], connection=connection
    )
    assert count == 1
    assert [call["email_address"] for call in connection.client.sent] == ["a@example.org", "b@example.org"]
    assert connection.client.sent[0]["template_id"] == "template-123"
    assert connection.client.sent[0]["personalisation"] == {
        "subject": "Subject line",
        "body": "Body with a link",
    }


def test_a_key_without_a_template_is_a_configuration_error(notify_settings):
    notify_settings.NOTIFY_EMAIL_TEMPLATE_ID = ""
    with pytest.raises(ImproperlyConfigured, match="NOTIFY_EMAIL_TEMPLATE_ID"):
        get_connection("throughcare.core.notify.NotifyEmailBackend")
