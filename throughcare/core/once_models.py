"""What makes a request happen once: page-form submission tokens and API idempotency keys (core/once.py)."""

from django.conf import settings
from django.db import models


class SubmissionToken(models.Model):
    """A page form's one-time token, claimed when the form is first sent; where that sending led."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Empty while the first sending is still being handled.
    result_url = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"submission token of user {self.user_id}"


class IdempotencyRecord(models.Model):
    """A request that must take effect once (an API POST with an Idempotency-Key, or an imported FHIR
    message by its identifier), and the response it got, to answer a repeat with."""

    caller = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Null while the first request is still being handled.
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["caller", "key"], name="idempotency_caller_key_unique")
        ]

    def __str__(self) -> str:
        return f"idempotency key {self.key}"
