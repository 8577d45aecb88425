"""The Find support form: a person's needs and circumstances, turned into a NeedsProfile."""

from datetime import date

from django import forms

from throughcare.core.ethnicity import Ethnicity
from throughcare.core.forms import GovukForm
from throughcare.core.inputs import CUSTODY_DATES
from throughcare.directory.forms.fields import GovukDateField
from throughcare.directory.models import RiskLevel
from throughcare.directory.vocabularies import COMMUNITIES, NEEDS, REFERRAL_ROUTES, TIERS
from throughcare.matching.profile import LegalStatus, NeedsProfile, Preference, profile_errors


def _choices(vocabulary):
    return [(code, name) for code, name, _ in vocabulary.terms]


YES_NO = [("no", "No"), ("yes", "Yes")]
MATCHABLE_GENDERS = {"woman", "man", "non_binary"}


def initial_from_person(person, viewer=None) -> dict:
    """Sensible starting answers from the person's record; the practitioner checks and changes them.

    With `viewer`, also what the viewer's organisation last told a service in a referral for them."""
    today = date.today()
    born = person.date_of_birth
    initial = {
        "age": today.year - born.year - ((today.month, today.day) < (born.month, born.day)),
        "ethnicity": person.ethnicity if person.ethnicity in Ethnicity.values else "",
    }
    if person.gender in MATCHABLE_GENDERS:
        initial["gender"] = person.gender
    initial["neurodivergent"] = person.neurodivergent or person.learning_disability
    initial["needs_interpreter"] = person.interpreter_needed
    initial["language"] = person.interpreter_language
    if person.residence_district:
        initial["postcode"] = person.residence_district
    initial.update(_from_their_journey(person))
    if viewer is not None:
        initial.update(_from_their_last_referral(person, viewer))
    return initial


def _from_their_last_referral(person, viewer) -> dict:
    """Needs, drug and alcohol use, risk and GP registration as the viewer's organisation last gave them."""
    from throughcare.referrals.models import Referral
    from throughcare.referrals.prefill import NOT_REGISTERED_WITH_A_GP

    last = (
        Referral.objects.filter(person=person, referring_organisation=viewer.current_organisation)
        .order_by("-created_at")
        .only("need_codes", "uses_substances", "risk_to_others_level", "at_risk_to_self", "gp_details")
        .first()
    )
    if last is None:
        return {}
    found: dict = {"need_codes": [code for code in last.need_codes if code in NEEDS.codes]}
    for name, answer in (("uses_substances", last.uses_substances), ("risk_to_self", last.at_risk_to_self)):
        if answer is not None:
            found[name] = "yes" if answer else "no"
    if last.risk_to_others_level is not None:
        found["risk_to_others"] = last.risk_to_others_level
    if last.gp_details.strip():
        found["gp_registered"] = "no" if last.gp_details.strip() == NOT_REGISTERED_WITH_A_GP else "yes"
    return {name: value for name, value in found.items() if value not in ([], None)}


def _from_their_journey(person) -> dict:
    """Legal status, release date, live MHTRs and OPD screening, as a referral to a service would be
    checked against them (the same reading of the person's record)."""
    from throughcare.referrals.eligibility import Answers, person_profile

    nothing_said = Answers(False, None, None, None, None, route="")
    profile, status_known = person_profile(person, nothing_said, date.today())
    found = {"mhtr_kinds": profile.mhtr_kinds, "opd_screened_in": profile.opd_screened_in}
    if status_known:
        found |= {"legal_status": profile.legal_status, "release_date": profile.release_date}
    return found


# Ranges are the profile's rules (matching/profile.py), checked with every other answer; the form
# only says when an answer is not a number at all.
def _score_messages(name: str, highest: int) -> dict[str, str]:
    return {"invalid": f"{name} must be a whole number from 0 to {highest}"}


class FindSupportForm(GovukForm):
    first_field_id = "id_postcode"
    postcode = forms.CharField(
        label="Postcode of their home or release address",
        required=False,
        max_length=10,
        help_text="A full postcode or the first half, like LS1 4AP or LS1.",
    )
    travel_miles = forms.IntegerField(
        label="How far can they travel, in miles?",
        initial=10,
        error_messages={
            "required": "Enter how far they can travel",
            "invalid": "Enter a whole number of miles",
        },
    )
    online_only = forms.BooleanField(label="Online or phone support only", required=False)
    need_codes = forms.MultipleChoiceField(
        label="What do they need help with?",
        choices=_choices(NEEDS),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one need"},
    )
    tier = forms.ChoiceField(
        label="What level of support do they need?",
        required=False,
        choices=[("", "Not sure"), *_choices(TIERS)],
        widget=forms.RadioSelect,
    )
    phq9 = forms.IntegerField(
        label="PHQ-9 total (optional)",
        required=False,
        error_messages=_score_messages("PHQ-9 total", 27),
    )
    gad7 = forms.IntegerField(
        label="GAD-7 total (optional)",
        required=False,
        error_messages=_score_messages("GAD-7 total", 21),
    )
    uses_substances = forms.ChoiceField(
        label="Are they currently using drugs or alcohol?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they are currently using drugs or alcohol"},
    )
    # These answers start with nothing selected (GOV.UK radios guidance: do not pre-select, above all
    # an answer about risk) and are required: services' hard rules turn on them, so matching cannot
    # guess.
    # A person's record or the session may still fill them in through `initial`.
    risk_to_others = forms.TypedChoiceField(
        label="Risk of serious harm to others",
        choices=RiskLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the risk of serious harm to others"},
    )
    risk_to_self = forms.ChoiceField(
        label="Are they at current risk to themselves?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether they are at current risk to themselves"},
    )
    gp_registered = forms.ChoiceField(
        label="Are they registered with a GP?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they are registered with a GP"},
    )
    age = forms.IntegerField(
        label="Age (optional)",
        required=False,
        error_messages={"invalid": "Age must be a whole number of years, like 34"},
    )
    gender = forms.ChoiceField(
        label="Gender (optional)",
        required=False,
        widget=forms.RadioSelect,
        choices=[("", "Not stated"), ("woman", "Woman"), ("man", "Man"), ("non_binary", "Non-binary")],
    )
    ethnicity = forms.ChoiceField(
        label="Ethnic group (optional)",
        required=False,
        choices=[("", "Not stated"), *list(Ethnicity.choices)],
    )
    neurodivergent = forms.BooleanField(
        label="Neurodivergent (autism, ADHD, learning disability or brain injury)", required=False
    )
    language = forms.CharField(
        label="Language they prefer to speak (optional)",
        required=False,
        max_length=100,
        help_text="For example, Polish.",
    )
    needs_interpreter = forms.BooleanField(label="Needs an interpreter", required=False)
    legal_status = forms.ChoiceField(
        label="Legal status",
        choices=LegalStatus.choices,
        initial=LegalStatus.NONE,
        error_messages={"required": "Select their legal status"},
    )
    release_date = GovukDateField(
        date_range=CUSTODY_DATES,
        label="Release date",
        help_text="In custody, the expected release; if released, the day they left. For example, 27 3 2027.",
    )
    mhtr_kinds = forms.MultipleChoiceField(
        label="Mental health treatment requirement on an active order (optional)",
        required=False,
        choices=[("mhtr_primary", "Primary care MHTR"), ("mhtr_secondary", "Secondary care MHTR")],
        widget=forms.CheckboxSelectMultiple,
    )
    opd_screened_in = forms.BooleanField(
        label="Screened in to the Offender Personality Disorder (OPD) pathway", required=False
    )
    referral_routes = forms.MultipleChoiceField(
        label="Who can refer them?",
        choices=_choices(REFERRAL_ROUTES),
        widget=forms.CheckboxSelectMultiple,
        initial=["self", "probation"],
        error_messages={"required": "Choose at least one way they can be referred"},
    )
    preferences = forms.MultipleChoiceField(
        label="What would they prefer? (optional)",
        required=False,
        choices=Preference.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    community_codes = forms.MultipleChoiceField(
        label="Services led by and for which community? (optional)",
        required=False,
        choices=_choices(COMMUNITIES),
        widget=forms.CheckboxSelectMultiple,
    )
    sort = forms.ChoiceField(
        label="Show first",
        widget=forms.RadioSelect,
        initial="best_fit",
        error_messages={"required": "Select what to show first"},
        choices=[("best_fit", "Best fit"), ("soonest", "Soonest available"), ("nearest", "Nearest")],
    )

    def clean(self):
        """The profile's own rules (ranges, a postcode that exists), for the fields this form asks,
        so every problem is on the page at once rather than one round at a time."""
        cleaned = super().clean()
        asked = [name for name in self.fields if name not in self.errors]
        for name, message in profile_errors(profile_from(cleaned), today=date.today()).items():
            if name in asked:
                self.add_error(name, message)
        if "postcode" in asked and cleaned.get("postcode", "").strip():
            self._locate(cleaned["postcode"])
        return cleaned

    def _locate(self, postcode: str) -> None:
        from throughcare.geography.geocoding import get_geocoder
        from throughcare.geography.postcodes import PostcodeError

        try:
            get_geocoder().locate(postcode)
        except PostcodeError as exc:
            self.add_error("postcode", str(exc))

    def profile(self) -> NeedsProfile:
        return profile_from(self.cleaned_data)


def profile_from(data: dict) -> NeedsProfile:
    """A profile from a form's cleaned answers; anything not asked (yet) keeps the profile's default."""
    known = {name: data[name] for name in NEEDS_PROFILE_FIELDS if data.get(name) is not None}
    for name in YES_NO_FIELDS & known.keys():
        known[name] = known[name] == "yes"
    for name in ("postcode", "language"):
        if name in known:
            known[name] = known[name].strip()
    return NeedsProfile(**known)


NEEDS_PROFILE_FIELDS = frozenset(NeedsProfile.__dataclass_fields__) & frozenset(FindSupportForm.base_fields)
# Radios answered "yes" or "no" that the profile keeps as True or False.
YES_NO_FIELDS = frozenset({"uses_substances", "risk_to_self", "gp_registered"})
