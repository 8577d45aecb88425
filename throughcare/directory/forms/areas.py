"""Where a service is available, chosen by the names of areas rather than their codes.

The page lists the areas the service covers, each with a Remove button, and has one "Add an area"
drop-down of every local authority, ICB, NHS region, PDU and probation region by name. With JavaScript
the drop-down becomes alphagov's accessible-autocomplete, which also posts the words typed (`area_name`),
so a name typed but not picked from the suggestions is still matched here, or answered with the
nearest names. A region is added as the ICBs or PDUs in it. Which areas exist and what an ICB or PDU
covers stay the directory service's rules: this form only turns names into codes.

Adding or removing an area is a step, not a save: the page comes back with everything as typed and
only the area's own message, if any. "Save changes" adds an area that was chosen but not yet added.
"""

from collections.abc import Callable
from dataclasses import replace

from django import forms
from django.forms.utils import ErrorDict
from django.http import QueryDict

from throughcare.core.forms import GovukForm
from throughcare.directory.details import ServiceDetails
from throughcare.directory.forms.fields import CodesField, whole_number
from throughcare.geography import selectors as geography
from throughcare.geography.choosing import AreaOptions, no_such_area
from throughcare.geography.selectors import AreaType, NamedArea

# The kinds of area a service stores, by the field of its details that lists their codes.
AREA_CODE_FIELDS: dict[AreaType, str] = {
    AreaType.LOCAL_AUTHORITY: "local_authority_codes",
    AreaType.ICB: "icb_codes",
    AreaType.PDU: "pdu_codes",
}
# A region is stored as its parts: NHS regions as their ICBs, probation regions as their PDUs.
REGION_PARTS: dict[AreaType, tuple[AreaType, Callable[[str], list[str]]]] = {
    AreaType.NHS_REGION: (AreaType.ICB, geography.icb_codes_in_nhs_region),
    AreaType.PROBATION_REGION: (AreaType.PDU, geography.pdu_codes_in_probation_region),
}
# In the drop-down: the kinds people name most often first.
CHOOSABLE_KINDS = (
    AreaType.LOCAL_AUTHORITY,
    AreaType.ICB,
    AreaType.NHS_REGION,
    AreaType.PDU,
    AreaType.PROBATION_REGION,
)
ADD_BUTTON = "add_area"
REMOVE_BUTTON = "remove_area"


def _editable(data) -> QueryDict:
    """A copy of posted data (a QueryDict, or a dict of values and lists in tests) that can be changed."""
    if isinstance(data, QueryDict):
        return data.copy()
    editable = QueryDict(mutable=True)
    for key, value in data.items():
        editable.setlist(
            key, [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)]
        )
    return editable


class AreaChoosingForm(GovukForm):
    """The "where is it available" question, shared by the service page and the page of areas alone."""

    covers_england = forms.BooleanField(label="Anyone in England", required=False)
    local_authority_codes = CodesField(
        label="Local authorities", required=False, widget=forms.MultipleHiddenInput
    )
    icb_codes = CodesField(label="Integrated care boards", required=False, widget=forms.MultipleHiddenInput)
    pdu_codes = CodesField(label="Probation delivery units", required=False, widget=forms.MultipleHiddenInput)
    area = forms.ChoiceField(
        label="Add an area",
        required=False,
        help_text="Type or choose the name of a local authority, integrated care board, NHS region, "
        "probation delivery unit or probation region. A region covers every area in it.",
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    radius_miles = whole_number("Within this many miles of its locations", 15)

    def __init__(self, data=None, *, areas: AreaOptions, **kwargs):
        self.areas = areas
        self.is_area_step = data is not None and (ADD_BUTTON in data or REMOVE_BUTTON in data)
        self._area_problem = ""
        if data is not None:
            data = _editable(data)
            self._area_problem = self._take_area_step(data)
        super().__init__(data, **kwargs)
        self.fields["area"].choices = areas.choices()

    def _take_area_step(self, data: QueryDict) -> str:
        """Add the chosen area to (or remove one from) the posted codes; a message if none matches."""
        removing = self.areas.by_value.get(data.get(REMOVE_BUTTON, ""))
        if removing is not None:
            field_name = AREA_CODE_FIELDS[removing.kind]
            data.setlist(field_name, [code for code in data.getlist(field_name) if code != removing.code])
            return ""
        # Words typed in the suggesting box win: its drop-down keeps the last area picked.
        typed = " ".join(data.get("area_name", "").split())
        chosen = self.areas.named(typed) if typed else self.areas.by_value.get(data.get("area", ""))
        if typed and chosen is None:
            return no_such_area(typed, self.areas.nearest(typed))
        if chosen is None:
            return "Choose an area to add" if ADD_BUTTON in data and not data.get("area") else ""
        kind, codes = chosen.kind, [chosen.code]
        if kind in REGION_PARTS:
            kind, parts_of = REGION_PARTS[kind]
            codes = parts_of(chosen.code)
        field_name = AREA_CODE_FIELDS[kind]
        data.setlist(field_name, list(dict.fromkeys([*data.getlist(field_name), *codes])))
        data["area"] = data["area_name"] = ""
        return ""

    def clean(self):
        cleaned = super().clean()
        if self._area_problem:
            self.add_error("area", self._area_problem)
        return cleaned

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_area_step:  # a step: only the area's own message, nothing about unfinished answers
            self._errors = ErrorDict(
                {name: errors for name, errors in self._errors.items() if name == "area"}
            )

    def is_valid(self) -> bool:
        """A step is never a save, even when every answer is fine."""
        return super().is_valid() and not self.is_area_step

    def covered_areas(self) -> list[NamedArea]:
        """The named areas the form now holds, by kind and then name, for the list with Remove buttons."""
        held = {
            f"{kind}:{code}"
            for kind, field_name in AREA_CODE_FIELDS.items()
            for code in (self[field_name].value() or [])
        }
        known = [area for area in self.areas.areas if area.value in held]
        # A code that names no area stays listed as itself, so it can be removed.
        unknown = sorted(held - {area.value for area in known})
        return known + [
            NamedArea(AreaType(kind), code, code) for kind, code in (v.split(":") for v in unknown)
        ]


# The details of a service this page changes; its other details are kept as they are.
AREA_DETAILS = ("covers_england", "radius_miles", *AREA_CODE_FIELDS.values())
# The service says "where is it available" as a whole (about the first box) and names unknown codes.
AREA_ERROR_FIELDS = {"areas": "covers_england", **dict.fromkeys(AREA_CODE_FIELDS.values(), "area")}


class ServiceAreasForm(AreaChoosingForm):
    """Where a service is available, on a page of its own."""

    first_field_id = "id_covers_england"

    @classmethod
    def initial_from(cls, details: ServiceDetails) -> dict:
        radius = details.radius_miles
        return {
            "covers_england": details.covers_england,
            "radius_miles": "" if radius is None else str(radius),
            **{name: list(getattr(details, name)) for name in AREA_CODE_FIELDS.values()},
        }

    def applied_to(self, details: ServiceDetails) -> ServiceDetails:
        """The service's stored details with this page's answers in place of its own."""
        data = self.cleaned_data
        return replace(details, **{name: data[name] for name in AREA_DETAILS})

    def service_field_name(self, key: str) -> str:
        return AREA_ERROR_FIELDS.get(key, key)
