from django import forms

from throughcare.core.forms import GovukForm
from throughcare.directory.details import LocationDetails
from throughcare.directory.forms.fields import GovukRadios


class LocationForm(GovukForm):
    """A place where services are delivered. The postcode is checked and placed by location_create."""

    first_field_id = "id_name"

    name = forms.CharField(
        label="Location name",
        required=False,
        max_length=255,
        help_text="For example, Harbour Minds, Leeds hub.",
    )
    address_1 = forms.CharField(label="Address line", required=False, max_length=255)
    city = forms.CharField(label="Town or city", required=False, max_length=100)
    postal_code = forms.CharField(label="Postcode", required=False, max_length=10)
    description = forms.CharField(
        label="How to find it (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="For example, which entrance to use or where to wait.",
    )

    @classmethod
    def initial_from(cls, location) -> dict:
        return {
            name: getattr(location, name)
            for name in ("name", "address_1", "city", "postal_code", "description")
        }

    def details(self) -> LocationDetails:
        data = self.cleaned_data
        return LocationDetails(
            name=data["name"],
            postal_code=data["postal_code"],
            address_1=data["address_1"],
            city=data["city"],
            description=data["description"],
        )


class LinkLocationForm(GovukForm):
    """Choose one of the organisation's own locations to add to a service."""

    location = forms.ChoiceField(
        label="Which location?",
        widget=GovukRadios,
        error_messages={
            "required": "Select a location to add",
            "invalid_choice": "Select one of your organisation's own locations",
        },
    )

    def __init__(self, data=None, *, locations):
        super().__init__(data)
        self.first_field_id = "id_location"
        self.fields["location"].choices = [
            (str(location.id), ", ".join(part for part in (location.name, location.postal_code) if part))
            for location in locations
        ]
