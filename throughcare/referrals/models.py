"""A referral, the history of its moves through the lifecycle, and the consent behind it.

The lifecycle rules live in `states.py`; these models record where each referral is and how it got
there. `ReferralTransition` rows, like audit events, are never changed or removed: a wrong move is
put right by another move, so the history the referrer and commissioners read stays true.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from throughcare.core.inputs import CUSTODY_DATES
from throughcare.core.models import AppendOnlyError, BaseModel
from throughcare.directory.models import RiskLevel
from throughcare.referrals.states import ReferralState, Side

RISK_LEVEL_MESSAGE = "Choose the risk of serious harm to others: 1 low, 2 medium, 3 high or 4 very high"


def release_date_in_range(day) -> None:
    """Within the dates custody records hold (`core.inputs.CUSTODY_DATES`), as the page and API ask."""
    if problem := CUSTODY_DATES.problem(day, "The expected release date"):
        raise ValidationError(problem, code="out_of_range")


class Referral(BaseModel):
    """One request for a service to support a person, from the referring to the receiving organisation.

    The fields under "shared with the receiving service" are all the receiver sees of the person
    besides their name and date of birth: the rest of the person's record stays with their team.
    """

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="referrals")
    referring_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_made"
    )
    # The owner of the service's directory entry. Null only in principle: imported services have no
    # owner in Throughcare, and referrals to them are refused before one is created.
    receiving_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, on_delete=models.PROTECT, related_name="referrals_received"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=32, choices=ReferralState.choices, default=ReferralState.DRAFT)

    submitted_at = models.DateTimeField(null=True, blank=True)
    acknowledge_by = models.DateTimeField(null=True, blank=True)
    decide_by = models.DateTimeField(null=True, blank=True)
    # The deadline for whatever the receiver must do next (acknowledge, then decide), kept with the
    # state so worklists can sort and flag overdue work from one indexed column.
    due_by = models.DateTimeField(null=True, blank=True)
    # When anyone but the referrer (the receiving service, or Throughcare itself) last moved it: the
    # referrer's home lists what moved since they last looked from this indexed column, instead of
    # reading the history of every referral they ever sent. Set with each move (services._make_moves).
    other_side_moved_at = models.DateTimeField(null=True, blank=True)

    # Shared with the receiving service.
    reason_for_referral = models.TextField(blank=True)
    need_codes = models.JSONField(default=list, blank=True, help_text="Codes from the needs vocabulary.")
    risk_summary = models.TextField(blank=True)
    risk_to_self = models.TextField(blank=True)
    current_substance_use = models.TextField(blank=True)
    gp_details = models.TextField("GP details", blank=True)
    medication = models.TextField(blank=True)
    contact_preferences = models.TextField(blank=True)
    interpreter_language = models.CharField(
        max_length=100,
        blank=True,
        error_messages={"max_length": "The interpreter language must be 100 characters or fewer"},
    )
    in_custody = models.BooleanField(default=False)
    release_date = models.DateField(null=True, blank=True, validators=[release_date_in_range])
    release_date_unknown_reason = models.TextField(blank=True)
    # Structured answers the service's hard rules are checked against (referrals/eligibility.py);
    # None means not answered, which submission asks for when the service's rules turn on it.
    uses_substances = models.BooleanField(null=True, blank=True)
    risk_to_others_level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=RiskLevel.choices,
        error_messages={"invalid_choice": RISK_LEVEL_MESSAGE},
    )
    at_risk_to_self = models.BooleanField(null=True, blank=True)
    # Who is referring, as a referral route code: the referring organisation's own by default.
    referral_route = models.CharField(max_length=32, blank=True)
    # Why the referrer sent it although it is outside the service's criteria (OutsideCriteria rows).
    outside_criteria_reason = models.TextField(blank=True)

    # Set when it is sent: the warning the receiving service reads when a crisis referral came to a
    # service below the care it needs (eligibility.mis_tiered, matching's tier rule). Not a refusal.
    mis_tier_warning = models.TextField(blank=True, default="")

    # The identifier another system sent this referral with (`system|value`), when it came as an NHS
    # BaRS message: that system names the referral by it in its update and cancel messages.
    bars_sender_identifier = models.CharField(max_length=300, blank=True, default="", db_index=True)

    # Set by the receiving service while the referral is on its waiting list.
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    expected_start_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["receiving_organisation", "state", "due_by"], name="referral_receiver_idx"),
            models.Index(fields=["referring_organisation", "state", "due_by"], name="referral_referrer_idx"),
            # A referrer's home reads their own referrals: overdue and drafts by state, and the latest
            # moves made by the other side.
            models.Index(fields=["created_by", "state", "due_by"], name="referral_creator_state_idx"),
            models.Index(fields=["created_by", "other_side_moved_at"], name="referral_creator_moved_idx"),
            # A provider's finished referrals, the most recently closed first (summaries to write).
            models.Index(
                fields=["receiving_organisation", "state", "updated_at"], name="referral_receiver_closed_idx"
            ),
            # Insight reads an area's referrals by service and submission date, and what it counts of
            # each (state, person) from this index alone, without visiting the referral rows.
            models.Index(
                fields=["service", "submitted_at", "state", "person", "id"], name="referral_cohort_idx"
            ),
            # The same, for the referrals of the people living in an area: from each resident's
            # referrals in the period, again without visiting the referral rows.
            models.Index(
                fields=["person", "submitted_at", "service", "state", "id"], name="referral_person_cohort_idx"
            ),
            # The latest change to any referral, which says whether insight's shared figures are current.
            models.Index(fields=["updated_at"], name="referral_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk} ({self.get_state_display()})"


class ReferralTransitionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Referral history is never changed.")

    def delete(self):
        raise AppendOnlyError("Referral history is never removed.")


class ReferralTransition(models.Model):
    """One move of a referral: who made it, when, from which state to which, and why."""

    id = models.BigAutoField(primary_key=True)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="transitions")
    from_state = models.CharField(max_length=32, choices=ReferralState.choices)
    to_state = models.CharField(max_length=32, choices=ReferralState.choices)
    side = models.CharField(max_length=16, choices=Side.choices)
    reason_code = models.CharField(max_length=64, blank=True)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    objects = ReferralTransitionQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "id"]
        indexes = [
            models.Index(fields=["to_state", "reason_code"], name="referral_transition_reason_idx"),
            # A referral's first move to a given state (insight's first decision), from the index alone.
            models.Index(fields=["referral", "to_state", "at"], name="referral_transition_first_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_state} -> {self.to_state}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Referral history is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Referral history is never removed.")


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", "Verbally"
    WRITTEN = "written", "In writing"
    ELECTRONIC = "electronic", "Electronically"


def given_by_today(day) -> None:
    """Consent is recorded once it has been given: never for a day still to come."""
    if day > timezone.localdate():
        raise ValidationError("The date consent was given must be today or in the past", code="future")


class Consent(BaseModel):
    """The person's consent to this referral: when and how it was given, what is shared with whom and why."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="consents")
    given_on = models.DateField(
        validators=[given_by_today], error_messages={"null": "Enter the date consent was given"}
    )
    how_obtained = models.CharField(
        max_length=16,
        choices=ConsentMethod.choices,
        error_messages=dict.fromkeys(
            ("invalid_choice", "blank", "null"),
            f"Choose how consent was obtained: {', '.join(ConsentMethod.values)}",
        ),
    )
    shared_with = models.TextField(
        error_messages={"blank": "Enter who the person agreed their information may be shared with"}
    )
    purposes = models.TextField(
        error_messages={"blank": "Enter what the person agreed their information may be used for"}
    )
    # None: the person gave it themselves, from their own plan (myplan/sharing.py), at `created_at`.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_on", "-created_at"]

    def __str__(self) -> str:
        return f"Consent for {self.referral_id} given {self.given_on}"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None


class OutsideCriteria(models.Model):
    """One of the service's rules a referral was deliberately sent outside of, with the referrer's
    reason on the referral. Kept as rows so insight counts "referred outside criteria" by rule."""

    id = models.BigAutoField(primary_key=True)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="outside_criteria")
    rule_code = models.CharField(max_length=64)
    rule_text = models.TextField(help_text="The rule as the referrer was shown it when overriding.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["referral", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "rule_code"], name="one_override_per_rule_and_referral"
            )
        ]
        indexes = [models.Index(fields=["rule_code", "recorded_at"], name="outside_criteria_rule_idx")]

    def __str__(self) -> str:
        return f"{self.referral_id} outside {self.rule_code}"


from throughcare.referrals.note_models import CaseNote, CaseNoteVersion  # noqa: E402, F401 -- Django finds models here
