"""The custody journey's field rules and their words, held by the models (`validators=`,
`error_messages=`, `clean()`) and so run by `full_clean()` for the pages and the API alike."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from throughcare.continuity.choices import (
    EpisodeStart,
    EventKind,
    LicenceConditionKind,
    RequirementKind,
    RequirementStatus,
)


def happened_date_words(name: str) -> dict[str, str]:
    """A date of something that has happened, by error code: asked for, and never a day to come."""
    return {"null": f"Enter the {name}", "future": f"The {name} must be today or in the past"}


def reception_by_today(day) -> None:
    """A reception is recorded once it has happened: never for a day still to come."""
    if day > timezone.localdate():
        raise ValidationError(happened_date_words("reception date")["future"], code="future")


def release_by_today(day) -> None:
    """A release is recorded once it has happened: never for a day still to come."""
    if day > timezone.localdate():
        raise ValidationError(happened_date_words("release date")["future"], code="future")


def name_the_date(error: ValidationError, field: str, name: str) -> None:
    """Reword `field`'s missing and future date messages in `error` to name the date as `name`: the
    same rule says "the recall date" on a recall and "the reception date" on a reception."""
    words = happened_date_words(name)
    if field in error.error_dict:
        error.error_dict[field] = [
            ValidationError(words[each.code], code=each.code) if each.code in words else each
            for each in error.error_dict[field]
        ]


def as_written(day) -> str:
    return f"{day.day} {day:%B %Y}"


# What the day an episode starts is called, by how it started.
START_DATE_NAMES = {EpisodeStart.RECEPTION: "reception date", EpisodeStart.RECALL: "recall date"}
# The events whose date is theirs alone, by what their messages call it. The others' dates are held
# to their record's rules: a reception's or a release's to its episode's, an order's to its start.
EVENT_DATE_NAMES = {EventKind.TRANSFER: "transfer date", EventKind.PROBATION_CHANGED: "date of the change"}
# The types are the radios on the page; listing their codes here would show a person internal names.
RELEASE_TYPE_MESSAGE = "Choose the type of release"


def one_message(message: str) -> dict[str, str]:
    """`error_messages` for a coded field: the same words when it is missing or not one of its codes."""
    return dict.fromkeys(("invalid_choice", "blank", "null"), message)


REQUIREMENT_KIND_MESSAGE = "Choose the kind of requirement: " + ", ".join(RequirementKind.values)
REQUIREMENT_STATUS_MESSAGE = "Choose a status: " + ", ".join(RequirementStatus.values)
CONDITION_KIND_MESSAGE = "Choose the condition: " + ", ".join(LicenceConditionKind.values)
START_NEEDS_FIRST_APPOINTMENT = "Enter the date of the first appointment to start the requirement"
