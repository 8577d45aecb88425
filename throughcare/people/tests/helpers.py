"""Helpers for the people tests: valid details and a person in a given organisation's team."""

from datetime import date

from throughcare.people import services
from throughcare.people.details import PersonDetails
from throughcare.people.identifiers import nhs_check_digit

_counter = {"n": 0}


def valid_nhs_number(seed: int) -> str:
    """A valid test NHS number (starting 9) for any seed."""
    n = seed
    while True:
        first_nine = f"9{n % 100_000_000:08d}"
        check = nhs_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"
        n += 1


def details(**overrides) -> PersonDetails:
    _counter["n"] += 1
    values = {
        "given_names": "Sam",
        "family_name": f"Testperson{_counter['n']}",
        "date_of_birth": date(1990, 5, 17),
    }
    values.update(overrides)
    return PersonDetails(**values)


def person_in(organisation, actor=None, confirm_not_duplicate=False, **overrides):
    return services.person_create(
        actor=actor,
        details=details(**overrides),
        organisation=organisation,
        confirm_not_duplicate=confirm_not_duplicate,
    )
