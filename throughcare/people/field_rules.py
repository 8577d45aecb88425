"""The rules one field of a person's record must meet, with the words a user sees when it does not.

They sit on the model's fields (`validators=`, `error_messages=`), so `Person.full_clean()` checks
them and a page and the API say the same thing. Rules across fields are in `Person.clean()`.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

OLDEST_AGE = 120
# The age of criminal responsibility in England and Wales: nobody younger is in the justice system.
YOUNGEST_AGE = 10

PHONE_MESSAGE = "Enter a phone number, like 07700 900 982 or +44 7700 900 982"
EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.org"
phone_format = RegexValidator(r"^\+?[\d\s()-]{10,20}$", message=PHONE_MESSAGE)


def name_messages(label: str, *, required: bool) -> dict[str, str]:
    """`error_messages` for a name field: "Enter their ..." when empty, and its length limit."""
    messages = {"max_length": f"The {label} must be 100 characters or fewer"}
    if required:
        messages["blank"] = f"Enter their {label}"
    return messages


def choice_messages(message: str) -> dict[str, str]:
    """`error_messages` for a coded field: one message for a code outside the list, or none at all."""
    return {"invalid_choice": message, "blank": message, "null": message}


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def date_of_birth_in_range(born: date) -> None:
    """Past, within a lifetime, and old enough to be in the justice system."""
    today = timezone.localdate()
    if born > today:
        raise ValidationError("Date of birth must be in the past", code="future")
    if born < _years_before(today, OLDEST_AGE):
        raise ValidationError(f"Date of birth must be within the last {OLDEST_AGE} years", code="too_old")
    if born > _years_before(today, YOUNGEST_AGE):
        raise ValidationError(
            f"Date of birth must be at least {YOUNGEST_AGE} years ago (the age of criminal responsibility)",
            code="too_young",
        )
