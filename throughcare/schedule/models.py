from django.db import models


class Outcome(models.TextChoices):
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class JobRun(models.Model):
    """One row per scheduled job: when it is next due, who holds it now, and how its last run went.

    A server runs a job only after claiming its row with one conditional UPDATE (due, and not held
    by anyone whose lease is still running), so with several servers each due run happens once.
    """

    job = models.CharField(max_length=100, primary_key=True)
    due_at = models.DateTimeField()
    held_until = models.DateTimeField(null=True, blank=True)
    held_by = models.CharField(max_length=255, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    last_message = models.TextField(blank=True)

    class Meta:
        ordering = ["job"]

    def __str__(self) -> str:
        return f"{self.job}: due {self.due_at:%Y-%m-%d %H:%M:%S}"
