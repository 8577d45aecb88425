"""Demonstration people: a handful of clearly fictional people in the demo probation and prison teams.

NHS numbers start with 9 (the range set aside for testing) and carry a valid check digit; prison
numbers, CRNs and PNC numbers follow their formats but belong to nobody. Created through the ordinary
services, so they are validated and audited.
"""

from datetime import date

from throughcare.accounts.models import Organisation
from throughcare.people import services
from throughcare.people.details import PersonDetails
from throughcare.people.identifiers import nhs_check_digit
from throughcare.people.models import CareTeamRole, ContactPreference, Gender


def _test_nhs_number(first_nine: str) -> str:
    return f"{first_nine}{nhs_check_digit(first_nine)}"


# (lead organisation code, details, also in the other organisation's team)
DEMO_PEOPLE = [
    (
        "demo-probation",
        PersonDetails(
            given_names="Jordan",
            family_name="Example",
            date_of_birth=date(1991, 4, 12),
            gender=Gender.MAN,
            ethnicity="white_british",
            nhs_number="9434765919",
            crn="X100001",
            prison_number="A1001AA",
            contact_preference=ContactPreference.THROUGH_PROBATION,
            literacy_support=True,
        ),
        True,
    ),
    (
        "demo-probation",
        PersonDetails(
            given_names="Aisha",
            family_name="Sample",
            preferred_name="Ash",
            date_of_birth=date(1985, 11, 3),
            gender=Gender.WOMAN,
            ethnicity="black_african",
            nhs_number=_test_nhs_number("999000001"),
            crn="X100002",
            interpreter_needed=True,
            interpreter_language="Somali",
            contact_preference=ContactPreference.PHONE,
            phone="07700 900 001",
        ),
        False,
    ),
    (
        "demo-prison",
        PersonDetails(
            given_names="Casey",
            family_name="Placeholder",
            aliases=["Casey Fictional"],
            date_of_birth=date(1998, 1, 30),
            gender=Gender.NON_BINARY,
            ethnicity="prefer_not_to_say",
            nhs_number=_test_nhs_number("999000002"),
            prison_number="A1002BB",
            neurodivergent=True,
            communication_notes="Prefers written information in short steps.",
        ),
        True,
    ),
    (
        "demo-prison",
        PersonDetails(
            given_names="Mohammed",
            family_name="Specimen",
            date_of_birth=date(1979, 7, 21),
            gender=Gender.MAN,
            ethnicity="asian_pakistani",
            nhs_number=_test_nhs_number("999000004"),
            prison_number="A1003CC",
            pnc="2001/0171310W",
            uses_bsl=True,
            contact_preference=ContactPreference.POST,
        ),
        False,
    ),
]

OTHER = {"demo-probation": "demo-prison", "demo-prison": "demo-probation"}
ROLE = {"demo-probation": CareTeamRole.PROBATION_PRACTITIONER, "demo-prison": CareTeamRole.PRISON_KEY_WORKER}


def seed_people(ctx) -> None:
    organisations = {o.code: o for o in Organisation.objects.filter(code__in=list(OTHER))}
    if len(organisations) != len(OTHER):
        return
    for code, details, shared in DEMO_PEOPLE:
        person = services.person_create(
            actor=None, details=details, organisation=organisations[code], care_team_role=ROLE[code]
        )
        if shared:
            # Through-the-gate: the prison and probation both work with this person.
            other = OTHER[code]
            services.care_team_add(
                actor=None, person=person, organisation=organisations[other], role=ROLE[other]
            )
    ctx.counts["people"] = ctx.counts.get("people", 0) + len(DEMO_PEOPLE)
