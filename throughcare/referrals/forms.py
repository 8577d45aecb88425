"""Forms for the referral pages. They only shape input: every rule lives in the referral services,
so a page and the API refuse the same things with the same words."""

from django import forms

from throughcare.core.forms import GovukForm
from throughcare.core.inputs import CUSTODY_DATES, EVENT_DATES
from throughcare.directory.forms.fields import CodeChoiceField, GovukDateField, GovukRadios, YesNoField
from throughcare.directory.models import RiskLevel
from throughcare.directory.vocabularies import REFERRAL_ROUTES
from throughcare.referrals.models import ConsentMethod, Referral
from throughcare.referrals.reasons import ReasonCode
from throughcare.referrals.services import ReferralDetails
from throughcare.referrals.states import find_transition


def _text(label: str, **kwargs) -> forms.CharField:
    # Not required here: the services say what a submission still needs, and a draft may be partial.
    return forms.CharField(label=label, required=False, widget=forms.Textarea, **kwargs)


class ChoosePersonForm(GovukForm):
    first_field_id = "id_person"
    person = CodeChoiceField(
        label="Who is this referral for?", error_messages={"required": "Choose who the referral is for"}
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            (str(p.pk), f"{p.full_name}, born {p.date_of_birth:%-d %B %Y}") for p in people
        ]


class DraftForm(GovukForm):
    first_field_id = "id_reason_for_referral"
    reason_for_referral = _text("Reason for the referral")
    risk_summary = _text(
        "Risk to others", help_text="A summary of risk of harm to others, and what keeps people safe."
    )
    risk_to_self = _text("Risk to self", help_text="Any current or past risk to self, and what helps.")
    current_substance_use = _text("Current drug or alcohol use")
    gp_details = _text("GP details", help_text="The practice name and address, if known.")
    medication = _text("Medication")
    contact_preferences = _text("How the person prefers to be contacted")
    interpreter_language = forms.CharField(
        label="Interpreter language",
        required=False,
        max_length=100,
        help_text="Leave empty if none.",
        # The model's words, so the page and the API say the same thing.
        error_messages={
            "max_length": Referral._meta.get_field("interpreter_language").error_messages["max_length"]
        },
    )
    in_custody = YesNoField(
        label="Is the person in custody now?",
        message="Say whether the person is in custody now",
        initial="no",
    )
    release_date = GovukDateField(date_range=CUSTODY_DATES, label="Expected release date")
    release_date_unknown_reason = _text("If the release date is not known, say why")
    # Answers the service's hard rules are checked against; optional unless its rules turn on them.
    uses_substances = YesNoField(
        label="Are they currently using drugs or alcohol?",
        message="Say whether they are currently using drugs or alcohol",
        required=False,
    )
    risk_to_others_level = forms.TypedChoiceField(
        label="Risk of serious harm to others",
        choices=RiskLevel.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=GovukRadios,
        error_messages={"invalid_choice": "Choose the risk of serious harm to others"},
    )
    at_risk_to_self = YesNoField(
        label="Are they at current risk to themselves?",
        message="Say whether they are at current risk to themselves",
        required=False,
    )
    referral_route = CodeChoiceField(
        label="Who is referring?",
        choices=[("", "My organisation"), ("self", REFERRAL_ROUTES.label("self"))],
        required=False,
        widget=GovukRadios,
        help_text="Choose self-referral when the person is referring themselves with your help.",
    )
    outside_criteria_reason = _text(
        "If this referral is outside the service's criteria, why are you making it?",
        help_text="Only for services that consider referrals outside their criteria. The service sees this.",
    )

    def details(self, need_codes=()) -> ReferralDetails:
        # Needs come from the referral (or Find support), not from this form: keep what is there.
        values = {k: v for k, v in self.cleaned_data.items() if k != "outside_criteria_reason"}
        return ReferralDetails(need_codes=list(need_codes), **values)


class ConsentForm(GovukForm):
    first_field_id = "id_given_on-day"
    given_on = GovukDateField(
        date_range=EVENT_DATES,
        label="Date consent was given",
        required=True,
        error_messages={"required": "Enter the date consent was given"},
    )
    how_obtained = CodeChoiceField(
        label="How was consent obtained?",
        choices=ConsentMethod.choices,
        error_messages={"required": "Choose how consent was obtained"},
    )
    shared_with = _text("Who did the person agree their information may be shared with?")
    purposes = _text("What did the person agree their information may be used for?")


class WaitlistForm(GovukForm):
    first_field_id = "id_waitlist_position"
    waitlist_position = forms.IntegerField(
        label="Place on the waiting list",
        required=False,
        error_messages={"invalid": "The place on the waiting list must be a whole number, like 4"},
    )
    expected_start_on = GovukDateField(date_range=EVENT_DATES, label="Expected start date")


class TransitionForm(GovukForm):
    first_field_id = "id_target"
    target = CodeChoiceField(
        label="What do you want to do?", error_messages={"required": "Choose what to do"}
    )
    reason_code = CodeChoiceField(
        label="Reason",
        required=False,
        widget=forms.Select,
        choices=[("", "No reason"), *ReasonCode.choices],
        help_text="Needed to decline, pause, end early or withdraw.",
    )
    note = _text("Note", help_text="Needed to decline, and whenever the reason is 'Other'.")
    waitlist_position = forms.IntegerField(
        label="Place on the waiting list (optional)",
        required=False,
        help_text="Only when putting the referral on the waiting list.",
        error_messages={"invalid": "The place on the waiting list must be a whole number, like 4"},
    )
    expected_start_on = GovukDateField(
        date_range=EVENT_DATES,
        label="Expected start date (optional)",
        help_text="Only when putting the referral on the waiting list.",
    )
    outside_criteria_reason = _text(
        "If this referral is outside the service's criteria, why are you submitting it?",
        help_text="Only when submitting, to a service that considers referrals outside its criteria.",
    )

    def __init__(self, *args, current: str, side: str, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Each allowed move in plain words ("Accept the referral"), in lifecycle order.
        self.fields["target"].choices = [
            (target, find_transition(current, target, side).action.capitalize()) for target in allowed
        ]
        self.fields["target"].widget = GovukRadios()
        # Only the reasons this side may give for one of the moves it is offered, in the list's order:
        # a referrer is never offered "the service has no places", which is the service's to give.
        moves = [find_transition(current, target, side) for target in allowed]
        offered = set().union(*(move.reasons for move in moves))
        self.fields["reason_code"].choices = [
            ("", "No reason"),
            *((code, label) for code, label in ReasonCode.choices if code in offered),
        ]
        # The hints name only this side's moves that need a reason or a note.
        needing_reason = [move.action for move in moves if move.reason_required]
        needing_note = [move.action for move in moves if move.note_required]
        self.fields["reason_code"].help_text = (
            f"Needed to {_either(needing_reason)}." if needing_reason else "Optional."
        )
        self.fields["note"].help_text = (
            f"Needed to {_either(needing_note)}, and whenever the reason is 'Other'."
            if needing_note
            else "Needed whenever the reason is 'Other'."
        )


def _either(actions: list[str]) -> str:
    """ "decline the referral, pause the referral or withdraw the referral"."""
    return actions[0] if len(actions) == 1 else f"{', '.join(actions[:-1])} or {actions[-1]}"
