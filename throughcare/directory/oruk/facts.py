"""The "service facts" taxonomy: Throughcare's scalar fields, published as HSDS attributes with a value.

Needs, tiers, routes and the other coded lists are taxonomies of their own (vocabularies.py), so a
service carries their terms directly. Facts like "typical wait 14 days" or "accepts high risk of
harm" are not a choice from a list: each becomes an attribute whose taxonomy term names the fact
and whose `value` holds it, so a standard client sees a named, described term and our own importer
can map the value back to the field.

Why this lives here and loads itself: the published vocabularies belong to the directory's model
(loaded by its migration), while these terms exist only to carry our fields through Open Referral.
`ensure_service_facts()` writes them idempotently, with ids derived from their codes like every
other Throughcare term, and is called by the public API's taxonomy endpoints, by the importers
and by tests.
"""

from dataclasses import dataclass
from datetime import UTC, date
from uuid import UUID

from django.db import transaction

from throughcare.core.inputs import ANY_DATE, MAX_COUNT, InputProblemError, is_ascii_digits, parse_moment
from throughcare.directory.models import Gender, RiskLevel, Taxonomy, TaxonomyTerm
from throughcare.directory.service_facts import SERVICE_FACTS, Published
from throughcare.directory.vocabularies import TAXONOMY_URI, taxonomy_id, term_id

FACTS_CODE = "service_facts"
FACTS_NAME = "Throughcare service facts"
FACTS_DESCRIPTION = (
    "Facts about a service that are a value rather than a choice from a list, such as capacity, "
    "typical wait and eligibility. Each attribute's value holds the fact."
)
FACTS_VERSION = "1"
FACTS_TAXONOMY_ID = taxonomy_id(FACTS_CODE)

RISK_CODES = {
    RiskLevel.LOW: "low",
    RiskLevel.MEDIUM: "medium",
    RiskLevel.HIGH: "high",
    RiskLevel.VERY_HIGH: "very_high",
}
RISK_LEVELS = {code: level for level, code in RISK_CODES.items()}
MAX_TEXT_LENGTH = 500  # Attribute.value


@dataclass(frozen=True)
class Fact:
    code: str
    name: str
    description: str
    kind: str  # bool, count, date, datetime, text, gender, risk or area

    @property
    def term_id(self) -> UUID:
        return term_id(FACTS_CODE, self.code)

    @property
    def term_uri(self) -> str:
        return f"{TAXONOMY_URI}/{FACTS_CODE}/{self.code}"


# Facts about records related to a service (the areas it covers, its funding, its locations'
# areas): a service's own facts come from their one declaration in service_facts.py.
RELATED_FACTS: tuple[Fact, ...] = (
    Fact(
        "covers_local_authority",
        "Covers a local authority",
        "A local authority district the service covers, by GSS code (one attribute per area).",
        "area",
    ),
    Fact("covers_icb", "Covers an integrated care board", "An ICB the service covers, by ODS code.", "area"),
    Fact(
        "covers_pdu",
        "Covers a probation delivery unit",
        "A probation delivery unit the service covers, by its probation code.",
        "area",
    ),
    Fact(
        "funding_starts_on",
        "Funding starts",
        "The date this funding starts (on a funding record).",
        "date",
    ),
    Fact(
        "local_authority_code",
        "Local authority",
        "The local authority district a location is in, by GSS code.",
        "area",
    ),
)
FACTS: tuple[Fact, ...] = (
    *(
        Fact(fact.name, fact.label, fact.help_text, str(fact.kind))
        for fact in SERVICE_FACTS
        if fact.published == Published.ATTRIBUTE
    ),
    *RELATED_FACTS,
)
BY_CODE = {fact.code: fact for fact in FACTS}
BY_TERM_ID = {fact.term_id: fact for fact in FACTS}


def encode(fact: Fact, value) -> str:
    """A field's value as the attribute's text."""
    if fact.kind == "bool":
        return "true" if value else "false"
    if fact.kind == "risk":
        return RISK_CODES[RiskLevel(value)]
    if fact.kind == "datetime":
        return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
    if fact.kind == "date":
        return value.isoformat()
    return str(value)


def _decode_bool(fact: Fact, text: str) -> bool:
    if text.lower() not in ("true", "false"):
        raise ValueError(f"{fact.code} must be true or false, not {text!r}.")
    return text.lower() == "true"


def _decode_count(fact: Fact, text: str) -> int:
    if not is_ascii_digits(text) or int(text) > MAX_COUNT:
        raise ValueError(f"{fact.code} must be a whole number from 0 to {MAX_COUNT:,}, not {text!r}.")
    return int(text)


def _decode_gender(fact: Fact, text: str) -> str:
    if text not in Gender.values:
        raise ValueError(f"{fact.code} must be one of {', '.join(Gender.values)}, not {text!r}.")
    return text


def _decode_risk(fact: Fact, text: str) -> int:
    if text not in RISK_LEVELS:
        raise ValueError(f"{fact.code} must be one of {', '.join(RISK_LEVELS)}, not {text!r}.")
    return int(RISK_LEVELS[text])


def _decode_date(fact: Fact, text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{fact.code} must be a date like 2026-03-31, not {text!r}.") from None
    problem = ANY_DATE.problem(day, fact.code)
    if problem:
        raise ValueError(f"{problem}.")
    return day


def _decode_datetime(fact: Fact, text: str):
    try:
        return parse_moment(text.replace("Z", "+00:00"), label=fact.code)
    except InputProblemError as problem:
        raise ValueError(f"{problem}.") from None


def _decode_text(fact: Fact, text: str) -> str:
    if not text:
        raise ValueError(f"{fact.code} must not be empty.")
    if len(text) > MAX_TEXT_LENGTH:
        raise ValueError(f"{fact.code} must be {MAX_TEXT_LENGTH} characters or fewer.")
    return text


# How each kind of fact reads its attribute's text; any other kind is free text.
DECODERS = {
    "bool": _decode_bool,
    "count": _decode_count,
    "gender": _decode_gender,
    "risk": _decode_risk,
    "date": _decode_date,
    "datetime": _decode_datetime,
}


def decode(fact: Fact, text: str):
    """The attribute's text as the field's value, or ValueError saying what is wrong."""
    return DECODERS.get(fact.kind, _decode_text)(fact, (text or "").strip())


def _wanted_terms(taxonomy: Taxonomy) -> list[TaxonomyTerm]:
    return [
        TaxonomyTerm(
            id=fact.term_id,
            taxonomy=taxonomy,
            code=fact.code,
            name=fact.name,
            description=fact.description,
            term_uri=fact.term_uri,
        )
        for fact in FACTS
    ]


def ensure_service_facts() -> None:
    """Make sure the facts taxonomy and its terms are stored as defined here; one query when they are."""
    stored = set(
        TaxonomyTerm.objects.filter(taxonomy_id=FACTS_TAXONOMY_ID).values_list(
            "id", "code", "name", "description", "term_uri"
        )
    )
    wanted = {(fact.term_id, fact.code, fact.name, fact.description, fact.term_uri) for fact in FACTS}
    if stored == wanted:
        return
    with transaction.atomic():
        taxonomy, _ = Taxonomy.objects.update_or_create(
            id=FACTS_TAXONOMY_ID,
            defaults={
                "code": FACTS_CODE,
                "name": FACTS_NAME,
                "description": FACTS_DESCRIPTION,
                "uri": f"{TAXONOMY_URI}/{FACTS_CODE}",
                "version": FACTS_VERSION,
            },
        )
        TaxonomyTerm.objects.filter(taxonomy=taxonomy).exclude(id__in=[f.term_id for f in FACTS]).delete()
        TaxonomyTerm.objects.bulk_create(
            _wanted_terms(taxonomy),
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["taxonomy", "code", "name", "description", "term_uri"],
        )
