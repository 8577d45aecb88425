"""The journey pages' forms. Rules live on the models and in the services that run them; these only
gather the answers.

Choice fields accept any submitted code so a forged or stale value reaches the service and gets its
specific message (see directory/forms/fields.py).
"""

from django import forms

from throughcare.accounts.models import Organisation
from throughcare.continuity.choices import (
    ReleaseType,
)
from throughcare.core.forms import GovukForm
from throughcare.core.inputs import CUSTODY_DATES
from throughcare.core.permissions import OrganisationKind
from throughcare.directory.forms.fields import CodeChoiceField, GovukDateField
from throughcare.geography.models import Pdu

NOT_LISTED = ("", "Not listed: enter its name below")


def _prisons() -> list[tuple[str, str]]:
    rows = Organisation.objects.filter(kind=OrganisationKind.PRISON, is_active=True).order_by("name")
    return [NOT_LISTED, *((str(pk), name) for pk, name in rows.values_list("pk", "name"))]


class PrisonMixin(GovukForm):
    prison = forms.ChoiceField(label="Prison", required=False)
    prison_name = forms.CharField(label="Prison name, if it is not listed", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prison"].choices = _prisons()

    def prison_values(self) -> dict:
        chosen = self.cleaned_data.get("prison")
        prison = Organisation.objects.filter(pk=chosen).first() if chosen else None
        return {"prison": prison, "prison_name": self.cleaned_data.get("prison_name", "")}


class ReceptionForm(PrisonMixin):
    first_field_id = "id_reception_date-day"
    reception_date = GovukDateField(date_range=CUSTODY_DATES, label="Date they were received into custody")
    expected_release_date = GovukDateField(
        date_range=CUSTODY_DATES, label="Expected release date", help_text="Leave empty if not known."
    )
    field_order = ["reception_date", "prison", "prison_name", "expected_release_date"]


class ReleaseForm(GovukForm):
    first_field_id = "id_released_on-day"
    released_on = GovukDateField(date_range=CUSTODY_DATES, label="Date they were released")
    release_type = CodeChoiceField(
        label="Type of release",
        choices=ReleaseType.choices,
        required=False,
        error_messages={"required": "Choose the type of release"},
    )


class TransferForm(PrisonMixin):
    first_field_id = "id_transferred_on-day"
    transferred_on = GovukDateField(date_range=CUSTODY_DATES, label="Date of the transfer")
    field_order = ["transferred_on", "prison", "prison_name"]


class RecallForm(PrisonMixin):
    first_field_id = "id_recalled_on-day"
    recalled_on = GovukDateField(date_range=CUSTODY_DATES, label="Date they were recalled to custody")
    expected_release_date = GovukDateField(
        date_range=CUSTODY_DATES, label="Expected release date", help_text="Leave empty if not known."
    )
    field_order = ["recalled_on", "prison", "prison_name", "expected_release_date"]


class ProbationChangeForm(GovukForm):
    first_field_id = "id_changed_on-day"
    changed_on = GovukDateField(date_range=CUSTODY_DATES, label="Date of the change")
    practitioner_name = forms.CharField(
        label="New probation practitioner", required=False, help_text="Leave empty if only the unit changed."
    )
    pdu = forms.ChoiceField(label="Probation delivery unit", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = Pdu.objects.order_by("name").values_list("code", "name")
        self.fields["pdu"].choices = [("", "Unchanged"), *units]

    def values(self) -> dict:
        code = self.cleaned_data.get("pdu")
        return {
            "changed_on": self.cleaned_data["changed_on"],
            "practitioner_name": self.cleaned_data["practitioner_name"],
            "pdu": Pdu.objects.filter(code=code).first() if code else None,
        }
