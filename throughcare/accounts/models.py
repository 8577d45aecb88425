"""People who use Throughcare, the organisations they work for, and their API tokens."""

from functools import cached_property

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from throughcare.core.models import BaseModel
from throughcare.core.permissions import ROLES_BY_ORGANISATION_KIND, OrganisationKind, Role
from throughcare.geography.models import Icb, LocalAuthority, NhsRegion, Pdu, ProbationRegion

# ODS codes are 3 to 10 capital letters and digits (trusts RX4, sites RX401, GP practices Y02345).
ODS_CODE_VALIDATOR = RegexValidator(
    r"^[A-Z0-9]{3,10}$",
    "Enter an ODS code in capital letters and numbers only, 3 to 10 characters, like RX4 or Y02345",
)


class CommissioningCoverage(models.TextChoices):
    """What a commissioning organisation covers, for insight (ADR 35): all of England, or areas of one
    kind. The kinds are insight's area levels below England (a test holds the two lists together)."""

    NATIONAL = "national", "All of England (a national organisation)"
    NHS_REGION = "nhs_region", "NHS regions"
    ICB = "icb", "Integrated care boards (ICBs)"
    LOCAL_AUTHORITY = "local_authority", "Local authorities"
    PROBATION_REGION = "probation_region", "Probation regions"
    PDU = "pdu", "Probation delivery units (PDUs)"


# Where each kind of area is in the gazetteer, and what one of it is called in a message.
COVERAGE_AREAS = {
    CommissioningCoverage.NHS_REGION: (NhsRegion, "NHS region"),
    CommissioningCoverage.ICB: (Icb, "ICB"),
    CommissioningCoverage.LOCAL_AUTHORITY: (LocalAuthority, "local authority"),
    CommissioningCoverage.PROBATION_REGION: (ProbationRegion, "probation region"),
    CommissioningCoverage.PDU: (Pdu, "probation delivery unit"),
}


NO_CODES_WANTED = "Leave the area codes empty unless the organisation covers areas"


def commissions(kind: str) -> bool:
    """Whether an organisation of this kind can have commissioners, and so cover areas."""
    return Role.COMMISSIONER in ROLES_BY_ORGANISATION_KIND.get(kind, frozenset())


class Organisation(BaseModel):
    """An organisation whose staff use Throughcare: probation, prison, provider, commissioner..."""

    code = models.SlugField(
        max_length=32, unique=True, help_text="Short stable code, such as an ODS code or Delius region code."
    )
    name = models.CharField(max_length=200)
    # The NHS Organisation Data Service code, for organisations that have one; sent in FHIR messages.
    ods_code = models.CharField(
        max_length=10,
        blank=True,
        default="",
        validators=[ODS_CODE_VALIDATOR],
        help_text="NHS ODS code, such as RX4 or Y02345, if the organisation has one.",
    )
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    is_active = models.BooleanField(default=True)
    # The Open Referral feed (API base URL) that may update this organisation's directory listings
    # on import; other feeds may not overwrite them (blank: none may).
    directory_source = models.CharField(max_length=500, blank=True)
    # For a commissioning organisation: the areas its commissioners' insight covers (ADR 35). Blank
    # covers nothing, so its commissioners see England totals only until an administrator sets it.
    commissioning_coverage = models.CharField(
        max_length=32,
        choices=CommissioningCoverage.choices,
        blank=True,
        error_messages={"invalid_choice": "Choose what the organisation commissions for from the list"},
    )
    # The gazetteer codes of the areas, all of the kind above (GSS codes, or Delius codes for probation).
    commissioning_area_codes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        coverage, codes = self.commissioning_coverage, list(self.commissioning_area_codes or [])
        if coverage and coverage not in CommissioningCoverage.values:
            return  # the field's own rule says so
        if coverage and not commissions(self.kind):
            raise ValidationError(
                {"commissioning_coverage": "Only an organisation with commissioners covers areas"}
            )
        if not coverage or coverage == CommissioningCoverage.NATIONAL:
            if codes:
                raise ValidationError({"commissioning_area_codes": NO_CODES_WANTED})
            return
        model, noun = COVERAGE_AREAS[CommissioningCoverage(coverage)]
        if not codes:
            raise ValidationError(
                {"commissioning_area_codes": f"Enter the code of each {noun} the organisation covers"}
            )
        known = set(model.objects.filter(pk__in=codes).values_list("pk", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValidationError(
                {"commissioning_area_codes": f"There is no {noun} with the code {unknown[0]}"}
            )


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(BaseModel, AbstractBaseUser, PermissionsMixin):
    """A member of staff who signs in with their work email address."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Not used for access: roles decide that.")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @cached_property
    def current_membership(self) -> "Membership | None":
        """The membership the user acts through: their first active one in an active organisation."""
        return (
            self.memberships.select_related("organisation")
            .filter(is_active=True, organisation__is_active=True)
            .order_by("created_at")
            .first()
        )

    @property
    def current_role(self) -> str | None:
        membership = self.current_membership
        return membership.role if membership else None

    @property
    def current_organisation(self) -> Organisation | None:
        membership = self.current_membership
        return membership.organisation if membership else None

    @property
    def current_organisation_id(self):
        membership = self.current_membership
        return membership.organisation_id if membership else None


class Membership(BaseModel):
    """A user's role in an organisation; it is what gives them any access at all."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} at {self.organisation}"


class ApiToken(BaseModel):
    """A bearer token for the JSON API. Only a hash of the secret is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # The token that minted this one through the API: this one may not outlive it, and dies with it.
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.name})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
