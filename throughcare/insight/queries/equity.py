"""View 5, equity: people referred, accepted and completing, by ethnic group (ONS 2021, 5 groups),
by gender, and by the two together."""

from dataclasses import dataclass

from django.db.models import Count, Q

from throughcare.core.ethnicity import GROUPS, group_of
from throughcare.insight.filters import InsightFilters
from throughcare.insight.queries.common import cohort, was_accepted
from throughcare.people.models import Gender
from throughcare.referrals.states import ReferralState

NOT_STATED = "not_stated"


@dataclass
class GroupJourney:
    group: str
    referred: int = 0  # people with a referral submitted in the period
    accepted: int = 0  # of those, people with one of those referrals accepted
    completed: int = 0  # of those, people with one of those referrals completed


def journeys_by_group(filters: InsightFilters) -> dict[str, GroupJourney]:
    """Group code (or NOT_STATED) -> its journey counts, added up from the 19 categories (one query).

    A person counts once in each column however many referrals they had.
    """
    rows = (
        cohort(filters)
        .annotate(accepted=was_accepted())
        .values_list("person__ethnicity")
        .annotate(
            referred=Count("person_id", distinct=True),
            accepted_people=Count("person_id", distinct=True, filter=Q(accepted=True)),
            completed=Count("person_id", distinct=True, filter=Q(state=ReferralState.COMPLETED)),
        )
        .order_by()
    )
    journeys = {code: GroupJourney(code) for code in (*GROUPS, NOT_STATED)}
    for ethnicity, referred, accepted, completed in rows:
        journey = journeys[group_of(ethnicity) or NOT_STATED]
        journey.referred += referred
        journey.accepted += accepted
        journey.completed += completed
    return journeys


# Gender, as the person's record declares it (people.models.Gender): the stated genders are shown
# each on their own, and "prefer not to say" and "not known" together as not stated.
STATED_GENDERS = (Gender.WOMAN, Gender.MAN, Gender.NON_BINARY)
UNSTATED_GENDERS = (Gender.PREFER_NOT_TO_SAY, Gender.NOT_KNOWN)
GENDER_GROUPS = (*STATED_GENDERS, NOT_STATED)


def gender_group(gender: str) -> str:
    return gender if gender in STATED_GENDERS else NOT_STATED


def journeys_by_group_and_gender(filters: InsightFilters) -> dict[tuple[str, str], GroupJourney]:
    """(ethnic group, gender group) -> that cell's journey counts, in one query.

    Each person has one ethnicity and one gender, so the people in each (ethnicity, gender) row of
    the query are different people and add up across categories.
    """
    rows = (
        cohort(filters)
        .annotate(accepted=was_accepted())
        .values_list("person__ethnicity", "person__gender")
        .annotate(
            referred=Count("person_id", distinct=True),
            accepted_people=Count("person_id", distinct=True, filter=Q(accepted=True)),
            completed=Count("person_id", distinct=True, filter=Q(state=ReferralState.COMPLETED)),
        )
        .order_by()
    )
    journeys = {
        (group, gender): GroupJourney(group) for group in (*GROUPS, NOT_STATED) for gender in GENDER_GROUPS
    }
    for ethnicity, gender, referred, accepted, completed in rows:
        journey = journeys[(group_of(ethnicity) or NOT_STATED, gender_group(gender))]
        journey.referred += referred
        journey.accepted += accepted
        journey.completed += completed
    return journeys
