"""A person's journey between custody and the community: custody episodes and one append-only
timeline of what happened (orders and their requirements are in `orders.py`).

Episodes, orders and requirements hold where things stand now; `JourneyEvent` rows record how they
got there and are never changed or removed, like referral history. A recall event names the
referrals and requirements it paused, so the re-release that follows offers back exactly those.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from throughcare.continuity.choices import EpisodeEnd, EpisodeStart, EventKind, ReleaseType
from throughcare.continuity.field_rules import (
    EVENT_DATE_NAMES,
    RELEASE_TYPE_MESSAGE,
    START_DATE_NAMES,
    as_written,
    happened_date_words,
    name_the_date,
    reception_by_today,
    release_by_today,
)
from throughcare.continuity.models.orders import Order, Requirement
from throughcare.core.models import AppendOnlyError, BaseModel


class CustodyEpisode(BaseModel):
    """One continuous stay in custody, from reception (or recall) to release (or re-release).

    The prison is an organisation in Throughcare where it has one; `prison_name` always holds the
    name, so prisons not in Throughcare are recorded too. A transfer changes the prison in place
    and leaves a journey event, so the episode stays one stay.
    """

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="custody_episodes")
    prison = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="custody_episodes",
        limit_choices_to={"kind": "prison"},
    )
    prison_name = models.CharField(
        max_length=200,
        error_messages={
            "blank": "Choose the prison, or enter its name if it is not listed",
            "max_length": "The prison name must be 200 characters or fewer",
        },
    )
    started_by = models.CharField(max_length=16, choices=EpisodeStart.choices, default=EpisodeStart.RECEPTION)
    reception_date = models.DateField(
        validators=[reception_by_today], error_messages={"null": "Enter the reception date"}
    )
    expected_release_date = models.DateField(null=True, blank=True)
    actual_release_date = models.DateField(null=True, blank=True, validators=[release_by_today])
    release_type = models.CharField(
        max_length=32,
        choices=ReleaseType.choices,
        blank=True,
        error_messages={"invalid_choice": RELEASE_TYPE_MESSAGE},
    )
    ended_by = models.CharField(max_length=16, choices=EpisodeEnd.choices, blank=True)

    class Meta:
        ordering = ["-reception_date", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(actual_release_date__isnull=True), name="one_open_episode"
            ),
            models.CheckConstraint(
                condition=Q(actual_release_date__isnull=True)
                | Q(actual_release_date__gte=F("reception_date")),
                name="episode_release_after_reception",
            ),
            models.CheckConstraint(
                condition=Q(expected_release_date__isnull=True)
                | Q(expected_release_date__gte=F("reception_date")),
                name="episode_expected_after_reception",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prison_name} from {self.reception_date}"

    @property
    def start_date_name(self) -> str:
        return START_DATE_NAMES.get(self.started_by, START_DATE_NAMES[EpisodeStart.RECEPTION])

    def clean_fields(self, exclude=None) -> None:
        """The start date's messages name it as its start: the recall date for a recall."""
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            name_the_date(error, "reception_date", self.start_date_name)
            raise

    def clean(self) -> None:
        """The expected and actual release follow the start (as `episode_expected_after_reception` and
        `episode_release_after_reception` hold), and an ended episode says when and how it ended."""
        received, released = self.reception_date, self.actual_release_date
        expected = self.expected_release_date
        errors = {}
        if received and expected and expected < received:
            errors["expected_release_date"] = (
                f"The expected release date must be on or after the {self.start_date_name}"
            )
        if self.ended_by and released is None:
            errors["actual_release_date"] = happened_date_words("release date")["null"]
        elif received and released and released < received:
            errors["actual_release_date"] = (
                f"The release date must be on or after the date they were received, {as_written(received)}"
            )
        if self.ended_by and not self.release_type:
            errors["release_type"] = RELEASE_TYPE_MESSAGE
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.actual_release_date is None


class JourneyEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The journey timeline is never changed.")

    def delete(self):
        raise AppendOnlyError("The journey timeline is never removed.")


class JourneyEvent(BaseModel):
    """One thing that happened on the person's journey, on the day it happened.

    `detail` holds ids, codes and names of places (prisons, units), never health or offence
    details. A recall lists what it paused in `paused_referrals` and `paused_requirements`; the
    re-release points back at that recall through `follows`.
    """

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="journey_events")
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    occurred_on = models.DateField(error_messages={"null": happened_date_words("date it happened")["null"]})
    episode = models.ForeignKey(
        CustodyEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    requirement = models.ForeignKey(
        Requirement, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="followed_by"
    )
    pdu = models.ForeignKey(
        "geography.Pdu", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    detail = models.JSONField(default=dict, blank=True)
    paused_referrals = models.ManyToManyField("referrals.Referral", blank=True, related_name="+")
    paused_requirements = models.ManyToManyField(Requirement, blank=True, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = JourneyEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        indexes = [models.Index(fields=["person", "occurred_on"], name="journey_person_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"

    def clean_fields(self, exclude=None) -> None:
        """A missing date is asked for by its name: "Enter the transfer date"."""
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            if self.kind in EVENT_DATE_NAMES:
                name_the_date(error, "occurred_on", EVENT_DATE_NAMES[self.kind])
            raise

    def clean(self) -> None:
        """An event whose date is its own has happened; a transfer happens during its episode."""
        name, day = EVENT_DATE_NAMES.get(self.kind), self.occurred_on
        if name is None or day is None:
            return
        if day > timezone.localdate():
            raise ValidationError({"occurred_on": happened_date_words(name)["future"]})
        episode = self.episode if self.episode_id else None
        if self.kind == EventKind.TRANSFER and episode is not None and day < episode.reception_date:
            raise ValidationError(
                {
                    "occurred_on": "The transfer date must be on or after the date they were received, "
                    f"{as_written(episode.reception_date)}"
                }
            )

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The journey timeline is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The journey timeline is never removed.")
