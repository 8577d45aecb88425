from django import forms

from throughcare.core.forms import GovukForm
from throughcare.directory.forms.fields import GovukCheckboxes, GovukRadios
from throughcare.directory.models import ServiceStatus
from throughcare.directory.search import (
    DEFAULT_MILES,
    MILES_CHOICES,
    ONLY_CHOICES,
    SORT_CHOICES,
    Filters,
    Sort,
)
from throughcare.directory.vocabularies import (
    COMMUNITIES,
    CUSTODY_STAGES,
    DELIVERY,
    NEEDS,
    REFERRAL_ROUTES,
    TIERS,
)

ANY_STATUS = "any"
DEFAULTS = {"miles": str(DEFAULT_MILES), "status": ServiceStatus.ACTIVE, "sort": Sort.NEAREST, "tier": ""}


def _terms(vocabulary, label: str | None = None) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label or vocabulary.name,
        required=False,
        widget=GovukCheckboxes,
        choices=[(code, name) for code, name, _ in vocabulary.terms],
        error_messages={"invalid_choice": f"Select {vocabulary.name.lower()} in the list"},
    )


class SearchForm(GovukForm):
    """The directory search. It is submitted by GET, so every search has a URL that can be shared."""

    first_field_id = "id_q"

    q = forms.CharField(
        label="Service or organisation name, or words in its description", required=False, max_length=100
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        help_text="Where the person lives or will live, like M1 1AE, or the first part, like M1.",
    )
    miles = forms.TypedChoiceField(
        label="Distance",
        required=False,
        coerce=int,
        empty_value=DEFAULT_MILES,
        choices=[(miles, f"Within {miles} mile{'s' if miles > 1 else ''}") for miles in MILES_CHOICES],
        error_messages={"invalid_choice": "Select a distance from the list"},
    )
    tier = forms.ChoiceField(
        label="Tier",
        required=False,
        widget=GovukRadios,
        choices=[("", "Any tier"), *[(code, name) for code, name, _ in TIERS.terms]],
        error_messages={"invalid_choice": "Select a tier from the list"},
    )
    need = _terms(NEEDS, "Needs")
    route = _terms(REFERRAL_ROUTES, "Who can refer")
    stage = _terms(CUSTODY_STAGES)
    delivery = _terms(DELIVERY)
    community = _terms(COMMUNITIES)
    only = forms.MultipleChoiceField(
        label="Only show services that",
        required=False,
        widget=GovukCheckboxes,
        choices=ONLY_CHOICES,
        error_messages={"invalid_choice": "Select from the list"},
    )
    age = forms.IntegerField(
        label="Person's age (optional)",
        required=False,
        min_value=0,
        max_value=120,
        error_messages={
            "invalid": "Age must be a whole number, like 34",
            "min_value": "Age must be 0 or more",
            "max_value": "Age must be 120 or less",
        },
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        widget=GovukRadios,
        choices=[
            (ServiceStatus.ACTIVE, "Open now"),
            (ServiceStatus.TEMPORARILY_CLOSED, "Temporarily closed"),
            (ANY_STATUS, "Any status"),
        ],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=SORT_CHOICES,
        error_messages={"invalid_choice": "Select how to sort from the list"},
    )

    def __init__(self, data=None, **kwargs):
        if data is not None:
            # A search with a setting left out uses its default, and the form shows it chosen.
            data = data.copy()
            for name, default in DEFAULTS.items():
                if not data.get(name):
                    data[name] = default
        super().__init__(data, **kwargs)

    def filters(self) -> Filters:
        data = self.cleaned_data
        status = data["status"] or ServiceStatus.ACTIVE
        return Filters(
            keyword=data["q"].strip(),
            tier=data["tier"],
            need_codes=tuple(data["need"]),
            referral_route_codes=tuple(data["route"]),
            custody_stage_codes=tuple(data["stage"]),
            delivery_codes=tuple(data["delivery"]),
            community_codes=tuple(data["community"]),
            only=frozenset(data["only"]),
            age=data["age"],
            status="" if status == ANY_STATUS else status,
        )

    def chosen(self) -> list[str]:
        """The filters beyond place and distance that are set, in words, to say what the results are."""
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return []
        data, words = self.cleaned_data, []
        for name in ("need", "tier", "route", "stage", "delivery", "community", "only"):
            values = data.get(name) or []
            labels = dict(self.fields[name].choices)
            words.extend(
                str(labels[value]) for value in ([values] if isinstance(values, str) else values) if value
            )
        if data.get("age") is not None:
            words.append(f"aged {data['age']}")
        return words
