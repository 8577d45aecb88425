"""People and their care teams under /api/v1/, through the same services and selectors as the pages.

Roles without VIEW_PEOPLE get 403; a person outside the caller's organisation's team is 404.
A possible duplicate (same family name, date of birth and initial) is 409 until the caller sends
`confirm_not_duplicate: true`.
"""

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from throughcare.accounts.models import Organisation, User
from throughcare.core.ethnicity import Ethnicity
from throughcare.core.inputs import MAX_PAGE_NUMBER, EventDate, Words, code_from
from throughcare.core.permissions import Permission, require_permission
from throughcare.people import selectors, services
from throughcare.people.api_residence import ResidenceOut, residence_of
from throughcare.people.details import PersonDetails
from throughcare.people.duplicate_checks import PossibleDuplicate
from throughcare.people.identifiers import IDENTIFIER_PATTERNS
from throughcare.people.models import CareTeamMember, CareTeamRole, ContactPreference, Gender, Person

router = Router(tags=["people"])


class PersonIn(Schema):
    given_names: Words
    family_name: Words
    date_of_birth: date | None = None
    preferred_name: str = ""
    aliases: list[str] = Field(default_factory=list, description="Other names they are or were known by.")
    gender: code_from(Gender) = Gender.NOT_KNOWN
    ethnicity: code_from(Ethnicity, blank=True) = Field(
        "", description="ONS 2021 category code, or prefer_not_to_say; empty if unknown."
    )
    interpreter_needed: bool = False
    interpreter_language: str = ""
    uses_bsl: bool = False
    literacy_support: bool = False
    learning_disability: bool = False
    neurodivergent: bool = False
    communication_notes: str = ""
    contact_preference: code_from(ContactPreference, blank=True) = ""
    phone: str = ""
    email: str = ""
    nhs_number: str = Field(
        "",
        description="10 digits with a valid Modulus 11 check digit.",
        json_schema_extra={"pattern": IDENTIFIER_PATTERNS["nhs_number"]},
    )
    prison_number: str = Field(
        "",
        description="NOMIS prison number, like A1234BC.",
        json_schema_extra={"pattern": IDENTIFIER_PATTERNS["prison_number"]},
    )
    crn: str = Field(
        "",
        description="Probation case reference number, like X123456.",
        json_schema_extra={"pattern": IDENTIFIER_PATTERNS["crn"]},
    )
    pnc: str = Field(
        "",
        description="Police National Computer id, like 2001/0171310W, with its check letter.",
        json_schema_extra={"pattern": IDENTIFIER_PATTERNS["pnc"]},
    )
    confirm_not_duplicate: bool = Field(False, description="Send after checking a 409 possible duplicate.")


class CareTeamMemberOut(Schema):
    id: str
    organisation_id: str
    organisation_name: str
    role: str
    user_email: str | None
    is_lead: bool
    started_on: date
    ended_on: date | None
    ends_on: date | None = Field(
        None, description="The last day of a place already due to end (a prison's, after a release)."
    )


class PersonOut(PersonIn):
    id: str
    care_team: list[CareTeamMemberOut]
    residence: ResidenceOut | None = Field(
        None, description="Where they live, as an area; null: not recorded."
    )
    confirm_not_duplicate: bool = Field(False, exclude=True)


class PersonSummary(Schema):
    id: str
    given_names: str
    family_name: str
    date_of_birth: date
    nhs_number: str
    prison_number: str
    crn: str
    pnc: str
    lead_organisation: str | None


class CareTeamIn(Schema):
    organisation_code: Words = Field(..., description="The code of the organisation joining the team.")
    role: code_from(CareTeamRole)
    user_email: str = Field("", description="A named member of staff at that organisation, if any.")
    is_lead: bool = False
    started_on: EventDate | None = None


class DuplicateOut(Schema):
    detail: str
    possible_duplicates: list[str] = Field(..., description="Matching people your organisation may see.")


def _member(member: CareTeamMember) -> dict:
    return {
        "id": str(member.id),
        "organisation_id": str(member.organisation_id),
        "organisation_name": member.organisation.name,
        "role": member.role,
        "user_email": member.user.email if member.user else None,
        "is_lead": member.is_lead,
        "started_on": member.started_on,
        "ended_on": member.ended_on,
        "ends_on": member.ends_on,
    }


def _person(person: Person) -> dict:
    details = PersonDetails.of(person)
    return {
        **vars(details),
        "id": str(person.id),
        "care_team": [_member(m) for m in selectors.care_team_of(person)],
        "residence": residence_of(person),
    }


@router.post(
    "/people",
    response={201: PersonOut, 409: DuplicateOut},
    summary="Record a person; the caller's organisation joins their team as lead",
)
def create_person(request, payload: PersonIn):
    require_permission(request.auth, Permission.VIEW_PEOPLE)
    values = payload.dict()
    confirm = values.pop("confirm_not_duplicate")
    try:
        person = services.person_create(
            actor=request.auth, details=PersonDetails(**values), confirm_not_duplicate=confirm
        )
    except PossibleDuplicate as warning:
        return Status(
            409,
            {
                "detail": f"{warning}. Send confirm_not_duplicate: true if this is a different person.",
                "possible_duplicates": [str(p.id) for p in warning.visible],
            },
        )
    return Status(201, _person(person))


def _summary(person: Person) -> dict:
    return {
        **{name: getattr(person, name) for name in PersonSummary.model_fields if name != "lead_organisation"},
        "id": str(person.id),
        "lead_organisation": person.leads[0].organisation.name if person.leads else None,
    }


@router.get(
    "/people",
    response=list[PersonSummary],
    summary="People in your organisation's teams: by identifier, or a page at a time",
)
def list_people(
    request,
    identifier: str = Query("", description="NHS number, prison number, CRN or PNC number."),
    page: int = Query(1, ge=1, le=MAX_PAGE_NUMBER, description="Without an identifier: which page of 25."),
):
    require_permission(request.auth, Permission.VIEW_PEOPLE)
    if identifier:
        people = selectors.people_with_identifier(request.auth, identifier)
    else:
        people = selectors.people_page_for(request.auth, page_number=page).object_list
    return [_summary(person) for person in people]


@router.get("/people/{person_id}", response=PersonOut, summary="A person in one of your teams (audited)")
def get_person(request, person_id: UUID):
    require_permission(request.auth, Permission.VIEW_PEOPLE)
    return _person(selectors.person_for(request.auth, person_id))


@router.post(
    "/people/{person_id}/care-team",
    response={201: CareTeamMemberOut},
    summary="Add an organisation to a person's team",
)
def add_care_team_member(request, person_id: UUID, payload: CareTeamIn):
    require_permission(request.auth, Permission.VIEW_PEOPLE)
    person = selectors.person_for(request.auth, person_id)
    selectors.require_care_team_member(request.auth, person)
    organisation = Organisation.objects.filter(code=payload.organisation_code).first()
    if organisation is None:
        raise ValidationError(
            {"organisation_code": f"No organisation has the code {payload.organisation_code}"}
        )
    user = None
    if payload.user_email:
        user = User.objects.filter(email__iexact=payload.user_email.strip()).first()
        if user is None:
            raise ValidationError({"user_email": f"No account for {payload.user_email}"})
    member = services.care_team_add(
        actor=request.auth,
        person=person,
        organisation=organisation,
        role=payload.role,
        user=user,
        is_lead=payload.is_lead,
        started_on=payload.started_on,
    )
    return Status(201, _member(member))
