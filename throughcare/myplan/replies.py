"""Replies to reminder texts: a person who answers STOP gets no more texts, and their number is deleted.

Notify keeps the texts people send to the service's own number (its "receive text messages"
setting) for seven days; `read_text_replies` (every five minutes, in `run_scheduled`) reads those
not yet read, newest first until one it has read before, and deals with them oldest first, each in
its own transaction, so a run that stops half-way leaves nothing read twice or skipped. A reply is
remembered only by Notify's id: its words and the number it came from are not kept.

Only with NOTIFY_SMS_REPLIES on do the texts offer "reply STOP" (it needs Notify's inbound number
as the texts' sender); without it this job reads nothing.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from throughcare.core import notify
from throughcare.core.mobile_numbers import normalised_uk_mobile
from throughcare.myplan.models import PlanAccess, TextReply
from throughcare.myplan.reminders import reminders_choose

# What people send to mean stop, in any case, with or without a full stop.
STOP_WORDS = frozenset(
    {"stop", "stop texts", "stop reminders", "stop all", "unsubscribe", "end", "cancel", "quit"}
)


def means_stop(words: str) -> bool:
    return " ".join(words.lower().replace(".", " ").replace("!", " ").split()) in STOP_WORDS


def _unread(client) -> list[dict]:
    unread = []
    for received in client.get_received_texts_iterator():
        if TextReply.objects.filter(notify_id=received["id"]).exists():
            break  # everything older was read by an earlier run
        unread.append(received)
    return list(reversed(unread))


def _stop_texts_to(user_number: str) -> int:
    try:
        number = normalised_uk_mobile(user_number)
    except ValidationError:
        return 0
    accesses = list(PlanAccess.objects.filter(mobile_number=number))
    for access in accesses:
        reminders_choose(access=access, by=None, via="reply")
    return len(accesses)


def read_text_replies() -> tuple[int, int]:
    """Read new replies: (replies read, accesses whose texts a STOP ended)."""
    if not (settings.NOTIFY_SMS_REPLIES and settings.NOTIFY_API_KEY):
        return 0, 0
    read = stopped = 0
    for received in _unread(notify.notify_client()):
        with transaction.atomic():
            if TextReply.objects.filter(notify_id=received["id"]).exists():
                continue  # another run at the same moment took it
            wants_stop = means_stop(received.get("content", ""))
            if wants_stop:
                stopped += _stop_texts_to(received.get("user_number", ""))
            TextReply.objects.create(notify_id=received["id"], meant_stop=wants_stop)
        read += 1
    return read, stopped
