"""The areas a person may choose on the insight pages, by name, grouped by kind of area.

A commissioner chooses an area from a list of names, never by typing an ONS code: the list holds
England and every area their coverage allows (all of them for a national organisation; otherwise
their own areas and the areas wholly inside them). Each choice's value is "level:code", read back by
`filters.parse_filters` as the level and the area.
"""

from throughcare.geography.membership import local_authority_areas
from throughcare.insight.areas import LEVEL_LABELS, Level
from throughcare.insight.coverage import Coverage

# The order the list shows kinds of area in: the NHS's, then probation's, then local authorities.
LEVELS_LISTED = (Level.NHS_REGION, Level.ICB, Level.PROBATION_REGION, Level.PDU, Level.LOCAL_AUTHORITY)


def place_value(level: Level, code: str = "") -> str:
    return "england" if level is Level.ENGLAND else f"{level.value}:{code}"


# Each kind of area as the local authority's path to its code and its name.
PATHS = {
    Level.NHS_REGION: ("icb__nhs_region_id", "icb__nhs_region__name"),
    Level.ICB: ("icb_id", "icb__name"),
    Level.PROBATION_REGION: ("pdu__region_id", "pdu__region__name"),
    Level.PDU: ("pdu_id", "pdu__name"),
    Level.LOCAL_AUTHORITY: ("code", "name"),
}


def _areas_with_their_local_authorities() -> dict[Level, dict[str, tuple[str, set[str]]]]:
    """For each kind of area, each area's name and local authorities (from the kept gazetteer): an
    area with no local authority has no figures, so it is not worth choosing."""
    areas: dict[Level, dict[str, tuple[str, set[str]]]] = {level: {} for level in LEVELS_LISTED}
    for row in local_authority_areas():
        for level in LEVELS_LISTED:
            code_field, name_field = PATHS[level]
            if code := row[code_field]:
                areas[level].setdefault(code, (row[name_field], set()))[1].add(row["code"])
    return areas


def area_options(coverage: Coverage) -> list[tuple[str, list[tuple[str, str]]]]:
    """(kind of area, [(value, name)]) for the filter's list, England first on its own."""
    areas = _areas_with_their_local_authorities()
    own: set[str] = set()
    for area in coverage.areas:
        own |= areas.get(area.level, {}).get(area.code, ("", set()))[1]
    groups: list[tuple[str, list[tuple[str, str]]]] = [("", [(place_value(Level.ENGLAND), "England")])]
    for level in LEVELS_LISTED:
        choices = sorted(
            (
                (place_value(level, code), name)
                for code, (name, members) in areas[level].items()
                if coverage.every_area or members <= own
            ),
            key=lambda choice: choice[1],
        )
        if choices:
            groups.append((LEVEL_LABELS[level], choices))
    return groups
