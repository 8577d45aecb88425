"""The rules a service's details must meet, as a table of small checks: `validate_service` runs them
all before the directory's service functions write anything."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from throughcare.directory.details import ServiceDetails
from throughcare.directory.models import Gender, RiskLevel, ServiceStatus
from throughcare.directory.referral_information import MAX_RESPONSE_DAYS, REFERRAL_INFORMATION_CODES
from throughcare.directory.vocabularies import (
    COMMUNITIES,
    CUSTODY_STAGES,
    DELIVERY,
    ELIGIBILITY,
    NEEDS,
    REFERRAL_ROUTES,
    TIERS,
)

MAX_RADIUS_MILES = 200
MAX_AGE = 120

TERM_FIELDS = {
    "need_codes": NEEDS,
    "referral_route_codes": REFERRAL_ROUTES,
    "custody_stage_codes": CUSTODY_STAGES,
    "delivery_codes": DELIVERY,
    "community_codes": COMMUNITIES,
    "eligibility_codes": ELIGIBILITY,
}


# The rules a service's details must meet. Each reads the details and adds its messages to `errors`
# (a later rule may replace an earlier message for the same field); they run in this order, which is
# the order the messages are listed in.


def _check_name(details: ServiceDetails, errors: dict[str, str]) -> None:
    if not details.name.strip():
        errors["name"] = "Enter the service's name."
    elif len(details.name) > 255:
        errors["name"] = "The service's name must be 255 characters or fewer."


def _check_url(details: ServiceDetails, errors: dict[str, str]) -> None:
    if details.url:
        try:
            URLValidator(schemes=["http", "https"])(details.url)
        except ValidationError:
            errors["url"] = "Enter a web address starting https://, like https://example.org/service."


def _check_email(details: ServiceDetails, errors: dict[str, str]) -> None:
    if details.email:
        try:
            validate_email(details.email)
        except ValidationError:
            errors["email"] = "Enter an email address in the correct format, like referrals@example.org."


def _check_codes(details: ServiceDetails, errors: dict[str, str]) -> None:
    if details.status not in ServiceStatus.values:
        errors["status"] = f"Choose a status from: {', '.join(ServiceStatus.values)}."
    if details.tier and details.tier not in TIERS.codes:
        errors["tier"] = f"Unknown tier '{details.tier}': choose from {', '.join(sorted(TIERS.codes))}."


def _check_terms(details: ServiceDetails, errors: dict[str, str]) -> None:
    for field_name, vocabulary in TERM_FIELDS.items():
        unknown = sorted(set(getattr(details, field_name)) - vocabulary.codes)
        if unknown:
            errors[field_name] = (
                f"Unknown {vocabulary.name.lower()} code{'s' if len(unknown) > 1 else ''}: "
                + (", ".join(unknown))
            )


def _check_ages(details: ServiceDetails, errors: dict[str, str]) -> None:
    for bound in ("minimum_age", "maximum_age"):
        value = getattr(details, bound)
        if value is not None and not 0 <= value <= MAX_AGE:
            errors[bound] = f"Enter an age from 0 to {MAX_AGE}."
    both_given = details.minimum_age is not None and details.maximum_age is not None
    both_valid = not errors.keys() & {"minimum_age", "maximum_age"}
    if both_given and both_valid and details.minimum_age > details.maximum_age:
        errors["maximum_age"] = "The maximum age must be the same as or more than the minimum age."


def _check_who_it_is_for(details: ServiceDetails, errors: dict[str, str]) -> None:
    if details.gender not in Gender.values:
        errors["gender"] = "Choose who the service is for: anyone, women only or men only."
    if details.highest_risk_to_others not in RiskLevel.values:
        errors["highest_risk_to_others"] = "Choose the highest risk of harm to others the service accepts."


def _check_where(details: ServiceDetails, errors: dict[str, str]) -> None:
    if details.radius_miles is not None and not 1 <= details.radius_miles <= MAX_RADIUS_MILES:
        errors["radius_miles"] = f"Enter a distance from 1 to {MAX_RADIUS_MILES} miles."
    named_areas = details.local_authority_codes or details.icb_codes or details.pdu_codes
    if not details.covers_england and details.radius_miles is None and not named_areas:
        errors["areas"] = "Say where the service is available: all of England, named areas, or a distance."


def _check_counts(details: ServiceDetails, errors: dict[str, str]) -> None:
    for count_field in ("capacity_available", "capacity_maximum", "typical_wait_days"):
        value = getattr(details, count_field)
        if value is not None and value < 0:
            errors[count_field] = "Enter a number that is 0 or more."


def _check_referral_terms(details: ServiceDetails, errors: dict[str, str]) -> None:
    errors.update(_referral_terms_errors(details))


def _check_capacity(details: ServiceDetails, errors: dict[str, str]) -> None:
    available, maximum = details.capacity_available, details.capacity_maximum
    if available is not None and maximum is not None and available > maximum:
        errors["capacity_available"] = (
            f"Places available ({available}) cannot be more than the maximum ({maximum})."
        )


def _check_funding(details: ServiceDetails, errors: dict[str, str]) -> None:
    for index, funding in enumerate(details.funding):
        if not funding.source.strip():
            errors[f"funding_{index}_source"] = "Enter where the funding comes from."
        if funding.starts_on and funding.ends_on and funding.ends_on < funding.starts_on:
            errors[f"funding_{index}_ends_on"] = "The funding end date must be on or after its start date."


BARS_RECEIVER_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _check_bars(details: ServiceDetails, errors: dict[str, str]) -> None:
    """Where NHS BaRS referral messages for the service go (docs/adr/0025-bars-messages.md)."""
    if len(details.bars_endpoint) > 200:
        errors["bars_endpoint"] = "The NHS BaRS endpoint must be 200 characters or fewer."
    elif details.bars_endpoint:
        try:
            URLValidator(schemes=["https"])(details.bars_endpoint)
        except ValidationError:
            errors["bars_endpoint"] = (
                "Enter the NHS BaRS endpoint as a web address starting https://, "
                "like https://bars.example.nhs.uk/fhir."
            )
    if details.bars_receiver_id and not BARS_RECEIVER_ID.match(details.bars_receiver_id):
        errors["bars_receiver_id"] = (
            "Enter the receiver identifier in letters, numbers, dots, dashes or underscores only, "
            "64 characters or fewer."
        )


SERVICE_RULES = (
    _check_name,
    _check_url,
    _check_email,
    _check_codes,
    _check_terms,
    _check_ages,
    _check_who_it_is_for,
    _check_where,
    _check_counts,
    _check_referral_terms,
    _check_bars,
    _check_capacity,
    _check_funding,
)


def validate_service(details: ServiceDetails) -> dict[str, str]:
    """Each field's problem in plain words; empty when the details are valid."""
    errors: dict[str, str] = {}
    for rule in SERVICE_RULES:
        rule(details, errors)
    return errors


def _referral_terms_errors(details: ServiceDetails) -> dict[str, str]:
    errors = {}
    unknown = sorted(set(details.required_information) - REFERRAL_INFORMATION_CODES)
    if unknown:
        errors["required_information"] = f"Unknown information codes: {', '.join(unknown)}."
    for name, what in (("acknowledge_within_days", "acknowledge"), ("decide_within_days", "decide on")):
        value = getattr(details, name)
        if not 1 <= value <= MAX_RESPONSE_DAYS:
            errors[name] = (
                f"Enter how many working days the service takes to {what} a referral, "
                f"from 1 to {MAX_RESPONSE_DAYS}."
            )
    if not errors and details.decide_within_days < details.acknowledge_within_days:
        errors["decide_within_days"] = (
            "The days to decide must be the same as or more than the days to acknowledge, "
            "since deciding also acknowledges a referral."
        )
    return errors
