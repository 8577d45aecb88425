"""The rules a service's details must meet: `validate_service` runs them all before the directory's
service functions write anything.

A service's own fields carry their rules on the model (`Service`'s field rules and `clean()`, see
field_rules.py), checked here through `full_clean()`. Here is only what the model cannot know: codes
from Throughcare's vocabularies (its terms are rows of their own), where it is available (areas are
rows too), and naming each funding line's problems (its rules are `Funding`'s own).
"""

from throughcare.core.validation import model_errors
from throughcare.directory.details import ServiceDetails
from throughcare.directory.field_rules import MAX_AGE, MAX_RADIUS_MILES
from throughcare.directory.models import Funding, Service
from throughcare.directory.service_facts import EDITABLE
from throughcare.directory.vocabularies import (
    COMMUNITIES,
    CUSTODY_STAGES,
    DELIVERY,
    ELIGIBILITY,
    NEEDS,
    REFERRAL_ROUTES,
    TIERS,
)

__all__ = ["MAX_AGE", "MAX_RADIUS_MILES", "TERM_FIELDS", "service_of", "validate_service"]

TERM_FIELDS = {
    "need_codes": NEEDS,
    "referral_route_codes": REFERRAL_ROUTES,
    "custody_stage_codes": CUSTODY_STAGES,
    "delivery_codes": DELIVERY,
    "community_codes": COMMUNITIES,
    "eligibility_codes": ELIGIBILITY,
}
# The order the messages are listed in: the order of the service page's questions.
MESSAGE_ORDER = (
    "name",
    "url",
    "email",
    "status",
    "tier",
    *TERM_FIELDS,
    "minimum_age",
    "maximum_age",
    "gender",
    "highest_risk_to_others",
    "radius_miles",
    "areas",
    "capacity_available",
    "capacity_maximum",
    "capacity_unit",
    "typical_wait_days",
    "required_information",
    "acknowledge_within_days",
    "decide_within_days",
    "bars_endpoint",
    "bars_receiver_id",
)


def service_of(details: ServiceDetails, service: Service | None = None) -> Service:
    """`service` (or a new, unsaved one) with the details' own fields as they will be stored."""
    service = service if service is not None else Service()
    for name in EDITABLE:
        value = getattr(details, name)
        setattr(service, name, value.strip() if isinstance(value, str) else value)
    return service


def _check_codes(details: ServiceDetails, errors: dict[str, str]) -> None:
    if details.tier and details.tier not in TIERS.codes:
        errors["tier"] = f"Unknown tier '{details.tier}': choose from {', '.join(sorted(TIERS.codes))}."
    for field_name, vocabulary in TERM_FIELDS.items():
        unknown = sorted(set(getattr(details, field_name)) - vocabulary.codes)
        if unknown:
            errors[field_name] = (
                f"Unknown {vocabulary.name.lower()} code{'s' if len(unknown) > 1 else ''}: "
                + (", ".join(unknown))
            )


def _check_where(details: ServiceDetails, errors: dict[str, str]) -> None:
    named_areas = details.local_authority_codes or details.icb_codes or details.pdu_codes
    if not details.covers_england and details.radius_miles is None and not named_areas:
        errors["areas"] = "Say where the service is available: all of England, named areas, or a distance."


def _check_funding(details: ServiceDetails, errors: dict[str, str]) -> None:
    """Each funding line against `Funding`'s own rules (`full_clean()`), its errors named by line."""
    for index, funding in enumerate(details.funding):
        line = Funding(source=funding.source.strip(), starts_on=funding.starts_on, ends_on=funding.ends_on)
        for name, message in model_errors(line, exclude=["service"]).items():
            errors[f"funding_{index}_{name}"] = message


def validate_service(details: ServiceDetails) -> dict[str, str]:
    """Each field's problem in plain words; empty when the details are valid."""
    # The organisation is the caller's to choose, and checked by who may manage it.
    errors = model_errors(service_of(details), exclude=["organisation"])
    for rule in (_check_codes, _check_where, _check_funding):
        rule(details, errors)
    return {name: errors[name] for name in sorted(errors, key=_rank)}


def _rank(name: str) -> int:
    return MESSAGE_ORDER.index(name) if name in MESSAGE_ORDER else len(MESSAGE_ORDER)
