"""Areas commissioners look at, from the gazetteer, and how services and people are placed in them.

Every area below England is a set of local authorities (LAs): an NHS region's and an ICB's are the
LAs the gazetteer places in them (by the ICB covering most of each LA), a probation region's and a
PDU's are the LAs their PDUs name. A service is in an area when its coverage includes one of those
LAs (services covering all of England are in every area). A person, and so each referral for them,
is in the area they live in (people/residence.py), whichever services they were referred to; only
when where they live is not recorded is a referral placed by the areas its service covers. The
methods page says so, and each view says how many people it placed that way.
"""

import enum
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from throughcare.core.disclosure import ENGLAND
from throughcare.directory.models import ServiceCoverage
from throughcare.geography.membership import members
from throughcare.geography.models import Icb, LocalAuthority, NhsRegion, Pdu, ProbationRegion


class Level(enum.StrEnum):
    ENGLAND = ENGLAND
    NHS_REGION = "nhs_region"
    ICB = "icb"
    LOCAL_AUTHORITY = "local_authority"
    PROBATION_REGION = "probation_region"
    PDU = "pdu"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]


LEVEL_LABELS = {
    Level.ENGLAND: "England",
    Level.NHS_REGION: "NHS region",
    Level.ICB: "Integrated care board (ICB)",
    Level.LOCAL_AUTHORITY: "Local authority",
    Level.PROBATION_REGION: "Probation region",
    Level.PDU: "Probation delivery unit (PDU)",
}

_MODELS = {
    Level.NHS_REGION: NhsRegion,
    Level.ICB: Icb,
    Level.LOCAL_AUTHORITY: LocalAuthority,
    Level.PROBATION_REGION: ProbationRegion,
    Level.PDU: Pdu,
}

# How an LA belongs to an area at each level.
_LA_FILTER = {
    Level.NHS_REGION: "icb__nhs_region_id",
    Level.ICB: "icb_id",
    Level.LOCAL_AUTHORITY: "code",
    Level.PROBATION_REGION: "pdu__region_id",
    Level.PDU: "pdu_id",
}


@dataclass(frozen=True)
class Area:
    level: Level
    code: str
    name: str

    @property
    def is_england(self) -> bool:
        return self.level is Level.ENGLAND

    def local_authority_codes(self) -> QuerySet:
        """A subquery of the LA codes in the area (not evaluated: used inside other queries)."""
        return LocalAuthority.objects.filter(**{_LA_FILTER[self.level]: self.code}).values("code")

    def local_authority_set(self) -> set[str]:
        """The LA codes in the area, from the kept gazetteer (no query while it is kept)."""
        return members(_LA_FILTER[self.level], [self.code])

    def services_q(self, prefix: str = "") -> Q:
        """Services in the area: covering one of its LAs, or all of England."""
        if self.is_england:
            return Q()
        covering = ServiceCoverage.objects.filter(local_authority_code__in=self.local_authority_codes())
        return Q(**{f"{prefix}id__in": covering.values("service_id")}) | Q(
            **{f"{prefix}covers_england": True}
        )

    def referrals_q(self, prefix: str = "") -> Q:
        """Referrals placed in the area: for a person whose home is recorded, where they live; for one
        whose home is not known, where the service they were referred to works (a referral to a
        service covering all of England is then placed only at England level). People living outside
        England count only at England level."""
        if self.is_england:
            return Q()
        covering = ServiceCoverage.objects.filter(local_authority_code__in=self.local_authority_codes())
        lives_here = Q(**{f"{prefix}person__residence_local_authority_id__in": self.local_authority_codes()})
        home_unknown = Q(**{f"{prefix}person__residence_country": ""})
        return lives_here | (home_unknown & Q(**{f"{prefix}service_id__in": covering.values("service_id")}))


ENGLAND_AREA = Area(Level.ENGLAND, "E92000001", "England")


def find_area(level: Level, code: str) -> Area | None:
    """The area with this code at this level, or None when the gazetteer has no such area."""
    if level is Level.ENGLAND:
        return ENGLAND_AREA
    row = _MODELS[level].objects.filter(pk=code).values_list("name", flat=True).first()
    return Area(level, code, row) if row is not None else None


def area_choices(level: Level) -> list[tuple[str, str]]:
    """(code, name) of every area at a level, for the filter form's list."""
    if level is Level.ENGLAND:
        return []
    return list(_MODELS[level].objects.order_by("name").values_list("code", "name"))


# The areas a view compares within an area: England's and a region's ICBs, an ICB's or a PDU's local
# authorities, a probation region's PDUs. (A local authority is compared with nothing below it.)
CHILD_LEVEL = {
    Level.ENGLAND: Level.ICB,
    Level.NHS_REGION: Level.ICB,
    Level.ICB: Level.LOCAL_AUTHORITY,
    Level.PROBATION_REGION: Level.PDU,
    Level.PDU: Level.LOCAL_AUTHORITY,
    Level.LOCAL_AUTHORITY: Level.LOCAL_AUTHORITY,
}


def child_level(area: Area) -> Level:
    return CHILD_LEVEL[area.level]


def child_field(area: Area) -> str:
    """The LocalAuthority field that names the child area an LA belongs to."""
    return _LA_FILTER[child_level(area)]


def child_names(area: Area) -> dict[str, str]:
    """Code -> name of the areas compared within `area` (one query)."""
    level = child_level(area)
    model = _MODELS[level]
    if area.is_england:
        rows = model.objects.all()
    elif level is Level.LOCAL_AUTHORITY:
        rows = model.objects.filter(code__in=area.local_authority_codes())
    else:
        rows = model.objects.filter(pk__in=area.local_authority_codes().values(_LA_FILTER[level]))
    return dict(rows.order_by("name").values_list("pk", "name"))
