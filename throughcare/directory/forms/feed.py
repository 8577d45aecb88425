"""Registering or changing a council's Open Referral feed; feeds.py holds the rules."""

from django import forms

from throughcare.core.forms import GovukForm
from throughcare.directory.forms.fields import GovukRadios, YesNoField
from throughcare.directory.models import FeedSchedule


class FeedForm(GovukForm):
    first_field_id = "id_name"
    name = forms.CharField(
        label="Name",
        required=False,
        help_text="What administrators will call it, like Anytown Council services",
    )
    url = forms.CharField(
        label="Feed address",
        required=False,
        help_text=(
            "The Open Referral API's base address, like https://example.org/openreferral, or the "
            "address of a JSON file of services. ORUK 1.0 and 3.0 feeds both work."
        ),
    )
    every_hours = forms.TypedChoiceField(
        label="How often should it be synced?",
        choices=FeedSchedule.choices,
        coerce=int,
        widget=GovukRadios,
        error_messages={
            "required": "Select how often the feed should be synced",
            "invalid_choice": "Select how often the feed should be synced",
        },
    )


class FeedChangeForm(FeedForm):
    is_active = YesNoField(label="Keep syncing this feed?", message="Select yes to keep syncing the feed")
