"""A person's journey between custody and the community: custody episodes, orders and their
requirements, licence conditions, and one append-only timeline of what happened.

Episodes, orders and requirements hold where things stand now; `JourneyEvent` rows record how they
got there and are never changed or removed, like referral history. A recall event names the
referrals and requirements it paused, so the re-release that follows offers back exactly those.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from throughcare.continuity.choices import (
    MHTR_KINDS,
    SUBSTANCE_KINDS,
    EpisodeEnd,
    EpisodeStart,
    EventKind,
    LicenceConditionKind,
    OrderKind,
    ReleaseType,
    RequirementKind,
    RequirementStatus,
)
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
    prison_name = models.CharField(max_length=200)
    started_by = models.CharField(max_length=16, choices=EpisodeStart.choices, default=EpisodeStart.RECEPTION)
    reception_date = models.DateField()
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

    @property
    def is_open(self) -> bool:
        return self.actual_release_date is None


class Order(BaseModel):
    """A community or suspended sentence order, a licence, or post-sentence supervision."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="orders")
    kind = models.CharField(max_length=32, choices=OrderKind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    issued_by = models.CharField(
        max_length=200, blank=True, help_text="The court, or who issued the licence."
    )
    # The release a licence or supervision follows, when it follows one.
    episode = models.ForeignKey(
        CustodyEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    # The probation delivery unit supervising the order: the register's area.
    pdu = models.ForeignKey(
        "geography.Pdu", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="order_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.starts_on}"

    @property
    def is_dual_diagnosis(self) -> bool:
        """A mental health and a drug or alcohol requirement together. Needs `requirements` prefetched."""
        kinds = {r.kind for r in self.requirements.all()}
        return bool(kinds & MHTR_KINDS) and bool(kinds & SUBSTANCE_KINDS)


class Requirement(BaseModel):
    """A requirement of an order, who treats the person for it, and where it stands.

    The treating provider is a directory service, its Throughcare organisation, or both: the
    organisation is what lets a provider see the requirement on the register.
    """

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="requirements")
    kind = models.CharField(max_length=16, choices=RequirementKind.choices)
    service = models.ForeignKey(
        "directory.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=RequirementStatus.choices, default=RequirementStatus.AWAITING_START
    )
    ordered_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    first_appointment_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["ordered_on", "created_at"]
        indexes = [
            models.Index(fields=["kind", "status"], name="requirement_register_idx"),
            models.Index(fields=["provider_organisation", "kind"], name="requirement_provider_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_appointment_on__isnull=True) | Q(first_appointment_on__gte=F("ordered_on")),
                name="requirement_first_appointment_after_order",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("ordered_on")),
                name="requirement_ends_after_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    def waiting_days(self, today: date) -> int:
        """Days from the order to the first appointment, or so far when there has not been one."""
        until = self.first_appointment_on or today
        return max(0, (until - self.ordered_on).days)

    @property
    def provider_name(self) -> str:
        if self.service_id:
            return self.service.name
        return self.provider_organisation.name if self.provider_organisation_id else ""


class LicenceCondition(BaseModel):
    """A condition of a licence or supervision that bears on the person's health."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="licence_conditions")
    kind = models.CharField(max_length=32, choices=LicenceConditionKind.choices)
    detail = models.TextField(blank=True)
    service = models.ForeignKey(
        "directory.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.get_kind_display()


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
