"""OPD pathway screenings under /api/v1/people/{id}/opd-screenings: the same service as the page."""

from datetime import date
from uuid import UUID

from ninja import Field, Router, Schema
from ninja.responses import Status

from throughcare.core.inputs import EventDate, code_from
from throughcare.core.permissions import Permission, require_permission
from throughcare.people import selectors
from throughcare.people.models import OpdScreeningOutcome, OpdScreeningSource
from throughcare.people.screening import opd_screening_record, opd_screenings_of

router = Router(tags=["people"])


class OpdScreeningIn(Schema):
    screened_on: EventDate = Field(..., description="The day of the screening: today or earlier.")
    outcome: code_from(OpdScreeningOutcome)
    source: code_from(OpdScreeningSource)


class OpdScreeningOut(Schema):
    id: str
    screened_on: date
    outcome: str
    source: str


def _out(screening) -> dict:
    return {
        "id": str(screening.pk),
        "screened_on": screening.screened_on,
        "outcome": screening.outcome,
        "source": screening.source,
    }


@router.post(
    "/people/{person_id}/opd-screenings",
    response={201: OpdScreeningOut},
    summary="Record an OPD pathway screening for a person in one of your teams",
)
def record_opd_screening(request, person_id: UUID, payload: OpdScreeningIn):
    require_permission(request.auth, Permission.VIEW_PEOPLE)
    person = selectors.person_for(request.auth, person_id)
    screening = opd_screening_record(actor=request.auth, person=person, **payload.dict())
    return Status(201, _out(screening))


@router.get(
    "/people/{person_id}/opd-screenings",
    response=list[OpdScreeningOut],
    summary="A person's OPD pathway screenings, latest first (audited)",
)
def list_opd_screenings(request, person_id: UUID):
    require_permission(request.auth, Permission.VIEW_PEOPLE)
    person = selectors.person_for(request.auth, person_id)
    return [_out(s) for s in opd_screenings_of(actor=request.auth, person=person)]
