"""Recall and re-release: the custody journey's effect on the person's referrals and requirements.

A recall pauses every running referral (as Throughcare, through the referral lifecycle table) and
every live requirement, and its journey event names them. The re-release that follows makes those
requirements live again and lists those referrals for their services to resume where they stopped:
nobody is assessed again. Each is one transaction: all of it happens, or none.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from throughcare.continuity.choices import (
    LIVE_STATUSES,
    EpisodeEnd,
    EpisodeStart,
    EventKind,
    RequirementStatus,
)
from throughcare.continuity.custody.episodes import (
    close_episode,
    format_date,
    journey_change,
    open_episode,
    record_event,
)
from throughcare.continuity.models import CustodyEpisode, JourneyEvent, Requirement
from throughcare.continuity.scope import prison_and_name
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.validation import model_errors, ranked
from throughcare.people.custody_places import prison_place_give, prison_place_schedule_end
from throughcare.referrals.models import Referral
from throughcare.referrals.services import referrals_pause_for_custody
from throughcare.referrals.states import OPEN_STATES, ReferralState, Side, find_transition

RECALL_NOTE = "Paused by Throughcare: the person was recalled to custody."


def notify_providers_of_recall(*, event: JourneyEvent, referrals, requirements) -> audit.Entry:
    """Tell the services treating the person that they were recalled (or re-released) and what it
    did to their work.

    Each paused referral already shows on its receiving service's worklist as paused, with "returned
    to custody" in its history, and the referral's own move raises its notice to both sides. This
    hook names every organisation to be told, including treating providers of requirements that have
    no referral, in the audit event it returns for the caller to record with the rest of its change.
    Email notification of the journey event will hang off it (sent after the transaction commits).
    """
    organisations = {r.receiving_organisation_id for r in referrals if r.receiving_organisation_id}
    organisations |= {r.provider_organisation_id for r in requirements if r.provider_organisation_id}
    return audit.Entry(
        verb=AuditVerb.CUSTODY_PROVIDERS_NOTIFIED,
        target=event,
        payload={
            "kind": event.kind,
            "organisations": sorted(str(o) for o in organisations),
            "referrals": [str(r.pk) for r in referrals],
            "requirements": [str(r.pk) for r in requirements],
        },
    )


def _record_custody_change(
    *, actor, verb: str, episode, event, referrals: tuple[str, list], requirements: tuple[str, list], entries
) -> None:
    """The recall's or re-release's own audit event, and the providers told, recorded with `entries`
    (the referral moves', if any) in one append. `referrals` and `requirements` are each
    (payload name, records)."""
    (referrals_name, referral_rows), (requirements_name, requirement_rows) = referrals, requirements
    entries.append(
        audit.Entry(
            verb=verb,
            target=episode,
            payload={
                "person": str(event.person_id),
                "event": str(event.pk),
                referrals_name: [str(r.pk) for r in referral_rows],
                requirements_name: [str(r.pk) for r in requirement_rows],
            },
        )
    )
    entries.append(
        notify_providers_of_recall(event=event, referrals=referral_rows, requirements=requirement_rows)
    )
    audit.record_many(actor=actor, entries=entries)


def _check_recall(person, recalled_on) -> dict:
    """Whether the person's custody so far allows a recall on that day: after a release, not during a stay."""
    errors = {}
    # One query for both questions: the open episode comes first if there is one, otherwise the
    # latest release.
    last = (
        CustodyEpisode.objects.filter(person=person)
        .order_by(F("actual_release_date").desc(nulls_first=True))
        .first()
    )
    if last is not None and last.actual_release_date is None:
        errors["recalled_on"] = (
            f"{person.full_name} is already in custody at {last.prison_name} since "
            f"{format_date(last.reception_date)}: a recall is recorded after a release"
        )
        return errors
    if last is None:
        errors["recalled_on"] = (
            f"{person.full_name} has no release recorded, so cannot be recalled: "
            "record their reception and release first, or a reception if they are newly in custody"
        )
    elif recalled_on and recalled_on < last.actual_release_date:
        errors["recalled_on"] = (
            f"The recall date must be on or after their release on {format_date(last.actual_release_date)}"
        )
    return errors


@journey_change
def custody_recall(
    *,
    actor,
    person,
    recalled_on: date | None,
    prison=None,
    prison_name: str = "",
    expected_release_date: date | None = None,
) -> JourneyEvent:
    """The person was recalled to custody: a new episode, and their running work paused, not closed.

    Every open referral Throughcare may pause (accepted, assessment booked, in treatment) is paused
    with "returned to custody"; referrals still awaiting a decision stay with their service. Live
    requirements (awaiting start, active) are paused. The recall event lists both, so the
    re-release offers exactly these back.
    """
    prison_errors: dict[str, str] = {}
    try:
        prison, prison_name = prison_and_name(prison, prison_name)
    except ValidationError as exc:
        prison_errors = {field: messages[0] for field, messages in exc.message_dict.items()}
    episode = CustodyEpisode(
        person=person,
        prison=prison if not prison_errors else None,
        prison_name=prison_name,
        started_by=EpisodeStart.RECALL,
        # None is refused by `full_clean()` with its message, before anything is saved.
        reception_date=recalled_on,  # type: ignore[misc]
        expected_release_date=expected_release_date,
    )
    # The new episode's own rules (the recall date asked for and by today, the name's length, the
    # expected release after the recall) are the model's; the person's custody so far is checked here
    # and, being the more telling, its words win.
    found = model_errors(
        episode,
        exclude=["person", "prison", *(["prison_name"] if prison_errors else [])],
        rename={"reception_date": "recalled_on"},
    )
    errors = ranked(
        {**found, **prison_errors, **_check_recall(person, recalled_on)},
        ["recalled_on", "prison", "prison_name", "expected_release_date"],
    )
    if errors:
        raise ValidationError(errors)
    episode.save()
    # Locked here, in key order as every change to several referrals locks them, and with what the
    # pauses read, so pausing them needs no second query. Their person is the one being recalled,
    # already here: not joined again.
    open_referrals = sorted(
        Referral.objects.select_for_update()
        .select_related("service")
        .filter(person=person, state__in=OPEN_STATES)
        .order_by("pk"),
        key=lambda referral: referral.created_at,
    )
    for referral in open_referrals:
        referral.person = person
    pausable = [r for r in open_referrals if find_transition(r.state, ReferralState.PAUSED, Side.SYSTEM)]
    # The recall's audit events, the pauses' included, are recorded together at its end.
    entries: list[audit.Entry] = []
    referrals_pause_for_custody(
        on_behalf_of=actor, referrals=pausable, note=RECALL_NOTE, audit_entries=entries, locked=True
    )
    requirements = list(Requirement.objects.filter(order__person=person, status__in=LIVE_STATUSES))
    Requirement.objects.filter(pk__in=[r.pk for r in requirements]).update(
        status=RequirementStatus.PAUSED, updated_at=timezone.now()
    )
    left = [r for r in open_referrals if r not in pausable]
    event = record_event(
        actor=actor,
        person=person,
        kind=EventKind.RECALL,
        occurred_on=recalled_on,
        episode=episode,
        detail={"prison": prison_name, "referrals_left_open": [str(r.pk) for r in left]},
    )
    # A new event has no links yet: one insert each, without the checks `set()` makes for old ones.
    JourneyEvent.paused_referrals.through.objects.bulk_create(
        JourneyEvent.paused_referrals.through(journeyevent_id=event.pk, referral_id=r.pk) for r in pausable
    )
    JourneyEvent.paused_requirements.through.objects.bulk_create(
        JourneyEvent.paused_requirements.through(journeyevent_id=event.pk, requirement_id=r.pk)
        for r in requirements
    )
    _record_custody_change(
        actor=actor,
        verb=AuditVerb.CUSTODY_RECALLED,
        episode=episode,
        event=event,
        referrals=("paused_referrals", pausable),
        requirements=("paused_requirements", requirements),
        entries=entries,
    )
    assert recalled_on is not None  # the episode's own rules refuse a recall without its date
    prison_place_give(actor=actor, person=person, prison=episode.prison, started_on=recalled_on)
    return event


@dataclass
class ReRelease:
    """What a re-release did, and the referrals to ask their services to resume."""

    event: JourneyEvent
    resumed_requirements: list[Requirement] = field(default_factory=list)
    referrals_to_resume: list[Referral] = field(default_factory=list)


def paused_by(recall: JourneyEvent | None) -> list[Referral]:
    """The referrals a recall paused that are still paused, waiting for their services to resume."""
    if recall is None:
        return []
    return list(
        recall.paused_referrals.filter(state=ReferralState.PAUSED)
        .select_related("service", "receiving_organisation")
        .order_by("created_at")
    )


@journey_change
def custody_re_release(*, actor, person, released_on: date | None, release_type: str) -> ReRelease:
    """The person was released again after a recall: the recall episode ends, the requirements it
    paused are live again, and the referrals it paused are listed for their services to resume."""
    episode = open_episode(person)
    if episode is None or episode.started_by != EpisodeStart.RECALL:
        message = (
            f"{person.full_name} is not in custody on a recall"
            if episode is None
            else f"{person.full_name} was received into custody, not recalled: record a release"
        )
        raise ValidationError({"released_on": message})
    close_episode(episode, released_on, release_type, EpisodeEnd.RE_RELEASED)
    recall = JourneyEvent.objects.filter(episode=episode, kind=EventKind.RECALL).first()
    resumed = []
    if recall is not None:
        resumed = list(recall.paused_requirements.filter(status=RequirementStatus.PAUSED))
    now = timezone.now()
    started = [r.pk for r in resumed if r.first_appointment_on]
    Requirement.objects.filter(pk__in=started).update(status=RequirementStatus.ACTIVE, updated_at=now)
    Requirement.objects.filter(pk__in=[r.pk for r in resumed if not r.first_appointment_on]).update(
        status=RequirementStatus.AWAITING_START, updated_at=now
    )
    for requirement in resumed:
        requirement.status = (
            RequirementStatus.ACTIVE if requirement.pk in started else RequirementStatus.AWAITING_START
        )
    to_resume = paused_by(recall)
    event = record_event(
        actor=actor,
        person=person,
        kind=EventKind.RE_RELEASE,
        occurred_on=released_on,
        episode=episode,
        follows=recall,
        detail={
            "prison": episode.prison_name,
            "release_type": release_type,
            "resumed_requirements": [str(r.pk) for r in resumed],
            "referrals_to_resume": [str(r.pk) for r in to_resume],
        },
    )
    _record_custody_change(
        actor=actor,
        verb=AuditVerb.CUSTODY_RE_RELEASED,
        episode=episode,
        event=event,
        referrals=("referrals_to_resume", to_resume),
        requirements=("resumed_requirements", resumed),
        entries=[],
    )
    assert released_on is not None  # close_episode refuses a release without its date
    prison_place_schedule_end(actor=actor, person=person, released_on=released_on)
    return ReRelease(event=event, resumed_requirements=resumed, referrals_to_resume=to_resume)
