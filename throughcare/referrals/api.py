"""Referrals under /api/v1/, through the same services and selectors as the pages will use.

Roles that neither make nor receive referrals get 403; a referral outside the caller's organisation
is 404. A move the table does not allow answers 409 with the states that are allowed; a missing or
wrong reason or note answers 422 naming the field.
"""

from dataclasses import asdict
from datetime import date, datetime
from uuid import UUID

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import Status
from pydantic import ValidationError as PydanticValidationError

from throughcare.core.inputs import MAX_COUNT, MAX_PAGE_NUMBER, CustodyDate, EventDate, Words, code_from
from throughcare.core.permissions import Permission, require_permission
from throughcare.directory.models import RiskLevel
from throughcare.directory.vocabularies import NEEDS, REFERRAL_ROUTES
from throughcare.referrals import selectors, services
from throughcare.referrals.api_notes import router as notes_router
from throughcare.referrals.caseload import (
    PAGE_SIZE,
    SORTS,
    CaseloadFilterError,
    CaseloadGroup,
    Direction,
    Worker,
    parse_filters,
)
from throughcare.referrals.caseload_selectors import caseload_page_for
from throughcare.referrals.models import ConsentMethod
from throughcare.referrals.reasons import ReasonCode
from throughcare.referrals.selectors import require_referral_role
from throughcare.referrals.states import ReferralState, TransitionError, TransitionReasonError

router = Router(tags=["referrals"])


class ReferralIn(Schema):
    person_id: UUID
    service_id: UUID
    reason_for_referral: str = ""
    need_codes: list[code_from(NEEDS)] = Field(
        default_factory=list, description="Codes from the needs vocabulary."
    )
    risk_summary: str = ""
    risk_to_self: str = ""
    current_substance_use: str = ""
    gp_details: str = ""
    medication: str = ""
    contact_preferences: str = ""
    # The length is documented here and checked by the Referral model (so the message is its own).
    interpreter_language: str = Field("", json_schema_extra={"maxLength": 100})
    in_custody: bool = False
    release_date: CustodyDate | None = None
    release_date_unknown_reason: str = Field("", description="Needed in custody when there is no date.")
    uses_substances: bool | None = Field(None, description="Currently using drugs or alcohol?")
    risk_to_others_level: int | None = Field(
        None,
        json_schema_extra={"minimum": min(RiskLevel.values), "maximum": max(RiskLevel.values)},
        description="Risk of serious harm to others: 1 low, 2 medium, 3 high, 4 very high.",
    )
    at_risk_to_self: bool | None = Field(None, description="At current risk to themselves?")
    referral_route: code_from(REFERRAL_ROUTES, blank=True) = Field(
        "", description="A referral route code: your organisation's own (the default) or 'self'."
    )
    outside_criteria_reason: str = Field(
        "",
        description="Why you refer outside the service's criteria, where it considers such referrals; "
        "recorded with the rules it is outside of and shown to the service.",
    )


class SubmitIn(Schema):
    outside_criteria_reason: str = Field(
        "", description="Why you submit outside the service's criteria, where it allows that."
    )


class TransitionOut(Schema):
    from_state: str
    to_state: str
    side: str
    reason_code: str
    note: str
    at: datetime
    actor_name: str = Field("", description="Who made the move; empty for Throughcare's own moves.")


class ReferralOut(Schema):
    id: str
    side: str = Field(..., description="Your side: referrer or receiver.")
    state: str
    person_name: str
    person_date_of_birth: date
    service_id: str
    service_name: str
    referring_organisation: str
    receiving_organisation: str
    submitted_at: datetime | None
    acknowledge_by: datetime | None
    decide_by: datetime | None
    overdue: bool
    reason_for_referral: str
    need_codes: list[str]
    risk_summary: str
    risk_to_self: str
    current_substance_use: str
    gp_details: str
    medication: str
    contact_preferences: str
    interpreter_language: str
    in_custody: bool
    release_date: date | None
    release_date_unknown_reason: str
    waitlist_position: int | None = Field(None, description="Place on the service's waiting list.")
    expected_start_on: date | None = Field(None, description="When the service expects to start.")
    consent_given_on: date | None
    consent_withdrawn: bool
    shared_details_withdrawn: bool = Field(
        False,
        description="True for the receiving service once the person withdrew consent: the shared details "
        "(reason, needs, risks, GP, medication, contact, custody) are then empty and the FHIR message 403.",
    )
    allowed_targets: list[str] = Field(..., description="The states your side may move it to now.")
    history: list[TransitionOut]
    outside_criteria: list[str] = Field(
        default_factory=list, description="The service's rules this referral was sent outside of."
    )
    outside_criteria_reason: str = Field("", description="Why the referrer sent it outside them.")
    mis_tier_warning: str = Field(
        "",
        description="Set when sent: a crisis referral (at risk to self, or self-harm among its needs) went "
        "to a service below the care it needs, by matching's tier rule. A warning, not a refusal.",
    )
    uses_substances: bool | None = None
    risk_to_others_level: int | None = None
    at_risk_to_self: bool | None = None
    referral_route: str = ""


class ConsentIn(Schema):
    given_on: EventDate
    how_obtained: code_from(ConsentMethod)
    shared_with: Words
    purposes: Words


class ConsentOut(Schema):
    id: str
    given_on: date
    how_obtained: str
    withdrawn_at: datetime | None


class TransitionIn(Schema):
    target: code_from(ReferralState) = Field(..., description="The state to move the referral to.")
    reason_code: code_from(ReasonCode, blank=True) = Field(
        "", description="Why, where the move needs a reason (declining, pausing, ending, withdrawing)."
    )
    note: str = ""
    waitlist_position: int | None = Field(
        None,
        json_schema_extra={"minimum": 1, "maximum": MAX_COUNT},
        description="Only when the target is waitlisted.",
    )
    expected_start_on: EventDate | None = Field(None, description="Only when the target is waitlisted.")


class NotAllowedOut(Schema):
    detail: str
    allowed: list[str]


class FieldError(Schema):
    loc: list[str | int]
    msg: str


class ReasonErrorOut(Schema):
    detail: str
    errors: list[FieldError]
    # Only when the reason was missing or not one of the move's reasons; other refusals have none.
    allowed_reasons: list[str] = []


class WorklistItemOut(Schema):
    id: str
    side: str
    state: str
    person_name: str
    service_name: str
    other_organisation: str
    received_at: datetime
    due_by: datetime | None
    overdue: bool


def _view(request, referral_id) -> dict:
    return asdict(selectors.referral_for(request.auth, referral_id))


@router.post("/referrals", response={201: ReferralOut}, summary="Draft a referral for a person in your team")
def create_referral(request, payload: ReferralIn):
    require_permission(request.auth, Permission.MAKE_REFERRALS)
    values = payload.dict()
    referral = services.referral_create_draft(
        actor=request.auth,
        person_id=values.pop("person_id"),
        service_id=values.pop("service_id"),
        outside_criteria_reason=values.pop("outside_criteria_reason"),
        details=services.ReferralDetails(**values),
    )
    return Status(201, _view(request, referral.pk))


@router.get(
    "/referrals/{uuid:referral_id}", response=ReferralOut, summary="A referral as your side sees it (audited)"
)
def get_referral(request, referral_id: UUID):
    return _view(request, referral_id)


@router.post(
    "/referrals/{uuid:referral_id}/consent", response={201: ConsentOut}, summary="Record the person's consent"
)
def record_consent(request, referral_id: UUID, payload: ConsentIn):
    require_permission(request.auth, Permission.MAKE_REFERRALS)
    referral = selectors.referral_in_scope(request.auth, referral_id)
    consent = services.consent_record(actor=request.auth, referral=referral, **payload.dict())
    return Status(
        201,
        {
            "id": str(consent.pk),
            "given_on": consent.given_on,
            "how_obtained": consent.how_obtained,
            "withdrawn_at": consent.withdrawn_at,
        },
    )


def _submit_body(request) -> SubmitIn:
    """The optional JSON body of a submission: none (or not JSON) is an ordinary submission."""
    if request.content_type != "application/json" or not request.body.strip():
        return SubmitIn()
    try:
        return SubmitIn.model_validate_json(request.body)
    except PydanticValidationError as exc:
        raise HttpError(400, 'The body must be JSON like {"outside_criteria_reason": "..."}') from exc


@router.post(
    "/referrals/{uuid:referral_id}/submit",
    response={200: ReferralOut, 409: NotAllowedOut},
    summary="Submit a draft: needs consent and the required information (422 names what is missing)",
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": SubmitIn.model_json_schema()}},
        }
    },
)
def submit_referral(request, referral_id: UUID):
    require_permission(request.auth, Permission.MAKE_REFERRALS)
    referral = selectors.referral_in_scope(request.auth, referral_id)
    reason = _submit_body(request).outside_criteria_reason
    try:
        services.referral_submit(actor=request.auth, referral=referral, outside_criteria_reason=reason)
    except TransitionError as refused:
        return Status(409, {"detail": str(refused), "allowed": [str(s) for s in refused.allowed]})
    return _view(request, referral_id)


@router.post(
    "/referrals/{uuid:referral_id}/transitions",
    response={200: ReferralOut, 409: NotAllowedOut, 422: ReasonErrorOut},
    summary="Move a referral to another state, with a reason code and note where the table needs them",
)
def transition_referral(request, referral_id: UUID, payload: TransitionIn):
    referral = selectors.referral_in_scope(request.auth, referral_id)
    try:
        services.referral_transition(
            actor=request.auth,
            referral=referral,
            target=payload.target,
            reason_code=payload.reason_code,
            note=payload.note,
            waitlist_position=payload.waitlist_position,
            expected_start_on=payload.expected_start_on,
        )
    except TransitionError as refused:
        return Status(409, {"detail": str(refused), "allowed": [str(s) for s in refused.allowed]})
    except TransitionReasonError as refused:
        return Status(
            422,
            {
                "detail": "The request did not validate.",
                "errors": [{"loc": ["body", refused.field], "msg": str(refused)}],
                "allowed_reasons": sorted(str(r) for r in refused.allowed_reasons),
            },
        )
    return _view(request, referral_id)


@router.get(
    "/worklist",
    response=list[WorklistItemOut],
    summary="Referrals your organisation must act on next, overdue first then newest",
)
def worklist(request):
    return [asdict(item) for item in selectors.worklist_for(request.auth)]


class CaseloadItemOut(Schema):
    id: str
    direction: str = Field(..., description="sent or received: which side of the referral you are on.")
    state: str
    state_label: str
    group: str = Field(..., description="The status group the state belongs to.")
    group_label: str
    person_id: str
    person_name: str
    service_id: str
    service_name: str
    other_organisation: str = Field(
        ..., description="The receiving service's or the referrer's organisation."
    )
    updated_at: datetime
    due_by: datetime | None = Field(None, description="The receiving service's next deadline, if any.")
    overdue: bool


class CaseloadPageOut(Schema):
    count: int = Field(..., description="Referrals matching the filters, on every page.")
    page: int
    pages: int
    page_size: int
    results: list[CaseloadItemOut]


class FilterErrorOut(Schema):
    detail: str
    errors: list[FieldError] = Field(..., description='loc is ["query", parameter]; msg says what it takes.')


def _enum(values, description: str):
    # Plain text, checked by parse_filters, so an unknown value gets Throughcare's own message; the
    # values it takes are still listed in the OpenAPI document.
    return Field("", description=description, json_schema_extra={"enum": ["", *values]})


_ID_OR_BLANK = {"anyOf": [{"enum": [""]}, {"format": "uuid"}]}


class CaseloadQuery(Schema):
    direction: str = _enum(Direction.values, "sent or received; by default the one your role works in.")
    group: str = _enum(
        CaseloadGroup.values,
        "waiting = submitted or acknowledged; accepted = accepted, waitlisted or assessment booked; "
        "closed = declined, completed, ended early or withdrawn.",
    )
    service: str = Field("", description="A service's id.", json_schema_extra=_ID_OR_BLANK)
    person: str = Field("", description="A person's id.", json_schema_extra=_ID_OR_BLANK)
    worker: str = _enum(Worker.values, "mine: referrals you wrote (sent) or have moved (received).")
    overdue: str = _enum(["1"], "1: only referrals past the receiving service's deadline.")
    sort: str = _enum(list(SORTS), "updated, deadline or person; a leading - reverses. Default -updated.")
    page: str = Field(
        "",
        description=f"Which page of {PAGE_SIZE}, from 1 to {MAX_PAGE_NUMBER:,}.",
        json_schema_extra={"pattern": r"^ *([1-9][0-9]{0,5}|1000000)? *$"},
    )


@router.get(
    "/referrals",
    response={200: CaseloadPageOut, 422: FilterErrorOut},
    summary="Your organisation's referrals, sent or received, filtered and sorted, by the page (audited)",
    description="Unknown filter values answer 422, naming each parameter and the values it takes.",
)
def list_referrals(request, query: Query[CaseloadQuery]):
    require_referral_role(request.auth)
    try:
        filters = parse_filters(request.auth, query.dict())
    except CaseloadFilterError as refused:
        errors = [{"loc": ["query", name], "msg": message} for name, message in refused.errors.items()]
        raise NinjaValidationError(errors) from refused
    found, items = caseload_page_for(request.auth, filters)
    return {
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "page_size": PAGE_SIZE,
        "results": [asdict(item) for item in items],
    }


router.add_router("", notes_router)
