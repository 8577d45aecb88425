"""Which areas a user's insight covers (ADR 35).

A commissioner sees the areas their organisation commissions for, anything inside them, and England
totals; a national organisation sees every area. An area outside is out of scope and answers 404, as
any record outside a user's scope does. England is offered as totals only: the tables that compare
every ICB (or other area) in England side by side are withheld, since they would show each other area.
Provider managers' insight is limited to their own services instead, so any area is theirs to filter by.
"""

from dataclasses import dataclass

from django.http import Http404

from throughcare.accounts.models import CommissioningCoverage
from throughcare.core.permissions import Permission, has_permission
from throughcare.insight.areas import ENGLAND_AREA, Area, Level, find_area
from throughcare.insight.filters import FilterResult, parse_filters

OUT_OF_SCOPE = "Your organisation does not commission for this area."
NOT_SET = (
    "The areas your organisation commissions for are not set, so you see England totals only. "
    "Ask your Throughcare administrator to set them."
)


@dataclass(frozen=True)
class Coverage:
    every_area: bool
    areas: tuple[Area, ...] = ()

    @property
    def default_area(self) -> Area:
        """What a view shows when no area is asked for: the first own area, or England."""
        return self.areas[0] if self.areas and not self.every_area else ENGLAND_AREA

    @property
    def england_totals_only(self) -> bool:
        return not self.every_area

    def allows(self, area: Area) -> bool:
        if self.every_area or area.is_england:
            return True
        if any((own.level, own.code) == (area.level, area.code) for own in self.areas):
            return True
        if not self.areas:
            return False
        # Inside: every local authority of the asked-for area is in one of the organisation's areas,
        # read from the same kept gazetteer as the list of areas to choose from.
        own: set[str] = set().union(*(own_area.local_authority_set() for own_area in self.areas))
        asked = area.local_authority_set()
        return bool(asked) and asked <= own


def coverage_for(user) -> Coverage:
    """The user's coverage: a commissioner's from their organisation; everyone else's is every area."""
    if not has_permission(user, Permission.VIEW_INSIGHT):
        return Coverage(every_area=True)
    return organisation_coverage(user.current_organisation)


def organisation_coverage(organisation) -> Coverage:
    """What a commissioning organisation covers: everything if national, nothing below England if unset."""
    coverage = organisation.commissioning_coverage if organisation else ""
    if coverage == CommissioningCoverage.NATIONAL:
        return Coverage(every_area=True)
    if not coverage:
        return Coverage(every_area=False)
    level = Level(coverage)
    areas = tuple(
        area for code in organisation.commissioning_area_codes if (area := find_area(level, code)) is not None
    )
    return Coverage(every_area=False, areas=areas)


def filters_in_coverage(user, params) -> tuple[FilterResult, Coverage]:
    """The filters from the URL, defaulting to the user's own area; Http404 for an area outside it."""
    coverage = coverage_for(user)
    result = parse_filters(params, default_area=coverage.default_area)
    if result.is_valid and not coverage.allows(result.filters.area):
        raise Http404(OUT_OF_SCOPE)
    return result, coverage
