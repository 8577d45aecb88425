"""What matching records: unmet need, with no more about the person than commissioners need."""

from django.db import models

from throughcare.core.models import BaseModel


class UnmetNeed(BaseModel):
    """Nothing in the directory fitted someone's core needs within reach.

    Holds the area, the needs and tier, and why each candidate was ruled out: no name, no date of
    birth, no identifiers, so it can be counted by area without identifying anyone.
    """

    recorded_on = models.DateField(db_index=True)
    local_authority_code = models.CharField(max_length=9, blank=True, db_index=True)
    icb_code = models.CharField(max_length=9, blank=True)
    pdu_code = models.CharField(max_length=12, blank=True)
    need_codes = models.JSONField(default=list)
    tier = models.CharField(max_length=20, blank=True)
    exclusion_counts = models.JSONField(default=dict, help_text="Rule code -> services it ruled out.")
    candidates_considered = models.PositiveIntegerField(default=0)
    recorded_by_organisation_id = models.UUIDField(null=True, blank=True)
    # Which need this is, so repeated searches update it rather than add to it: a keyed hash
    # (HMAC with the server's secret) of the searching organisation, the person or anonymous
    # profile, the area and the needs. It cannot be turned back into any of them.
    need_key = models.CharField(max_length=64, blank=True, db_index=True)
    last_recorded_on = models.DateField(null=True, blank=True)
    searches = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-recorded_on"]

    def __str__(self) -> str:
        return f"Unmet need in {self.local_authority_code or 'unknown area'} on {self.recorded_on}"
