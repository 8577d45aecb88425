"""Treatment requirement availability for court teams, under /api/v1/: the JSON twin of the page."""

from typing import Annotated

from ninja import Query, Router, Schema
from pydantic import WithJsonSchema

from throughcare.continuity.court import selectors
from throughcare.core.inputs import WORDS_PATTERN

router = Router(tags=["court teams"])


class AreaOut(Schema):
    code: str
    name: str
    kind: str
    local_authority_codes: list[str]


class ProviderOut(Schema):
    service_id: str
    name: str
    organisation: str
    typical_wait_days: int | None
    capacity_available: int | None
    capacity_maximum: int | None
    capacity_unit: str
    also_treats_substance_use: bool


class CombinationOut(Schema):
    label: str
    available: bool
    mhtr_providers: int
    substance_providers: int
    in_one_service: int


class RegisterOut(Schema):
    live_requirements: int
    median_days_to_first_appointment: float | None
    first_appointments: int


class AvailabilityOut(Schema):
    area: AreaOut
    mhtr_primary: list[ProviderOut]
    mhtr_secondary: list[ProviderOut]
    drug_or_alcohol: list[ProviderOut]
    dual_diagnosis: list[CombinationOut]
    mhtr_register: RegisterOut
    identified_by: dict[str, str]


def _provider(provider: selectors.Provider) -> dict:
    service = provider.service
    return {
        "service_id": str(service.pk),
        "name": service.name,
        "organisation": service.organisation.name,
        "typical_wait_days": service.typical_wait_days,
        "capacity_available": service.capacity_available,
        "capacity_maximum": service.capacity_maximum,
        "capacity_unit": service.capacity_unit,
        "also_treats_substance_use": provider.substance,
    }


@router.get(
    "/court/treatment-availability",
    response=AvailabilityOut,
    summary="MHTR and drug or alcohol treatment providers in an area, with waits, capacity and combinations",
)
def treatment_availability(
    request,
    # Missing is answered by the selector after the role check (403 before 422), so it defaults to "".
    area: Annotated[
        str,
        WithJsonSchema({"type": "string", "minLength": 1, "pattern": WORDS_PATTERN}),
    ] = Query("", description="A local authority (GSS) or probation delivery unit code that exists."),
):
    result = selectors.availability_for(request.auth, area)
    return {
        "area": {
            "code": result.area.code,
            "name": result.area.name,
            "kind": result.area.kind,
            "local_authority_codes": list(result.area.local_authority_codes),
        },
        "mhtr_primary": [_provider(p) for p in result.mhtr_primary],
        "mhtr_secondary": [_provider(p) for p in result.mhtr_secondary],
        "drug_or_alcohol": [_provider(p) for p in result.substance],
        "dual_diagnosis": [
            {
                "label": c.label,
                "available": c.available,
                "mhtr_providers": c.mhtr_providers,
                "substance_providers": c.substance_providers,
                "in_one_service": c.in_one_service,
            }
            for c in result.combinations
        ],
        "mhtr_register": {
            "live_requirements": result.register.live_requirements,
            "median_days_to_first_appointment": result.register.median_days_to_first_appointment,
            "first_appointments": result.register.first_appointments,
        },
        "identified_by": result.identified_by,
    }
