"""Where a person lives, under /api/v1/people/{id}/residence: the same service as the page."""

from uuid import UUID

from ninja import Field, Router, Schema

from throughcare.core.permissions import Permission, require_permission
from throughcare.people import selectors
from throughcare.people.residence import residence_record

router = Router(tags=["people"])


class ResidenceIn(Schema):
    # The shape is documented, and checked by the geography with the rest (so the message is its own).
    postcode: str = Field(
        ...,
        description="Their home or release postcode, or just its first part (LS1).",
        json_schema_extra={
            "minLength": 1,
            "maxLength": 10,
            "pattern": r"^ *[A-Za-z0-9]+( *[A-Za-z0-9]+)? *$",
        },
    )


class ResidenceOut(Schema):
    district: str = Field(..., description="The postcode district kept; the full postcode is not.")
    country: str = Field(..., description="ENG, WLS, SCT, NIR, IM, GG or JE.")
    in_england: bool
    local_authority_code: str | None
    local_authority_name: str | None
    icb_code: str | None
    pdu_code: str | None


@router.put(
    "/people/{person_id}/residence",
    response={200: ResidenceOut},
    summary="Record where a person in one of your teams lives (kept as an area, not an address)",
)
def record_residence(request, person_id: UUID, payload: ResidenceIn):
    require_permission(request.auth, Permission.VIEW_PEOPLE)
    person = selectors.person_for(request.auth, person_id)
    residence_record(actor=request.auth, person=person, postcode=payload.postcode)
    return residence_of(person)


def residence_of(person) -> dict | None:
    """Where the person lives, as the API gives it (None when it is not recorded)."""
    if not person.residence_country:
        return None
    authority = person.residence_local_authority
    return {
        "district": person.residence_district,
        "country": person.residence_country,
        "in_england": person.residence_country == "ENG",
        "local_authority_code": authority.code if authority else None,
        "local_authority_name": authority.name if authority else None,
        "icb_code": authority.icb_id if authority else None,
        "pdu_code": authority.pdu_id if authority else None,
    }
