"""The demo's fictional people, keyed by family name, with the team that leads their care.

NHS numbers start with 9 (the range set aside for testing) and carry a valid check digit; prison
numbers, CRNs and PNC numbers follow their formats but belong to nobody (CRNs X1000xx are the demo's
own). `shared_with` is a second organisation already working with them (through the gate).
"""

from dataclasses import dataclass
from datetime import date

from throughcare.people.details import PersonDetails
from throughcare.people.identifiers import nhs_check_digit
from throughcare.people.models import ContactPreference, Gender

_G, _C = Gender, ContactPreference


def _nhs(serial: int) -> str:
    """A test-range NHS number with a valid check digit (some serials have none: the next is taken)."""
    while True:
        first_nine = f"999{serial:06d}"
        check = nhs_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"
        serial += 1


@dataclass(frozen=True)
class DemoPerson:
    lead: str  # organisation code
    details: PersonDetails
    shared_with: str = ""


def _person(lead, n, given, family, born, gender, ethnicity, shared_with="", **more) -> DemoPerson:
    details = PersonDetails(
        given_names=given,
        family_name=family,
        date_of_birth=born,
        gender=gender,
        ethnicity=ethnicity,
        nhs_number=more.pop("nhs_number", "") or _nhs(100 + n * 7),
        crn=more.pop("crn", f"X1000{n:02d}"),
        contact_preference=more.pop("contact_preference", _C.THROUGH_PROBATION),
        **more,
    )
    return DemoPerson(lead, details, shared_with)


_PROBATION, _PRISON = "demo-probation", "demo-prison"
_LEEDS, _MANCHESTER, _GREYSTONE = (
    "demo-leeds-probation",
    "demo-manchester-probation",
    "demo-manchester-prison",
)

DEMO_PEOPLE = [
    # Derby and Derbyshire: the first four are the original demo's people.
    _person(
        _PROBATION,
        1,
        "Jordan",
        "Example",
        date(1991, 4, 12),
        _G.MAN,
        "white_british",
        _PRISON,
        nhs_number="9434765919",
        prison_number="A1001AA",
        literacy_support=True,
    ),
    _person(
        _PROBATION,
        2,
        "Aisha",
        "Sample",
        date(1985, 11, 3),
        _G.WOMAN,
        "black_african",
        preferred_name="Ash",
        nhs_number=_nhs(1),
        interpreter_needed=True,
        interpreter_language="Somali",
        contact_preference=_C.PHONE,
        phone="07700 900 001",
    ),
    _person(
        _PRISON,
        3,
        "Casey",
        "Placeholder",
        date(1998, 1, 30),
        _G.NON_BINARY,
        "prefer_not_to_say",
        _PROBATION,
        aliases=["Casey Fictional"],
        nhs_number=_nhs(2),
        crn="",
        prison_number="A1002BB",
        neurodivergent=True,
        communication_notes="Prefers written information in short steps.",
        contact_preference="",
    ),
    _person(
        _PRISON,
        4,
        "Mohammed",
        "Specimen",
        date(1979, 7, 21),
        _G.MAN,
        "asian_pakistani",
        nhs_number=_nhs(4),
        crn="",
        prison_number="A1003CC",
        pnc="2001/0171310W",
        uses_bsl=True,
        contact_preference=_C.POST,
    ),
    _person(
        _PROBATION,
        5,
        "Kieran",
        "Walsh",
        date(1988, 2, 9),
        _G.MAN,
        "white_irish",
        contact_preference=_C.PHONE,
        phone="07700 900 105",
    ),
    _person(
        _PROBATION,
        6,
        "Shannon",
        "Hughes",
        date(1994, 6, 17),
        _G.WOMAN,
        "white_british",
        contact_preference=_C.PHONE,
        phone="07700 900 106",
    ),
    _person(
        _PROBATION,
        7,
        "Lee",
        "Brannigan",
        date(1983, 10, 2),
        _G.MAN,
        "white_british",
        _PRISON,
        prison_number="A1007DD",
    ),
    _person(
        _PROBATION,
        8,
        "Darren",
        "Moss",
        date(1976, 3, 28),
        _G.MAN,
        "mixed_white_black_caribbean",
        _PRISON,
        prison_number="A1008EE",
    ),
    _person(
        _PROBATION,
        9,
        "Natalie",
        "Price",
        date(1990, 12, 1),
        _G.WOMAN,
        "white_british",
        contact_preference=_C.EMAIL,
        email="natalie.price@example.com",
    ),
    _person(
        _PROBATION,
        10,
        "Ryan",
        "Coleman",
        date(2001, 8, 14),
        _G.MAN,
        "white_other",
        neurodivergent=True,
        communication_notes="Autistic: give appointment letters a week ahead, with a map.",
    ),
    _person(_PROBATION, 11, "Gemma", "Lowe", date(1987, 5, 23), _G.WOMAN, "white_british"),
    _person(
        _PROBATION,
        12,
        "Harpreet",
        "Kaur",
        date(1993, 9, 5),
        _G.WOMAN,
        "asian_indian",
        contact_preference=_C.PHONE,
        phone="07700 900 112",
    ),
    _person(
        _PROBATION,
        13,
        "Patrick",
        "Doherty",
        date(1969, 1, 19),
        _G.MAN,
        "white_gypsy_traveller",
        literacy_support=True,
    ),
    # Leeds.
    _person(
        _LEEDS,
        14,
        "Emeka",
        "Okafor",
        date(1986, 7, 11),
        _G.MAN,
        "black_african",
        contact_preference=_C.PHONE,
        phone="07700 900 114",
    ),
    _person(_LEEDS, 15, "Jade", "Clarke", date(1999, 4, 30), _G.WOMAN, "mixed_white_black_caribbean"),
    _person(_LEEDS, 16, "Craig", "Booth", date(1980, 11, 22), _G.MAN, "white_british"),
    _person(
        _LEEDS,
        17,
        "Piotr",
        "Nowak",
        date(1984, 2, 3),
        _G.MAN,
        "white_other",
        interpreter_needed=True,
        interpreter_language="Polish",
    ),
    _person(
        _LEEDS,
        18,
        "Sophie",
        "Haigh",
        date(1996, 3, 15),
        _G.WOMAN,
        "white_british",
        contact_preference=_C.EMAIL,
        email="sophie.haigh@example.com",
    ),
    _person(_LEEDS, 19, "Yusuf", "Ali", date(1992, 12, 24), _G.MAN, "other_arab", prison_number="A1019FF"),
    # Manchester and Salford.
    _person(
        _MANCHESTER,
        20,
        "Kelly",
        "Byrne",
        date(1989, 6, 6),
        _G.WOMAN,
        "white_irish",
        contact_preference=_C.PHONE,
        phone="07700 900 120",
    ),
    _person(
        _GREYSTONE,
        21,
        "Imran",
        "Hussain",
        date(1975, 10, 10),
        _G.MAN,
        "asian_pakistani",
        _MANCHESTER,
        prison_number="A1021GG",
    ),
    _person(
        _MANCHESTER,
        22,
        "Alex",
        "Taylor",
        date(2000, 1, 8),
        _G.NON_BINARY,
        "white_british",
        contact_preference=_C.EMAIL,
        email="alex.taylor@example.com",
    ),
    _person(_MANCHESTER, 23, "Sean", "Murphy", date(1972, 8, 29), _G.MAN, "white_irish"),
    _person(
        _MANCHESTER,
        24,
        "Ruksana",
        "Begum",
        date(1983, 5, 2),
        _G.WOMAN,
        "asian_bangladeshi",
        interpreter_needed=True,
        interpreter_language="Bengali",
    ),
    _person(_MANCHESTER, 25, "Liam", "Grant", date(1995, 9, 12), _G.MAN, "black_caribbean"),
    # Received into HMP Greystone by his probation practitioner: the prison sees him through its place
    # in his care team (ADR 40), not because it recorded him.
    _person(
        _MANCHESTER,
        26,
        "Jermaine",
        "Whitfield",
        date(1991, 3, 14),
        _G.MAN,
        "mixed_white_black_caribbean",
        prison_number="A1026GG",
    ),
]
