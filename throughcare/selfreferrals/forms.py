"""The person's short form (plain words, reading age 9), and the service closing a request."""

from django import forms

from throughcare.core.forms import GovukForm
from throughcare.directory.forms.fields import GovukDateField
from throughcare.selfreferrals.models import DECLINE_MESSAGE, DECLINE_OUTCOMES, ContactBy

NEW_PERSON = "new"

HELP_WITH_LONGEST = 1000


class AskForm(GovukForm):
    first_field_id = "id_name"

    name = forms.CharField(
        label="Your name",
        help_text="The name you would like them to use.",
        max_length=100,
        error_messages={
            "required": "Enter your name",
            "max_length": "Your name must be 100 letters or fewer",
        },
    )
    contact_by = forms.ChoiceField(
        label="How should they get in touch?",
        choices=ContactBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they should get in touch"},
    )
    phone = forms.CharField(label="Your phone number", max_length=30, required=False)
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    help_with = forms.CharField(
        label="What would you like help with?",
        help_text="A few words is fine. Do not put anything you do not want them to know.",
        max_length=HELP_WITH_LONGEST,
        widget=forms.Textarea,
        error_messages={
            "required": "Say what you would like help with",
            "max_length": f"Use {HELP_WITH_LONGEST} letters or fewer",
        },
    )
    best_time = forms.CharField(
        label="When is a good time? (optional)",
        help_text="For example, weekday mornings.",
        max_length=100,
        required=False,
    )
    consent = forms.BooleanField(
        label="I agree that they can keep what I write here and use it to get in touch with me",
        error_messages={"required": "Tick the box to say they can keep this and get in touch"},
    )
    # Left empty by people; filled by many robots (it is hidden from view and from screen readers).
    website = forms.CharField(required=False)
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = "".join(ch for ch in phone if ch.isdigit())
        if phone and not 10 <= len(digits) <= 13:
            raise forms.ValidationError("Enter a phone number like 07700 900 982")
        return phone

    def clean(self):
        data = super().clean()
        how = data.get("contact_by")
        if how in (ContactBy.PHONE, ContactBy.TEXT) and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Enter your phone number, so they can call or text you")
        if how == ContactBy.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter your email address, so they can email you")
        return data


class CloseForm(GovukForm):
    """Not taking them on, and why."""

    first_field_id = "id_outcome"

    outcome = forms.ChoiceField(
        label="Why are you not taking them on?",
        choices=[(outcome.value, outcome.label) for outcome in DECLINE_OUTCOMES],
        widget=forms.RadioSelect,
        error_messages={"required": DECLINE_MESSAGE, "invalid_choice": DECLINE_MESSAGE},
    )


class TakeOnForm(GovukForm):
    """Who the person is: someone the service already works with, or a new record."""

    first_field_id = "id_person"

    person = forms.ChoiceField(
        label="Who is this?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who this is, or that they are new to your service",
            "invalid_choice": "Choose who this is, or that they are new to your service",
        },
    )
    given_names = forms.CharField(label="Given names", max_length=100, required=False)
    family_name = forms.CharField(label="Family name", max_length=100, required=False)
    date_of_birth = GovukDateField(label="Date of birth")
    confirm_not_duplicate = forms.BooleanField(
        label="I have checked: this is not one of the people listed", required=False
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            *((str(p.pk), f"{p.full_name}, born {p.date_of_birth:%-d %B %Y}") for p in people),
            (NEW_PERSON, "Someone new to your service"),
        ]

    def person_id(self) -> str | None:
        chosen = self.cleaned_data["person"]
        return None if chosen == NEW_PERSON else chosen
