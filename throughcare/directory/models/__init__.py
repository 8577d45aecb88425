"""The service directory, aligned with HSDS 3.0 / Open Referral UK, with Throughcare's structure on top."""

from throughcare.directory.models.details import (
    Accessibility,
    Contact,
    CostOption,
    Funding,
    Language,
    Phone,
    Schedule,
    ServiceArea,
)
from throughcare.directory.models.feeds import DirectoryFeed, FeedRun, FeedSchedule
from throughcare.directory.models.location import Location, ServiceAtLocation
from throughcare.directory.models.service import (
    DirectoryOrganisation,
    Gender,
    RiskLevel,
    Service,
    ServiceCoverage,
    ServiceStatus,
)
from throughcare.directory.models.taxonomy import Attribute, Taxonomy, TaxonomyTerm

__all__ = [
    "Accessibility",
    "Attribute",
    "Contact",
    "CostOption",
    "DirectoryFeed",
    "DirectoryOrganisation",
    "FeedRun",
    "FeedSchedule",
    "Funding",
    "Gender",
    "Language",
    "Location",
    "Phone",
    "RiskLevel",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceCoverage",
    "ServiceStatus",
    "Taxonomy",
    "TaxonomyTerm",
]
