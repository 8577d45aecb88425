"""Orders and licences, their requirements (who treats the person for each, and where it stands)
and the licence conditions that bear on the person's health."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from throughcare.continuity.choices import (
    MHTR_KINDS,
    NEEDS_TREATING_PROVIDER,
    ORDERS_WITH_CONDITIONS,
    ORDERS_WITH_REQUIREMENTS,
    SUBSTANCE_KINDS,
    LicenceConditionKind,
    OrderKind,
    RequirementKind,
    RequirementStatus,
)
from throughcare.continuity.field_rules import (
    CONDITION_KIND_MESSAGE,
    REQUIREMENT_KIND_MESSAGE,
    REQUIREMENT_STATUS_MESSAGE,
    START_NEEDS_FIRST_APPOINTMENT,
    one_message,
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
    kind = models.CharField(
        max_length=16, choices=RequirementKind.choices, error_messages=one_message(REQUIREMENT_KIND_MESSAGE)
    )
    service = models.ForeignKey(
        "directory.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=16,
        choices=RequirementStatus.choices,
        default=RequirementStatus.AWAITING_START,
        error_messages=one_message(REQUIREMENT_STATUS_MESSAGE),
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

    def clean(self) -> None:
        """What its order takes, who treats it, and its dates in order (the last two as
        `requirement_first_appointment_after_order` and `requirement_ends_after_order` hold)."""
        order = self.order if self.order_id else None
        ordered, first = self.ordered_on, self.first_appointment_on
        errors = {}
        # An order of no known kind is refused on its own; its requirements are not asked about it.
        order_kind = order.kind if order is not None else ""
        if order_kind in OrderKind.values and order_kind not in ORDERS_WITH_REQUIREMENTS:
            errors["kind"] = (
                f"A {OrderKind(order_kind).label.lower()} has licence conditions, not requirements"
            )
        if self.kind in NEEDS_TREATING_PROVIDER and not (self.service_id or self.provider_organisation_id):
            errors["service"] = (
                f"A {RequirementKind(self.kind).label.lower()} needs a treating provider: choose the service"
            )
        if order is not None and order.starts_on and ordered and ordered < order.starts_on:
            errors["ordered_on"] = "The requirement cannot start before its order"
        if self.status == RequirementStatus.ACTIVE and first is None:
            errors["first_appointment_on"] = START_NEEDS_FIRST_APPOINTMENT
        elif ordered and first and first < ordered:
            errors["first_appointment_on"] = "The first appointment must be on or after the order date"
        if ordered and self.ends_on and self.ends_on < ordered:
            errors["ends_on"] = "The requirement must end on or after it starts"
        if errors:
            raise ValidationError(errors)

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
    kind = models.CharField(
        max_length=32,
        choices=LicenceConditionKind.choices,
        error_messages=one_message(CONDITION_KIND_MESSAGE),
    )
    detail = models.TextField(blank=True)
    service = models.ForeignKey(
        "directory.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def _on_an_order_with_conditions(self) -> bool:
        return not self.order_id or self.order.kind in ORDERS_WITH_CONDITIONS

    def clean_fields(self, exclude=None) -> None:
        """Which order it is on is asked before which condition: an order with requirements takes none,
        so its `kind` is answered by `clean()` alone."""
        if not self._on_an_order_with_conditions():
            exclude = [*(exclude or ()), "kind"]
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        """Only a licence or supervision has conditions, and "another health condition" says what it is."""
        errors = {}
        if not self._on_an_order_with_conditions():
            errors["kind"] = (
                f"A {self.order.get_kind_display().lower()} has requirements, not licence conditions"
            )
        if self.kind == LicenceConditionKind.OTHER_HEALTH and not self.detail.strip():
            errors["detail"] = "Say what the condition is"
        if errors:
            raise ValidationError(errors)
