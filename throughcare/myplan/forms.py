"""Staff give a person access (and may set up texts); the person types the code they were sent and
chooses how to be reminded."""

import re

from django import forms

from throughcare.core.forms import GovukForm
from throughcare.core.mobile_numbers import WRONG_NUMBER, normalised_uk_mobile
from throughcare.notices.models import Channel


class GiveAccessForm(GovukForm):
    first_field_id = "id_email"

    email = forms.EmailField(
        label="Their email address",
        help_text="We will send the link here. Check it with them.",
        max_length=254,
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    consent = forms.BooleanField(
        label="They agreed to get their plan by email, and know they can stop it at any time",
        error_messages={"required": "Confirm that they agreed to get their plan by email"},
    )


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

    def clean_mobile_number(self) -> str:
        # The model's rule, run here too so a wrong number shows with a missing agreement, all at once.
        return normalised_uk_mobile(self.cleaned_data["mobile_number"])
