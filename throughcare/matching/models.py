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


class MatchPoint(models.Model):
    """One located place of one published service, with what matching asks of the service first.

    Derived, never edited: the database keeps it in step with the directory by triggers
    (matching/match_points.py), whatever writes the directory. Matching finds the services within
    reach of a person from this table's index alone, instead of probing a place's links and then each
    service by id (ADR 50).
    """

    service_id = models.UUIDField()
    location_id = models.UUIDField()
    latitude = models.FloatField()
    longitude = models.FloatField()
    postal_code = models.CharField(max_length=8)
    covers_england = models.BooleanField()
    need_bits = models.IntegerField(help_text="The needs the service works with, one bit each (NEED_BITS).")

    class Meta:
        indexes = [
            # Within a box: answered from the index, rows never read.
            models.Index(
                fields=["latitude", "longitude", "service_id", "covers_england", "need_bits"],
                name="match_point_box_idx",
            ),
            # The places of the services that may be listed, for their distance.
            models.Index(
                fields=["service_id", "latitude", "longitude", "postal_code"], name="match_point_service_idx"
            ),
            models.Index(fields=["location_id"], name="match_point_location_idx"),
        ]
        # A set: the triggers skip a row already there (match_points.py), so two transactions changing
        # the same service's links at once cannot leave a place counted twice.
        constraints = [
            models.UniqueConstraint(fields=["service_id", "location_id"], name="one_point_per_place")
        ]

    def __str__(self) -> str:
        return f"Service {self.service_id} at {self.postal_code or 'a place with no postcode'}"


class MatchArea(models.Model):
    """One local authority a published service names as covered, with what matching asks first.

    Derived like MatchPoint, from the service's coverage rows."""

    service_id = models.UUIDField()
    local_authority_code = models.CharField(max_length=9)
    covers_england = models.BooleanField()
    need_bits = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["local_authority_code", "service_id", "covers_england", "need_bits"],
                name="match_area_idx",
            ),
            models.Index(fields=["service_id"], name="match_area_service_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["service_id", "local_authority_code"], name="one_area_row_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"Service {self.service_id} in {self.local_authority_code}"
