"""Email through GOV.UK Notify, as a Django email backend.

Throughcare sends every email through Django's mail API, so the console, file and Notify
backends are interchangeable. Notify needs one template whose subject is ((subject)) and whose
body is ((body)); its id goes in NOTIFY_EMAIL_TEMPLATE_ID. Message bodies never carry health or
offence details: only a link back into the service.
"""

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

logger = logging.getLogger(__name__)


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        if not settings.NOTIFY_EMAIL_TEMPLATE_ID:
            raise ImproperlyConfigured("NOTIFY_API_KEY is set, so NOTIFY_EMAIL_TEMPLATE_ID is needed too.")
        self.client = NotificationsAPIClient(settings.NOTIFY_API_KEY)

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
            except HTTPError:
                # Log the failure without the recipient or content, which may identify someone.
                logger.exception("GOV.UK Notify refused an email")
                if not self.fail_silently:
                    raise
        return sent
