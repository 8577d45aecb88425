"""HSDS records that hang off a service or location."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models

from throughcare.directory.models.location import Location, ServiceAtLocation
from throughcare.directory.models.service import Service


class ServiceArea(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=20, blank=True)
    uri = models.URLField(blank=True)

    def __str__(self) -> str:
        return self.name


class Schedule(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    freq = models.CharField(max_length=10, blank=True, help_text="RFC 5545: WEEKLY or MONTHLY.")
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=50, blank=True, help_text="RFC 5545, like MO,TU,WE.")
    bymonthday = models.CharField(max_length=50, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    description = models.TextField(blank=True)
    attending_type = models.CharField(max_length=255, blank=True)
    notes = models.TextField(blank=True)
    schedule_link = models.URLField(blank=True, default="", help_text="HSDS schedule_link: where to book.")

    def __str__(self) -> str:
        return self.description or f"{self.byday} {self.opens_at}-{self.closes_at}"


class Contact(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=255, blank=True)
    title = models.CharField(max_length=255, blank=True)
    email = models.EmailField(blank=True)

    def __str__(self) -> str:
        return self.name


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(max_length=30)
    description = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.number


class Language(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(max_length=100)
    code = models.CharField(max_length=10, blank=True, help_text="ISO 639 code, like 'pl'.")
    note = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.name


class Accessibility(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(blank=True)

    class Meta:
        verbose_name_plural = "accessibility"

    def __str__(self) -> str:
        return self.description[:50]


class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(max_length=255, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.option


class Funding(models.Model):
    """Where a service's money comes from and when it ends, so a cliff-edge can be seen coming."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(
        max_length=255,
        error_messages={
            "blank": "Enter where the funding comes from.",
            "max_length": "Where the funding comes from must be 255 characters or fewer.",
        },
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(starts_on__lte=models.F("ends_on")),
                name="funding_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.source

    def clean(self) -> None:
        """A funding line ends on or after it starts (as `funding_ends_after_it_starts` holds)."""
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The funding end date must be on or after its start date."})
