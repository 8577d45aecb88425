"""The past year in each demo area: more fictional people whose referrals closed months ago, so that
commissioners' figures for their own ICB have enough people behind them to be shown (insight hides
counts of fewer than eight people), and waits and declines have a history to measure.

Made through the ordinary services on the demo clock, like the named journeys, but kept short: each
referral goes straight to its ending (the lifecycle table lets a service book an assessment without
an appointment record).
"""

from datetime import date

from django.db.models import Q

from throughcare.accounts.models import Organisation
from throughcare.core.permissions import Permission, has_permission
from throughcare.demo import story
from throughcare.demo.areas import DEMO_AREAS, home_districts
from throughcare.demo.clock import clock_at, moment
from throughcare.demo.story import move, send
from throughcare.directory.models import Service
from throughcare.directory.vocabularies import NEEDS
from throughcare.people import services as people
from throughcare.people.details import PersonDetails
from throughcare.people.models import CareTeamRole, ContactPreference, Gender
from throughcare.people.residence import residence_record
from throughcare.referrals.states import ReferralState

_S = ReferralState
_W, _M = Gender.WOMAN, Gender.MAN

# Per area: (given name, family name, gender, ethnicity, year of birth).
PEOPLE = {
    "derby": [
        ("Stacey", "Winterbottom", _W, "white_british", 1986),
        ("Dean", "Fairbrother", _M, "white_british", 1979),
        ("Marcus", "Alleyne", _M, "black_caribbean", 1990),
        ("Kamal", "Chowdhury", _M, "asian_bangladeshi", 1983),
        ("Leanne", "Pickering", _W, "white_british", 1992),
        ("Tomasz", "Wieczorek", _M, "white_other", 1988),
        ("Jason", "Marriott", _M, "mixed_white_black_caribbean", 1997),
        ("Amy", "Roper", _W, "white_british", 2000),
    ],
    "leeds": [
        ("Bradley", "Hirst", _M, "white_british", 1985),
        ("Nadia", "Rashid", _W, "asian_pakistani", 1991),
        ("Callum", "Sykes", _M, "white_british", 1998),
        ("Joseph", "Mensah", _M, "black_african", 1982),
        ("Kirsty", "Lockwood", _W, "white_british", 1989),
        ("Ionut", "Popescu", _M, "white_other", 1987),
        ("Ryan", "Holroyd", _M, "white_british", 1994),
        ("Chantelle", "Brown", _W, "mixed_white_black_caribbean", 1996),
    ],
    "manchester": [
        ("Danny", "McGuinness", _M, "white_irish", 1980),
        ("Shazia", "Akhtar", _W, "asian_pakistani", 1988),
        ("Jerome", "Campbell", _M, "black_caribbean", 1984),
        ("Gary", "Whittaker", _M, "white_british", 1975),
        ("Laura", "Kenyon", _W, "white_british", 1993),
        ("Abdi", "Warsame", _M, "black_african", 1999),
        ("Paul", "Entwistle", _M, "white_british", 1978),
        ("Chloe", "Hargreaves", _W, "white_british", 2001),
    ],
}

# How each past referral ended, in turn: (ending, reason, note).
ENDINGS = [
    (_S.COMPLETED, "treatment_completed", ""),
    (
        _S.DECLINED,
        "outside_criteria_needs_too_high",
        "Needs are beyond what a community service can offer: we suggest the community mental health team.",
    ),
    (_S.COMPLETED, "treatment_completed", ""),
    (_S.ENDED_EARLY, "did_not_attend", "Three appointments missed without contact."),
    (_S.DECLINED, "no_capacity", "No places this quarter; please try again in the spring."),
    (_S.COMPLETED, "treatment_completed", ""),
    (_S.WITHDRAWN, "person_declined", "Decided to wait until settled in new accommodation."),
    (_S.DECLINED, "outside_criteria_area", "Lives outside the area we are funded to cover."),
]


def _open_to_anyone(area) -> list[Service]:
    """The area's services anyone may be referred to: no gender, order, screening or window needed,
    and room to take someone on."""
    return list(
        Service.objects.filter(
            organisation__owner__code__in=[area.vcse, area.nhs],
            gender="any",
            statutory_referrals_only=False,
            covers_england=False,
        )
        .exclude(term_codes__contains="custody_stage:pre_release")
        .exclude(term_codes__contains="custody_stage:mhtr")
        .filter(Q(capacity_available__isnull=True) | Q(capacity_available__gt=0))
        .order_by("name")
    )


def _member(cast, organisation_id, permission):
    """A demo user of the organisation whose role does this work (not, say, its data protection officer)."""
    return next(
        u
        for u in cast.users.values()
        if u.current_organisation_id == organisation_id and has_permission(u, permission)
    )


# People in custody in each area, due for release over the coming weeks: what the release-surge
# forecast counts. (given name, gender, ethnicity, year of birth); family names are the area's own.
DUE_FOR_RELEASE = [
    ("Liam", _M, "white_british", 1990),
    ("Jade", _W, "white_british", 1995),
    ("Kieran", _M, "white_irish", 1987),
    ("Aisha", _W, "black_african", 1993),
    ("Connor", _M, "white_british", 2000),
    ("Tyrone", _M, "black_caribbean", 1985),
    ("Piotr", _M, "white_other", 1982),
    ("Gemma", _W, "white_british", 1989),
    ("Imran", _M, "asian_pakistani", 1996),
    ("Shane", _M, "white_british", 1979),
]
DUE_FAMILIES = {
    "derby": (
        "Bagshaw",
        "Riley",
        "Toplis",
        "Mensah",
        "Hollis",
        "Dunn",
        "Nowak",
        "Pickering",
        "Hussain",
        "Storer",
    ),
    "leeds": (
        "Ackroyd",
        "Hudson",
        "Lumb",
        "Okafor",
        "Firth",
        "Brennan",
        "Kowalski",
        "Haigh",
        "Akhtar",
        "Sutcliffe",
    ),
    "manchester": (
        "Ogden",
        "Schofield",
        "Duckworth",
        "Adeyemi",
        "Fletcher",
        "Quinn",
        "Zielinski",
        "Mellor",
        "Rashid",
        "Hulme",
    ),
}


def _in_custody_and_released(person, days_ago: int, prison_name: str) -> None:
    """A year in prison, released two weeks before the referral made `days_ago`: the history the
    forecast's referral rate around release comes from."""
    story.received(None, person, days_ago + 380, prison_name, 0)
    story.released(None, person, days_ago + 14)


def _seed_due_for_release(area, probation, districts) -> int:
    families = DUE_FAMILIES[area.key]
    for n, (given, gender, ethnicity, born) in enumerate(DUE_FOR_RELEASE):
        with clock_at(moment(200, 9)):
            person = people.person_create(
                actor=None,
                details=PersonDetails(
                    given_names=given,
                    family_name=families[n],
                    date_of_birth=date(born, 1 + n % 12, 5 + n),
                    gender=gender,
                    ethnicity=ethnicity,
                    contact_preference=ContactPreference.THROUGH_PROBATION,
                ),
                organisation=probation,
                care_team_role=CareTeamRole.PROBATION_PRACTITIONER,
            )
            if districts and n % 5 != 4:
                residence_record(actor=None, person=person, postcode=districts[n % len(districts)])
        # Released across the next 12 weeks, a week or so apart.
        story.received(None, person, 150, f"HMP {area.town} (demo)", 3 + 8 * n)
    return len(DUE_FOR_RELEASE)


def seed_history(cast) -> int:
    made = 0
    for area in DEMO_AREAS:
        probation = Organisation.objects.get(code=area.probation)
        referrer = _member(cast, probation.pk, Permission.MAKE_REFERRALS)
        services = _open_to_anyone(area)
        receivers = {
            org.pk: _member(cast, org.pk, Permission.RECEIVE_REFERRALS)
            for org in Organisation.objects.filter(code__in=[area.vcse, area.nhs])
        }
        districts = home_districts(area)
        for n, (given, family, gender, ethnicity, born) in enumerate(PEOPLE[area.key]):
            days_ago = 330 - n * 30
            with clock_at(moment(days_ago + 21, 9)):  # taken on by probation three weeks before
                person = people.person_create(
                    actor=None,
                    details=PersonDetails(
                        given_names=given,
                        family_name=family,
                        date_of_birth=date(born, 1 + (n * 5) % 12, 3 + n * 3),
                        gender=gender,
                        ethnicity=ethnicity,
                        contact_preference=ContactPreference.THROUGH_PROBATION,
                    ),
                    organisation=probation,
                    care_team_role=CareTeamRole.PROBATION_PRACTITIONER,
                )
                # Where they live, except for every fifth person, whose home is not recorded.
                if districts and n % 5 != 4:
                    residence_record(actor=None, person=person, postcode=districts[n % len(districts)])
            _in_custody_and_released(person, days_ago, f"HMP {area.town} (demo)")
            service = services[n % len(services)]
            worker = receivers[service.organisation.owner_id]
            _closed(referrer, worker, person, service, days_ago, *ENDINGS[n % len(ENDINGS)])
            made += 1
        made += _seed_due_for_release(area, probation, districts)
    return made


def _closed(referrer, worker, person, service, days_ago, ending, reason, note) -> None:
    needs = sorted(code.split(":")[1] for code in service.term_codes.split() if code.startswith("need:"))[:2]
    why = f"Referred for help with {' and '.join(NEEDS.label(code).lower() for code in needs)}."
    referral = send(referrer, person, service, days_ago, why, needs)
    if ending == _S.DECLINED:
        move(worker, referral, _S.DECLINED, days_ago - 4, reason_code=reason, note=note)
    elif ending == _S.WITHDRAWN:
        move(referrer, referral, _S.WITHDRAWN, days_ago - 6, reason_code=reason, note=note)
    else:
        move(worker, referral, _S.ACCEPTED, days_ago - 5)
        move(worker, referral, _S.ASSESSMENT_BOOKED, days_ago - 5)
        move(worker, referral, _S.IN_TREATMENT, days_ago - 19)
        move(
            worker,
            referral,
            ending,
            days_ago - 80 if ending == _S.COMPLETED else days_ago - 40,
            reason_code=reason,
            note=note,
        )
