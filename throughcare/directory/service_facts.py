"""Every fact a service holds, declared once: what it is called, what it means, its kind, whether it is
published through Open Referral UK, whether matching reads it, and where it is edited.

The directory's service page and service functions, the Open Referral API and importer, and
matching all take their field lists from `SERVICE_FACTS`, so a fact added here reaches all of them
(or a test says what else it needs: see docs/how-to/add-a-service-fact.md). Every concrete field of
`Service` is either declared here or named in `NOT_FACTS` with the reason.
"""

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What sort of value a fact holds; Open Referral encodes and decodes attribute values by it."""

    TEXT = "text"
    COUNT = "count"  # a whole number of 0 or more
    BOOL = "bool"
    CODE = "code"  # one code from a list (status, tier)
    CODES = "codes"  # a list of codes (JSON)
    GENDER = "gender"
    RISK = "risk"
    DATE = "date"
    DATETIME = "datetime"


class Published(StrEnum):
    """How Open Referral UK publishes a fact (and reads it back on import)."""

    FIELD = "field"  # one of HSDS's own service fields (name, description, minimum_age...)
    TERM = "term"  # a term of one of our published vocabularies (tier)
    ATTRIBUTE = "attribute"  # an attribute of the "service facts" taxonomy, with the value (oruk/facts.py)
    NO = "no"  # kept to Throughcare


class Form(StrEnum):
    """Where a person edits the fact."""

    SERVICE_PAGE = "service_page"  # the service page's own question for it
    SERVICE_PAGE_AREAS = "service_page_areas"  # the service page's "where is it available" question
    NONE = "none"  # derived, or set by Throughcare (capacity updated, funding ends, confirmed)


@dataclass(frozen=True)
class ServiceFact:
    name: str  # the Service field, and the attribute code when published as one
    label: str  # what it is called (the published term's name)
    help_text: str  # what it means (the published term's description)
    kind: Kind
    published: Published
    matched: bool  # read by matching (matching/candidate_sql.py FACT_FIELDS, in this order)
    form: Form


_F, _K, _P, _E = ServiceFact, Kind, Published, Form
# The facts matching reads come in the order matching's ServiceFacts takes them (name first).
SERVICE_FACTS: tuple[ServiceFact, ...] = (
    _F("name", "Service name", "What the service is called.", _K.TEXT, _P.FIELD, True, _E.SERVICE_PAGE),
    _F("tier", "Tier", "A code from the tier vocabulary.", _K.CODE, _P.TERM, True, _E.SERVICE_PAGE),
    _F("minimum_age", "Minimum age", "The youngest age served.", _K.COUNT, _P.FIELD, True, _E.SERVICE_PAGE),
    _F("maximum_age", "Maximum age", "The oldest age served.", _K.COUNT, _P.FIELD, True, _E.SERVICE_PAGE),
    _F(
        "gender",
        "Who the service is for",
        "any, women or men.",
        _K.GENDER,
        _P.ATTRIBUTE,
        True,
        _E.SERVICE_PAGE,
    ),
    _F(
        "accepts_current_substance_use",
        "Accepts current substance use",
        "true if people currently using drugs or alcohol can use the service.",
        _K.BOOL,
        _P.ATTRIBUTE,
        True,
        _E.SERVICE_PAGE,
    ),
    _F(
        "highest_risk_to_others",
        "Highest risk of harm to others accepted",
        "The highest risk of serious harm to others (as probation assesses it) the service works with: "
        "low, medium, high or very_high.",
        _K.RISK,
        _P.ATTRIBUTE,
        True,
        _E.SERVICE_PAGE,
    ),
    _F(
        "accepts_risk_to_self",
        "Accepts current risk to self",
        "true if the service works with people at current risk to themselves.",
        _K.BOOL,
        _P.ATTRIBUTE,
        True,
        _E.SERVICE_PAGE,
    ),
    _F(
        "requires_gp_registration",
        "Requires GP registration",
        "true if people must be registered with a GP to use the service.",
        _K.BOOL,
        _P.ATTRIBUTE,
        True,
        _E.SERVICE_PAGE,
    ),
    _F(
        "statutory_referrals_only",
        "Statutory referrals only",
        "true if the service takes referrals only from probation or other statutory agencies.",
        _K.BOOL,
        _P.ATTRIBUTE,
        True,
        _E.SERVICE_PAGE,
    ),
    _F(
        "covers_england",
        "Available across England",
        "true if anyone in England can use it.",
        _K.BOOL,
        _P.ATTRIBUTE,
        True,
        _E.SERVICE_PAGE_AREAS,
    ),
    _F(
        "radius_miles",
        "Available within a distance (miles)",
        "Available to people within this many miles of one of the service's locations.",
        _K.COUNT,
        _P.ATTRIBUTE,
        True,
        _E.SERVICE_PAGE,
    ),
    _F(
        "capacity_available",
        "Places available",
        "How many places are free now.",
        _K.COUNT,
        _P.ATTRIBUTE,
        True,
        _E.SERVICE_PAGE,
    ),
    _F(
        "capacity_maximum",
        "Places in total",
        "How many places the service has in all.",
        _K.COUNT,
        _P.ATTRIBUTE,
        True,
        _E.SERVICE_PAGE,
    ),
    _F(
        "capacity_unit",
        "What a place is",
        "What the capacity counts, like 'places'.",
        _K.TEXT,
        _P.ATTRIBUTE,
        True,
        _E.SERVICE_PAGE,
    ),
    _F(
        "capacity_updated_at",
        "Capacity last updated",
        "When the places available were last updated (ISO 8601, UTC).",
        _K.DATETIME,
        _P.ATTRIBUTE,
        True,
        _E.NONE,
    ),
    _F(
        "typical_wait_days",
        "Typical wait (days)",
        "Days from referral to first contact, typically.",
        _K.COUNT,
        _P.ATTRIBUTE,
        True,
        _E.SERVICE_PAGE,
    ),
    _F(
        "funding_ends_on",
        "Funding ends",
        "The date funding ends: on a funding record, that funding's end; on a service, the earliest "
        "end of all its funding.",
        _K.DATE,
        _P.ATTRIBUTE,
        True,
        _E.NONE,
    ),
    # Facts matching does not read.
    _F(
        "description",
        "Description",
        "What the service does and for whom.",
        _K.TEXT,
        _P.FIELD,
        False,
        _E.SERVICE_PAGE,
    ),
    _F("url", "Website", "The service's web page.", _K.TEXT, _P.FIELD, False, _E.SERVICE_PAGE),
    _F("email", "Email address", "For referrals or enquiries.", _K.TEXT, _P.FIELD, False, _E.SERVICE_PAGE),
    _F(
        "status",
        "Status",
        "active, inactive, defunct or temporarily closed.",
        _K.CODE,
        _P.FIELD,
        False,
        _E.SERVICE_PAGE,
    ),
    _F("alert", "Alert", "Anything people must know now.", _K.TEXT, _P.FIELD, False, _E.SERVICE_PAGE),
    _F("accreditations", "Accreditations", "Its accreditations.", _K.TEXT, _P.FIELD, False, _E.NONE),
    _F(
        "alternate_name",
        "Other name",
        "Another name the service is known by.",
        _K.TEXT,
        _P.FIELD,
        False,
        _E.NONE,
    ),
    _F(
        "application_process",
        "How to apply",
        "The steps needed to use the service.",
        _K.TEXT,
        _P.FIELD,
        False,
        _E.NONE,
    ),
    _F(
        "eligibility_description",
        "Who can use it",
        "Who the service is for, in the provider's words.",
        _K.TEXT,
        _P.FIELD,
        False,
        _E.NONE,
    ),
    _F("fees_description", "Fees", "What the service costs, in words.", _K.TEXT, _P.FIELD, False, _E.NONE),
    _F(
        "is_public",
        "Published",
        "Whether the entry is published through the Open Referral UK API.",
        _K.BOOL,
        _P.NO,
        False,
        _E.SERVICE_PAGE,
    ),
    _F(
        "required_information",
        "What a referral must say",
        "What a referral must tell the service besides its reason and contact preferences.",
        _K.CODES,
        _P.NO,
        False,
        _E.SERVICE_PAGE,
    ),
    _F(
        "acknowledge_within_days",
        "Working days to acknowledge",
        "Working days the service takes to acknowledge a referral.",
        _K.COUNT,
        _P.NO,
        False,
        _E.SERVICE_PAGE,
    ),
    _F(
        "decide_within_days",
        "Working days to decide",
        "Working days the service takes to decide on a referral.",
        _K.COUNT,
        _P.NO,
        False,
        _E.SERVICE_PAGE,
    ),
    _F(
        "bars_endpoint",
        "NHS BaRS endpoint",
        "Where NHS systems send the service's referral messages (https).",
        _K.TEXT,
        _P.NO,
        False,
        _E.SERVICE_PAGE,
    ),
    _F(
        "bars_receiver_id",
        "NHS BaRS receiver identifier",
        "The service's identifier at that endpoint, usually its Directory of Services id.",
        _K.TEXT,
        _P.NO,
        False,
        _E.SERVICE_PAGE,
    ),
    _F(
        "last_confirmed_on",
        "Last confirmed",
        "When the provider last said the entry is right (HSDS assured_date).",
        _K.DATE,
        _P.FIELD,
        False,
        _E.NONE,
    ),
    _F(
        "last_confirmed_by",
        "Confirmed by",
        "Who last said the entry is right (HSDS assurer_email, never published).",
        _K.TEXT,
        _P.NO,
        False,
        _E.NONE,
    ),
)

# Concrete Service fields that are not facts, and why.
NOT_FACTS = {
    "id": "the record's identity",
    "created_at": "bookkeeping",
    "updated_at": "bookkeeping (published as last_modified)",
    "organisation": "who provides it: a relation, published as the HSDS organization",
    "term_codes": "derived from its terms (term_codes.py)",
    "feed": "where it was imported from: bookkeeping for feed syncs (feeds.py)",
}

BY_NAME = {fact.name: fact for fact in SERVICE_FACTS}


def fact_names(**attributes) -> tuple[str, ...]:
    """The names of the facts with all these attributes, in declaration order:
    `fact_names(published=Published.ATTRIBUTE)`. An attribute facts do not have is a TypeError."""
    unknown = set(attributes) - set(ServiceFact.__dataclass_fields__)
    if unknown:
        raise TypeError(f"ServiceFact has no attribute {sorted(unknown)}")
    return tuple(
        fact.name
        for fact in SERVICE_FACTS
        if all(getattr(fact, name) == value for name, value in attributes.items())
    )


# Everything the service page edits, in one call to service_create or service_update.
EDITABLE = tuple(fact.name for fact in SERVICE_FACTS if fact.form != Form.NONE)
# Published as attributes of the service facts taxonomy.
PUBLISHED_AS_ATTRIBUTES = fact_names(published=Published.ATTRIBUTE)
# Read by matching, in ServiceFacts order.
MATCHED = fact_names(matched=True)
