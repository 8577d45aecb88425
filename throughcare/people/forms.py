"""The people pages' forms. Rules live in the services; these only gather the answers.

Choice fields accept any submitted code so a forged or stale value reaches the service and gets its
specific message (see directory/forms/fields.py).
"""

from django import forms

from throughcare.core.ethnicity import Ethnicity
from throughcare.core.forms import GovukForm
from throughcare.directory.forms.fields import CodeChoiceField, CodesField, GovukDateField, YesNoField
from throughcare.people.details import PersonDetails
from throughcare.people.models import CareTeamEndReason, CareTeamRole, ContactPreference, Gender

NEEDS = [
    ("interpreter_needed", "Needs an interpreter"),
    ("uses_bsl", "Uses British Sign Language (BSL)"),
    ("literacy_support", "Needs support with reading and writing"),
    ("learning_disability", "Has a learning disability"),
    ("neurodivergent", "Is neurodivergent (for example autistic, ADHD)"),
]


def _text(label: str, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, required=False, **kwargs)


class PersonForm(GovukForm):
    first_field_id = "id_given_names"

    given_names = _text("Given names")
    family_name = _text("Family name")
    preferred_name = _text("Preferred name", help_text="What they like to be called, if different.")
    aliases = _text(
        "Other names",
        widget=forms.Textarea,
        help_text="Names they are or were known by. One name on each line.",
    )
    date_of_birth = GovukDateField(label="Date of birth")
    gender = CodeChoiceField(label="Gender", choices=Gender.choices, required=False)
    ethnicity = CodeChoiceField(
        label="Ethnic group", choices=[("", "Not recorded"), *Ethnicity.choices], required=False
    )
    needs = CodesField(
        label="Communication needs", choices=NEEDS, required=False, help_text="Select all that apply."
    )
    interpreter_language = _text("Language for the interpreter")
    communication_notes = _text("Anything else about how to communicate with them", widget=forms.Textarea)
    contact_preference = CodeChoiceField(
        label="How do they prefer to be contacted?",
        choices=[("", "Not known"), *ContactPreference.choices],
        required=False,
    )
    phone = _text("Phone number")
    email = _text("Email address")
    nhs_number = _text("NHS number", help_text="10 digits, like 943 476 5919.")
    prison_number = _text("Prison number", help_text="A letter, 4 digits and 2 letters, like A1234BC.")
    crn = _text("Probation case reference number (CRN)", help_text="A letter and 6 digits, like X123456.")
    pnc = _text("PNC number", help_text="For example, 2001/0171310W.")
    confirm_not_duplicate = CodesField(
        label="Is this a different person?",
        choices=[("yes", "I have checked: this is a different person from those listed")],
        required=False,
    )

    @classmethod
    def initial_from(cls, details: PersonDetails) -> dict:
        initial = {name: getattr(details, name) for name in cls.base_fields if hasattr(details, name)}
        initial["aliases"] = "\n".join(details.aliases)
        initial["needs"] = [code for code, _ in NEEDS if getattr(details, code)]
        return initial

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        needs = set(data["needs"])
        return PersonDetails(
            given_names=data["given_names"],
            family_name=data["family_name"],
            preferred_name=data["preferred_name"],
            aliases=data["aliases"].splitlines(),
            date_of_birth=data["date_of_birth"],
            gender=data["gender"] or Gender.NOT_KNOWN,
            ethnicity=data["ethnicity"],
            interpreter_language=data["interpreter_language"],
            communication_notes=data["communication_notes"],
            contact_preference=data["contact_preference"],
            phone=data["phone"],
            email=data["email"],
            nhs_number=data["nhs_number"],
            prison_number=data["prison_number"],
            crn=data["crn"],
            pnc=data["pnc"],
            **{code: code in needs for code, _ in NEEDS},
        )

    @property
    def confirmed_not_duplicate(self) -> bool:
        return "yes" in self.cleaned_data.get("confirm_not_duplicate", [])


class CareTeamAddForm(GovukForm):
    first_field_id = "id_organisation"

    organisation = forms.ChoiceField(
        label="Organisation", error_messages={"required": "Choose the organisation joining the team"}
    )
    role = CodeChoiceField(
        label="Their role in the team",
        choices=CareTeamRole.choices,
        error_messages={"required": "Choose their role in the team"},
    )
    is_lead = YesNoField(
        label="Should they lead the team?", message="Select yes if this organisation should lead the team"
    )
    started_on = GovukDateField(label="Date they joined the team", help_text="Leave empty for today.")

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "Choose an organisation"), *organisations]


class CareTeamEndForm(GovukForm):
    first_field_id = "id_ended_on-day"

    ended_on = GovukDateField(label="Date they left the team", help_text="Leave empty for today.")
    reason = CodeChoiceField(
        label="Why are they leaving the team?", choices=CareTeamEndReason.choices, required=False
    )
