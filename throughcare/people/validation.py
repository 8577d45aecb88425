"""The rules a person's details must meet; the services call `validate` before any write."""

import re
from dataclasses import replace
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from throughcare.core.ethnicity import Ethnicity
from throughcare.people.details import PersonDetails
from throughcare.people.identifiers import clean_identifiers
from throughcare.people.models import ContactPreference, Gender

OLDEST_AGE = 120
# The age of criminal responsibility in England and Wales: nobody younger is in the justice system.
YOUNGEST_AGE = 10
PHONE = re.compile(r"^\+?[\d\s()-]{10,20}$")
NAME_FIELDS = {"given_names": "given names", "family_name": "family name", "preferred_name": "preferred name"}


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _clean(details: PersonDetails) -> dict:
    """The free-text fields as they will be stored: spaces collapsed, trimmed, duplicates dropped."""
    language = " ".join((details.interpreter_language or "").split())
    return {
        **{name: " ".join((getattr(details, name) or "").split()) for name in NAME_FIELDS},
        "aliases": list(dict.fromkeys(" ".join(a.split()) for a in details.aliases if a and a.strip())),
        "interpreter_language": language,
        "communication_notes": (details.communication_notes or "").strip(),
        "contact_preference": details.contact_preference or "",
        "phone": (details.phone or "").strip(),
        "email": (details.email or "").strip().lower(),
    }


# Each rule reads the details and their cleaned values, and adds its messages to `errors`. They run
# in this order, which is the order the messages are listed in.


def _check_names(details, values, errors) -> None:
    for name, label in NAME_FIELDS.items():
        if len(values[name]) > 100:
            errors[name] = f"The {label} must be 100 characters or fewer"
    if not values["given_names"]:
        errors["given_names"] = "Enter their given names"
    if not values["family_name"]:
        errors["family_name"] = "Enter their family name"


def _check_aliases(details, values, errors) -> None:
    if any(len(alias) > 200 for alias in values["aliases"]):
        errors["aliases"] = "Each other name must be 200 characters or fewer"


def _date_of_birth_problem(born: date | None) -> str:
    today = timezone.localdate()
    if born is None:
        return "Enter their date of birth"
    if born > today:
        return "Date of birth must be in the past"
    if born < _years_before(today, OLDEST_AGE):
        return f"Date of birth must be within the last {OLDEST_AGE} years"
    if born > _years_before(today, YOUNGEST_AGE):
        return f"Date of birth must be at least {YOUNGEST_AGE} years ago (the age of criminal responsibility)"
    return ""


def _check_date_of_birth(details, values, errors) -> None:
    if problem := _date_of_birth_problem(details.date_of_birth):
        errors["date_of_birth"] = problem


def _check_gender(details, values, errors) -> None:
    if details.gender not in Gender.values:
        errors["gender"] = f"Choose a gender from: {', '.join(Gender.values)}"


def _check_ethnicity(details, values, errors) -> None:
    if details.ethnicity and details.ethnicity not in Ethnicity.values:
        errors["ethnicity"] = "Choose an ethnic group from the ONS 2021 list, or prefer not to say"


def _check_interpreter(details, values, errors) -> None:
    if details.interpreter_needed and not values["interpreter_language"]:
        errors["interpreter_language"] = "Enter the language they need an interpreter for"


def _check_phone(details, values, errors) -> None:
    if values["phone"] and not PHONE.match(values["phone"]):
        errors["phone"] = "Enter a phone number, like 07700 900 982 or +44 7700 900 982"


def _check_email(details, values, errors) -> None:
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = "Enter an email address in the correct format, like name@example.org"


def _check_contact_preference(details, values, errors) -> None:
    preference = values["contact_preference"]
    if preference and preference not in ContactPreference.values:
        errors["contact_preference"] = (
            f"Choose how to contact them from: {', '.join(ContactPreference.values)}"
        )
    elif preference == ContactPreference.PHONE and not values["phone"]:
        errors.setdefault("phone", "Enter a phone number, as they prefer to be contacted by phone")
    elif preference == ContactPreference.EMAIL and not values["email"]:
        errors.setdefault("email", "Enter an email address, as they prefer to be contacted by email")


RULES = (
    _check_names,
    _check_aliases,
    _check_date_of_birth,
    _check_gender,
    _check_ethnicity,
    _check_interpreter,
    _check_phone,
    _check_email,
    _check_contact_preference,
)


def validate(details: PersonDetails) -> tuple[PersonDetails, dict[str, str]]:
    """(the details cleaned, errors by field). Nothing is written here."""
    errors: dict[str, str] = {}
    values = _clean(details)
    for rule in RULES:
        rule(details, values, errors)
    identifiers, identifier_errors = clean_identifiers(
        {name: getattr(details, name) for name in ("nhs_number", "prison_number", "crn", "pnc")}
    )
    errors.update(identifier_errors)
    if not details.interpreter_needed:
        values["interpreter_language"] = ""
    return replace(details, **values, **identifiers), errors
