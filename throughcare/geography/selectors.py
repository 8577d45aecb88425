"""Reading the gazetteer: areas for filter drop-downs, and one area by its code.

Geography is public reference data, so these reads need no scope and record no audit event.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db import models

from throughcare.geography.models import Country, Icb, LocalAuthority, NhsRegion, Pdu, ProbationRegion


class AreaType(StrEnum):
    LOCAL_AUTHORITY = "local_authority"
    ICB = "icb"
    PDU = "pdu"
    NHS_REGION = "nhs_region"
    PROBATION_REGION = "probation_region"


AREA_MODELS: dict[AreaType, type[LocalAuthority | Icb | Pdu | NhsRegion | ProbationRegion]] = {
    AreaType.LOCAL_AUTHORITY: LocalAuthority,
    AreaType.ICB: Icb,
    AreaType.PDU: Pdu,
    AreaType.NHS_REGION: NhsRegion,
    AreaType.PROBATION_REGION: ProbationRegion,
}


AREA_LABELS = {
    AreaType.LOCAL_AUTHORITY: "local authority",
    AreaType.ICB: "integrated care board",
    AreaType.PDU: "probation delivery unit",
    AreaType.NHS_REGION: "NHS region",
    AreaType.PROBATION_REGION: "probation region",
}


class UnknownArea(LookupError):  # noqa: N818 - reads as what happened: "raise UnknownArea(...)"
    """No area of that type has that code (or there is no such type of area)."""


def english_local_authorities() -> models.QuerySet[LocalAuthority]:
    return LocalAuthority.objects.filter(nation=Country.ENGLAND).order_by("name")


def icbs() -> models.QuerySet[Icb]:
    return Icb.objects.order_by("name")


def pdus() -> models.QuerySet[Pdu]:
    return Pdu.objects.select_related("region").order_by("name")


def nhs_regions() -> models.QuerySet[NhsRegion]:
    return NhsRegion.objects.order_by("name")


def probation_regions() -> models.QuerySet[ProbationRegion]:
    return ProbationRegion.objects.order_by("name")


AREA_LISTS = {
    AreaType.LOCAL_AUTHORITY: english_local_authorities,
    AreaType.ICB: icbs,
    AreaType.PDU: pdus,
    AreaType.NHS_REGION: nhs_regions,
    AreaType.PROBATION_REGION: probation_regions,
}


def _area_type(area_type: str) -> AreaType:
    try:
        return AreaType(area_type)
    except ValueError:
        kinds = ", ".join(AreaType)
        raise UnknownArea(f"There is no type of area called {area_type!r}; choose from {kinds}.") from None


def area_choices(area_type: str) -> list[tuple[str, str]]:
    """(code, name) pairs for a drop-down of one type of area, in name order."""
    return list(AREA_LISTS[_area_type(area_type)]().values_list("code", "name"))


def area_lookup(area_type: str, code: str) -> models.Model:
    """The area of that type with that code, or UnknownArea saying which code was not found."""
    kind = _area_type(area_type)
    model = AREA_MODELS[kind]
    area = model.objects.filter(pk=(code or "").strip().upper()).first()
    if area is None:
        raise UnknownArea(f"There is no {AREA_LABELS[kind]} with the code {code!r}.")
    return area


@dataclass(frozen=True)
class NamedArea:
    """An area as a person picks it: by name, told apart from a namesake of another kind by that kind."""

    kind: AreaType
    code: str
    name: str

    @property
    def value(self) -> str:
        """One string for a form to carry, like "pdu:N55LEE"."""
        return f"{self.kind}:{self.code}"

    @property
    def kind_label(self) -> str:
        return AREA_LABELS[self.kind]

    @property
    def label(self) -> str:
        # ICB names already end "Integrated Care Board"; "Leeds" is both an authority and a PDU.
        if self.kind == AreaType.ICB:
            return self.name
        return f"{self.name} ({self.kind_label})"


def named_areas(kinds: Iterable[AreaType]) -> list[NamedArea]:
    """Every area of these kinds, in the order given and by name within a kind (one query a kind)."""
    return [
        NamedArea(kind, code, name)
        for kind in kinds
        for code, name in AREA_LISTS[kind]().values_list("code", "name")
    ]


def icb_codes_in_nhs_region(code: str) -> list[str]:
    return list(Icb.objects.filter(nhs_region=code).order_by("code").values_list("code", flat=True))


def pdu_codes_in_probation_region(code: str) -> list[str]:
    return list(Pdu.objects.filter(region=code).order_by("code").values_list("code", flat=True))
