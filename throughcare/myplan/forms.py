"""Staff give a person access (and may set up texts); the person types the code they were sent and
chooses how to be reminded."""

import re

from django import forms

from throughcare.core.forms import GovukForm
from throughcare.core.mobile_numbers import WRONG_NUMBER, normalised_uk_mobile
from throughcare.notices.models import Channel


class GiveAccessForm(GovukForm):
    """How to send the link (and later the codes): by email or by text, and where to. The address
    for the channel not chosen is ignored; the number is checked by the model's rule, as reminders'."""

    first_field_id = "id_channel"

    channel = forms.ChoiceField(
        label="How should we send the link?",
        choices=[(Channel.EMAIL.value, "By email"), (Channel.TEXT.value, "By text message")],
        error_messages={
            "required": "Choose how to send the link",
            "invalid_choice": "Choose how to send the link",
        },
    )
    email = forms.EmailField(
        label="Their email address",
        help_text="We will send the link here. Check it with them.",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    mobile_number = forms.CharField(
        label="Their mobile number",
        help_text="A UK mobile number. We will text the link here. Check it with them.",
        required=False,
        max_length=30,
        # Its own id: the same page has the reminders' number field (`id_mobile_number`).
        widget=forms.TextInput(attrs={"id": "id_link_mobile_number"}),
        error_messages={"max_length": WRONG_NUMBER},
    )
    consent = forms.BooleanField(
        label="They agreed to get their plan this way, and know they can stop it at any time",
        error_messages={"required": "Confirm that they agreed to get their plan this way"},
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        channel = cleaned.get("channel")
        if channel == Channel.EMAIL and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter their email address")
        if channel == Channel.TEXT and "mobile_number" not in self.errors:
            try:
                cleaned["mobile_number"] = normalised_uk_mobile(cleaned.get("mobile_number", ""))
            except forms.ValidationError:
                self.add_error(
                    "mobile_number",
                    "Enter their mobile number" if not cleaned.get("mobile_number") else WRONG_NUMBER,
                )
        return cleaned


class CodeForm(GovukForm):
    first_field_id = "id_code"

    code = forms.CharField(
        label="Code",
        help_text="The 6 numbers we sent you. For example, 123456.",
        max_length=20,
        error_messages={"required": "Enter the code we sent you"},
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("The code is 6 numbers. Check it and try again")
        return code


CHOOSE_HOW = "Choose how you want reminders"


class RemindersForm(GovukForm):
    """How the person wants appointment reminders. The number is checked (and tidied) by the
    service, through the model's rules, so its message is the model's."""

    first_field_id = "id_by"

    by = forms.ChoiceField(
        # The outbox's channels, plus none (the page lays them out by hand, for the number under texts).
        choices=[(channel.value, f"By {channel.label.lower()}") for channel in Channel]
        + [("none", "No reminders")],
        error_messages={
            "required": "Choose how you want reminders",
            "invalid_choice": "Choose how you want reminders",
        },
    )
    mobile_number = forms.CharField(
        label="Mobile number",
        help_text="A UK mobile number, like 07700 900 982",
        required=False,
        max_length=30,
        error_messages={"max_length": WRONG_NUMBER},
    )


class TextRemindersForm(GovukForm):
    """Staff set up reminders by text for the person, who must have agreed."""

    first_field_id = "id_mobile_number"

    mobile_number = forms.CharField(
        label="Their mobile number",
        help_text="A UK mobile number. We text a reminder the day before each appointment.",
        max_length=30,
        error_messages={"required": "Enter their mobile number", "max_length": WRONG_NUMBER},
    )
    agreed = forms.BooleanField(
        label="They agreed to get reminders by text, and know they can stop them at any time",
        error_messages={"required": "Confirm that they agreed to get reminders by text"},
    )

    def __init__(self, *args, number_known: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if number_known:  # the link went by text: reminders go to that number, so none is asked for
            del self.fields["mobile_number"]
            self.first_field_id = "id_agreed"

    def clean_mobile_number(self) -> str:
        # The model's rule, run here too so a wrong number shows with a missing agreement, all at once.
        return normalised_uk_mobile(self.cleaned_data["mobile_number"])
