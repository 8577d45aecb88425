"""One input discipline for every edge: the rules forms, API schemas, query strings and imports share.

- Identifiers that need digits take ASCII digits only: `str.isdigit()` is also true of superscript
  and Arabic-Indic digits, which `int()` then refuses or quietly reads as other numbers.
- Text never holds control characters other than tab, line feed and carriage return: PostgreSQL
  refuses NUL in text and in JSONB, and the others are never typed on purpose.
- Each kind of date has a documented range (`DATE_RANGES`), far enough inside Python's `date` that
  adding a day or a year to a stored value can never overflow, and wide enough for real records.
- Integers that reach the database (page numbers) are bounded first.
- Times filtering a list are ISO 8601 text with a real time-zone offset (at most 14 hours).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)
# C0 controls except tab (09), line feed (0A) and carriage return (0D); DEL; lone UTF-16 surrogates,
# which a JSON body can spell as \ud800 but no database can store as UTF-8.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# The same rule as a JSON Schema pattern, so both OpenAPI documents say what the input guard refuses.
_ALLOWED_CHARACTER = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
TEXT_PATTERN = rf"^{_ALLOWED_CHARACTER}*$"
# Text that must say something: at least one character that is neither space nor control.
WORDS_PATTERN = rf"^{_ALLOWED_CHARACTER}*[^\s\x00-\x1f\x7f]{_ALLOWED_CHARACTER}*$"
CONTROL_CHARACTER_MESSAGE = (
    "must not contain control characters (such as a NUL byte): remove them and try again"
)
# A page number this high is far past any list Throughcare holds, and well inside a 64-bit offset.
MAX_PAGE_NUMBER = 1_000_000
# Counts held on a service (places, capacity): far above any real one, far inside a database integer.
MAX_COUNT = 1_000_000
# The deepest JSON any Throughcare or FHIR message needs is about 10 levels.
MAX_JSON_DEPTH = 64
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")
# Real time-zone offsets run from -12:00 to +14:00; PostgreSQL refuses anything past 15:59.
MAX_OFFSET = timedelta(hours=14)


def is_ascii_digits(text: str) -> bool:
    return bool(ASCII_DIGITS.fullmatch(text))


def control_character_in(text: str) -> str | None:
    """The first control character in the text, or None."""
    found = CONTROL_CHARACTER.search(text)
    return found.group() if found else None


def control_character_within(value, loc: tuple = ()) -> tuple[tuple, str] | None:
    """(where, character) of the first control character in a parsed JSON value's strings or keys."""
    if isinstance(value, str):
        character = control_character_in(value)
        return (loc, character) if character else None
    items: Iterable[tuple[object, object]]
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = (isinstance(key, str) and control_character_within(key, (*loc, key))) or (
            control_character_within(item, (*loc, key))
        )
        if found:
            return found
    return None


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text nests arrays and objects deeper than `limit`, found without parsing it
    (Python's parser recurses, so 100,000 levels would exhaust its stack)."""
    depth = 0
    for bracket in _JSON_BRACKET.finditer(_JSON_STRING.sub('""', text)):
        if bracket.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def describe_character(character: str) -> str:
    return "a NUL byte" if character == "\x00" else f"the control character U+{ord(character):04X}"


@dataclass(frozen=True)
class DateRange:
    """The dates a kind of field may hold, and what to call it in a message."""

    name: str
    earliest: date
    latest: date
    why: str

    def problem(self, value: date, label: str) -> str | None:
        """A message saying why the date is out of range, or None when it is within it."""
        if value < self.earliest:
            return f"{label} must be on or after {self.earliest:%-d %B %Y}"
        if value > self.latest:
            return f"{label} must be on or before {self.latest:%-d %B %Y}"
        return None

    def __post_init__(self):
        # Whole years, so that `date_schema` can say the range with a pattern of years.
        assert (self.earliest.month, self.earliest.day, self.latest.month, self.latest.day) == (1, 1, 12, 31)

    def describe(self) -> str:
        return f"From {self.earliest.isoformat()} to {self.latest.isoformat()}: {self.why}"


LATEST = date(2100, 12, 31)
# Events recorded about a referral or care (consent, outcomes, waiting lists, appointments, plans).
EVENT_DATES = DateRange("event", date(2000, 1, 1), LATEST, "care records from 2000 to the end of 2100.")
# Custody, release, recall, transfer, orders and requirements: a whole-life sentence can reach back decades.
CUSTODY_DATES = DateRange(
    "custody", date(1950, 1, 1), LATEST, "custody and sentence records from 1950 to the end of 2100."
)
# Insight periods: nothing was recorded before 2000.
INSIGHT_DATES = DateRange(
    "insight", date(2000, 1, 1), LATEST, "insight periods from 2000 to the end of 2100."
)
# Any other date typed on a page (service funding and the like).
ANY_DATE = DateRange("any", date(1900, 1, 1), LATEST, "dates from 1900 to the end of 2100.")
DATE_RANGES = {each.name: each for each in (EVENT_DATES, CUSTODY_DATES, INSIGHT_DATES, ANY_DATE)}


def _check_date(range_: DateRange):
    def check(value):
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise PydanticCustomError(
                    "date_format", "Enter a real date in the form YYYY-MM-DD, like 2026-04-01"
                ) from None
        if isinstance(value, datetime) or not isinstance(value, date):
            raise PydanticCustomError("date_type", "Enter a date as text in the form YYYY-MM-DD")
        problem = range_.problem(value, "The date")
        if problem:
            raise PydanticCustomError("date_range", problem)
        return value

    return check


def api_date(range_: DateRange):
    """A date for an API schema: ISO text within the range, documented in the OpenAPI."""
    return Annotated[
        date,
        BeforeValidator(_check_date(range_)),
        WithJsonSchema(date_schema(range_)),
    ]


def date_schema(range_: DateRange) -> dict:
    """The JSON Schema of a date in the range: JSON Schema has no date bounds, so a pattern holds the
    years (every range runs from 1 January to 31 December) and `x-earliest`/`x-latest` say it plainly."""
    years = "|".join(str(year) for year in range(range_.earliest.year, range_.latest.year + 1))
    return {
        "type": "string",
        "format": "date",
        "pattern": f"^({years})-",
        "description": range_.describe(),
        "x-earliest": range_.earliest.isoformat(),
        "x-latest": range_.latest.isoformat(),
    }


EventDate = api_date(EVENT_DATES)
CustodyDate = api_date(CUSTODY_DATES)
# A required text field that must hold words, not only spaces. The services refuse blank text with
# their own messages, all fields at once; the OpenAPI says so (minimum length and pattern), so that a
# client or fuzzer learns it from the document.
Words = Annotated[str, WithJsonSchema({"type": "string", "minLength": 1, "pattern": WORDS_PATTERN})]


def _codes_in(vocabulary) -> list[str]:
    if hasattr(vocabulary, "terms"):  # a directory Vocabulary: (code, name, description) terms
        return [code for code, _name, _description in vocabulary.terms]
    if hasattr(vocabulary, "values") and not isinstance(vocabulary, dict):  # Django choices
        return [str(value) for value in vocabulary.values]
    return [str(getattr(member, "value", member)) for member in vocabulary]


def code_from(*vocabularies, blank: bool = False):
    """A code for an API schema, listed in the OpenAPI as an enum taken from where the domain declares
    it (Django choices, an enum, a directory Vocabulary or any codes), never copied. The services
    check the code, so that a request's problems are all named at once in their own words.
    `blank` also allows "" (not given)."""
    codes = [""] if blank else []
    for vocabulary in vocabularies:
        codes.extend(_codes_in(vocabulary))
    return Annotated[str, WithJsonSchema({"type": "string", "enum": list(dict.fromkeys(codes))})]


class InputProblemError(ValueError):
    """A value refused at the edge, with a message fit to show as it is."""


def parse_moment(text: str, *, label: str) -> datetime:
    """An ISO 8601 date or time (UTC when no zone is given), in UTC, or InputProblemError saying why not.

    Numbers are refused (pydantic would read `0.5` as half a second after 1970), as are offsets
    over 14 hours and years outside the range any record can hold."""
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputProblemError(
            f"{label} must be an ISO 8601 date or time, like 2026-04-01 or 2026-04-01T09:30:00Z"
        ) from None
    offset = moment.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise InputProblemError(
            f"{label} has a time-zone offset over 14 hours: use one from -12:00 to +14:00"
        )
    problem = ANY_DATE.problem(moment.date(), label)
    if problem:
        raise InputProblemError(problem)
    return moment.replace(tzinfo=UTC) if offset is None else moment.astimezone(UTC)


def bounded_page(page: int) -> str | None:
    """A message when a page number is out of range, or None."""
    if not 1 <= page <= MAX_PAGE_NUMBER:
        return f"page must be from 1 to {MAX_PAGE_NUMBER:,}."
    return None


def safe_next_url(request, fallback: str) -> str:
    """The form's `next` when it is a path on this site, otherwise `fallback` (a URL, not a URL name).

    Django's safe-URL helper accepts any relative text, so `not-a-url` passes it; only an absolute path
    (starting with one slash) is followed, so that `redirect()` is never asked to reverse it as a name."""
    from django.utils.http import url_has_allowed_host_and_scheme

    wanted = request.POST.get("next", "") or request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if allowed and wanted.startswith("/") and not wanted.startswith("//"):
        return wanted
    return fallback
