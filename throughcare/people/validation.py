"""The rules a person's details must meet; the services call `validate` before any write.

The rules of the record itself are the model's (`Person`'s field rules and `clean()`), run through
`full_clean()`. Here is only what the model cannot know: how what was typed is tidied before it is
checked, the other names (rows of their own), and the identifiers, whose checks also normalise them.
"""

from dataclasses import replace

from throughcare.core.validation import model_errors
from throughcare.people.details import PersonDetails
from throughcare.people.identifiers import clean_identifiers
from throughcare.people.models import Person

# The order the messages are listed in: the order of the page's questions.
MESSAGE_ORDER = (
    "given_names",
    "family_name",
    "preferred_name",
    "aliases",
    "date_of_birth",
    "gender",
    "ethnicity",
    "interpreter_language",
    "phone",
    "email",
    "contact_preference",
    "nhs_number",
    "prison_number",
    "crn",
    "pnc",
)
NAME_FIELDS = ("given_names", "family_name", "preferred_name")


def _clean(details: PersonDetails) -> dict:
    """The free-text fields as they will be stored: spaces collapsed, trimmed, duplicates dropped."""
    language = " ".join((details.interpreter_language or "").split())
    return {
        **{name: " ".join((getattr(details, name) or "").split()) for name in NAME_FIELDS},
        "aliases": list(dict.fromkeys(" ".join(a.split()) for a in details.aliases if a and a.strip())),
        "interpreter_language": language if details.interpreter_needed else "",
        "communication_notes": (details.communication_notes or "").strip(),
        "contact_preference": details.contact_preference or "",
        "phone": (details.phone or "").strip(),
        "email": (details.email or "").strip().lower(),
    }


def validate(details: PersonDetails) -> tuple[PersonDetails, dict[str, str]]:
    """(the details cleaned, errors by field). Nothing is written here."""
    values = _clean(details)
    identifiers, errors = clean_identifiers(
        {name: getattr(details, name) for name in ("nhs_number", "prison_number", "crn", "pnc")}
    )
    cleaned = replace(details, **values, **identifiers)
    if any(len(alias) > 200 for alias in cleaned.aliases):
        errors["aliases"] = "Each other name must be 200 characters or fewer"
    # An identifier that failed its own check is reported by it, not again by the model.
    errors.update(model_errors(Person(**cleaned.model_fields()), exclude=list(errors)))
    return cleaned, {name: errors[name] for name in sorted(errors, key=_rank)}


def _rank(name: str) -> int:
    return MESSAGE_ORDER.index(name) if name in MESSAGE_ORDER else len(MESSAGE_ORDER)
