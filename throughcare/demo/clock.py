"""The demo's clock: lets the demo's stories happen over past weeks through the ordinary services.

Throughcare's services take "now" from `django.utils.timezone.now()`, so validating, deadlines,
history, notices and audit events all agree with it. Seeding one referral's story at the moments it
would really have happened (sent a month ago, assessed three weeks ago, ...) gives realistic
deadlines, timelines and waits, always relative to the day the demo is loaded. Only the seeding
command uses this; nothing else ever moves the clock.
"""

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest import mock

from django.utils import timezone

# The real clock, kept before any block below replaces it: stories are told relative to real today.
_real_now = timezone.now


def day(days_ago: int) -> date:
    """The date `days_ago` days before the real today (negative: in the future)."""
    return timezone.localtime(_real_now()).date() - timedelta(days=days_ago)


def moment(days_ago: int, hour: int = 10, minute: int = 0) -> datetime:
    """A local time on `day(days_ago)`."""
    return timezone.make_aware(datetime.combine(day(days_ago), time(hour, minute)))


@contextmanager
def clock_at(when: datetime):
    """Inside the block, Throughcare's "now" is `when`, ticking on by a microsecond per reading, so
    events keep their order. Never later than the real now, so nothing is recorded in the future."""
    if when > _real_now():
        when = _real_now()
    ticks = iter(range(1, 10**9))

    def fake_now():
        return when + timedelta(microseconds=next(ticks))

    with mock.patch("django.utils.timezone.now", fake_now):
        yield
