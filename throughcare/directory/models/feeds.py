"""Council Open Referral feeds the directory keeps in step with, and a record of each sync."""

from django.db import models

from throughcare.core.models import BaseModel


class FeedSchedule(models.IntegerChoices):
    """How often a feed is synced, in hours."""

    HOURLY = 1, "Every hour"
    DAILY = 24, "Every day"
    WEEKLY = 168, "Every week"


class DirectoryFeed(BaseModel):
    """An external Open Referral source: an API base URL or a JSON document (oruk/shapes.py)."""

    name = models.CharField(max_length=200, unique=True)
    url = models.URLField(max_length=500, unique=True)
    every_hours = models.PositiveSmallIntegerField(choices=FeedSchedule.choices, default=FeedSchedule.DAILY)
    is_active = models.BooleanField(default=True, help_text="Paused feeds are not synced.")
    next_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FeedRun(models.Model):
    """One sync of a feed: when, what it did to the directory, and what went wrong."""

    id = models.BigAutoField(primary_key=True)
    feed = models.ForeignKey(DirectoryFeed, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    succeeded = models.BooleanField(help_text="The feed was read to its end (some records may be refused).")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    retired = models.PositiveIntegerField(default=0, help_text="Services the feed no longer publishes.")
    not_kept = models.PositiveIntegerField(default=0, help_text="Fields Throughcare could not hold.")
    message = models.TextField(blank=True, help_text="Why it failed, or the first problems found.")

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["feed", "-started_at"], name="feed_run_latest")]

    def __str__(self) -> str:
        return f"{self.feed_id} at {self.started_at:%Y-%m-%d %H:%M}"
