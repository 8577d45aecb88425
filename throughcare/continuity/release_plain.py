"""The plan in plain words for the person: short sentences of what is arranged, where, when, and who
to call. Only what is done is told as arranged; the rest is "still being sorted out"."""

from dataclasses import dataclass

from throughcare.continuity.episodes import format_date
from throughcare.continuity.release_choices import PlanItemKind, PlanItemStatus

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


@dataclass
class PlainItem:
    what: str
    where: str
    when: str
    who_to_call: str


@dataclass
class PlainPlan:
    release_date: str
    arranged: list[PlainItem]
    still_to_do: list[str]


def plain_sentences(plan) -> PlainPlan:
    arranged, still_to_do = [], []
    for item in plan.items:
        if item.status == PlanItemStatus.DONE:
            arranged.append(
                PlainItem(
                    what=ARRANGED.get(item.kind, item.get_kind_display()),
                    where=item.place,
                    when=format_date(item.happens_on),
                    who_to_call=item.contact,
                )
            )
        elif item.status != PlanItemStatus.NOT_NEEDED:
            still_to_do.append(STILL_TO_DO.get(item.kind, item.get_kind_display()))
    return PlainPlan(release_date=format_date(plan.release_date), arranged=arranged, still_to_do=still_to_do)
