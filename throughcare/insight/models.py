"""What insight keeps in the database, shared by every web server (ADR 41).

Each submitted referral's history, boiled down to the few facts the referral views count: whether
the service took the person on, decided, declined and why, how many days it took to decide, and
whether the person was seen. Working these out means reading each referral's moves and
appointments, which was most of the cost of a cold view; kept here, a view reads one narrow row per
referral. Everything else a view needs (where the person lives, their ethnic group, the service's
tier and areas) is read live from its own table, so placement and area limits stay as they are.

The rows are derived: `insight/summary.py` keeps them in step with the referrals, and can always
build them again from the referrals alone.
"""

from django.db import models

from throughcare.referrals.models import Referral


class ReferralFacts(models.Model):
    """One submitted referral's history, as the referral views count it."""

    referral = models.OneToOneField(
        Referral, primary_key=True, on_delete=models.CASCADE, related_name="insight_facts"
    )
    accepted = models.BooleanField()  # taken on (accepted, or an assessment booked) at any point
    decided = models.BooleanField()  # the service decided (took on, listed, or declined)
    days_to_decision = models.IntegerField(null=True)  # whole days to the first decision
    decline_reason = models.CharField(max_length=64, blank=True)  # a declined referral's reason, or ""
    seen = models.BooleanField()  # an attended appointment (False where appointments are not kept)
    # The referral's own `updated_at` when these were worked out: with the facts above, what says
    # whether working it out again changed anything its month's figures count (insight/summary.py).
    referral_updated_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name_plural = "referral facts"

    def __str__(self) -> str:
        return f"Insight facts for referral {self.referral_id}"


class FactsWatermark(models.Model):
    """The one row saying how far the referral facts have been brought up to date: the latest
    change to any referral, move and appointment they include, and when that was."""

    ONLY = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=ONLY)
    referrals_changed_at = models.DateTimeField(null=True)
    last_move_id = models.BigIntegerField(null=True)
    appointments_changed_at = models.DateTimeField(null=True)
    caught_up_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"Insight facts caught up at {self.caught_up_at}"


class FactsMonth(models.Model):
    """When the kept facts of referrals submitted in a month last changed. Each month's tally of
    figures (queries/facts.py) is kept under this, so a change to one month's referrals means only
    that month is added up again (ADR 48). A referral's month never changes: it is submitted once,
    and referrals are never deleted (their person and service protect them)."""

    month = models.DateField(primary_key=True)  # the first day of the month, in UK time
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Insight facts for {self.month:%B %Y} changed at {self.changed_at}"
