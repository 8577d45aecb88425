"""Sending the person's emails: the notices' outbox loop, then the secrets taken out of what was sent.

A sent link or code has done its job; keeping it in the outbox row would let anyone reading the
database use it, so once sent a message keeps only its subject.
"""

from throughcare.myplan.models import PersonMessage
from throughcare.notices.email import BATCH, deliver
from throughcare.notices.models import DeliveryStatus

SENT_BODY = "(Sent. The link or code is not kept.)"


def send_person_messages(batch: int = BATCH, *, only=None) -> int:
    sent = deliver(batch, outbox=PersonMessage, only=only)
    PersonMessage.objects.filter(status__in=[DeliveryStatus.SENT, DeliveryStatus.FAILED]).exclude(
        body=SENT_BODY
    ).update(body=SENT_BODY)
    return sent
