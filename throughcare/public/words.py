"""The public pages' words: needs as people say them, and services described in plain English.

Written for a reading age of 9 (tests check every page): short sentences, everyday words, "you".
Staff pages say "substance use and dual diagnosis"; here it is "using drugs or alcohol".
"""

from dataclasses import dataclass

from throughcare.core.templatetags.govuk_dates import govuk_time_text
from throughcare.directory.models import Service
from throughcare.directory.models.service import Gender
from throughcare.directory.views.wording import miles_text


@dataclass(frozen=True)
class PlainNeed:
    slug: str
    words: str
    need_codes: tuple[str, ...] = ()
    custody_stage_codes: tuple[str, ...] = ()


# In the order people are most likely to look for them.
PLAIN_NEEDS = (
    PlainNeed("feeling-low", "Feeling low, sad or worried", ("depression", "anxiety", "emotional_wellbeing")),
    PlainNeed("drugs-or-alcohol", "Using drugs or alcohol", ("substance_use",)),
    PlainNeed("after-prison", "Help after prison or on probation", custody_stage_codes=("post_release",)),
    PlainNeed("hurting-yourself", "Thinking about hurting yourself", ("self_harm",)),
    PlainNeed("bad-things", "Bad things that happened to you", ("trauma", "domestic_abuse")),
    PlainNeed("hearing-voices", "Hearing or seeing things other people do not", ("psychosis",)),
    PlainNeed("strong-feelings", "Strong feelings that are hard to handle", ("personality_disorder",)),
    PlainNeed("someone-died", "Someone close to you has died", ("bereavement",)),
    PlainNeed("family", "Family or relationships", ("relationships",)),
    PlainNeed("eating", "Problems with eating", ("eating_disorder",)),
    PlainNeed("autism-adhd", "Autism, ADHD or learning differences", ("neurodivergence",)),
    PlainNeed("everyday-life", "Housing, money or everyday life", ("housing_wellbeing",)),
)
BY_SLUG = {need.slug: need for need in PLAIN_NEEDS}

DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}


def who_it_is_for(service: Service) -> list[str]:
    """One short sentence for each thing that decides whether the service can see you."""
    points = []
    low, high = service.minimum_age, service.maximum_age
    if low is not None and high is not None:
        points.append(f"For people aged {low} to {high}.")
    elif low is not None:
        points.append(f"For people aged {low} or over.")
    elif high is not None:
        points.append(f"For people aged {high} or under.")
    if service.gender == Gender.WOMEN:
        points.append("For women.")
    elif service.gender == Gender.MEN:
        points.append("For men.")
    if service.accepts_current_substance_use:
        points.append("You can use this service if you use drugs or alcohol.")
    else:
        points.append("This service is not for you while you use drugs or alcohol.")
    if service.requires_gp_registration:
        points.append("You need to be signed up with a GP (a local doctor).")
    else:
        points.append("You do not need a GP to use this service.")
    return points


def how_to_get_in(service: Service, route_codes: frozenset[str]) -> str:
    if service.statutory_referrals_only:
        return (
            "Your probation officer or another worker must ask them to see you. You cannot ask them yourself."
        )
    if "self" in route_codes:
        return "You can contact them yourself. You do not need anyone to send you."
    return "Ask your GP, probation officer or key worker to send them your details."


def distance_text(miles: float | None) -> str:
    """'1.3 miles away', in the directory's own wording of distances."""
    text = miles_text(miles)
    return f"{text} away" if text else ""


def opening_text(schedule) -> str:
    days = [DAY_NAMES[code] for code in DAY_NAMES if code in (schedule.byday or "")]
    when = ", ".join(days[:-1]) + f" and {days[-1]}" if len(days) > 1 else (days[0] if days else "")
    hours = ""
    if schedule.opens_at and schedule.closes_at:
        hours = f"{govuk_time_text(schedule.opens_at)} to {govuk_time_text(schedule.closes_at)}"
    text = ", ".join(part for part in (when, hours) if part)
    return text or schedule.description
