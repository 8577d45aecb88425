"""The release plan item form. Rules live in `release.services`; this gathers the answers."""

from django import forms

from throughcare.appointments.forms import TIME_EXAMPLE, TimeOfDayField
from throughcare.continuity.release.choices import OwnerSide, PlanItemKind, PlanItemStatus
from throughcare.continuity.release.services import ItemChange
from throughcare.core.forms import GovukForm
from throughcare.core.inputs import EVENT_DATES
from throughcare.core.templatetags.govuk_dates import govuk_time_text
from throughcare.directory.forms.fields import CodeChoiceField, GovukDateField, GovukRadios


class PlanItemForm(GovukForm):
    first_field_id = "id_status"
    status = CodeChoiceField(
        label="Status", choices=PlanItemStatus.choices, required=False, widget=GovukRadios
    )
    not_needed_reason = forms.CharField(
        label="Why it is not needed", required=False, help_text="Needed when the status is not needed."
    )
    owner_side = CodeChoiceField(
        label="Who owns this item", choices=OwnerSide.choices, required=False, widget=GovukRadios
    )
    due_on = GovukDateField(
        date_range=EVENT_DATES, label="Due by", help_text="Leave empty if there is no deadline."
    )
    place = forms.CharField(label="Where", required=False)
    happens_on = GovukDateField(
        date_range=EVENT_DATES, label="When it happens", help_text="For an appointment, its date."
    )
    happens_at = TimeOfDayField(
        label="Time (optional)", required=False, help_text=f"When it has one, {TIME_EXAMPLE}."
    )
    contact = forms.CharField(label="Who to call", required=False, help_text="A name and a phone number.")
    detail = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
    appointment = forms.ChoiceField(label="Booked appointment", required=False)

    def __init__(self, *args, item, appointments=(), **kwargs):
        initial = {
            name: getattr(item, name)
            for name in ("status", "not_needed_reason", "owner_side", "due_on", "place", "happens_on")
        }
        initial["happens_at"] = govuk_time_text(item.happens_at) if item.happens_at else ""
        initial |= {"contact": item.contact, "detail": item.detail, "appointment": item.appointment_id or ""}
        super().__init__(*args, initial=initial, **kwargs)
        labels = {
            PlanItemKind.GP_REGISTRATION: "GP practice",
            PlanItemKind.HOUSING: "Address",
            PlanItemKind.MET_AT_GATE: "Where they will meet",
        }
        self.fields["place"].label = labels.get(item.kind, "Where")
        if item.kind == PlanItemKind.MET_AT_GATE:
            self.fields["contact"].label = "Who will meet them, and their phone number"
        if item.kind == PlanItemKind.FIRST_MENTAL_HEALTH_APPOINTMENT:
            self.fields["appointment"].choices = [("", "None"), *appointments]
        else:
            del self.fields["appointment"]

    def change(self) -> ItemChange:
        data = self.cleaned_data
        return ItemChange(
            status=data["status"],
            owner_side=data["owner_side"],
            not_needed_reason=data["not_needed_reason"],
            due_on=data["due_on"],
            place=data["place"],
            happens_on=data["happens_on"],
            happens_at=data["happens_at"],
            contact=data["contact"],
            detail=data["detail"],
            appointment_id=data.get("appointment") or None,
        )
