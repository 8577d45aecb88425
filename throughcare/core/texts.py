"""Text messages (SMS), sent like Django sends email: through a backend named by a setting.

`TEXT_BACKEND` is GOV.UK Notify when NOTIFY_API_KEY is set (`NotifyTextBackend`, one template whose
whole text is ((body)), its id in NOTIFY_SMS_TEMPLATE_ID), the console otherwise, and memory in
tests (`outbox`, like `django.core.mail.outbox`). A backend raises what the provider raised, so the
outbox loop (`notices.email.deliver`) tells a permanent refusal from a failure worth retrying with
`core.notify.is_permanent_refusal`, the same rule as for email.
"""

import sys
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from throughcare.core import notify


@dataclass(frozen=True)
class TextMessage:
    phone_number: str
    body: str


class TextBackend(Protocol):
    def send(self, *, phone_number: str, body: str) -> None: ...


# Texts the memory backend "sent", for tests to read.
outbox: list[TextMessage] = []


class MemoryTextBackend:
    def send(self, *, phone_number: str, body: str) -> None:
        outbox.append(TextMessage(phone_number=phone_number, body=body))


class ConsoleTextBackend:
    """For development: the text is printed where the server's output goes."""

    def send(self, *, phone_number: str, body: str) -> None:
        sys.stdout.write(f"Text message to {phone_number}:\n{body}\n{'-' * 40}\n")


class NotifyTextBackend:
    def __init__(self) -> None:
        if not settings.NOTIFY_SMS_TEMPLATE_ID:
            raise ImproperlyConfigured("NOTIFY_API_KEY is set, so NOTIFY_SMS_TEMPLATE_ID is needed too.")
        self.client = notify.notify_client()

    def send(self, *, phone_number: str, body: str) -> None:
        self.client.send_sms_notification(
            phone_number=phone_number,
            template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
            personalisation={"body": body},
        )


def text_backend() -> TextBackend:
    return import_string(settings.TEXT_BACKEND)()
