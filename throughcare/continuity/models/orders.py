"""Orders and licences, their requirements (who treats the person for each, and where it stands)
and the licence conditions that bear on the person's health."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from throughcare.continuity.choices import (
    MHTR_KINDS,
    SUBSTANCE_KINDS,
    LicenceConditionKind,
    OrderKind,
    RequirementKind,
    RequirementStatus,
)
from throughcare.core.models import BaseModel


class Order(BaseModel):
    """A community or suspended sentence order, a licence, or post-sentence supervision."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="orders")
    kind = models.CharField(
        max_length=32,
        choices=OrderKind.choices,
        error_messages=dict.fromkeys(
            ("invalid_choice", "blank", "null"), "Choose the kind of order: " + ", ".join(OrderKind.values)
        ),
    )
    starts_on = models.DateField(error_messages={"null": "Enter the date the order starts"})
    ends_on = models.DateField(null=True, blank=True)
    issued_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="The court, or who issued the licence.",
        error_messages={"max_length": "The court or issuing authority must be 200 characters or fewer"},
    )
    # The release a licence or supervision follows, when it follows one.
    episode = models.ForeignKey(
        "continuity.CustodyEpisode", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
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

    def clean(self) -> None:
        """An order ends on or after it starts (as `order_ends_after_start` holds)."""
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The order must end on or after the date it starts"})

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
