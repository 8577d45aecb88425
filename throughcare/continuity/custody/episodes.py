"""What the journey services share: the open custody episode, ending it, and writing an event."""

from datetime import date
from functools import wraps

from django.db import transaction

from throughcare.continuity.field_rules import as_written
from throughcare.continuity.models import CustodyEpisode, JourneyEvent
from throughcare.continuity.scope import lock_for_journey_writer
from throughcare.core.validation import model_errors, raise_model_errors


def journey_change(change):
    """A custody change: the actor must be allowed to record the person's journey (403, 404), and the
    change runs with the person's row locked, from its checks to its writes.

    Two changes to one person's custody at once (a recall sent by two systems) take turns, and the
    second is checked against the first's result: it is refused with a message, not left to fail on
    the one-open-episode constraint.
    """

    @wraps(change)
    def locked(*, actor, person, **kwargs):
        with transaction.atomic():
            lock_for_journey_writer(actor, person)
            return change(actor=actor, person=person, **kwargs)

    return locked


def format_date(value: date | None) -> str:
    return as_written(value) if value else ""


def open_episode(person) -> CustodyEpisode | None:
    return CustodyEpisode.objects.filter(person=person, actual_release_date__isnull=True).first()


def record_event(*, actor, person, kind, occurred_on, **fields) -> JourneyEvent:
    return JourneyEvent.objects.create(
        person=person, kind=kind, occurred_on=occurred_on, recorded_by=actor, **fields
    )


# A journey event's links, which its own rules (its kind and date) leave to the services.
EVENT_LINKS = ("person", "episode", "order", "requirement", "follows", "pdu", "recorded_by")


def event_errors(event: JourneyEvent, *, date_field: str) -> dict[str, str]:
    """The event's own rules (its date, where the date is its own), named as the request names it."""
    return model_errors(event, exclude=EVENT_LINKS, rename={"occurred_on": date_field})


def close_episode(episode: CustodyEpisode, released_on, release_type: str, ended_by: str) -> None:
    """End the episode, held first to its model's rules for a release (its date asked for, by today
    and on or after the start; its type of release): nothing is saved when one is broken."""
    episode.actual_release_date = released_on
    episode.release_type = release_type
    episode.ended_by = ended_by
    changed = ["actual_release_date", "release_type", "ended_by"]
    raise_model_errors(
        episode,
        only=changed,
        order=["released_on", "release_type"],
        rename={"actual_release_date": "released_on"},
    )
    episode.save(update_fields=[*changed, "updated_at"])
