"""What a person says about a service that had their referral: three fixed questions and their own
words, given from their own plan. Services and commissioners see only counts, disclosure-controlled;
the words wait for moderation: only the moderator (the data protection officer of the organisation
that runs the service) reads them until they are published, and rejected words are never shown."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from throughcare.core.models import BaseModel


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "A bit"
    NO = "no", "No"


class WordsStatus(models.TextChoices):
    NONE = "", "No words"
    WAITING = "waiting", "Waiting to be checked"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Not published"


class RejectReason(models.TextChoices):
    """Why words are not published (the moderator chooses one)."""

    IDENTIFIES = "identifies", "It says who someone is"
    ABUSIVE = "abusive", "It is abusive or threatening"
    NOT_ABOUT_SERVICE = "not_about_service", "It is not about the service"
    DISCLOSURE = "disclosure", "It tells of a risk that needs acting on, not publishing"


REJECT_REASON_MESSAGE = "Choose why the words are not published"


# The fixed questions, in the order asked: (field, question, what a summary calls it).
QUESTIONS = (
    ("listened", "Did they listen to you?", "Felt listened to"),
    ("respected", "Did they treat you with respect?", "Felt respected"),
    ("recommend", "Would you tell a friend to go there?", "Would recommend"),
)


class Feedback(BaseModel):
    referral = models.ForeignKey("referrals.Referral", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="+")
    access = models.ForeignKey("myplan.PlanAccess", on_delete=models.PROTECT, related_name="feedback")
    listened = models.CharField(max_length=8, choices=Answer.choices)
    respected = models.CharField(max_length=8, choices=Answer.choices)
    recommend = models.CharField(max_length=8, choices=Answer.choices)
    words = models.TextField(blank=True)
    words_status = models.CharField(max_length=16, choices=WordsStatus.choices, blank=True)
    # What in the words may say who someone is (feedback.flags), found when they are given.
    words_flags = models.JSONField(default=list, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reject_reason = models.CharField(
        max_length=24,
        choices=RejectReason.choices,
        blank=True,
        error_messages={"invalid_choice": REJECT_REASON_MESSAGE},
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral"], name="feedback_once_per_referral")]
        indexes = [models.Index(fields=["words_status", "created_at"], name="feedback_moderation_idx")]

    def clean(self) -> None:
        # Rejected words say why; any other words have no reason to reject them.
        if self.words_status == WordsStatus.REJECTED and not self.reject_reason:
            raise ValidationError({"reject_reason": REJECT_REASON_MESSAGE})
        if self.words_status != WordsStatus.REJECTED and self.reject_reason:
            raise ValidationError({"reject_reason": "Only words that are not published have a reason"})

    def __str__(self) -> str:
        return f"Feedback on {self.service_id}"
