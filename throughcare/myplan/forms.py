"""Staff give a person access; the person types the code they were sent."""

import re

from django import forms

from throughcare.core.forms import GovukForm


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
