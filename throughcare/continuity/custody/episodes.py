"""What the journey services share: the open custody episode, date checks, and writing an event."""

from datetime import date
from functools import wraps

from django.db import transaction
from django.utils import timezone

from throughcare.continuity.choices import ReleaseType
from throughcare.continuity.models import CustodyEpisode, JourneyEvent
from throughcare.continuity.scope import require_journey_writer
from throughcare.people.models import Person


def journey_change(change):
    """A custody change: the actor must be allowed to record the person's journey (403, 404), and the
    change runs with the person's row locked, from its checks to its writes.

    Two changes to one person's custody at once (a recall sent by two systems) take turns, and the
    second is checked against the first's result: it is refused with a message, not left to fail on
    the one-open-episode constraint.
    """

    @wraps(change)
    def locked(*, actor, person, **kwargs):
        require_journey_writer(actor, person)
        with transaction.atomic():
            list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True))
            return change(actor=actor, person=person, **kwargs)

    return locked


def format_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def open_episode(person) -> CustodyEpisode | None:
    return CustodyEpisode.objects.filter(person=person, actual_release_date__isnull=True).first()


def check_date(errors: dict, name: str, value: date | None, label: str) -> None:
    if value is None:
        errors[name] = f"Enter the {label}"
    elif value > timezone.localdate():
        errors[name] = f"The {label} must be today or in the past"


def record_event(*, actor, person, kind, occurred_on, **fields) -> JourneyEvent:
    return JourneyEvent.objects.create(
        person=person, kind=kind, occurred_on=occurred_on, recorded_by=actor, **fields
    )


def check_release(errors: dict, episode: CustodyEpisode, released_on, release_type: str) -> None:
    check_date(errors, "released_on", released_on, "release date")
    if released_on and released_on < episode.reception_date:
        errors["released_on"] = (
            "The release date must be on or after the date they were received, "
            f"{format_date(episode.reception_date)}"
        )
    if release_type not in ReleaseType.values:
        errors["release_type"] = "Choose the type of release: " + ", ".join(ReleaseType.values)


def close_episode(episode: CustodyEpisode, released_on, release_type: str, ended_by: str) -> None:
    episode.actual_release_date = released_on
    episode.release_type = release_type
    episode.ended_by = ended_by
    episode.save(update_fields=["actual_release_date", "release_type", "ended_by", "updated_at"])
