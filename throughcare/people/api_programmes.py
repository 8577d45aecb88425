"""The other programmes a person is in, under /api/v1/people/{id}/programmes: the record the page shows."""

from datetime import date
from uuid import UUID

from ninja import Field, Router, Schema

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, require_permission
from throughcare.people import selectors
from throughcare.people.models import Programme
from throughcare.people.programmes import programmes_of

router = Router(tags=["people"])


class ProgrammeOut(Schema):
    id: str
    programme: str = Field(..., description=f"One of: {', '.join(Programme.values)}.")
    programme_name: str
    started_on: date
    ended_on: date | None = Field(None, description="Empty while they are still in it.")
    recorded_by_organisation: str = Field(..., description="The organisation that recorded it.")


@router.get(
    "/people/{person_id}/programmes",
    response=list[ProgrammeOut],
    summary="The other programmes a person in one of your teams is in, current first (audited)",
)
def list_person_programmes(request, person_id: UUID):
    require_permission(request.auth, Permission.VIEW_PEOPLE)
    person = selectors.person_for(request.auth, person_id)
    memberships = programmes_of(person)
    audit.record(
        actor=request.auth,
        verb=AuditVerb.PERSON_PROGRAMMES_VIEWED,
        target=person,
        payload={"memberships": [str(m.pk) for m in memberships]},
    )
    return [
        {
            "id": str(m.pk),
            "programme": m.programme,
            "programme_name": m.get_programme_display(),
            "started_on": m.started_on,
            "ended_on": m.ended_on,
            "recorded_by_organisation": m.recorded_by_organisation.name,
        }
        for m in memberships
    ]
