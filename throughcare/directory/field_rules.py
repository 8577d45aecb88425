"""The rules one field of a service must meet, with the words a provider manager sees when it does not.

They sit on `Service`'s fields (`validators=`, `error_messages=`) and its cross-field rules in
`Service.clean()`, so `full_clean()` checks them and the service page and the API say the same thing.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator, URLValidator

from throughcare.directory.referral_information import MAX_RESPONSE_DAYS, REFERRAL_INFORMATION_CODES

MAX_RADIUS_MILES = 200
MAX_AGE = 120

URL_MESSAGE = "Enter a web address starting https://, like https://example.org/service."
EMAIL_MESSAGE = "Enter an email address in the correct format, like referrals@example.org."
AGE_MESSAGE = f"Enter an age from 0 to {MAX_AGE}."
COUNT_MESSAGES = {"min_value": "Enter a number that is 0 or more.", "max_value": "Enter a smaller number."}
BARS_ENDPOINT_MESSAGE = (
    "Enter the NHS BaRS endpoint as a web address starting https://, like https://bars.example.nhs.uk/fhir."
)
BARS_RECEIVER_MESSAGE = (
    "Enter the receiver identifier in letters, numbers, dots, dashes or underscores only, "
    "64 characters or fewer."
)

web_address = URLValidator(schemes=["http", "https"])
secure_web_address = URLValidator(schemes=["https"])
receiver_identifier = RegexValidator(r"^[A-Za-z0-9._-]+$", BARS_RECEIVER_MESSAGE)
age_limit = MaxValueValidator(MAX_AGE)
radius_limits = [MinValueValidator(1), MaxValueValidator(MAX_RADIUS_MILES)]
response_days_limits = [MinValueValidator(1), MaxValueValidator(MAX_RESPONSE_DAYS)]


def choice_messages(message: str) -> dict[str, str]:
    """`error_messages` for a coded field: one message for a code outside the list, or none at all."""
    return {"invalid_choice": message, "blank": message, "null": message}


def response_days_messages(what: str) -> dict[str, str]:
    message = (
        f"Enter how many working days the service takes to {what} a referral, from 1 to {MAX_RESPONSE_DAYS}."
    )
    return {"min_value": message, "max_value": message, "null": message, "invalid": message}


def known_information_codes(codes) -> None:
    """Each code is one of the things a referral can tell a service (referral_information.py)."""
    unknown = sorted(set(codes) - REFERRAL_INFORMATION_CODES)
    if unknown:
        raise ValidationError(f"Unknown information codes: {', '.join(unknown)}.", code="unknown_code")
