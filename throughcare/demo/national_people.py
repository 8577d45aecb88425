"""A national caseload of fictional people for benchmarks, each in a probation team and some in a prison's.

People are spread over every probation delivery unit in England; about one in six is in custody, with
the prison's key worker leading their team and probation alongside (through the gate). The demo
probation delivery unit and prison take a larger share, so the demo sign-ins have a full caseload.
Names are common names put together at random; identifiers follow their real rules (NHS numbers
start with 9, the range set aside for testing) and are unique, so they belong to nobody real.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q

from throughcare.accounts.models import Membership
from throughcare.demo.bulk import RowWriter
from throughcare.demo.national_referral_paths import cumulative_weights
from throughcare.geography.models import Country, LocalAuthority, PostcodeDistrict
from throughcare.people.identifiers import nhs_check_digit, pnc_check_letter
from throughcare.people.models import (
    CareTeamMember,
    CareTeamRole,
    ContactPreference,
    Gender,
    Person,
    ResidenceSource,
)

IN_CUSTODY = 0.16
WITH_NHS_NUMBER = 0.7
WITH_PNC = 0.5
# Share of the caseload in the demo sign-ins' own teams, so their pages show real volumes.
DEMO_PROBATION_SHARE = 0.04
DEMO_PRISON_SHARE = 0.05
HOME_NOT_RECORDED = 0.08
HOME_OUTSIDE_ENGLAND = 0.01


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MEN = _names(
    "James John David Michael Daniel Thomas Ryan Adam Lee Mark Craig Liam Jamie Connor Kieran Dean "
    "Jordan Scott Paul Wayne Darren Mohammed Ali Imran Bilal Kwame Tyrone Marcus Andre Emmanuel "
    "Kofi Piotr Tomasz Andrei Marius Callum Reece Nathan Luke Shane Patrick Sean"
)
WOMEN = _names(
    "Sarah Emma Laura Gemma Kelly Amy Chloe Jade Leanne Stacey Natalie Charlotte Rebecca Hannah "
    "Aisha Fatima Amina Chantelle Shanice Precious Agnieszka Maria Bridget Siobhan"
)
NEUTRAL = _names("Alex Sam Jordan Charlie Robin Jesse Kai Morgan")
FAMILY = _names(
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson "
    "Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner "
    "Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott "
    "Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter "
    "Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson "
    "Ellis Adams Singh Begum Ahmed Hussain Ali Mahmood Okafor Mensah Campbell Francis Kowalski "
    "Nowak Popescu McDonald Doherty Gallagher Price Lawrence Kaur Ibrahim Osei Boateng Reid Brooks"
)

# Gender of the probation caseload is about nine men to one woman.
GENDERS = ((Gender.MAN, 88.5), (Gender.WOMAN, 10.5), (Gender.NON_BINARY, 0.3), (Gender.NOT_KNOWN, 0.7))
# ONS 2021 categories, weighted roughly like the probation caseload (more White British and Black
# Caribbean people, fewer Indian and Chinese, than the population), with some not recorded ("").
ETHNICITIES = (
    ("white_british", 70.0),
    ("white_irish", 0.7),
    ("white_gypsy_traveller", 0.8),
    ("white_roma", 0.2),
    ("white_other", 4.5),
    ("black_caribbean", 3.0),
    ("black_african", 2.5),
    ("black_other", 1.2),
    ("mixed_white_black_caribbean", 2.2),
    ("mixed_white_black_african", 0.5),
    ("mixed_white_asian", 0.6),
    ("mixed_other", 0.9),
    ("asian_pakistani", 2.4),
    ("asian_bangladeshi", 0.7),
    ("asian_indian", 0.8),
    ("asian_chinese", 0.1),
    ("asian_other", 1.0),
    ("other_arab", 0.3),
    ("other_any", 0.9),
    ("prefer_not_to_say", 1.2),
    ("", 4.0),
)
LANGUAGES = ("Polish", "Romanian", "Urdu", "Punjabi", "Somali", "Arabic", "Lithuanian", "Portuguese")


@dataclass
class TeamPlace:
    organisation_id: object
    user_id: object
    role: str


@dataclass
class CasePerson:
    """What the referral generator needs to know of a person: who they are and whose team they are in."""

    id: object
    teams: list[TeamPlace] = field(default_factory=list)
    in_custody: bool = False


@dataclass
class IdentifierPool:
    """Hands out unique identifiers by their rules, avoiding any already recorded."""

    rng: object
    taken: set[str]

    def _unique(self, make) -> str:
        while True:
            value = make()
            if value not in self.taken:
                self.taken.add(value)
                return value

    def nhs_number(self) -> str:
        def make():
            first_nine = f"9{self.rng.randrange(10**8):08d}"
            check = nhs_check_digit(first_nine)
            return "" if check is None else f"{first_nine}{check}"

        return self._unique(make)  # "" (no valid check digit) is always taken, so another is drawn

    def prison_number(self) -> str:
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        return self._unique(
            lambda: (
                f"{self.rng.choice('AG')}{self.rng.randrange(10000):04d}"
                f"{self.rng.choice(letters)}{self.rng.choice(letters)}"
            )
        )

    def crn(self) -> str:
        # X1000xx are the named demo people's; the national caseload uses other letters.
        return self._unique(lambda: f"{self.rng.choice('ABCDEFGHJKLMN')}{self.rng.randrange(10**6):06d}")

    def pnc(self) -> str:
        def make():
            year = str(self.rng.randint(1995, 2025))
            serial = f"{self.rng.randrange(10**7):07d}"
            return f"{year}/{serial}{pnc_check_letter(year, serial)}"

        return self._unique(make)


def _taken_identifiers() -> set[str]:
    taken = {""}
    for row in Person.objects.values_list("nhs_number", "prison_number", "crn", "pnc"):
        taken.update(row)
    return taken


def _staff(code_prefix: str, extra_codes: list[str]) -> tuple[dict, dict]:
    """(organisation id -> its members' user ids, organisation id -> code), in a stable order."""
    staff: dict = {}
    rows = (
        Membership.objects.filter(
            Q(organisation__code__startswith=code_prefix) | Q(organisation__code__in=extra_codes)
        )
        .values_list("organisation__code", "organisation_id", "user_id")
        .order_by("organisation__code", "user__email")
    )
    codes = {}
    for code, organisation_id, user_id in rows:
        codes[organisation_id] = code
        staff.setdefault(organisation_id, []).append(user_id)
    return staff, codes


def _homes_by_probation(probation_codes: dict) -> dict:
    """Probation organisation id -> (local authority, postcode district) pairs its people live in:
    the authorities of its delivery unit (the demo's own: Derby's), each with one of its districts."""
    from throughcare.demo.areas import DERBY

    districts = {}
    for code, authority in (
        PostcodeDistrict.objects.exclude(local_authority=None)
        .order_by("code")
        .values_list("code", "local_authority_id")
    ):
        districts.setdefault(authority, code)
    by_pdu: dict = {}
    for authority, pdu in LocalAuthority.objects.exclude(pdu=None).values_list("code", "pdu_id"):
        by_pdu.setdefault(f"pdu-{pdu}".lower(), []).append((authority, districts.get(authority, "")))
    by_pdu["demo-probation"] = [(a, districts.get(a, "")) for a in DERBY.local_authority_codes]
    return {organisation: by_pdu[code] for organisation, code in probation_codes.items() if code in by_pdu}


def _home(rng, homes, today) -> tuple:
    """The residence columns: where the person lives in their PDU, or (about 1 in 12) not recorded,
    or (1 in 100) outside England, so insight shows its fallback and its England-only count."""
    draw = rng.random()
    if not homes or draw < HOME_NOT_RECORDED:
        return (None, "", "", "", None)
    if draw < HOME_NOT_RECORDED + HOME_OUTSIDE_ENGLAND:
        return (None, Country.WALES, "CF10", ResidenceSource.POSTCODE, today)
    authority, district = rng.choice(homes)
    return (authority, Country.ENGLAND, district, ResidenceSource.POSTCODE, today)


def seed_national_people(ctx, *, count: int, now: datetime, progress=None) -> list[CasePerson]:
    """`count` people with their care teams, bulk-inserted; returns the caseload for referrals."""
    rng = ctx.rng
    probation, probation_codes = _staff("pdu-", ["demo-probation"])
    prisons, prison_codes = _staff("prison-", ["demo-prison"])
    if not count or not probation:
        return []
    demo_probation = next((o for o, c in probation_codes.items() if c == "demo-probation"), None)
    demo_prison = next((o for o, c in prison_codes.items() if c == "demo-prison"), None)
    national_pdus = [o for o in probation if o != demo_probation]
    national_prisons = [o for o in prisons if o != demo_prison]
    pool = IdentifierPool(rng, _taken_identifiers())
    people = RowWriter(
        Person,
        (
            "id created_at updated_at given_names family_name preferred_name date_of_birth gender "
            "ethnicity interpreter_needed interpreter_language literacy_support learning_disability "
            "neurodivergent contact_preference nhs_number prison_number crn pnc "
            "residence_local_authority_id residence_country residence_district residence_source "
            "residence_recorded_on"
        ),
        on_write=progress,
    )
    teams = RowWriter(
        CareTeamMember,
        "id created_at updated_at person_id organisation_id role user_id is_lead started_on",
        on_write=progress,
        parent=people,
    )
    homes = _homes_by_probation(probation_codes)
    genders, gender_weights = cumulative_weights(dict(GENDERS))
    ethnicities, ethnicity_weights = cumulative_weights(dict(ETHNICITIES))
    today = now.date()
    caseload = []
    for _ in range(count):
        gender = rng.choices(genders, cum_weights=gender_weights)[0]
        given = rng.choice(MEN if gender == Gender.MAN else WOMEN if gender == Gender.WOMAN else NEUTRAL)
        age_days = int(rng.triangular(18, 70, 30) * 365.25)
        in_custody = rng.random() < IN_CUSTODY
        interpreter = rng.random() < 0.03
        created = now - timedelta(days=rng.uniform(1, 3 * 365))
        person = CasePerson(id=ctx.uuid(), in_custody=in_custody)
        pdu = demo_probation if demo_probation and rng.random() < DEMO_PROBATION_SHARE else None
        pdu = pdu or rng.choice(national_pdus)
        people.add(
            person.id,
            created,
            created,
            given if rng.random() > 0.3 else f"{given} {rng.choice(MEN + WOMEN)}",
            rng.choice(FAMILY),
            rng.choice(NEUTRAL) if rng.random() < 0.05 else "",
            today - timedelta(days=age_days),
            gender,
            rng.choices(ethnicities, cum_weights=ethnicity_weights)[0],
            interpreter,
            rng.choice(LANGUAGES) if interpreter else "",
            rng.random() < 0.2,
            rng.random() < 0.05,
            rng.random() < 0.12,
            rng.choice([c for c, _ in ContactPreference.choices] + [""]),
            pool.nhs_number() if rng.random() < WITH_NHS_NUMBER else "",
            pool.prison_number() if in_custody or rng.random() < 0.4 else "",
            pool.crn(),
            pool.pnc() if rng.random() < WITH_PNC else "",
            *_home(rng, homes.get(pdu), created.date()),
        )
        places = [(pdu, CareTeamRole.PROBATION_PRACTITIONER, probation)]
        if in_custody and prisons:
            prison = demo_prison if demo_prison and rng.random() < DEMO_PRISON_SHARE else None
            prison = prison or rng.choice(national_prisons)
            places.insert(0, (prison, CareTeamRole.PRISON_KEY_WORKER, prisons))
        started = created.date()
        for n, (organisation_id, role, staff) in enumerate(places):
            user_id = rng.choice(staff[organisation_id])
            # In custody the prison leads; probation joins ahead of release.
            is_lead = n == 0
            row = (person.id, organisation_id, role, user_id, is_lead, started)
            teams.add(ctx.uuid(), created, created, *row)
            person.teams.append(TeamPlace(organisation_id, user_id, role))
        caseload.append(person)
    people.flush()
    teams.flush()
    ctx.counts["people"] = ctx.counts.get("people", 0) + people.written
    ctx.counts["care team members"] = ctx.counts.get("care team members", 0) + teams.written
    return caseload
