"""The public search: where you are and what you would like help with."""

from django import forms

from throughcare.core.forms import GovukForm
from throughcare.public.words import PLAIN_NEEDS


class FindSupportForm(GovukForm):
    where = forms.CharField(
        label="Where are you?",
        help_text="Enter a postcode, like LS1 4AP, or a town or city, like Leeds.",
        max_length=60,
        error_messages={
            "required": "Enter a postcode or the name of a town or city",
            "max_length": "Enter a postcode or town name of 60 letters or fewer",
        },
    )
    need = forms.MultipleChoiceField(
        label="What would you like help with?",
        help_text="Choose all that fit. Leave them all empty to see every kind of help.",
        choices=[(need.slug, need.words) for need in PLAIN_NEEDS],
        required=False,
        error_messages={"invalid_choice": "Choose what you would like help with from the list"},
    )
