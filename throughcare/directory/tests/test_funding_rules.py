"""A funding line's rules are `Funding`'s own (its source, asked for and within its length, and in
`clean()` an end on or after its start); the service validator names each line's problems by line."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from throughcare.directory.details import FundingDetails, ServiceDetails
from throughcare.directory.models import Funding
from throughcare.directory.service_rules import validate_service

ENDS_MESSAGE = "The funding end date must be on or after its start date."


def test_the_rules_are_the_funding_models_own():
    line = Funding(source="", starts_on=date(2026, 4, 1), ends_on=date(2026, 3, 31))
    with pytest.raises(ValidationError) as refused:
        line.full_clean(exclude=["service"], validate_unique=False, validate_constraints=False)
    assert refused.value.message_dict == {
        "source": ["Enter where the funding comes from."],
        "ends_on": [ENDS_MESSAGE],
    }


def test_the_service_validator_names_each_lines_problems():
    details = ServiceDetails(
        name="Recovery group",
        covers_england=True,
        funding=[
            FundingDetails("NHS England", date(2026, 4, 1), date(2027, 3, 31)),
            FundingDetails(" ", date(2026, 4, 1), date(2026, 3, 31)),
            FundingDetails("F" * 256),
        ],
    )
    errors = validate_service(details)
    assert {name: errors[name] for name in errors if name.startswith("funding_")} == {
        "funding_1_source": "Enter where the funding comes from.",
        "funding_1_ends_on": ENDS_MESSAGE,
        "funding_2_source": "Where the funding comes from must be 255 characters or fewer.",
    }
