"""The order pages' forms. Rules live on the models and in the services that run them; these only
gather the answers.

Choice fields accept any submitted code so a forged or stale value reaches the service and gets its
specific message (see directory/forms/fields.py).
"""

from django import forms

from throughcare.continuity.choices import (
    LicenceConditionKind,
    OrderKind,
    RequirementKind,
    RequirementStatus,
)
from throughcare.core.forms import GovukForm
from throughcare.core.inputs import CUSTODY_DATES
from throughcare.directory.forms.fields import CodeChoiceField, GovukDateField


class OrderForm(GovukForm):
    first_field_id = "id_kind"
    kind = CodeChoiceField(label="Kind of order", choices=OrderKind.choices, required=False)
    starts_on = GovukDateField(date_range=CUSTODY_DATES, label="Date the order starts")
    ends_on = GovukDateField(
        date_range=CUSTODY_DATES, label="Date the order ends", help_text="Leave empty if not known."
    )
    issued_by = forms.CharField(label="Court or issuing authority", required=False)


class RequirementForm(GovukForm):
    first_field_id = "id_kind"
    kind = CodeChoiceField(label="Kind of requirement", choices=RequirementKind.choices, required=False)
    service_id = forms.ChoiceField(label="Treating service", required=False)
    ordered_on = GovukDateField(
        date_range=CUSTODY_DATES,
        label="Date the requirement was ordered",
        help_text="Leave empty for the order's start.",
    )
    first_appointment_on = GovukDateField(
        date_range=CUSTODY_DATES, label="Date of the first appointment", help_text="Leave empty if not yet."
    )
    ends_on = GovukDateField(
        date_range=CUSTODY_DATES, label="Date the requirement ends", help_text="Leave empty if not known."
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_id"].choices = [("", "Choose a service"), *services]


class StatusForm(GovukForm):
    first_field_id = "id_status"
    status = CodeChoiceField(label="New status", choices=RequirementStatus.choices, required=False)
    first_appointment_on = GovukDateField(
        date_range=CUSTODY_DATES,
        label="Date of the first appointment",
        help_text="Needed to make the requirement active.",
    )


class LicenceConditionForm(GovukForm):
    first_field_id = "id_kind"
    kind = CodeChoiceField(label="Condition", choices=LicenceConditionKind.choices, required=False)
    detail = forms.CharField(
        label="What the condition says",
        required=False,
        widget=forms.Textarea,
        help_text="Needed for another condition.",
    )
    service_id = forms.ChoiceField(label="Service it names, if any", required=False)

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_id"].choices = [("", "None"), *services]
