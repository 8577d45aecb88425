"""The shape of a service or location as a provider manager describes it (pages, API and seeding)."""

from dataclasses import dataclass, field
from datetime import date

from throughcare.directory.models import Gender, RiskLevel, ServiceStatus
from throughcare.directory.referral_information import (
    DEFAULT_ACKNOWLEDGE_WITHIN_DAYS,
    DEFAULT_DECIDE_WITHIN_DAYS,
    default_required_information,
)


@dataclass
class FundingDetails:
    source: str
    starts_on: date | None = None
    ends_on: date | None = None


@dataclass
class ServiceDetails:
    name: str
    description: str = ""
    url: str = ""
    email: str = ""
    status: str = ServiceStatus.ACTIVE
    alert: str = ""
    is_public: bool = True
    tier: str = ""
    need_codes: list[str] = field(default_factory=list)
    referral_route_codes: list[str] = field(default_factory=list)
    custody_stage_codes: list[str] = field(default_factory=list)
    delivery_codes: list[str] = field(default_factory=list)
    community_codes: list[str] = field(default_factory=list)
    eligibility_codes: list[str] = field(default_factory=list)
    minimum_age: int | None = None
    maximum_age: int | None = None
    gender: str = Gender.ANY
    accepts_current_substance_use: bool = True
    highest_risk_to_others: int = RiskLevel.VERY_HIGH
    accepts_risk_to_self: bool = True
    requires_gp_registration: bool = False
    statutory_referrals_only: bool = False
    covers_england: bool = False
    radius_miles: int | None = None
    local_authority_codes: list[str] = field(default_factory=list)
    icb_codes: list[str] = field(default_factory=list)
    pdu_codes: list[str] = field(default_factory=list)
    capacity_available: int | None = None
    capacity_maximum: int | None = None
    capacity_unit: str = ""
    typical_wait_days: int | None = None
    required_information: list[str] = field(default_factory=default_required_information)
    acknowledge_within_days: int = DEFAULT_ACKNOWLEDGE_WITHIN_DAYS
    decide_within_days: int = DEFAULT_DECIDE_WITHIN_DAYS
    # Where NHS BaRS referral messages for the service go (docs/adr/0025-bars-messages.md).
    bars_endpoint: str = ""
    bars_receiver_id: str = ""
    funding: list[FundingDetails] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


@dataclass
class LocationDetails:
    name: str
    postal_code: str
    address_1: str = ""
    city: str = ""
    description: str = ""
    location_type: str = "physical"
