from django.db import models

from throughcare.core.models import BaseModel
from throughcare.directory.models.service import DirectoryOrganisation, Service


class LocationType(models.TextChoices):
    PHYSICAL = "physical", "Physical"
    POSTAL = "postal", "Postal"
    VIRTUAL = "virtual", "Virtual"


class Location(BaseModel):
    """Where services are delivered. The address is held inline and published as an HSDS address."""

    organisation = models.ForeignKey(
        DirectoryOrganisation, null=True, blank=True, on_delete=models.PROTECT, related_name="locations"
    )
    location_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    name = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    address_1 = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=8, blank=True)
    country = models.CharField(max_length=2, default="GB")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    local_authority_code = models.CharField(max_length=9, blank=True, db_index=True)
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        # Covering the id lets a bounding-box search find locations without reading their rows.
        indexes = [models.Index(fields=["latitude", "longitude", "id"], name="location_coordinates_idx")]

    def __str__(self) -> str:
        return self.name or self.address_1 or str(self.id)


class ServiceAtLocation(BaseModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="one_link_per_service_location")
        ]
        # Searches go from locations in a box to their services.
        indexes = [models.Index(fields=["location", "service"], name="link_location_service_idx")]

    def __str__(self) -> str:
        return f"{self.service_id} at {self.location_id}"
