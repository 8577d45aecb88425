"""The person's plan as one easy-read list for printing: everything with a day, in date and time
order (appointments and what is arranged for release together), then who to call about what."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from throughcare.continuity.release.plain import TextPart, plan_order
from throughcare.myplan.selectors import OwnPlan


@dataclass
class PrintLine:
    """One thing that happens, a fact a line: when, what, how, where, and a number to call."""

    what: str
    on: date | None
    at: datetime | None = None
    how: str = ""
    where: str = ""
    call: list[TextPart] = field(default_factory=list)

    @property
    def order(self) -> tuple:
        return plan_order(self.on, self.at)  # as the printed release plan


@dataclass
class WhoToCall:
    about: str
    call: list[TextPart]


def timeline(plan: OwnPlan) -> list[PrintLine]:
    """Appointments and arranged things in one list, soonest first; a release-plan item that follows
    an appointment (at the same time) is shown once, as the appointment."""
    booked = [
        PrintLine(
            what=f"Meet {line.service}",
            on=timezone.localdate(line.starts_at),
            at=line.starts_at,
            how=line.how,
            where=line.where,
            call=line.call,
        )
        for line in plan.appointments
    ]
    times = {line.at for line in booked}
    arranged = [
        PrintLine(what=item.what, on=item.on, at=item.at, where=item.where, call=item.call_parts)
        for item in (plan.sentences.arranged if plan.sentences else [])
        if item.at is None or item.at not in times
    ]
    return sorted(booked + arranged, key=lambda line: line.order)


def who_to_call(plan: OwnPlan, shown: list[PrintLine]) -> list[WhoToCall]:
    """The services helping them whose number is not already beside a line of the timeline, each
    once: the timeline says who to call about each thing, so the page says nothing twice."""
    numbers = {part.tel for line in shown for part in line.call if part.tel}
    lines: dict[str, WhoToCall] = {}
    for referral in plan.referrals:
        tels = {part.tel for part in referral.call if part.tel}
        if tels and not tels <= numbers and referral.service not in lines:
            lines[referral.service] = WhoToCall(referral.service, referral.call)
    return list(lines.values())
