"""What a person says about a service that had their referral: three fixed questions and their own
words, given from their own plan. Services and commissioners see only counts, disclosure-controlled;
the words wait for moderation and are shown to nobody yet."""

from django.db import models

from throughcare.core.models import BaseModel


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "A bit"
    NO = "no", "No"


class WordsStatus(models.TextChoices):
    NONE = "", "No words"
    WAITING = "waiting", "Waiting to be checked"


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
    words_status = models.CharField(max_length=8, choices=WordsStatus.choices, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral"], name="feedback_once_per_referral")]

    def __str__(self) -> str:
        return f"Feedback on {self.service_id}"
