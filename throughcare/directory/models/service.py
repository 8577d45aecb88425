from django.core.exceptions import ValidationError
from django.db import models

from throughcare.core.models import BaseModel
from throughcare.directory import field_rules as rules
from throughcare.directory.models.taxonomy import TaxonomyTerm
from throughcare.directory.referral_information import (
    DEFAULT_ACKNOWLEDGE_WITHIN_DAYS,
    DEFAULT_DECIDE_WITHIN_DAYS,
    REFERRAL_INFORMATION,
    default_required_information,
)


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class Gender(models.TextChoices):
    ANY = "any", "Anyone"
    WOMEN = "women", "Women only"
    MEN = "men", "Men only"


class RiskLevel(models.IntegerChoices):
    """Risk of serious harm levels, as probation assesses them (OASys)."""

    LOW = 1, "Low"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"
    VERY_HIGH = 4, "Very high"


class DirectoryOrganisation(BaseModel):
    """The HSDS organization that provides services.

    `owner` links it to the Throughcare organisation whose provider managers maintain it; imported
    organisations have no owner and are read-only here.
    """

    name = models.CharField(max_length=255)
    description = models.TextField()
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    # HSDS organization uri (a persistent identifier, such as its Companies House page) and logo.
    uri = models.URLField(blank=True, default="")
    logo = models.URLField(blank=True, default="")
    owner = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directory_organisations",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(BaseModel):
    """A service, with its eligibility, delivery, capacity and funding held as structured data."""

    organisation = models.ForeignKey(DirectoryOrganisation, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(
        max_length=255,
        error_messages={
            "blank": "Enter the service's name.",
            "max_length": "The service's name must be 255 characters or fewer.",
        },
    )
    description = models.TextField(blank=True)
    url = models.URLField(
        blank=True,
        validators=[rules.web_address],
        error_messages={
            "invalid": rules.URL_MESSAGE,
            "max_length": "The web address must be 200 characters or fewer.",
        },
    )
    email = models.EmailField(
        blank=True, error_messages={"invalid": rules.EMAIL_MESSAGE, "max_length": rules.EMAIL_MESSAGE}
    )
    status = models.CharField(
        max_length=20,
        choices=ServiceStatus.choices,
        default=ServiceStatus.ACTIVE,
        error_messages=rules.choice_messages(f"Choose a status from: {', '.join(ServiceStatus.values)}."),
    )
    alert = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    # HSDS 3.0 text fields publishers fill in; kept so an imported service is published back whole.
    alternate_name = models.CharField(max_length=255, blank=True, default="")
    application_process = models.TextField(blank=True, default="")
    eligibility_description = models.TextField(blank=True, default="")
    fees_description = models.TextField(blank=True, default="")
    is_public = models.BooleanField(default=True, help_text="Published through the Open Referral UK API.")

    tier = models.CharField(max_length=20, blank=True, help_text="A code from the tier vocabulary.")
    terms = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="services",
        help_text="Needs, referral routes, custody stages, delivery and communities.",
    )
    term_codes = models.TextField(
        blank=True,
        default="",
        editable=False,
        help_text="Its terms from Throughcare's vocabularies as text (derived; see term_codes.py).",
    )

    minimum_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[rules.age_limit],
        error_messages={"min_value": rules.AGE_MESSAGE, "max_value": rules.AGE_MESSAGE},
    )
    maximum_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[rules.age_limit],
        error_messages={"min_value": rules.AGE_MESSAGE, "max_value": rules.AGE_MESSAGE},
    )
    gender = models.CharField(
        max_length=10,
        choices=Gender.choices,
        default=Gender.ANY,
        error_messages=rules.choice_messages(
            "Choose who the service is for: anyone, women only or men only."
        ),
    )
    accepts_current_substance_use = models.BooleanField(default=True)
    highest_risk_to_others = models.PositiveSmallIntegerField(
        choices=RiskLevel.choices,
        default=RiskLevel.VERY_HIGH,
        error_messages=rules.choice_messages(
            "Choose the highest risk of harm to others the service accepts."
        ),
    )
    accepts_risk_to_self = models.BooleanField(
        default=True, help_text="Works with people at current risk to self."
    )
    requires_gp_registration = models.BooleanField(default=False)
    statutory_referrals_only = models.BooleanField(
        default=False, help_text="Takes referrals only from probation or other statutory agencies."
    )
    covers_england = models.BooleanField(default=False, help_text="Available to anyone in England.")
    radius_miles = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=rules.radius_limits,
        error_messages=dict.fromkeys(
            ("min_value", "max_value"), f"Enter a distance from 1 to {rules.MAX_RADIUS_MILES} miles."
        ),
        help_text="Available within this distance of one of its locations.",
    )
    local_authorities = models.ManyToManyField("geography.LocalAuthority", blank=True, related_name="+")
    icbs = models.ManyToManyField("geography.Icb", blank=True, related_name="+")
    pdus = models.ManyToManyField("geography.Pdu", blank=True, related_name="+")

    capacity_available = models.PositiveIntegerField(
        null=True, blank=True, error_messages=rules.COUNT_MESSAGES
    )
    capacity_maximum = models.PositiveIntegerField(null=True, blank=True, error_messages=rules.COUNT_MESSAGES)
    capacity_unit = models.CharField(
        max_length=50,
        blank=True,
        error_messages={"max_length": "The unit must be 50 characters or fewer."},
        help_text="For example 'places'.",
    )
    capacity_updated_at = models.DateTimeField(null=True, blank=True)
    typical_wait_days = models.PositiveSmallIntegerField(
        null=True, blank=True, error_messages=rules.COUNT_MESSAGES
    )

    # How the service takes referrals: what it must be told, and how fast it answers (working days).
    required_information = models.JSONField(
        default=default_required_information, blank=True, validators=[rules.known_information_codes]
    )
    acknowledge_within_days = models.PositiveSmallIntegerField(
        default=DEFAULT_ACKNOWLEDGE_WITHIN_DAYS,
        validators=rules.response_days_limits,
        error_messages=rules.response_days_messages("acknowledge"),
    )
    decide_within_days = models.PositiveSmallIntegerField(
        default=DEFAULT_DECIDE_WITHIN_DAYS,
        validators=rules.response_days_limits,
        error_messages=rules.response_days_messages("decide on"),
    )
    funding_ends_on = models.DateField(
        null=True, blank=True, db_index=True, help_text="The earliest end date of its funding (derived)."
    )
    last_confirmed_on = models.DateField(null=True, blank=True, help_text="HSDS assured_date.")
    last_confirmed_by = models.EmailField(blank=True, help_text="HSDS assurer_email.")
    # The registered feed that last published it (feeds.py): a service that feed stops publishing is
    # retired (made inactive), never deleted, and never by another feed.
    feed = models.ForeignKey(
        "directory.DirectoryFeed", null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    # Where NHS BaRS referral messages for this service go, and the receiver's identifier there (in
    # BaRS, the NHSD-Target-Identifier: usually a Directory of Services id). Blank: Throughcare itself.
    bars_endpoint = models.URLField(
        blank=True,
        default="",
        validators=[rules.secure_web_address],
        error_messages={
            "invalid": rules.BARS_ENDPOINT_MESSAGE,
            "max_length": "The NHS BaRS endpoint must be 200 characters or fewer.",
        },
        help_text="The service's NHS BaRS endpoint (https), if it has one.",
    )
    bars_receiver_id = models.CharField(
        max_length=64,
        blank=True,
        default="",
        validators=[rules.receiver_identifier],
        error_messages={"max_length": rules.BARS_RECEIVER_MESSAGE},
        help_text="The service's identifier at its BaRS endpoint (NHSD-Target-Identifier), if any.",
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            # What is published, in the Open Referral feed's order: a page is read off this index, with
            # no sort of every published service on each request (a feed read page by page was
            # quadratic in the size of the directory). `is_public` comes last: the ORM tests a boolean
            # as itself, not as `= true`, so it cannot serve as an equality before the order columns.
            models.Index(fields=["status", "name", "id", "is_public"], name="service_published_idx"),
            # Matching looks up each of about 1,500 candidates by id to ask only whether it is
            # published, covers England and works with the person's needs: this answers from the
            # index, without reading the service's row.
            models.Index(
                fields=["id", "status", "is_public", "covers_england", "term_codes"], name="service_match_idx"
            ),
            models.Index(fields=["updated_at"], name="service_modified_idx"),
            models.Index(fields=["tier"], name="service_tier_idx"),
            # Few services cover all of England; every search and match asks for them.
            models.Index(
                fields=["covers_england"], name="service_england_idx", condition=models.Q(covers_england=True)
            ),
            # Matching asks which England-wide services are published and work with the needs, and
            # counts the rest, from this small index alone: their rows are never read (ADR 42).
            models.Index(
                fields=["status", "is_public", "term_codes", "id"],
                name="service_england_match_idx",
                condition=models.Q(covers_england=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity_available__isnull=True)
                | models.Q(capacity_maximum__isnull=True)
                | models.Q(capacity_available__lte=models.F("capacity_maximum")),
                name="service_capacity_within_maximum",
            ),
        ]

    def save(self, *args, **kwargs):
        # term_codes is kept from the join table (term_codes.py), never from this copy of the row:
        # an ordinary save of a service loaded before its terms changed must not put back old text.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "term_codes"
            ]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """Rules across fields, each checked once both its fields have passed their own rules."""
        errors = {}
        ages = (self.minimum_age, self.maximum_age)
        if None not in ages and all(0 <= age <= rules.MAX_AGE for age in ages) and ages[0] > ages[1]:
            errors["maximum_age"] = "The maximum age must be the same as or more than the minimum age."
        available, maximum = self.capacity_available, self.capacity_maximum
        if available is not None and maximum is not None and 0 <= maximum < available:
            errors["capacity_available"] = (
                f"Places available ({available}) cannot be more than the maximum ({maximum})."
            )
        if self._within_response_days() and self.decide_within_days < self.acknowledge_within_days:
            errors["decide_within_days"] = (
                "The days to decide must be the same as or more than the days to acknowledge, "
                "since deciding also acknowledges a referral."
            )
        if errors:
            raise ValidationError(errors)

    def _within_response_days(self) -> bool:
        days = (self.acknowledge_within_days, self.decide_within_days)
        return all(isinstance(d, int) and 1 <= d <= rules.MAX_RESPONSE_DAYS for d in days)

    @property
    def required_information_labels(self) -> list[str]:
        """What a referral must tell the service, in words, besides its reason and contact preferences."""
        return [label for code, label in REFERRAL_INFORMATION if code in self.required_information]

    def __str__(self) -> str:
        return self.name


class ServiceCoverage(models.Model):
    """Derived: every local authority a service covers, from its authorities, ICBs and PDUs.

    Maintained by the directory's service functions, so that "who covers this place" is one indexed
    lookup rather than three joins. Services covering all of England are not listed here.
    """

    id = models.BigAutoField(primary_key=True)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="coverage")
    local_authority_code = models.CharField(max_length=9)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "local_authority_code"], name="one_coverage_row_per_area"
            )
        ]
        indexes = [models.Index(fields=["local_authority_code", "service"], name="coverage_area_idx")]

    def __str__(self) -> str:
        return f"{self.service_id} covers {self.local_authority_code}"
