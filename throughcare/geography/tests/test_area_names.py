"""The name-matching rules on small hand-made records, so each rule is seen on its own."""

from throughcare.geography.area_names import (
    DistrictResolver,
    PduMatch,
    PduMatchKind,
    Resolution,
    county_members,
    match_pdus,
    simplify,
)
from throughcare.geography.models import Country
from throughcare.geography.sources import Authority, PduRow


def authority(key, gss, name, *, kind="UA", region="North West", lat=None, lon=None, **fields):
    defaults = {
        "nation": Country.WALES if gss.startswith("W") else Country.ENGLAND,
        "county_key": "",
        "combined_authority_key": "",
        "alt_names": (),
        "replaced_by": (),
        "is_current": True,
        "is_lower_or_unitary": kind not in {"CTY", "COMB", "SRA"},
    }
    return Authority(
        key=key, gss_code=gss, name=name, region=region, kind=kind, latitude=lat, longitude=lon,
        **{**defaults, **fields},
    )  # fmt: skip


def pdu(code, name, region="North West"):
    return PduRow(code, name, code[:3], region)


def test_simplify():
    assert simplify("Windsor & Maidenhead") == "windsor and maidenhead"
    assert simplify("St. Helens") == "st helens"
    assert simplify("King's Lynn") == "kings lynn"
    assert simplify("Stockton-on-Tees ,  Hartlepool") == "stockton on tees, hartlepool"


LANCASHIRE = [
    authority("LAN", "E10000017", "Lancashire", kind="CTY"),
    authority("PRE", "E07000123", "Preston", county_key="LAN", lat=53.76, lon=-2.70),
    authority("BUR", "E07000117", "Burnley", county_key="LAN", lat=53.79, lon=-2.24),
    authority("WLA", "E07000127", "West Lancashire", county_key="LAN", lat=53.60, lon=-2.86),
    authority("RIB", "E07000124", "Ribble Valley", county_key="LAN", lat=53.87, lon=-2.40),
    authority("BBD", "E06000008", "Blackburn with Darwen", alt_names=("blackburn",), lat=53.70, lon=-2.46),
    authority(
        "BMH",
        "E06000028",
        "Bournemouth",
        kind="UA",
        is_current=False,
        replaced_by=("BPC",),
        region="South West",
    ),
    authority(
        "BPC", "E06000058", "Bournemouth, Christchurch and Poole", region="South West", lat=50.7, lon=-1.9
    ),
]


class TestDistricts:
    resolver = DistrictResolver(LANCASHIRE)

    def test_a_unitary_by_its_name_or_another_of_its_names(self):
        assert self.resolver.resolve("Preston", 0, 0).resolution == Resolution.EXACT
        assert self.resolver.resolve("Blackburn", 0, 0).gss_code == "E06000008"

    def test_a_former_authority_with_one_successor_is_exact(self):
        assert self.resolver.resolve("Bournemouth", 0, 0).gss_code == "E06000058"

    def test_titles_around_a_name_are_ignored(self):
        assert self.resolver.resolve("Preston Borough", 0, 0).gss_code == "E07000123"
        assert self.resolver.resolve("City of Preston", 0, 0).gss_code == "E07000123"

    def test_a_county_resolves_to_its_nearest_district(self):
        near_burnley = self.resolver.resolve("Lancashire", 53.80, -2.25)
        assert (near_burnley.gss_code, near_burnley.resolution) == ("E07000117", Resolution.APPROXIMATE)

    def test_anything_else_is_left_unresolved(self):
        assert self.resolver.resolve("Jersey", 49.2, -2.1).resolution == Resolution.UNRESOLVED


def test_greater_london_means_the_nearest_london_borough():
    resolver = DistrictResolver(
        [
            authority("GLA", "E61000001", "Greater London", kind="SRA", region="London"),
            authority("CMD", "E09000007", "Camden", combined_authority_key="GLA", lat=51.54, lon=-0.16),
            authority("CRY", "E09000008", "Croydon", combined_authority_key="GLA", lat=51.37, lon=-0.09),
        ]
    )
    assert resolver.resolve("Greater London", 51.39, -0.10).gss_code == "E09000008"


def test_a_county_split_between_pdus_goes_to_the_one_that_does_not_list_its_places():
    pdus = [
        pdu("N51CTRL", "Central Lancashire"),
        pdu("N51LSE", "East Lancashire (Burnley, and parts of Ribble Valley)"),
        pdu(
            "N51BLDA",
            "Blackburn (Blackburn with Darwin and lower tier LAs in Lancashire - parts of Ribble Valley)",
        ),
        pdu("N51LNW", "North West Lancashire (Blackpool and lower tier LAs in Lancashire - Wyre)"),
    ]
    matches = match_pdus(LANCASHIRE, pdus, county_members(LANCASHIRE))
    assert matches["E07000123"] == PduMatch("N51CTRL", PduMatchKind.COUNTY)  # Preston
    assert matches["E07000127"] == PduMatch("N51CTRL", PduMatchKind.COUNTY)  # not "North West Lancashire"
    assert matches["E07000117"] == PduMatch("N51LSE", PduMatchKind.NAME)  # Burnley
    assert matches["E06000008"] == PduMatch("N51BLDA", PduMatchKind.NAME)
    assert matches["E07000124"] == PduMatch(None, PduMatchKind.AMBIGUOUS, ("N51BLDA", "N51LSE"))


def test_typos_excluded_places_and_shared_compass_words():
    authorities = [
        authority("ESS", "E10000012", "Essex", kind="CTY"),
        authority("MAL", "E07000074", "Maldon", county_key="ESS"),
        authority("CAS", "E07000069", "Castle Point", county_key="ESS"),
        authority("HAM", "E10000014", "Hampshire", kind="CTY"),
        authority("EAS", "E07000086", "Eastleigh", county_key="HAM"),
        authority("WIN", "E07000094", "Winchester", county_key="HAM"),
        authority("NLN", "E06000013", "North Lincolnshire"),
        authority("NEL", "E06000012", "North East Lincolnshire"),
        authority("CON", "W06000003", "Conwy", region="Wales"),
    ]
    pdus = [
        pdu("N56ESXN", "Essex North (Malden)"),
        pdu("N56ESXS", "Essex South (Castlepoint)"),
        pdu("N59HAMP", "Hampshire North and East (Hampshire but excluding Eastleigh)"),
        pdu("N59HSW", "Hampshire South West (lower tier LAs in Hampshire - Eastleigh)"),
        pdu("N55NNEL", "North and North East Lincolnshire"),
        pdu("WPTNWS", "North Wales (Conway)", region="Wales"),
    ]
    matches = match_pdus(authorities, pdus, county_members(authorities))
    assert {code: match.pdu_code for code, match in matches.items()} == {
        "E07000074": "N56ESXN",
        "E07000069": "N56ESXS",
        "E07000086": "N59HSW",
        "E07000094": "N59HAMP",
        "E06000013": "N55NNEL",
        "E06000012": "N55NNEL",
        "W06000003": "WPTNWS",
    }


def test_a_short_name_shared_by_two_authorities_goes_to_the_one_in_the_pdus_region():
    authorities = [
        authority("KTT", "E09000021", "Kingston upon Thames", region="London"),
        authority("KHL", "E06000010", "Kingston upon Hull", region="Yorkshire and The Humber"),
    ]
    matches = match_pdus(authorities, [pdu("LDNHKR", "Kingston, Richmond and Hounslow", "London")], {})
    assert matches["E09000021"].pdu_code == "LDNHKR"
    assert matches["E06000010"].kind == PduMatchKind.UNMATCHED
