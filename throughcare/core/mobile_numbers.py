"""UK mobile numbers, as people type them and as GOV.UK Notify takes them.

People write 07700 900982, 07700-900-982, (07700) 900982, +44 7700 900982, +44 (0)7700 900982
or 0044 7700 900982. Each is kept as one form, +447700900982, so a number typed two ways is the
same number and the stored value is what Notify is sent. Only UK mobiles (07...) are taken:
reminders go by text, which landlines cannot receive.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

WRONG_NUMBER = "Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982"
NORMALISED = re.compile(r"\+447\d{9}")
# What people put between the digits: spaces, dashes, dots and brackets.
SEPARATORS = re.compile(r"[\s\-.()]")

uk_mobile_validator = RegexValidator(regex=rf"^{NORMALISED.pattern}$", message=WRONG_NUMBER, code="invalid")


def normalised_uk_mobile(typed: str) -> str:
    """'07700 900 982' -> '+447700900982'; ValidationError with a GOV.UK message if it is not a UK mobile."""
    digits = SEPARATORS.sub("", typed.strip().replace("(0)", ""))
    for prefix in ("+44", "0044", "44"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 10:
            digits = "0" + digits[len(prefix) :]
            break
    if not re.fullmatch(r"07\d{9}", digits):
        raise ValidationError(WRONG_NUMBER, code="invalid")
    return "+44" + digits[1:]


def shown(number: str) -> str:
    """'+447700900982' -> '07700 900982', the way people read their own number."""
    if not NORMALISED.fullmatch(number):
        return number
    local = "0" + number[3:]
    return f"{local[:5]} {local[5:]}"


def masked(number: str) -> str:
    """'+447700900982' -> '07*** ***982': enough for the person to recognise, not enough to learn."""
    local = "0" + number[3:] if NORMALISED.fullmatch(number) else number
    return f"{local[:2]}*** ***{local[-3:]}"
