"""The service page's form: every field of ServiceDetails, on one page in fieldsets.

One form, one POST, one call to service_create or service_update: the service either saves the whole
entry or nothing, and its messages come back onto the fields they are about.
"""

from django import forms

from throughcare.core.inputs import is_ascii_digits
from throughcare.directory.details import FundingDetails, ServiceDetails
from throughcare.directory.forms.areas import AreaChoosingForm, AreaOptions
from throughcare.directory.forms.fields import (
    CodeChoiceField,
    CodesField,
    GovukDateField,
    GovukRadios,
    YesNoField,
    whole_number,
    yes_no,
)
from throughcare.directory.models import Gender, RiskLevel, Service, ServiceStatus
from throughcare.directory.referral_information import REFERRAL_INFORMATION
from throughcare.directory.service_facts import BY_NAME, Form, Kind, fact_names
from throughcare.directory.vocabularies import (
    COMMUNITIES,
    CUSTODY_STAGES,
    DELIVERY,
    ELIGIBILITY,
    NEEDS,
    REFERRAL_ROUTES,
    TIERS,
    Vocabulary,
)

MIN_FUNDING_ROWS = 3
MAX_FUNDING_ROWS = 20


def _on_the_page(*kinds: Kind) -> tuple[str, ...]:
    """The facts (service_facts.py) this page asks about with their own question, of these kinds."""
    return tuple(name for name in fact_names(form=Form.SERVICE_PAGE) if BY_NAME[name].kind in kinds)


YES_NO_FIELDS = _on_the_page(Kind.BOOL)
_COUNTS = _on_the_page(Kind.COUNT)
NUMBER_FIELDS = tuple(name for name in _COUNTS if Service._meta.get_field(name).null)
TEXT_FIELDS = _on_the_page(Kind.TEXT)
CODE_FIELDS = _on_the_page(Kind.CODE, Kind.GENDER)
LIST_FIELDS = (
    "need_codes",
    "referral_route_codes",
    "custody_stage_codes",
    "delivery_codes",
    "community_codes",
    "eligibility_codes",
    "local_authority_codes",
    "icb_codes",
    "pdu_codes",
    *_on_the_page(Kind.CODES),
)
# Whole numbers the service always has; left empty they take the usual standard.
DEADLINE_DEFAULTS = {
    name: Service._meta.get_field(name).default for name in _COUNTS if not Service._meta.get_field(name).null
}
# Asked about with questions of their own kind (radios of risk levels; part of "where is it available").
OWN_QUESTION_FIELDS = (*_on_the_page(Kind.RISK), *fact_names(form=Form.SERVICE_PAGE_AREAS))
# The service reports "where is it available" as a whole (the question starts at this box), and an
# unknown area code on the box where areas are added.
SERVICE_ERROR_FIELDS = {
    "areas": "covers_england",
    "local_authority_codes": "area",
    "icb_codes": "area",
    "pdu_codes": "area",
}
# The page's questions before "where is it available" (AreaChoosingForm's), in the page's order.
QUESTIONS_BEFORE_AREAS = (
    "name",
    "description",
    "url",
    "email",
    "status",
    "alert",
    "is_public",
    "tier",
    "need_codes",
    "referral_route_codes",
    "custody_stage_codes",
    "delivery_codes",
    "community_codes",
    "eligibility_codes",
    "minimum_age",
    "maximum_age",
    "gender",
    "accepts_current_substance_use",
    "highest_risk_to_others",
    "accepts_risk_to_self",
    "requires_gp_registration",
    "statutory_referrals_only",
)


def _choices(vocabulary: Vocabulary) -> list[tuple[str, str]]:
    return [(code, name) for code, name, _description in vocabulary.terms]


def _text(label: str, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, required=False, **kwargs)


def _as_text(number: int | None) -> str:
    return "" if number is None else str(number)


def funding_rows_in(data) -> int:
    """How many funding rows a submitted form holds (at least three, so there is always room)."""
    numbers = [
        int(key.split("_")[1])
        for key in (data or {})
        if key.startswith("funding_") and is_ascii_digits(key.split("_")[1])
    ]
    return min(MAX_FUNDING_ROWS, max(MIN_FUNDING_ROWS, max(numbers, default=-1) + 1))


class ServiceForm(AreaChoosingForm):
    first_field_id = "id_name"
    field_order = [*QUESTIONS_BEFORE_AREAS, *AreaChoosingForm.base_fields]

    name = _text("Service name", max_length=255)
    description = _text("Description", widget=forms.Textarea, help_text="What the service does and for whom.")
    url = _text("Website", help_text="For example, https://example.org/service")
    email = _text("Email address for referrals or enquiries")
    status = CodeChoiceField(label="Status", choices=ServiceStatus.choices, required=False)
    alert = _text(
        "Alert",
        widget=forms.Textarea,
        help_text="Anything people must know now, like a temporary closure. Leave empty if there is none.",
    )
    is_public = YesNoField(
        label="Publish this entry through the Open Referral UK API?",
        message="Select yes if other directories may publish this entry",
    )
    tier = CodeChoiceField(label="Tier", choices=[*_choices(TIERS), ("", "Not decided")], required=False)
    need_codes = CodesField(label=NEEDS.name, choices=_choices(NEEDS), required=False)
    referral_route_codes = CodesField(
        label=REFERRAL_ROUTES.name, choices=_choices(REFERRAL_ROUTES), required=False
    )
    custody_stage_codes = CodesField(
        label=CUSTODY_STAGES.name, choices=_choices(CUSTODY_STAGES), required=False
    )
    delivery_codes = CodesField(label=DELIVERY.name, choices=_choices(DELIVERY), required=False)
    community_codes = CodesField(label=COMMUNITIES.name, choices=_choices(COMMUNITIES), required=False)
    eligibility_codes = CodesField(label=ELIGIBILITY.name, choices=_choices(ELIGIBILITY), required=False)
    minimum_age = whole_number("Minimum age", 18)
    maximum_age = whole_number("Maximum age", 65)
    gender = CodeChoiceField(label="Who is the service for?", choices=Gender.choices, required=False)
    accepts_current_substance_use = YesNoField(
        label="Does it accept people currently using drugs or alcohol?",
        message="Select yes if the service accepts people currently using drugs or alcohol",
    )
    highest_risk_to_others = forms.TypedChoiceField(
        label="Highest risk of serious harm to others it accepts",
        choices=RiskLevel.choices,
        coerce=int,
        widget=GovukRadios,
        error_messages={
            "required": "Select the highest risk of harm to others the service accepts",
            "invalid_choice": "Select the highest risk of harm to others the service accepts",
        },
    )
    accepts_risk_to_self = YesNoField(
        label="Does it work with people at current risk to themselves?",
        message="Select yes if the service works with people at current risk to themselves",
    )
    requires_gp_registration = YesNoField(
        label="Must people be registered with a GP?",
        message="Select yes if people must be registered with a GP",
    )
    statutory_referrals_only = YesNoField(
        label="Does it take referrals only from probation or other statutory agencies?",
        message="Select yes if the service takes referrals only from statutory agencies",
    )
    capacity_available = whole_number("Places available now", 3)
    capacity_maximum = whole_number("Places at most", 10)
    capacity_unit = _text(
        "What is counted", max_length=50, help_text="For example, places or referrals a month."
    )
    typical_wait_days = whole_number("Usual wait, in days", 14)
    required_information = CodesField(
        label="What must a referral tell the service, besides the reason for it?",
        choices=list(REFERRAL_INFORMATION),
        required=False,
    )
    acknowledge_within_days = whole_number("Working days to acknowledge a referral", 2)
    decide_within_days = whole_number("Working days to decide on a referral", 5)
    bars_endpoint = _text(
        "NHS BaRS endpoint (optional)",
        help_text="Where NHS systems send this service's referral messages, like https://bars.example.nhs.uk/fhir",
    )
    bars_receiver_id = _text(
        "NHS BaRS receiver identifier (optional)",
        help_text="The service's identifier at that endpoint, usually its Directory of Services id.",
    )
    languages = _text(
        "Languages other than English",
        help_text="Separate them with commas, like Polish, Urdu.",
    )

    def __init__(self, data=None, *, areas: AreaOptions, initial=None):
        super().__init__(data, areas=areas, initial=initial)
        self.funding_row_count = funding_rows_in(data) if data is not None else self._initial_rows()
        for row in range(self.funding_row_count):
            number = row + 1
            self.fields[f"funding_{row}_source"] = _text(
                f"Funding {number}: where it comes from", max_length=255
            )
            self.fields[f"funding_{row}_starts_on"] = GovukDateField(label=f"Funding {number} start date")
            self.fields[f"funding_{row}_ends_on"] = GovukDateField(label=f"Funding {number} end date")
        # Funding rows left empty are skipped; this maps the service's row numbers back to the form's.
        self._funding_form_rows: list[int] = []

    def _initial_rows(self) -> int:
        used = sum(
            1 for key in (self.initial or {}) if key.startswith("funding_") and key.endswith("_source")
        )
        return min(MAX_FUNDING_ROWS, max(MIN_FUNDING_ROWS, used + 1))

    @classmethod
    def initial_from(cls, details: ServiceDetails) -> dict:
        """The form's starting values for a stored service (services.details_of) or a new one."""
        initial = {name: getattr(details, name) for name in (*TEXT_FIELDS, *CODE_FIELDS)}
        # As text, so that a 0 (no places left) shows in the box rather than leaving it empty.
        initial.update(
            {name: _as_text(getattr(details, name)) for name in (*NUMBER_FIELDS, *DEADLINE_DEFAULTS)}
        )
        initial.update({name: list(getattr(details, name)) for name in LIST_FIELDS})
        initial.update({name: yes_no(getattr(details, name)) for name in YES_NO_FIELDS})
        initial["highest_risk_to_others"] = details.highest_risk_to_others
        initial["covers_england"] = details.covers_england
        initial["languages"] = ", ".join(details.languages)
        for row, funding in enumerate(details.funding):
            initial[f"funding_{row}_source"] = funding.source
            initial[f"funding_{row}_starts_on"] = funding.starts_on
            initial[f"funding_{row}_ends_on"] = funding.ends_on
        return initial

    def funding_rows(self) -> list[dict]:
        return [
            {
                "number": row + 1,
                "source": self[f"funding_{row}_source"],
                "starts_on": self[f"funding_{row}_starts_on"],
                "ends_on": self[f"funding_{row}_ends_on"],
            }
            for row in range(self.funding_row_count)
        ]

    def details(self) -> ServiceDetails:
        """The cleaned form as the details the directory's services take."""
        data = self.cleaned_data
        funding, self._funding_form_rows = [], []
        for row in range(self.funding_row_count):
            source = data[f"funding_{row}_source"]
            starts_on, ends_on = data[f"funding_{row}_starts_on"], data[f"funding_{row}_ends_on"]
            if source.strip() or starts_on or ends_on:
                funding.append(FundingDetails(source, starts_on, ends_on))
                self._funding_form_rows.append(row)
        return ServiceDetails(
            **{name: data[name] for name in (*TEXT_FIELDS, *NUMBER_FIELDS, *YES_NO_FIELDS)},
            **{name: data[name] or "" for name in CODE_FIELDS},
            **{name: list(data[name]) for name in LIST_FIELDS},
            **{
                name: default if data[name] is None else data[name]
                for name, default in DEADLINE_DEFAULTS.items()
            },
            highest_risk_to_others=data["highest_risk_to_others"],
            covers_england=data["covers_england"],
            funding=funding,
            languages=[name.strip() for name in data["languages"].split(",") if name.strip()],
        )

    def service_field_name(self, key: str) -> str:
        field = SERVICE_ERROR_FIELDS.get(key, key)
        if field.startswith("funding_"):
            # The service numbers funding lines as given; the form's rows may be numbered otherwise.
            _, index, part = field.split("_", 2)
            field = f"funding_{self._funding_form_rows[int(index)]}_{part}"
        return field
