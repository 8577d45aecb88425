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

from throughcare.continuity.choices import (
    EpisodeEnd,
    EpisodeStart,
    EventKind,
    ReleaseType,
)
from throughcare.continuity.models.orders import Order, Requirement
from throughcare.core.models import AppendOnlyError, BaseModel


def reception_by_today(day) -> None:
    """A reception is recorded once it has happened: never for a day still to come."""
    if day > timezone.localdate():
        raise ValidationError("The reception date must be today or in the past", code="future")


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
    actual_release_date = models.DateField(null=True, blank=True)
    release_type = models.CharField(max_length=32, choices=ReleaseType.choices, blank=True)
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

    def clean(self) -> None:
        """The expected release follows the reception (as `episode_expected_after_reception` holds)."""
        received, expected = self.reception_date, self.expected_release_date
        if received and expected and expected < received:
            raise ValidationError(
                {"expected_release_date": "The expected release date must be on or after the reception date"}
            )

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
    occurred_on = models.DateField()
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

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The journey timeline is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The journey timeline is never removed.")
