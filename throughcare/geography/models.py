"""The gazetteer: England's NHS and probation areas, local authorities and postcodes.

Reference data keyed by official codes (GSS codes for ONS areas, Delius codes for probation),
loaded by `import_geography` from the open datasets and by `import_nspl` from the ONS postcode
directory where a deployment has it. Nothing here is about people.
"""

from django.db import models


class Country(models.TextChoices):
    ENGLAND = "ENG", "England"
    WALES = "WLS", "Wales"
    SCOTLAND = "SCT", "Scotland"
    NORTHERN_IRELAND = "NIR", "Northern Ireland"
    ISLE_OF_MAN = "IM", "Isle of Man"
    GUERNSEY = "GG", "Guernsey"
    JERSEY = "JE", "Jersey"


class NhsRegion(models.Model):
    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Icb(models.Model):
    """Integrated care board: the NHS commissioner for an area."""

    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=150)
    nhs_region = models.ForeignKey(
        NhsRegion, null=True, blank=True, on_delete=models.PROTECT, related_name="icbs"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProbationRegion(models.Model):
    code = models.CharField(max_length=8, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Pdu(models.Model):
    """Probation delivery unit."""

    code = models.CharField(max_length=12, primary_key=True)
    name = models.CharField(max_length=200)
    region = models.ForeignKey(ProbationRegion, on_delete=models.PROTECT, related_name="pdus")

    class Meta:
        ordering = ["name"]
        verbose_name = "probation delivery unit"

    def __str__(self) -> str:
        return self.name


class LocalAuthority(models.Model):
    """A lower-tier or unitary local authority district (LAD), by GSS code."""

    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=150)
    nation = models.CharField(max_length=3, choices=Country.choices)
    county_name = models.CharField(max_length=100, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    icb = models.ForeignKey(
        Icb,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The ICB covering most of the authority (by LSOA share).",
    )
    pdu = models.ForeignKey(
        Pdu,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="local_authorities",
        help_text="The probation delivery unit covering the authority, where the PDU names it.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class LocalAuthorityIcb(models.Model):
    """Which ICBs cover a local authority, and what share of it (13 authorities are split)."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="icb_shares")
    icb = models.ForeignKey(Icb, on_delete=models.CASCADE, related_name="local_authority_shares")
    share = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "icb"], name="one_share_per_la_icb")
        ]

    def __str__(self) -> str:
        return f"{self.local_authority_id} in {self.icb_id}: {self.share:.3f}"


class PostcodeDistrict(models.Model):
    """An outward code ('M1', 'SW1A') with its approximate centroid."""

    code = models.CharField(max_length=4, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    town = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=3, choices=Country.choices)
    local_authority = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="postcode_districts",
        help_text="The authority the district's centroid falls in (approximate where a county is split).",
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Postcode(models.Model):
    """A full postcode from the ONS postcode directory (NSPL or ONSPD), where a deployment loads it."""

    postcode = models.CharField(max_length=8, primary_key=True, help_text="Normalised, like 'M1 1AE'.")
    district = models.CharField(max_length=4, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    country = models.CharField(max_length=3, choices=Country.choices)
    local_authority_code = models.CharField(max_length=9, blank=True, db_index=True)
    icb_code = models.CharField(max_length=9, blank=True)
    terminated = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.postcode
