"""Custody journeys, their timeline and probation changes under /api/v1/, so prison and probation
systems can feed events in. The same services as the pages: a recall or re-release sent
here pauses and resumes exactly as one recorded on the pages. 422 with field errors for bad input,
404 for a person outside the caller's teams, 403 for roles that do not plan releases.
"""

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema
from ninja.responses import Status

from throughcare.accounts.models import Organisation
from throughcare.continuity.choices import ReleaseType
from throughcare.continuity.custody import recall as recall_services
from throughcare.continuity.custody import selectors, services
from throughcare.continuity.models import CustodyEpisode, JourneyEvent
from throughcare.continuity.scope import writable_person
from throughcare.core.inputs import CustodyDate, code_from
from throughcare.core.permissions import Permission, require_permission
from throughcare.geography.models import Pdu
from throughcare.people.selectors import person_for

router = Router(tags=["custody journey"])


class PrisonIn(Schema):
    prison_code: str = Field("", description="The Throughcare code of the prison, where it has one.")
    # The length is documented here and checked by the CustodyEpisode model (so the message is its own)
    # at reception, transfer and recall alike.
    prison_name: str = Field(
        "",
        description="The prison's name, for prisons not in Throughcare.",
        json_schema_extra={"maxLength": 200},
    )


class ReceptionIn(PrisonIn):
    reception_date: CustodyDate
    expected_release_date: CustodyDate | None = None


class ReleaseIn(Schema):
    released_on: CustodyDate
    release_type: code_from(ReleaseType)


class TransferIn(PrisonIn):
    transferred_on: CustodyDate


class RecallIn(PrisonIn):
    recalled_on: CustodyDate
    expected_release_date: CustodyDate | None = None


class EpisodeOut(Schema):
    id: str
    prison_name: str
    prison_code: str | None
    started_by: str
    reception_date: date
    expected_release_date: date | None
    actual_release_date: date | None
    release_type: str
    ended_by: str


class RecallOut(Schema):
    event_id: str
    episode: EpisodeOut
    paused_referrals: list[str]
    paused_requirements: list[str]
    referrals_left_open: list[str]


class ReReleaseOut(Schema):
    event_id: str
    episode: EpisodeOut
    resumed_requirements: list[str]
    referrals_to_resume: list[str] = Field(..., description="Paused referrals for their services to resume.")


def _prison(payload: PrisonIn) -> dict:
    prison = None
    if payload.prison_code:
        prison = Organisation.objects.filter(code=payload.prison_code).first()
        if prison is None:
            raise ValidationError({"prison_code": f"No organisation has the code {payload.prison_code}"})
    return {"prison": prison, "prison_name": payload.prison_name}


def _episode(episode: CustodyEpisode) -> dict:
    return {
        **{
            name: getattr(episode, name)
            for name in EpisodeOut.model_fields
            if name not in ("id", "prison_code")
        },
        "id": str(episode.pk),
        "prison_code": episode.prison.code if episode.prison_id else None,
    }


@router.get(
    "/people/{person_id}/custody-episodes", response=list[EpisodeOut], summary="A person's custody episodes"
)
def list_custody_episodes(request, person_id: UUID):
    return [_episode(e) for e in selectors.episodes_for(request.auth, person_id)]


@router.post(
    "/people/{person_id}/custody-episodes",
    response={201: EpisodeOut},
    summary="Record a reception into custody (refused if it overlaps another episode)",
)
def record_reception(request, person_id: UUID, payload: ReceptionIn):
    person = writable_person(request.auth, person_id)
    episode = services.custody_record_reception(
        actor=request.auth,
        person=person,
        reception_date=payload.reception_date,
        expected_release_date=payload.expected_release_date,
        **_prison(payload),
    )
    return Status(201, _episode(episode))


@router.post("/people/{person_id}/release", response=EpisodeOut, summary="Record a release from custody")
def record_release(request, person_id: UUID, payload: ReleaseIn):
    person = writable_person(request.auth, person_id)
    episode = services.custody_record_release(
        actor=request.auth, person=person, released_on=payload.released_on, release_type=payload.release_type
    )
    return _episode(episode)


@router.post("/people/{person_id}/transfer", response=EpisodeOut, summary="Record a transfer between prisons")
def record_transfer(request, person_id: UUID, payload: TransferIn):
    person = writable_person(request.auth, person_id)
    episode = services.custody_transfer(
        actor=request.auth, person=person, transferred_on=payload.transferred_on, **_prison(payload)
    )
    return _episode(episode)


@router.post(
    "/people/{person_id}/recall",
    response={201: RecallOut},
    summary="Record a recall: running referrals and live requirements are paused and their providers told",
)
def record_recall(request, person_id: UUID, payload: RecallIn):
    person = writable_person(request.auth, person_id)
    event = recall_services.custody_recall(
        actor=request.auth,
        person=person,
        recalled_on=payload.recalled_on,
        expected_release_date=payload.expected_release_date,
        **_prison(payload),
    )
    return Status(
        201,
        {
            "event_id": str(event.pk),
            "episode": _episode(event.episode),
            "paused_referrals": [str(pk) for pk in event.paused_referrals.values_list("pk", flat=True)],
            "paused_requirements": [str(pk) for pk in event.paused_requirements.values_list("pk", flat=True)],
            "referrals_left_open": event.detail["referrals_left_open"],
        },
    )


@router.post(
    "/people/{person_id}/re-release",
    response=ReReleaseOut,
    summary="Record a re-release after recall: requirements live again, paused referrals listed to resume",
)
def record_re_release(request, person_id: UUID, payload: ReleaseIn):
    person = writable_person(request.auth, person_id)
    result = recall_services.custody_re_release(
        actor=request.auth, person=person, released_on=payload.released_on, release_type=payload.release_type
    )
    return {
        "event_id": str(result.event.pk),
        "episode": _episode(result.event.episode),
        "resumed_requirements": [str(r.pk) for r in result.resumed_requirements],
        "referrals_to_resume": [str(r.pk) for r in result.referrals_to_resume],
    }


class JourneyEventOut(Schema):
    id: str
    kind: str
    occurred_on: date
    episode_id: str | None
    order_id: str | None
    requirement_id: str | None
    pdu_code: str | None
    detail: dict


class ProbationChangeIn(Schema):
    changed_on: CustodyDate
    practitioner_name: str = ""
    organisation_code: str = Field("", description="The probation organisation's Throughcare code, if any.")
    pdu_code: str = Field("", description="The probation delivery unit's code.")


def _event(event: JourneyEvent) -> dict:
    def text(value):
        return str(value) if value else None

    return {
        "id": str(event.pk),
        "kind": event.kind,
        "occurred_on": event.occurred_on,
        "episode_id": text(event.episode_id),
        "order_id": text(event.order_id),
        "requirement_id": text(event.requirement_id),
        "pdu_code": event.pdu_id,
        "detail": event.detail,
    }


@router.get(
    "/people/{person_id}/journey-events",
    response=list[JourneyEventOut],
    summary="A person's journey timeline, newest first",
)
def list_journey_events(request, person_id: UUID):
    return [_event(e) for e in selectors.journey_for(request.auth, person_id).events]


@router.post(
    "/people/{person_id}/probation-changes",
    response={201: JourneyEventOut},
    summary="Record a new probation practitioner or probation delivery unit",
)
def record_probation_change(request, person_id: UUID, payload: ProbationChangeIn):
    require_permission(request.auth, Permission.PLAN_RELEASES)
    person = person_for(request.auth, person_id)
    organisation = pdu = None
    if payload.organisation_code:
        organisation = Organisation.objects.filter(code=payload.organisation_code).first()
        if organisation is None:
            raise ValidationError(
                {"organisation_code": f"No organisation has the code {payload.organisation_code}"}
            )
    if payload.pdu_code:
        pdu = Pdu.objects.filter(code=payload.pdu_code).first()
        if pdu is None:
            raise ValidationError({"pdu_code": f"No probation delivery unit has the code {payload.pdu_code}"})
    event = services.probation_record_change(
        actor=request.auth,
        person=person,
        changed_on=payload.changed_on,
        practitioner_name=payload.practitioner_name,
        organisation=organisation,
        pdu=pdu,
    )
    return Status(201, _event(event))
