"""Email through GOV.UK Notify, as a Django email backend (text messages: `core.texts`).

Throughcare sends every email through Django's mail API, so the console, file and Notify
backends are interchangeable. Notify needs one template whose subject is ((subject)) and whose
body is ((body)); its id goes in NOTIFY_EMAIL_TEMPLATE_ID. Message bodies never carry health or
offence details: only a link back into the service.

`is_permanent_refusal` tells the outbox which failures to stop trying: the provider refused this
message for good (a 4xx such as "Not a valid email address"), as against an outage, a rate limit
(429), a reply it could not read, or a key it did not accept (401/403: a setting to fix, after which
the same message should go).
"""

import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.errors import APIError, InvalidResponse
from notifications_python_client.notifications import NotificationsAPIClient

# Client errors that say "fix the service, then try again" rather than "this message will never go".
RETRYABLE_CLIENT_ERRORS = frozenset({401, 403, 408, 409, 425, 429})


def is_permanent_refusal(error: BaseException) -> bool:
    """True when trying the same message again cannot succeed."""
    if isinstance(error, InvalidResponse):
        return False
    status = getattr(error, "status_code", None)
    if isinstance(status, int):
        return 400 <= status < 500 and status not in RETRYABLE_CLIENT_ERRORS
    return isinstance(error, smtplib.SMTPRecipientsRefused)


def failure_text(error: BaseException, address: str) -> str:
    """What the provider said, without the address (which may identify someone), for the outbox."""
    text = str(error) or type(error).__name__
    return text.replace(address, "the address")[:300]


logger = logging.getLogger(__name__)


def notify_client() -> NotificationsAPIClient:
    """Notify's own client, at NOTIFY_BASE_URL when set (a staging stub), else Notify's API."""
    endpoint = {"base_url": settings.NOTIFY_BASE_URL} if settings.NOTIFY_BASE_URL else {}
    return NotificationsAPIClient(settings.NOTIFY_API_KEY, **endpoint)


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        if not settings.NOTIFY_EMAIL_TEMPLATE_ID:
            raise ImproperlyConfigured("NOTIFY_API_KEY is set, so NOTIFY_EMAIL_TEMPLATE_ID is needed too.")
        self.client = notify_client()

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            try:
                for recipient in message.recipients():
                    self.client.send_email_notification(
                        email_address=recipient,
                        template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                        personalisation={"subject": message.subject, "body": message.body},
                    )
                sent += 1
            except APIError:
                # Log the failure without the recipient or content, which may identify someone.
                logger.exception("GOV.UK Notify refused an email")
                if not self.fail_silently:
                    raise
        return sent
