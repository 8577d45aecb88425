"""Outcome measures recorded on a referral, and the receiving service's end-of-service summary.

Scoring lives in `scoring.py` and its neighbours; these models keep what was entered and what the
rules made of it. The total, band and flags are stored beside the answers so reports read one
column instead of re-scoring. WEMWBS and SWEMWBS are licensed: only their totals are kept, which a
database constraint holds to, so no code path can store their items.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from throughcare.core.models import BaseModel
from throughcare.outcomes.measures import ITEMISED_MEASURES, TOTAL_ONLY_MEASURES

# One member per measure in measures.py, so a measure is declared in one place: MeasureCode.PHQ9 is
# "PHQ-9", labelled with the measure's choice_label.
MeasureCode = models.TextChoices(
    "MeasureCode",
    [
        (measure.code.replace("-", ""), (measure.code, measure.choice_label))
        for measure in (*ITEMISED_MEASURES.values(), *TOTAL_ONLY_MEASURES.values())
    ],
)


class Occasion(models.TextChoices):
    FIRST = "first", "First, at assessment"
    SESSION = "session", "At a session"
    LAST = "last", "Last, at the end"


class OutcomeMeasurement(BaseModel):
    """One completed measure: when, on which occasion, the answers (itemised measures) and the score."""

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="outcome_measurements"
    )
    measure = models.CharField(max_length=16, choices=MeasureCode.choices)
    occasion = models.CharField(max_length=16, choices=Occasion.choices)
    recorded_on = models.DateField()
    # Item answers, question 1 first, for PHQ-9, GAD-7 and CORE-10: the scoring rules need them, and
    # clinicians look at the risk item. Always null for the licensed WEMWBS and SWEMWBS.
    answers = models.JSONField(null=True, blank=True)
    total = models.PositiveSmallIntegerField()
    metric_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    band = models.CharField(max_length=32, blank=True, help_text="Severity band code; empty if none.")
    risk_to_self = models.BooleanField(default=False)
    in_clinical_range = models.BooleanField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["recorded_on", "created_at"]
        indexes = [models.Index(fields=["referral", "measure", "recorded_on"], name="outcome_referral_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(measure__in=list(TOTAL_ONLY_MEASURES), answers__isnull=True)
                    | (Q(measure__in=list(ITEMISED_MEASURES)) & Q(answers__isnull=False))
                ),
                name="outcome_items_only_for_itemised_measures",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} on {self.recorded_on}"


class EndOfServiceSummary(BaseModel):
    """What the receiving service tells the referrer when the work ends: written once, never changed.

    Attendance and outcomes are kept as they stood when it was written, so the summary the referrer
    reads does not shift under them if anything is recorded later.
    """

    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.PROTECT, related_name="end_of_service_summary"
    )
    ending_state = models.CharField(max_length=32, help_text="completed or ended_early, when written.")
    offered = models.TextField()
    # {"booked": n, "attended": n, ...} from the appointments app, or null where it is not recorded.
    attendance = models.JSONField(null=True, blank=True)
    # First and last score per measure, with the change: see `progress.MeasureChange.as_json`.
    outcomes = models.JSONField(default=list, blank=True)
    # NHS Talking Therapies recovery from first and last PHQ-9 and GAD-7, or null without both.
    recovery = models.JSONField(null=True, blank=True)
    recommendations = models.TextField()
    next_steps = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "end-of-service summaries"

    def __str__(self) -> str:
        return f"End-of-service summary for {self.referral_id}"
