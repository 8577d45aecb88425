"""Joining the geography files up by name, where the sources share no codes.

Two joins, both pure functions of the records in `sources`:

- a postcode district names its area in words (a unitary authority, a county or "Greater London");
  `DistrictResolver` finds the local authority, exactly where the name is an authority's, else the
  authority of that county (or London, or combined authority) whose centroid is nearest;
- a probation delivery unit names its areas in its own name ("Essex North (Braintree, Chelmsford,
  ...)"); `match_pdus` finds the authorities named there, then gives a county's remaining districts
  to the one PDU that names the county. Anything that would need a guess is left unmatched.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from throughcare.geography.distance import haversine_miles
from throughcare.geography.models import Country
from throughcare.geography.sources import Authority, District, PduRow

# Misspellings in the probation source, listed in shared/data/README.md, plus "the City" (of London).
PDU_NAME_FIXES = {
    "malden": "maldon",
    "castlepoint": "castle point",
    "tonbridge wells": "tunbridge wells",
    "conway": "conwy",
    "hackney and city": "hackney and city of london",
}
# Names PDUs use that neither the authority's own names nor the general variants below produce.
EXTRA_NAMES = {
    "E06000011": ("east riding",),  # East Riding of Yorkshire
    "E07000109": ("gravesend",),  # Gravesham: the borough of the town of Gravesend
}
# Words that mark an alternative name as a council's formal title rather than a place name.
TITLE_WORDS = re.compile(r"\b(council|boro|borough|district|ua|corporation|metropolitan|mdc)\b")
COMPASS = ("north", "south", "east", "west")
# "North and North East Lincolnshire" names North Lincolnshire too.
COMPASS_AND = re.compile(
    r"\b(north|south|east|west) and ((?:(?:north|south|east|west) )*)(?!(?:north|south|east|west)\b)([a-z]+)"
)


def simplify(name: str) -> str:
    """Lower case, '&' as 'and', no full stops, apostrophes or hyphens, single spaces."""
    name = name.lower().replace("&", " and ").replace(".", "").replace("'", "").replace("-", " ")
    name = re.sub(r"\s*,\s*", ", ", name)
    return " ".join(name.split())


def _with_word(text: str, word: str) -> bool:
    return re.search(rf"\b{re.escape(word)}\b", text) is not None


# --- Postcode districts ----------------------------------------------------------------------


class Resolution(StrEnum):
    EXACT = "exact"
    APPROXIMATE = "approximate"
    UNRESOLVED = "unresolved"


@dataclass(frozen=True)
class DistrictMatch:
    gss_code: str | None
    resolution: Resolution


def current_authorities(authorities: Iterable[Authority]) -> list[Authority]:
    """The authorities Throughcare stores: current lower-tier or unitary ones, of every nation."""
    return [a for a in authorities if a.is_current and a.is_lower_or_unitary]


def _query_variants(name: str) -> list[str]:
    """A region name as written, then without the 'City of' / 'Borough' / 'County' dressing."""
    variants = [name]
    for pattern in (r"^city of ", r", city of$", r" city$", r" borough$", r"^county ", r" county$"):
        stripped = re.sub(pattern, "", name)
        if stripped != name:
            variants.append(stripped)
    return variants


def _group_members(authorities, by_key, current) -> dict[str, set[str]]:
    """Each group's key -> the keys of today's authorities in it (a group may be a single old council)."""

    def successors(key: str, seen: frozenset = frozenset()) -> set[str]:
        # Follow replacements through to today's authorities (Taunton Deane -> ... -> Somerset).
        if key in current:
            return {key}
        replaced_by = by_key[key].replaced_by if key in by_key else ()
        return set().union(*(successors(k, seen | {key}) for k in replaced_by if k not in seen))

    members: dict[str, set[str]] = defaultdict(set)
    for authority in current.values():
        for group_key in (authority.county_key, authority.combined_authority_key):
            if group_key:
                members[group_key].add(authority.key)
    for former in authorities:
        if former.is_current:
            continue
        members[former.key] |= successors(former.key)
        if former.county_key:
            # A county's abolished districts lead to the unitaries that replaced them (Christchurch
            # -> BCP for Dorset). Successors already in a county of their own stay there.
            members[former.county_key] |= {k for k in successors(former.key) if not current[k].county_key}
        if not former.replaced_by and former.kind != "CTY":
            # Northern Ireland's pre-2015 districts record no successor: any of the nation's may be.
            members[former.key] = {a.key for a in current.values() if a.nation == former.nation}
    return members


def _group_name_variants(group: Authority) -> set[str]:
    """The names a region's text may give a group by."""
    name = simplify(group.name)
    variants = {name, re.sub(r" (county|city)$", "", name)}
    if group.is_lower_or_unitary:
        variants.add(name.split(" and ")[0])  # Dungannon and South Tyrone -> Dungannon
    return variants


class DistrictResolver:
    """Finds the current local authority for a district's `region` text."""

    def __init__(self, authorities: list[Authority]):
        by_key = {a.key: a for a in authorities}
        current = {a.key: a for a in current_authorities(authorities)}
        self.names: dict[str, set[str]] = defaultdict(set)
        for authority in current.values():
            for name in (authority.name, *authority.alt_names):
                if name.isascii():
                    self.names[simplify(name)].add(authority.key)
        for former in authorities:
            successors = [key for key in former.replaced_by if key in current]
            if not former.is_current and former.is_lower_or_unitary and len(successors) == 1:
                self.names[simplify(former.name)].add(successors[0])  # e.g. Poole, now in BCP
        self.groups = self._groups(authorities, by_key, current)
        self.current = current

    @staticmethod
    def _groups(authorities, by_key, current) -> dict[str, set[str]]:
        """Names of areas made of several authorities: counties, combined authorities, old councils."""
        members = _group_members(authorities, by_key, current)
        groups: dict[str, set[str]] = defaultdict(set)
        for key, keys in members.items():
            group = by_key.get(key)
            if group is None or not keys or (group.is_current and group.is_lower_or_unitary):
                continue
            for variant in _group_name_variants(group):
                groups[variant] |= keys
        return dict(groups)

    def resolve(self, region: str, latitude: float, longitude: float) -> DistrictMatch:
        for name in _query_variants(simplify(region)):
            group = self.groups.get(name, set())
            if len(group) > 1:
                return DistrictMatch(self._nearest(group, latitude, longitude), Resolution.APPROXIMATE)
            keys = self.names.get(name) or group
            if len(keys) == 1:
                return DistrictMatch(self.current[next(iter(keys))].gss_code, Resolution.EXACT)
        return DistrictMatch(None, Resolution.UNRESOLVED)

    def _nearest(self, keys: set[str], latitude: float, longitude: float) -> str | None:
        located = [self.current[k] for k in sorted(keys) if self.current[k].latitude is not None]
        if not located:
            return None
        nearest = min(located, key=lambda a: haversine_miles(latitude, longitude, a.latitude, a.longitude))
        return nearest.gss_code


def resolve_districts(districts: list[District], authorities: list[Authority]) -> dict[str, DistrictMatch]:
    resolver = DistrictResolver(authorities)
    return {d.code: resolver.resolve(d.region, d.latitude, d.longitude) for d in districts}


# --- Probation delivery units ----------------------------------------------------------------


class PduMatchKind(StrEnum):
    NAME = "name"  # the PDU's name names the authority
    COUNTY = "county"  # the PDU's name names the authority's county, and no other PDU's does
    AMBIGUOUS = "ambiguous"  # more than one PDU names it (split areas like Manchester North/South)
    UNMATCHED = "unmatched"


@dataclass(frozen=True)
class PduMatch:
    pdu_code: str | None
    kind: PduMatchKind
    candidates: tuple[str, ...] = ()


def _name_variants(authority: Authority) -> set[str]:
    """Ways a PDU's name may refer to an authority: its names, short forms and word orders."""
    names = {simplify(authority.name)} | {
        simplify(name)
        for name in authority.alt_names
        if name.isascii() and not TITLE_WORDS.search(name.lower())
    }
    names |= set(EXTRA_NAMES.get(authority.gss_code, ()))
    variants = set(names)
    for name in names:
        for pattern in (r"^(the )?city of ", r", city of$", r" city$"):
            variants.add(re.sub(pattern, "", name))
        variants.add(re.split(r" (?:upon|on) ", name)[0])  # Stockton on Tees -> Stockton
    # Only the authority's own name is split: alternative names hold phrases like "city and county of".
    name = simplify(authority.name)
    if " and " in name or " with " in name:
        variants.add(re.split(r",| and | with ", name)[0])  # Telford and Wrekin -> Telford
        variants.add(name.replace(" and ", ", "))  # Barking and Dagenham -> Barking, Dagenham
    for variant in list(variants):
        place, _, compass = variant.rpartition(" ")
        if compass in COMPASS and place and " " not in place:
            variants.add(f"{compass} {place}")  # Cheshire East -> East Cheshire
    return {v for v in variants if v}


@dataclass(frozen=True)
class _PduText:
    pdu: PduRow
    main: str
    note: str
    note_lists_everything: bool  # "(Burnley, Pendle, ...)" rather than "(includes ...)"


def _pdu_text(pdu: PduRow) -> _PduText:
    text = simplify(pdu.name)
    for wrong, right in PDU_NAME_FIXES.items():
        text = re.sub(rf"\b{wrong}\b", right, text)
    main, _, note = text.partition("(")
    note = note.rstrip(") ")
    lists_everything = bool(note) and not note.startswith("includes") and "excluding" not in note
    # "Hampshire but excluding Eastleigh and New Forest" does not cover the places after "excluding".
    note = note.split("excluding")[0]
    return _PduText(pdu, main.strip(), note.strip(), lists_everything)


class _Index:
    def __init__(self, authorities: list[Authority]):
        self.by_variant: dict[str, set[str]] = defaultdict(set)
        for authority in authorities:
            for variant in _name_variants(authority):
                self.by_variant[variant].add(authority.gss_code)
        # A region's name ("London", "North East") never names one authority.
        for authority in authorities:
            self.by_variant.pop(simplify(authority.region), None)
        alternatives = sorted(self.by_variant, key=len, reverse=True)  # longest first wins
        self.pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, alternatives)) + r")\b")

    def find(self, text: str) -> tuple[list[set[str]], str]:
        """The authorities each name in `text` could mean, and the text left once they are removed."""
        found = [self.by_variant[m.group()] for m in self.pattern.finditer(text)]
        return found, self.pattern.sub(" ", text)


def _named_codes(text: _PduText, index: _Index, region_of: dict[str, str]) -> tuple[list[str], str]:
    """The authorities a PDU's name names unambiguously, and its main name with those names removed."""
    found, left_of_main = index.find(text.main)
    if text.note_lists_everything:
        # A listed note is the PDU's whole patch; its main name ("North West Lancashire") is a label.
        found = []
    found += index.find(text.note)[0]
    for part in (text.main, text.note):
        for expanded in COMPASS_AND.finditer(part):
            found += index.find(f"{expanded[1]} {expanded[3]}")[0]
    named = []
    for codes in found:
        if len(codes) > 1:  # "Kingston": prefer the authority in the PDU's own region
            codes = {c for c in codes if region_of[c] == simplify(text.pdu.region_name)}
        if len(codes) == 1:
            named.append(next(iter(codes)))
    return named, left_of_main


def _pdu_match(named: set[str], county_candidates: set[str]) -> PduMatch:
    """An authority's match: the one PDU naming it, else the one naming its county, else none."""
    for candidates, kind in ((named, PduMatchKind.NAME), (county_candidates, PduMatchKind.COUNTY)):
        if len(candidates) == 1:
            return PduMatch(next(iter(candidates)), kind)
        if candidates:
            return PduMatch(None, PduMatchKind.AMBIGUOUS, tuple(sorted(candidates)))
    return PduMatch(None, PduMatchKind.UNMATCHED)


def match_pdus(
    authorities: list[Authority], pdus: list[PduRow], counties: dict[str, set[str]]
) -> dict[str, PduMatch]:
    """Each English and Welsh authority's PDU, by GSS code. `counties`: county name -> GSS codes."""
    by_nation = {
        nation: [a for a in current_authorities(authorities) if a.nation == nation]
        for nation in (Country.ENGLAND, Country.WALES)
    }
    region_of = {a.gss_code: simplify(a.region) for a in authorities}
    indexes = {nation: _Index(members) for nation, members in by_nation.items()}
    named: dict[str, set[str]] = defaultdict(set)
    county_candidates: dict[str, set[str]] = defaultdict(set)
    for text in map(_pdu_text, pdus):
        nation = Country.WALES if text.pdu.region_name == "Wales" else Country.ENGLAND
        named_codes, left_of_main = _named_codes(text, indexes[nation], region_of)
        for code in named_codes:
            named[code].add(text.pdu.code)
        if not text.note_lists_everything:
            for county, members in counties.items():
                if _with_word(left_of_main, county):
                    for code in members:
                        county_candidates[code].add(text.pdu.code)
    return {
        authority.gss_code: _pdu_match(named[authority.gss_code], county_candidates[authority.gss_code])
        for authority in by_nation[Country.ENGLAND] + by_nation[Country.WALES]
    }


def county_members(authorities: list[Authority]) -> dict[str, set[str]]:
    """County name -> GSS codes of its current districts, including unitaries that replaced it."""
    resolver = DistrictResolver(authorities)
    counties = {a.key for a in authorities if a.kind == "CTY"}
    by_key = {a.key: a for a in authorities}
    result = {}
    for county_key in counties:
        name = re.sub(r" county$", "", simplify(by_key[county_key].name))
        keys = resolver.groups.get(name, set())
        result[name] = {resolver.current[k].gss_code for k in keys}
    return {name: codes for name, codes in result.items() if codes}
