"""The identifiers a person may carry, checked by their real rules, each failure naming its rule.

Every `clean_*` function takes what was typed, normalises case and spaces, and returns the stored
form or raises ValidationError with a message saying which rule failed. An empty value is returned
as "" (every identifier is optional; whether one is required is for the caller to say).
"""

import re

from django.core.exceptions import ValidationError

from throughcare.core.inputs import is_ascii_digits

NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
# ASCII only: `\d` would also match Arabic-Indic and other digits no NOMIS or PNC record holds.
PRISON_NUMBER = re.compile(r"^[A-Z][0-9]{4}[A-Z]{2}$", re.ASCII)
CRN = re.compile(r"^[A-Z][0-9]{6}$", re.ASCII)
PNC = re.compile(r"^([0-9]{4})/([0-9]{7})([A-Z])$", re.ASCII)
# The PNC check character: (two-digit year and 7-digit serial as one number) mod 23, as a letter
# from this alphabet (I, O and S are not used). Checked against the published examples used by
# HMPPS's person record service (ministryofjustice/hmpps-person-record, PNCIdValidator), e.g.
# 2001/0171310W, 2011/0275516Q, 1981/0154257C.
PNC_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
# What each `clean_*` function accepts, as JSON Schema patterns for the API's OpenAPI document: blank,
# or the identifier in either case with spaces around it. (Check digits and letters are beyond a
# pattern; the API answers 422 naming the rule.)
IDENTIFIER_PATTERNS = {
    "nhs_number": r"^ *(([0-9] *){10})?$",
    "prison_number": r"^ *([A-Za-z][0-9]{4}[A-Za-z]{2})? *$",
    "crn": r"^ *([A-Za-z][0-9]{6})? *$",
    "pnc": r"^ *([0-9]{4}/?[0-9]{7}[A-Za-z])? *$",
}


def _squash(value: str | None) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def nhs_check_digit(first_nine: str) -> int | None:
    """Modulus 11 check digit of the first nine digits, or None when it would be 10 (never issued)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def clean_nhs_number(value: str | None) -> str:
    number = _squash(value)
    if not number:
        return ""
    if not is_ascii_digits(number):
        raise ValidationError("An NHS number must contain only digits and spaces, like 943 476 5919")
    if len(number) != 10:
        raise ValidationError(f"An NHS number must be 10 digits: this has {len(number)}")
    expected = nhs_check_digit(number[:9])
    if expected is None:
        raise ValidationError(
            f"{number} cannot be a valid NHS number (check digit would be 10): check it was copied correctly"
        )
    if int(number[9]) != expected:
        raise ValidationError(
            f"{number} is not a valid NHS number: by the Modulus 11 check, the check digit should be "
            f"{expected}, not {number[9]}. Check it was copied correctly"
        )
    return number


def clean_prison_number(value: str | None) -> str:
    number = _squash(value)
    if number and not PRISON_NUMBER.match(number):
        raise ValidationError(
            "A prison number must be a letter, 4 digits and 2 letters, like A1234BC (the NOMIS format)"
        )
    return number


def clean_crn(value: str | None) -> str:
    number = _squash(value)
    if number and not CRN.match(number):
        raise ValidationError("A case reference number (CRN) must be a letter and 6 digits, like X123456")
    return number


def pnc_check_letter(year: str, serial: str) -> str:
    return PNC_CHECK_LETTERS[int(year[-2:] + serial) % 23]


def clean_pnc(value: str | None) -> str:
    number = _squash(value)
    if not number:
        return ""
    if "/" not in number and len(number) == 12:
        number = f"{number[:4]}/{number[4:]}"  # the slash is often left out
    match = PNC.match(number)
    if not match:
        raise ValidationError(
            "A PNC number must be a 4-digit year, a slash, 7 digits and a check letter, like 2001/0171310W"
        )
    year, serial, letter = match.groups()
    expected = pnc_check_letter(year, serial)
    if letter != expected:
        raise ValidationError(
            f"{number} is not a valid PNC number: by the PNC check character rule, the last letter "
            f"should be {expected}, not {letter}. Check it was copied correctly"
        )
    return number


CLEANERS = {
    "nhs_number": clean_nhs_number,
    "prison_number": clean_prison_number,
    "crn": clean_crn,
    "pnc": clean_pnc,
}
IDENTIFIER_LABELS = {
    "nhs_number": "NHS number",
    "prison_number": "prison number",
    "crn": "case reference number (CRN)",
    "pnc": "PNC number",
}


def clean_identifiers(values: dict[str, str | None]) -> tuple[dict[str, str], dict[str, str]]:
    """(cleaned values, errors by field) for whichever identifiers are given."""
    cleaned, errors = {}, {}
    for field, cleaner in CLEANERS.items():
        try:
            cleaned[field] = cleaner(values.get(field))
        except ValidationError as exc:
            errors[field] = exc.messages[0]
    return cleaned, errors


def identify(value: str | None) -> tuple[str, str] | None:
    """(field, stored form) of whichever identifier a search term is, or None if it is none of them."""
    for field, cleaner in CLEANERS.items():
        try:
            cleaned = cleaner(value)
        except ValidationError:
            continue
        if cleaned:
            return field, cleaned
    return None
