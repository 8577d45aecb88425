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


def validate(details: PersonDetails) -> tuple[PersonDetails, dict[str, str]]:
    """(the details cleaned, errors by field). Nothing is written here."""
    errors: dict[str, str] = {}
    text = {name: " ".join((getattr(details, name) or "").split()) for name in NAME_FIELDS}
    for name, label in NAME_FIELDS.items():
        if len(text[name]) > 100:
            errors[name] = f"The {label} must be 100 characters or fewer"
    if not text["given_names"]:
        errors["given_names"] = "Enter their given names"
    if not text["family_name"]:
        errors["family_name"] = "Enter their family name"
    aliases = list(dict.fromkeys(" ".join(a.split()) for a in details.aliases if a and a.strip()))
    if any(len(alias) > 200 for alias in aliases):
        errors["aliases"] = "Each other name must be 200 characters or fewer"

    today = timezone.localdate()
    born = details.date_of_birth
    if born is None:
        errors["date_of_birth"] = "Enter their date of birth"
    elif born > today:
        errors["date_of_birth"] = "Date of birth must be in the past"
    elif born < _years_before(today, OLDEST_AGE):
        errors["date_of_birth"] = f"Date of birth must be within the last {OLDEST_AGE} years"
    elif born > _years_before(today, YOUNGEST_AGE):
        errors["date_of_birth"] = (
            f"Date of birth must be at least {YOUNGEST_AGE} years ago (the age of criminal responsibility)"
        )

    if details.gender not in Gender.values:
        errors["gender"] = f"Choose a gender from: {', '.join(Gender.values)}"
    if details.ethnicity and details.ethnicity not in Ethnicity.values:
        errors["ethnicity"] = "Choose an ethnic group from the ONS 2021 list, or prefer not to say"

    language = " ".join((details.interpreter_language or "").split())
    if details.interpreter_needed and not language:
        errors["interpreter_language"] = "Enter the language they need an interpreter for"

    phone = (details.phone or "").strip()
    email = (details.email or "").strip().lower()
    if phone and not PHONE.match(phone):
        errors["phone"] = "Enter a phone number, like 07700 900 982 or +44 7700 900 982"
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Enter an email address in the correct format, like name@example.org"
    preference = details.contact_preference or ""
    if preference and preference not in ContactPreference.values:
        errors["contact_preference"] = (
            f"Choose how to contact them from: {', '.join(ContactPreference.values)}"
        )
    elif preference == ContactPreference.PHONE and not phone:
        errors.setdefault("phone", "Enter a phone number, as they prefer to be contacted by phone")
    elif preference == ContactPreference.EMAIL and not email:
        errors.setdefault("email", "Enter an email address, as they prefer to be contacted by email")

    identifiers, identifier_errors = clean_identifiers(
        {name: getattr(details, name) for name in ("nhs_number", "prison_number", "crn", "pnc")}
    )
    errors.update(identifier_errors)
    cleaned = replace(
        details,
        **text,
        aliases=aliases,
        interpreter_language=language if details.interpreter_needed else "",
        communication_notes=(details.communication_notes or "").strip(),
        contact_preference=preference,
        phone=phone,
        email=email,
        **identifiers,
    )
    return cleaned, errors
