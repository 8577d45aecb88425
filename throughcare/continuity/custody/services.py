"""Changes to a person's custody journey: reception, release, transfer, and changes of probation
practitioner or delivery unit. Recall and re-release, which reach into referrals and requirements,
are in `recall.py`.

Each function checks everything first and says exactly what is wrong, then writes its change, its
journey event and its audit event. `journey_change` runs checks and writes in one transaction with
the person's row locked, so a refused change leaves nothing behind and two at once take turns.
"""

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from throughcare.continuity.choices import EpisodeEnd, EpisodeStart, EventKind
from throughcare.continuity.custody.episodes import (
    close_episode,
    event_errors,
    format_date,
    journey_change,
    open_episode,
    record_event,
)
from throughcare.continuity.models import CustodyEpisode, JourneyEvent
from throughcare.continuity.scope import prison_and_name, require_journey_writer
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.validation import model_errors
from throughcare.people.custody_places import prison_place_give, prison_place_schedule_end

if TYPE_CHECKING:
    from throughcare.accounts.models import User


@journey_change
def custody_record_reception(
    *,
    actor: "User | None",
    person,
    reception_date: date | None,
    prison=None,
    prison_name: str = "",
    expected_release_date: date | None = None,
) -> CustodyEpisode:
    """The person was received into prison: a new custody episode, which must not overlap another.

    The episode's own rules (the date, the name's length, expected release after reception) are the
    model's, run by `full_clean()`; which prison, and overlapping another stay, are checked here."""
    prison_errors: dict[str, str | list[str]] = {}
    try:
        prison, prison_name = prison_and_name(prison, prison_name)
    except ValidationError as exc:
        prison_errors.update(exc.message_dict)
    episode = CustodyEpisode(
        person=person,
        prison=prison if not prison_errors else None,
        prison_name=prison_name,
        # None is refused by `full_clean()` with its message, before anything is saved.
        reception_date=reception_date,  # type: ignore[misc]
        expected_release_date=expected_release_date,
    )
    found = model_errors(episode, exclude=["person", "prison"] + (["prison_name"] if prison_errors else []))
    errors: dict[str, str | list[str]] = {}
    if "reception_date" in found:
        errors["reception_date"] = found.pop("reception_date")
    errors.update(prison_errors)
    errors.update(found)
    if reception_date is not None and "reception_date" not in errors:
        overlapping = _overlapping(person, reception_date)
        if overlapping is not None:
            errors["reception_date"] = overlapping
    if errors:
        raise ValidationError(errors)
    episode.save()
    event = record_event(
        actor=actor,
        person=person,
        kind=EventKind.RECEPTION,
        occurred_on=reception_date,
        episode=episode,
        detail={"prison": prison_name},
    )
    audit.record(
        actor=actor,
        verb=AuditVerb.CUSTODY_RECEPTION_RECORDED,
        target=episode,
        payload={"person": str(person.pk), "event": str(event.pk)},
    )
    assert reception_date is not None  # the episode's own rules refuse a reception without its date
    prison_place_give(actor=actor, person=person, prison=episode.prison, started_on=reception_date)
    return episode


def _overlapping(person, starts_on: date) -> str | None:
    """Why a custody episode starting on `starts_on` would overlap one already recorded, if it would."""
    current = open_episode(person)
    if current is not None:
        return (
            f"{person.full_name} is already in custody at {current.prison_name} since "
            f"{format_date(current.reception_date)}: record their release first"
        )
    clash = (
        CustodyEpisode.objects.filter(person=person, actual_release_date__gt=starts_on)
        .order_by("reception_date")
        .first()
    )
    if clash is not None:
        return (
            f"This overlaps the custody episode at {clash.prison_name} "
            f"from {format_date(clash.reception_date)} "
            f"to {format_date(clash.actual_release_date)}: the reception date must be after that release"
        )
    return None


@journey_change
def custody_record_release(
    *, actor: "User | None", person, released_on: date | None, release_type: str
) -> CustodyEpisode:
    """The person left prison: their open custody episode ends. A recall ends with a re-release instead."""
    episode = open_episode(person)
    if episode is None:
        raise ValidationError(
            {"released_on": f"{person.full_name} is not in custody: record their reception first"}
        )
    if episode.started_by == EpisodeStart.RECALL:
        raise ValidationError(
            {"released_on": f"{person.full_name} was recalled: record a re-release, so paused work resumes"}
        )
    close_episode(episode, released_on, release_type, EpisodeEnd.RELEASED)
    event = record_event(
        actor=actor,
        person=person,
        kind=EventKind.RELEASE,
        occurred_on=released_on,
        episode=episode,
        detail={"prison": episode.prison_name, "release_type": release_type},
    )
    audit.record(
        actor=actor,
        verb=AuditVerb.CUSTODY_RELEASE_RECORDED,
        target=episode,
        payload={"person": str(person.pk), "event": str(event.pk), "release_type": release_type},
    )
    assert released_on is not None  # close_episode refuses a release without its date
    prison_place_schedule_end(actor=actor, person=person, released_on=released_on)
    return episode


@journey_change
def custody_transfer(
    *, actor: "User | None", person, transferred_on: date | None, prison=None, prison_name: str = ""
) -> CustodyEpisode:
    """The person moved to another prison: the same episode continues there."""
    episode = open_episode(person)
    if episode is None:
        raise ValidationError(
            {"prison": f"{person.full_name} is not in custody: there is nothing to transfer"}
        )
    # The transfer's date is its event's (asked for, by today, during the episode); the new prison's
    # name is the episode's (its length); which prison it is and moving at all are checked here.
    event = JourneyEvent(
        person=person,
        kind=EventKind.TRANSFER,
        # None is refused by `full_clean()` with its message, before anything is saved.
        occurred_on=transferred_on,  # type: ignore[misc]
        episode=episode,
        recorded_by=actor,
    )
    errors: dict[str, str | list[str]] = {**event_errors(event, date_field="transferred_on")}
    previous = episode.prison_name
    try:
        prison, prison_name = prison_and_name(prison, prison_name)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    else:
        if (prison is not None and prison.pk == episode.prison_id) or prison_name == previous:
            errors["prison"] = f"{person.full_name} is already at {previous}"
        episode.prison, episode.prison_name = prison, prison_name
        errors.update(model_errors(episode, only=["prison_name"]))
    if errors:
        raise ValidationError(errors)
    episode.save(update_fields=["prison", "prison_name", "updated_at"])
    event.detail = {"from_prison": previous, "to_prison": prison_name}
    event.save()
    audit.record(
        actor=actor,
        verb=AuditVerb.CUSTODY_TRANSFERRED,
        target=episode,
        payload={"person": str(person.pk), "event": str(event.pk)},
    )
    assert transferred_on is not None  # the event's own rules refuse a transfer without its date
    # The old prison's place ends (the case moved) and the new prison gets one; a prison outside
    # Throughcare gets none, but the old place still ends.
    prison_place_give(actor=actor, person=person, prison=prison, started_on=transferred_on)
    return episode


def probation_record_change(
    *,
    actor: "User | None",
    person,
    changed_on: date | None,
    practitioner_name: str = "",
    organisation=None,
    pdu=None,
) -> JourneyEvent:
    """A new probation practitioner, probation delivery unit, or both."""
    require_journey_writer(actor, person)
    practitioner_name = (practitioner_name or "").strip()
    event = JourneyEvent(
        person=person,
        kind=EventKind.PROBATION_CHANGED,
        occurred_on=changed_on,  # type: ignore[misc]  # None is refused by `full_clean()`
        pdu=pdu,
        recorded_by=actor,
        detail={
            "practitioner": practitioner_name,
            "organisation": str(organisation.pk) if organisation else "",
            "organisation_name": organisation.name if organisation else "",
        },
    )
    # The date's rules are the event's; naming who or where changed is the request's.
    errors = event_errors(event, date_field="changed_on")
    if not practitioner_name and pdu is None:
        errors["practitioner_name"] = "Enter the new probation practitioner, or choose the new delivery unit"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        event.save()
        audit.record(
            actor=actor,
            verb=AuditVerb.JOURNEY_PROBATION_CHANGED,
            target=event,
            payload={"person": str(person.pk), "pdu": pdu.pk if pdu else ""},
        )
    return event


def current_pdu(person):
    """The delivery unit of the person's latest probation change that named one."""
    event = (
        JourneyEvent.objects.filter(person=person, kind=EventKind.PROBATION_CHANGED, pdu__isnull=False)
        .select_related("pdu")
        .order_by("-occurred_on", "-created_at")
        .first()
    )
    return event.pdu if event else None
