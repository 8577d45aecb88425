"""UK postcodes: tidy them, check them, and tell which nation a postcode district is in.

A postcode is an outward code (the district: 'M1', 'LS12', 'SW1A') then a space and a 3-character
inward code ('1AE'). People type districts on their own too ('M1'), so both are accepted.
Errors say what is wrong in plain English, because they are shown to the person who typed it.
"""

import re
from dataclasses import dataclass

from throughcare.geography.models import Country, PostcodeDistrict

EXAMPLE = "like M1 1AE or M1"

# Royal Mail's rules: the first letter is never Q, V or X; the second never I, J or Z; a letter
# after the district number is one of a few; the inward code's letters never C, I, K, M, O or V.
OUTWARD_PATTERN = re.compile(
    r"^(?:"
    r"[A-PR-UWYZ][0-9]{1,2}"  # M1, B33
    r"|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"  # LS1, DN55
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"  # W1A
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRV-Y]"  # SW1A, EC1V
    r")$"
)
INWARD_PATTERN = re.compile(r"^[0-9][ABD-HJLNP-UW-Z]{2}$")
INWARD_SHAPE = re.compile(r"^[0-9][A-Z]{2}$")
ALLOWED_CHARACTERS = re.compile(r"^[A-Z0-9 ]+$")
OUTWARD_LENGTH = (2, 4)
FULL_LENGTH = (5, 7)  # without the space


class PostcodeError(ValueError):
    """The text is not a postcode; the message says why, for the person who typed it."""


class PostcodeNotFound(PostcodeError):  # noqa: N818 - reads better at the call site than ...Error
    """The text is shaped like a postcode, but no such postcode or district is known."""


@dataclass(frozen=True)
class ParsedPostcode:
    outward: str
    inward: str | None
    is_full: bool

    @property
    def postcode(self) -> str | None:
        return f"{self.outward} {self.inward}" if self.is_full else None

    def __str__(self) -> str:
        return self.postcode or self.outward


def _tidy(text: str) -> str:
    return " ".join((text or "").upper().split())


def normalise_postcode(text: str) -> str:
    """Upper-case, single spaces, and the space before the inward code: ' m11ae ' -> 'M1 1AE'.

    Text too short to hold an inward code is returned tidied but otherwise as typed (a district).
    """
    tidy = _tidy(text)
    compact = tidy.replace(" ", "")
    if len(compact) >= FULL_LENGTH[0]:
        return f"{compact[:-3]} {compact[-3:]}"
    return tidy


def _check_start(outward: str, shown: str) -> None:
    if not outward[0].isalpha():
        raise PostcodeError(f"Enter a real postcode, {EXAMPLE}: {shown} does not start with a letter.")
    if outward[0] in "QVX":
        raise PostcodeError(f"Enter a real postcode, {EXAMPLE}: no postcode starts with {outward[0]}.")


def _check_outward(outward: str, shown: str) -> None:
    if OUTWARD_PATTERN.match(outward):
        return
    _check_start(outward, shown)
    if not any(character.isdigit() for character in outward):
        raise PostcodeError(
            f"Enter a real postcode, {EXAMPLE}: {outward} has no number, but the first part of a "
            "postcode is 1 or 2 letters then a number, like M1, LS12 or SW1A."
        )
    raise PostcodeError(
        f"Enter a real postcode, {EXAMPLE}: {outward} is not a postcode district. The first part of "
        "a postcode is 1 or 2 letters then a number, sometimes with a letter or another number after "
        "it, like M1, LS12 or SW1A."
    )


def _check_inward(inward: str, shown: str) -> None:
    if INWARD_PATTERN.match(inward):
        return
    if not INWARD_SHAPE.match(inward):
        raise PostcodeError(
            f"Enter a real postcode, {EXAMPLE}: the last part of {shown}, {inward}, should be "
            "a number then two letters, like 1AE."
        )
    raise PostcodeError(
        f"Enter a real postcode, {EXAMPLE}: the last part of {shown}, {inward}, ends in a letter "
        "that postcodes never use there (C, I, K, M, O or V)."
    )


def parse_postcode(text: str) -> ParsedPostcode:
    """A full postcode ('M1 1AE', 'm11ae') or a district ('M1'), or PostcodeError saying what is wrong."""
    tidy = _tidy(text)
    if not tidy:
        raise PostcodeError("Enter a postcode, like M1 1AE, or the first part of one, like M1.")
    if not ALLOWED_CHARACTERS.match(tidy):
        wrong = "".join(sorted({c for c in tidy if not (c.isascii() and (c.isalnum() or c == " "))}))
        raise PostcodeError(
            f"Enter a real postcode, {EXAMPLE}: a postcode has only letters, numbers and a space, "
            f"not {', '.join(wrong)}."
        )
    compact = tidy.replace(" ", "")
    parts = tidy.split(" ")
    if len(parts) > 2:
        raise PostcodeError(f"Enter a real postcode, {EXAMPLE}: {tidy} has too many spaces in it.")
    if len(compact) < OUTWARD_LENGTH[0]:
        raise PostcodeError(
            f"Enter a real postcode, {EXAMPLE}: {tidy} is too short. Even the first part of a postcode "
            "has at least 2 characters."
        )
    if len(compact) > FULL_LENGTH[1]:
        raise PostcodeError(
            f"Enter a real postcode, {EXAMPLE}: {tidy} is too long. A postcode has at most 7 letters "
            "and numbers, like SW1A 1AA."
        )
    if len(parts) == 2:
        outward, inward = parts
        _check_outward(outward, tidy)
        _check_inward(inward, tidy)
        return ParsedPostcode(outward, inward, is_full=True)
    if len(compact) <= OUTWARD_LENGTH[1] and OUTWARD_PATTERN.match(compact):
        return ParsedPostcode(compact, None, is_full=False)
    if len(compact) < FULL_LENGTH[0]:
        _check_start(compact, tidy)
        raise PostcodeError(
            f"Enter a real postcode, {EXAMPLE}: {tidy} is too short for a full postcode, and is not a "
            "postcode district (the first part of a postcode, like M1 or LS12)."
        )
    outward, inward = compact[:-3], compact[-3:]
    _check_outward(outward, tidy)
    _check_inward(inward, tidy)
    return ParsedPostcode(outward, inward, is_full=True)


# Postcode areas wholly (or, for TD, mostly) outside England. Districts that cross a border are
# listed separately, by where their centroid falls; the district table, when loaded, wins.
SCOTTISH_AREAS = frozenset(
    ["AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "TD", "ZE"]
)
WELSH_AREAS = frozenset(["CF", "LD", "LL", "NP", "SA"])
AREA_NATIONS = {
    **dict.fromkeys(SCOTTISH_AREAS, Country.SCOTLAND),
    **dict.fromkeys(WELSH_AREAS, Country.WALES),
    "BT": Country.NORTHERN_IRELAND,
    "IM": Country.ISLE_OF_MAN,
    "GY": Country.GUERNSEY,
    "JE": Country.JERSEY,
}
CROSS_BORDER_DISTRICTS = {
    **{f"CH{n}": Country.WALES for n in range(4, 9)},  # Saltney, Deeside, Flint, Mold, Holywell
    **{f"SY{n}": Country.WALES for n in range(15, 26)},  # Montgomeryshire and Ceredigion
    "TD12": Country.ENGLAND,  # Cornhill-on-Tweed
    "TD15": Country.ENGLAND,  # Berwick-upon-Tweed
}
AREA_LETTERS = re.compile(r"^[A-Z]+")


def nation_of(outward: str) -> Country:
    """The nation a postcode district (or full postcode) is in: the district table's, else by its letters."""
    outward = parse_postcode(outward).outward
    country = PostcodeDistrict.objects.filter(code=outward).values_list("country", flat=True).first()
    if country:
        return Country(country)
    return nation_from_prefix(outward)


def nation_from_prefix(outward: str) -> Country:
    """The nation from the postcode's letters alone, for districts the table does not know."""
    if outward in CROSS_BORDER_DISTRICTS:
        return CROSS_BORDER_DISTRICTS[outward]
    area = AREA_LETTERS.match(outward).group()
    return AREA_NATIONS.get(area, Country.ENGLAND)
