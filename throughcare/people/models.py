"""A person Throughcare supports, the names they are also known by, and the team around them.

Membership of a person's active care team is what gives an organisation its legitimate reason to see
them: selectors scope every read of a person by it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from throughcare.core.ethnicity import Ethnicity
from throughcare.core.models import BaseModel
from throughcare.geography.models import Country
from throughcare.people.field_rules import (
    EMAIL_MESSAGE,
    PHONE_MESSAGE,
    choice_messages,
    date_of_birth_in_range,
    name_messages,
    phone_format,
)


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"
    NOT_KNOWN = "not_known", "Not known"


class ResidenceSource(models.TextChoices):
    POSTCODE = "postcode", "Their home or release postcode"
    # Only where the supervising probation delivery unit covers one local authority (backfilled).
    PROBATION_DELIVERY_UNIT = "probation_delivery_unit", "The probation delivery unit supervising them"


class ContactPreference(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    POST = "post", "Post"
    THROUGH_PROBATION = "through_probation", "Through their probation practitioner"


class CareTeamRole(models.TextChoices):
    PROBATION_PRACTITIONER = "probation_practitioner", "Probation practitioner"
    PRISON_KEY_WORKER = "prison_key_worker", "Prison key worker"
    CARE_NAVIGATOR = "care_navigator", "Care navigator"
    PROVIDER_CASEWORKER = "provider_caseworker", "Provider caseworker"
    GP_PRACTICE = "gp_practice", "GP practice"
    # The receiving prison's healthcare and resettlement team, placed by a reception (ADR 40).
    CUSTODY_TEAM = "custody_team", "Prison healthcare and resettlement"
    OTHER = "other", "Other"


def _unique_when_present(field: str) -> models.UniqueConstraint:
    # Identifiers are optional, so "" is not a value: only recorded identifiers must be unique.
    return models.UniqueConstraint(fields=[field], condition=~Q(**{field: ""}), name=f"person_unique_{field}")


class Person(BaseModel):
    given_names = models.CharField(max_length=100, error_messages=name_messages("given names", required=True))
    family_name = models.CharField(max_length=100, error_messages=name_messages("family name", required=True))
    preferred_name = models.CharField(
        max_length=100, blank=True, error_messages=name_messages("preferred name", required=False)
    )
    date_of_birth = models.DateField(
        validators=[date_of_birth_in_range], error_messages={"null": "Enter their date of birth"}
    )
    gender = models.CharField(
        max_length=32,
        choices=Gender.choices,
        default=Gender.NOT_KNOWN,
        error_messages=choice_messages(f"Choose a gender from: {', '.join(Gender.values)}"),
    )
    # "" means not recorded; "prefer_not_to_say" is an answer.
    ethnicity = models.CharField(
        max_length=40,
        choices=Ethnicity.choices,
        blank=True,
        error_messages=choice_messages("Choose an ethnic group from the ONS 2021 list, or prefer not to say"),
    )

    interpreter_needed = models.BooleanField(default=False)
    interpreter_language = models.CharField(
        max_length=100,
        blank=True,
        error_messages={"max_length": "The language for the interpreter must be 100 characters or fewer"},
    )
    uses_bsl = models.BooleanField("Uses British Sign Language", default=False)
    literacy_support = models.BooleanField(default=False)
    learning_disability = models.BooleanField(default=False)
    neurodivergent = models.BooleanField(default=False)
    communication_notes = models.TextField(blank=True)

    contact_preference = models.CharField(
        max_length=32,
        choices=ContactPreference.choices,
        blank=True,
        error_messages=choice_messages(
            f"Choose how to contact them from: {', '.join(ContactPreference.values)}"
        ),
    )
    phone = models.CharField(
        max_length=30, blank=True, validators=[phone_format], error_messages={"max_length": PHONE_MESSAGE}
    )
    email = models.EmailField(
        blank=True, error_messages={"invalid": EMAIL_MESSAGE, "max_length": EMAIL_MESSAGE}
    )

    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    prison_number = models.CharField(max_length=7, blank=True)
    crn = models.CharField("CRN", max_length=7, blank=True)
    pnc = models.CharField("PNC number", max_length=13, blank=True)

    # A merged record is kept, with its history, and points at the record that survived.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )
    merged_at = models.DateTimeField(null=True, blank=True)

    # Where the person lives (or will live on release), kept as an area only: the postcode district,
    # its nation and, in England, the local authority it gives (which gives the ICB and PDU). The full
    # address is not needed to count people where they live, so it is not kept (people/residence.py).
    residence_district = models.CharField("Postcode district they live in", max_length=4, blank=True)
    residence_country = models.CharField(max_length=3, choices=Country.choices, blank=True)
    residence_local_authority = models.ForeignKey(
        "geography.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    residence_source = models.CharField(max_length=32, choices=ResidenceSource.choices, blank=True)
    residence_recorded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["family_name", "given_names"]
        constraints = [_unique_when_present(field) for field in ("nhs_number", "prison_number", "crn", "pnc")]
        indexes = [models.Index(fields=["family_name", "date_of_birth"], name="person_name_dob_idx")]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        """Rules across fields: an interpreter needs a language; a way to contact them needs its details."""
        errors = {}
        if self.interpreter_needed and not self.interpreter_language:
            errors["interpreter_language"] = "Enter the language they need an interpreter for"
        if self.contact_preference == ContactPreference.PHONE and not self.phone:
            errors["phone"] = "Enter a phone number, as they prefer to be contacted by phone"
        elif self.contact_preference == ContactPreference.EMAIL and not self.email:
            errors["email"] = "Enter an email address, as they prefer to be contacted by email"
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}"


class PersonAlias(BaseModel):
    """Another name the person is or was known by; kept after a merge so both names still find them."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CareTeamEndReason(models.TextChoices):
    """Why an organisation left a person's team: a code, so the audit trail can hold it safely."""

    WORK_FINISHED = "work_finished", "Their work with the person has finished"
    SENTENCE_ENDED = "sentence_ended", "The sentence or licence has ended"
    CASE_TRANSFERRED = "case_transferred", "The case has moved to another organisation"
    ADDED_IN_ERROR = "added_in_error", "They were added to the team by mistake"
    RELEASE_WINDOW_ENDED = (
        "release_window_ended",
        "The person was released and the RECONNECT window after release has passed",
    )


class CareTeamMember(BaseModel):
    """An organisation's part in the team around a person, from `started_on` until `ended_on`."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="care_team")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="care_team_memberships"
    )
    role = models.CharField(max_length=32, choices=CareTeamRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_lead = models.BooleanField(default=False)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    # The last day of a place already due to end (a prison's, after a release: ADR 40). Access stops
    # after it at once; the `end_care_team_places` job then records the end.
    ends_on = models.DateField(null=True, blank=True)
    # A CareTeamEndReason code; required when the statutory case holder (probation) leaves.
    end_reason = models.CharField(max_length=32, choices=CareTeamEndReason.choices, blank=True)

    class Meta:
        ordering = ["-is_lead", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(is_lead=True), name="care_team_one_lead_per_person"
            ),
            models.UniqueConstraint(
                fields=["person", "organisation", "role"],
                condition=Q(ended_on__isnull=True),
                name="care_team_one_active_row_per_role",
            ),
            models.CheckConstraint(
                condition=Q(is_lead=False) | Q(ended_on__isnull=True), name="care_team_lead_is_active"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="care_team_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "person"], name="care_team_org_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()}) for {self.person_id}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class OpdScreeningOutcome(models.TextChoices):
    SCREENED_IN = "screened_in", "Screened in"
    SCREENED_OUT = "screened_out", "Screened out"


class OpdScreeningSource(models.TextChoices):
    OASYS = "oasys", "OASys OPD screening"
    CASE_CONSULTATION = "case_consultation", "Case consultation with OPD psychology"
    PRISON_HEALTHCARE = "prison_healthcare", "Prison healthcare or psychology"
    COMMUNITY_MENTAL_HEALTH = "community_mental_health", "Community mental health service"


class OpdScreening(BaseModel):
    """A screening for the Offender Personality Disorder pathway: its outcome, when and by what.

    The latest screening by date says whether the person is screened in; OPD pathway services
    (matching/eligibility_rules.py) take only people screened in.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="opd_screenings")
    screened_on = models.DateField()
    outcome = models.CharField(max_length=16, choices=OpdScreeningOutcome.choices)
    source = models.CharField(max_length=32, choices=OpdScreeningSource.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-screened_on", "-created_at"]
        indexes = [models.Index(fields=["person", "screened_on"], name="opd_screening_person_idx")]

    def __str__(self) -> str:
        return f"OPD screening {self.outcome} on {self.screened_on}"


class TeamNoticeKind(models.TextChoices):
    JOIN_REQUEST = "join_request", "An organisation may already know this person"
    MEMBERSHIP_ENDED = "membership_ended", "Your organisation's part in a care team was ended"
    LEAD_CHANGED = "lead_changed", "Your organisation no longer leads a care team"
    CUSTODY_JOINED = "custody_joined", "Someone received into your prison joined your care teams"


class TeamNoticeOutcome(models.TextChoices):
    JOINED = "joined", "Added to the team"
    DECLINED = "declined", "Not added to the team"
    READ = "read", "Read"


class CareTeamNotice(BaseModel):
    """What one organisation must hear about a person's team from another (issue 15).

    A join request goes to the team's lead when another organisation tries to record someone already
    held under one of their identifiers: the asker learns nothing about the record, and the lead decides.
    A membership ended or lead changed by someone else is told to the organisation it happened to.
    The page names the person only to users who may see them (selectors.team_notices_for).
    """

    kind = models.CharField(max_length=32, choices=TeamNoticeKind.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="team_notices")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="team_notices"
    )
    from_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # For a join request: which identifier matched (a field name, not its value).
    matched_on = models.CharField(max_length=32, blank=True)
    # For an ended membership: the role it was and why it ended (a CareTeamEndReason code).
    role = models.CharField(max_length=32, choices=CareTeamRole.choices, blank=True)
    reason = models.CharField(max_length=32, choices=CareTeamEndReason.choices, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=16, choices=TeamNoticeOutcome.choices, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Asking again while a request is open adds nothing for the lead to read.
            models.UniqueConstraint(
                fields=["person", "from_organisation"],
                condition=Q(kind="join_request", answered_at__isnull=True),
                name="team_notice_one_open_join_request",
            )
        ]
        indexes = [models.Index(fields=["organisation", "answered_at"], name="team_notice_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.person_id})"


class Restriction(BaseModel):
    """A restricted record: only the named users see the person, whatever their organisation's part in the
    team; anyone else in the team may open it only through break-glass access, which the DPO reviews."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="restriction")
    named_users = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Restriction on {self.person_id}"


class BreakGlassAccess(BaseModel):
    """Access to a restricted record by someone not named on it: with a reason, until `expires_at`,
    listed for the data protection officer to review. The reason stays here, out of the audit trail."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="break_glass_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    expires_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["person", "user", "expires_at"], name="break_glass_access_idx")]

    def __str__(self) -> str:
        return f"Break-glass access to {self.person_id} until {self.expires_at}"


class Programme(models.TextChoices):
    """The other programmes people in the justice system meet alongside their mental health care,
    recorded on the person so an overlap is visible to them and their practitioner (issue 16)."""

    INTEGRATED_OFFENDER_MANAGEMENT = "iom", "Integrated Offender Management (IOM)"
    CFO_EVOLUTION = "cfo_evolution", "CFO Evolution"
    CRS_PERSONAL_WELLBEING = (
        "crs_personal_wellbeing",
        "Commissioned Rehabilitative Services: personal wellbeing",
    )
    LIAISON_AND_DIVERSION = "liaison_and_diversion", "Liaison and diversion"
    OUT_OF_COURT_DISPOSAL = "out_of_court_disposal", "Out of court disposal"


PROGRAMME_MESSAGE = "Choose a programme from the list"


def not_in_the_future(day) -> None:
    if day > timezone.localdate():
        raise ValidationError("The date must be today or in the past", code="future")


class ProgrammeMembership(BaseModel):
    """A person's time in one programme: since when, until when (empty while it goes on), and which
    organisation recorded it. Ended by setting `ended_on`, never removed, so past overlap stays told."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="programmes")
    programme = models.CharField(
        max_length=32,
        choices=Programme.choices,
        error_messages=dict.fromkeys(("invalid_choice", "blank", "null"), PROGRAMME_MESSAGE),
    )
    started_on = models.DateField(
        validators=[not_in_the_future],
        error_messages={"null": "Enter the date they started the programme"},
    )
    ended_on = models.DateField(null=True, blank=True, validators=[not_in_the_future])
    recorded_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        # Current ones (no end) first, in SQLite and PostgreSQL alike, then the latest started.
        ordering = [F("ended_on").desc(nulls_first=True), "-started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "programme"],
                condition=Q(ended_on__isnull=True),
                name="programme_one_current_per_person",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="programme_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["person", "ended_on"], name="programme_person_idx")]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} from {self.started_on}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "The end date must be the same as or after the start date"})
