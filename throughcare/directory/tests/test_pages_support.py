"""Shared set-up for the directory page and search tests (no tests of its own).

Records are made through throughcare.directory.services, as the pages make them, on the real
gazetteer (the `geography` fixture), so postcodes are placed exactly as in production.
"""

import pytest

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.permissions import OrganisationKind, Role
from throughcare.directory import services
from throughcare.directory.details import LocationDetails, ServiceDetails
from throughcare.geography.models import PostcodeDistrict


def provider(name: str = "Harbour Minds"):
    """A Throughcare provider organisation and its directory entry."""
    owner = OrganisationFactory(kind=OrganisationKind.VCSE_PROVIDER, name=name)
    return owner, services.directory_organisation_for(actor=None, owner=owner)


def manager_of(make_user, owner):
    return make_user(Role.PROVIDER_MANAGER, organisation=owner)


def add_service(organisation, *, at: tuple[str, ...] = (), **fields):
    """A service made through service_create, delivered at locations in the given postcode districts."""
    details = {"name": "Recovery group", "covers_england": False, "radius_miles": None, **fields}
    if not (details["covers_england"] or details["radius_miles"] or details.get("local_authority_codes")):
        details["local_authority_codes"] = []
        details["radius_miles"] = 50
    service = services.service_create(
        actor=None, organisation=organisation, details=ServiceDetails(**details)
    )
    for postcode in at:
        location = services.location_create(
            actor=None,
            organisation=organisation,
            details=LocationDetails(name=f"{service.name} at {postcode}", postal_code=postcode),
        )
        services.service_location_link(actor=None, service=service, location=location)
    return service


def authority_of(district: str) -> str:
    return PostcodeDistrict.objects.get(code=district).local_authority_id


@pytest.fixture
def ensure_geography(geography):
    return geography


def service_form_data(details: ServiceDetails | None = None, **overrides) -> dict:
    """What a browser would POST from the service form, pre-filled with `details`."""
    from throughcare.directory.forms import ServiceForm

    details = details or ServiceDetails(name="Recovery group", covers_england=True)
    data = {}
    for name, value in ServiceForm.initial_from(details).items():
        if hasattr(value, "year"):
            data.update({f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year})
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}
