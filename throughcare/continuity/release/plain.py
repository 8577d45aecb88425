"""The plan in plain words for the person: short sentences of what is arranged, where, when, and who
to call. Only what is done is told as arranged; the rest is "still being sorted out".

Arranged things come in the order they happen (undated ones last), and phone numbers in "who to call"
are picked out so a page can make them `tel:` links.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from throughcare.continuity.custody.episodes import format_date
from throughcare.continuity.release.choices import PlanItemKind, PlanItemStatus

_K = PlanItemKind
ARRANGED = {
    _K.GP_REGISTRATION: "You are registered with a GP.",
    _K.FIRST_GP_APPOINTMENT: "You have an appointment with your GP.",
    _K.MEDICATION: "You will be given your medicines when you leave.",
    _K.NALOXONE: "You will be given naloxone. It can save a life if someone overdoses.",
    _K.FIRST_MENTAL_HEALTH_APPOINTMENT: "You have an appointment with a mental health service.",
    _K.HOUSING: "You have somewhere to stay.",
    _K.ID: "Your ID is ready.",
    _K.PROBATION_FIRST_APPOINTMENT: "You have your first appointment with probation.",
    _K.MET_AT_GATE: "Someone will meet you at the gate.",
}
STILL_TO_DO = {
    _K.GP_REGISTRATION: "Registering with a GP",
    _K.FIRST_GP_APPOINTMENT: "Your first GP appointment",
    _K.MEDICATION: "Your medicines",
    _K.NALOXONE: "Naloxone",
    _K.FIRST_MENTAL_HEALTH_APPOINTMENT: "Your first mental health appointment",
    _K.HOUSING: "Somewhere to stay",
    _K.ID: "Your ID",
    _K.PROBATION_FIRST_APPOINTMENT: "Your first probation appointment",
    _K.MET_AT_GATE: "Someone to meet you at the gate",
}


# A UK phone number as people write it: 0 or +44 then 9 or 10 more digits, spaced or hyphenated.
UK_PHONE_NUMBER = re.compile(r"(?<![\d+])(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[\s-]?\d){8,9}(?!\d)")


@dataclass(frozen=True)
class TextPart:
    """A piece of "who to call": plain text, or a phone number with its `tel:` address."""

    text: str
    tel: str = ""


def phone_parts(text: str) -> list[TextPart]:
    """'Jo, 07700 900123' -> [Jo, ][07700 900123 -> tel:07700900123]."""
    parts, start = [], 0
    for match in UK_PHONE_NUMBER.finditer(text):
        if match.start() > start:
            parts.append(TextPart(text[start : match.start()]))
        number = match.group()
        parts.append(TextPart(number, tel="tel:" + re.sub(r"[^\d+]", "", number.replace("(0)", ""))))
        start = match.end()
    if start < len(text):
        parts.append(TextPart(text[start:]))
    return parts


@dataclass
class PlainItem:
    what: str
    where: str
    when: str
    who_to_call: str
    # For the printed plan: what it is about ("Your medicines"), its day, and its time if it has one.
    about: str = ""
    on: date | None = None
    at: datetime | None = None
    call_parts: list[TextPart] = field(default_factory=list)

    @property
    def order(self) -> tuple:
        return plan_order(self.on, self.at)


def plan_order(on, at) -> tuple:
    """Where a thing goes in a printed plan: soonest day first; on one day, things without a time
    (being met at the gate) before timed ones in time order; things with no day last."""
    return (on is None, on or date.max, at is not None, at.timestamp() if at else 0)


@dataclass
class PlainPlan:
    release_date: str
    arranged: list[PlainItem]
    still_to_do: list[str]


def plain_sentences(plan) -> PlainPlan:
    arranged, still_to_do = [], []
    for item in plan.items:
        if item.status == PlanItemStatus.DONE:
            at = _appointment_time(item)
            arranged.append(
                PlainItem(
                    what=ARRANGED.get(item.kind, item.get_kind_display()),
                    where=item.place,
                    when=format_date(item.happens_on),
                    who_to_call=item.contact,
                    about=STILL_TO_DO.get(item.kind, item.get_kind_display()),
                    on=item.happens_on,
                    at=at,
                    call_parts=phone_parts(item.contact),
                )
            )
        elif item.status != PlanItemStatus.NOT_NEEDED:
            still_to_do.append(STILL_TO_DO.get(item.kind, item.get_kind_display()))
    arranged.sort(key=lambda thing: thing.order)
    return PlainPlan(release_date=format_date(plan.release_date), arranged=arranged, still_to_do=still_to_do)


def _appointment_time(item) -> datetime | None:
    """The item's own time on its day; else the linked appointment's start, when it is on the day the
    item says (the day can be changed by hand; a time from another day would mislead)."""
    if item.happens_on is not None and item.happens_at is not None:
        return timezone.make_aware(datetime.combine(item.happens_on, item.happens_at))
    appointment = item.appointment if item.appointment_id else None
    if appointment is None or item.happens_on is None:
        return None
    starts_at = timezone.localtime(appointment.starts_at)
    return starts_at if starts_at.date() == item.happens_on else None
