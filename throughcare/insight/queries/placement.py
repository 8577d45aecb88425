"""People referred in the period, counted in each area compared within the one asked for.

Provision against need compares the areas inside the one asked for (an ICB's local authorities, a
region's ICBs) by how many people were referred in each. A person whose home is recorded is counted
where they live; a person whose home is not known in every compared area that the services they were
referred to cover (insight/areas.py). The shared cohort read (queries/facts.py) already holds each
referral's person, home and service, so this adds them up from those rows with two small lookups
(which compared area each local authority is in, from the kept gazetteer, and which of them each
service covers) instead of reading the period's referrals again. `provision._people_by_child` is
the same count as one query; the tests compare the two.
"""

from collections import defaultdict

from throughcare.directory.models import ServiceCoverage
from throughcare.geography.membership import local_authority_areas
from throughcare.insight.areas import child_field
from throughcare.insight.filters import InsightFilters
from throughcare.insight.queries.common import raw_rows


class PeoplePlacer:
    """Collects, row by row, where each referred person is placed; `by_child_area` adds them up."""

    def __init__(self) -> None:
        self.by_home: dict[str, set] = defaultdict(set)  # home LA -> people living there
        self.by_service: dict[object, set] = defaultdict(set)  # service -> people with no recorded home

    def add(self, person_id, service_id, home_authority: str | None, home_country: str) -> None:
        if home_authority:
            self.by_home[home_authority].add(person_id)
        elif not home_country:
            self.by_service[service_id].add(person_id)

    def merge(self, other: "PeoplePlacer") -> None:
        """Place another placer's people (of other referrals) here too."""
        for authority, people in other.by_home.items():
            self.by_home[authority] |= people
        for service_id, people in other.by_service.items():
            self.by_service[service_id] |= people

    def placed_by_service(self) -> int:
        """Distinct people with no recorded home, so placed by their services' areas."""
        return len(set().union(*self.by_service.values()))

    def by_child_area(self, filters: InsightFilters) -> dict[str, int]:
        """Compared area code -> distinct people placed in it: which compared area each local
        authority is in comes from the kept gazetteer, and one query reads which of them each service
        covers when anyone's home is not recorded."""
        area = filters.area
        within = None if area.is_england else area.local_authority_set()
        column = child_field(area)
        child_of = {
            row["code"]: row[column]
            for row in local_authority_areas()
            if row[column] is not None and (within is None or row["code"] in within)
        }
        placed: dict[str, set] = defaultdict(set)
        for authority, people in self.by_home.items():
            child = child_of.get(authority)
            if child is not None:
                placed[child] |= people
        if self.by_service:
            coverage = ServiceCoverage.objects.filter(local_authority_code__in=sorted(child_of)).order_by()
            # Read whole: a few thousand rows for an ICB cost less than naming every service. Raw, as
            # the cohort's service ids were read (facts.py), so the two compare equal.
            for service_id, authority in raw_rows(coverage.values_list("service_id", "local_authority_code")):
                people = self.by_service.get(service_id)
                child = child_of.get(authority)
                if people and child is not None:
                    placed[child] |= people
        return {child: len(people) for child, people in placed.items()}
