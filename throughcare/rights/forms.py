"""The DPO's correction form: which detail is wrong, what it should be, and why."""

from django import forms

from throughcare.core.forms import GovukForm

# The person's own details a DPO may correct here, in the words the person would use.
CORRECTABLE = {
    "given_names": "Given names",
    "family_name": "Family name",
    "preferred_name": "Preferred name",
    "phone": "Phone number",
    "email": "Email address",
    "nhs_number": "NHS number",
    "prison_number": "Prison number",
    "crn": "Case reference number (CRN)",
    "pnc": "PNC number",
    "communication_notes": "Communication notes",
}


class CorrectionForm(GovukForm):
    first_field_id = "id_field_name"

    field_name = forms.ChoiceField(
        label="Which detail is wrong?",
        choices=list(CORRECTABLE.items()),
        error_messages={
            "required": "Select which detail is wrong",
            "invalid_choice": "Select which detail is wrong from the list",
        },
    )
    value = forms.CharField(
        label="What it should be",
        required=False,
        max_length=1000,
        help_text="Leave empty to remove the detail.",
        error_messages={"max_length": "What it should be must be 1,000 characters or fewer"},
    )
    reason = forms.CharField(
        label="Why it is being corrected",
        max_length=2000,
        help_text="For example, the person asked on 3 March 2026 and showed their birth certificate.",
        error_messages={
            "required": "Enter why you are correcting this record",
            "max_length": "Why it is being corrected must be 2,000 characters or fewer",
        },
    )

    def add_service_errors(self, error) -> None:
        """A message about the corrected detail belongs on the value the DPO typed."""
        chosen = self.cleaned_data.get("field_name")
        if hasattr(error, "error_dict") and chosen in error.error_dict:
            for message in error.message_dict.pop(chosen):
                self.add_error("value", message)
            error = type(error)(error.message_dict) if error.message_dict else None
        if error is not None:
            super().add_service_errors(error)
