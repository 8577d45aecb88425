"""The import against the real shared files: what lands in each table, and that it is idempotent."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from throughcare.core.audit import verify_chain
from throughcare.core.models import AuditEvent
from throughcare.geography.area_names import Resolution
from throughcare.geography.importing import import_geography
from throughcare.geography.models import (
    Country,
    Icb,
    LocalAuthority,
    LocalAuthorityIcb,
    NhsRegion,
    Pdu,
    PostcodeDistrict,
    ProbationRegion,
)
from throughcare.geography.sources import FILES, SourceError

# Row counts documented in shared/data/README.md.
EXPECTED_ROWS = {
    NhsRegion: 7,
    Icb: 42,
    ProbationRegion: 12,
    Pdu: 109,
    LocalAuthority: 361,
    LocalAuthorityIcb: 310,
    PostcodeDistrict: 2856,
}


def test_first_import_creates_every_table_and_records_one_audit_event(geography):
    assert {model: model.objects.count() for model in EXPECTED_ROWS} == EXPECTED_ROWS
    assert all(counts.created and not counts.updated for counts in geography.tables.values())
    event = AuditEvent.objects.get(verb="geography.imported")
    assert event.actor is None
    assert event.target_type == "geography"
    assert event.payload["tables"]["postcode_districts"]["created"] == 2856
    assert verify_chain().intact


def test_a_second_run_changes_nothing_and_records_nothing(geography, geography_dir):
    again = import_geography(folder=geography_dir)
    assert not again.changed
    assert all(c.created == c.updated == c.removed == 0 for c in again.tables.values())
    assert again.tables["postcode_districts"].unchanged == 2856
    assert AuditEvent.objects.filter(verb="geography.imported").count() == 1
    assert "Nothing changed." in again.lines()


def test_local_authorities_of_every_nation_with_county_and_centroid(geography):
    assert Counter(LocalAuthority.objects.values_list("nation", flat=True)) == {
        Country.ENGLAND: 296,
        Country.WALES: 22,
        Country.SCOTLAND: 32,
        Country.NORTHERN_IRELAND: 11,
    }
    amber_valley = LocalAuthority.objects.get(code="E07000032")
    assert (amber_valley.name, amber_valley.county_name) == ("Amber Valley", "Derbyshire")
    assert amber_valley.latitude == pytest.approx(53.03, abs=0.1)
    assert LocalAuthority.objects.get(name="Derby").county_name == ""


def test_icbs_have_trimmed_names_regions_and_predominant_shares(geography):
    assert Icb.objects.get(code="E54000022").name == "NHS Norfolk and Waveney Integrated Care Board"
    assert not Icb.objects.filter(nhs_region=None).exists()
    north_yorkshire = LocalAuthority.objects.get(code="E06000065")
    shares = dict(north_yorkshire.icb_shares.values_list("icb_id", "share"))
    assert len(shares) == 3
    assert north_yorkshire.icb_id == max(shares, key=shares.get)
    # Cherwell has one LSOA in a second ICB: its ICB is the other one.
    cherwell = LocalAuthority.objects.get(code="E07000177")
    assert cherwell.icb_id != "E54000059"
    assert LocalAuthority.objects.filter(nation=Country.ENGLAND, icb=None).count() == 0


# The PDU each authority gets, and why (one test: the import runs once, and a failure shows them all).
EXPECTED_PDUS = {
    "Derby": "N53DRBY",  # "Derby City"
    "Amber Valley": "N53DERS",  # by its county, Derbyshire
    "Maldon": "N56ESXN",  # "Malden" in the source
    "Castle Point": "N56ESXS",  # "Castlepoint"
    "Tunbridge Wells": "N57KECL",  # "Tonbridge Wells"
    "Gravesham": "N57KECL",  # "Gravesend"
    "Conwy": "WPTNWS",  # "Conway"
    "Barking and Dagenham": "LDNBDN",  # "Barking, Dagenham and Havering"
    "Kingston upon Thames": "LDNHKR",  # "Kingston", not Kingston upon Hull
    "Kingston upon Hull": "N55HER",  # "Hull and East Riding"
    "North Lincolnshire": "N55NNEL",  # "North and North East Lincolnshire"
    "West Lancashire": "N51CTRL",  # not "North West Lancashire (Blackpool, ...)"
    "Cheshire West and Chester": "N51WCHE",  # "West Cheshire"
    "Winchester": "N59HAMP",  # Hampshire's remainder
    "Eastleigh": "N59HSW",  # excluded from the remainder by name
    "North Northamptonshire": "N56NRTH",  # via the former county
    "Westmorland and Furness": "N51CUMB",  # likewise Cumbria
    "City of London": "LDNNHTH",  # "Hackney and City"
    "Manchester": None,  # Manchester North and Manchester South both name it
    "Ribble Valley": None,  # "parts of Ribble Valley" in two PDUs
    "Tamworth": None,  # Staffordshire North and South both name its county
    "Thurrock": None,  # no PDU names it
    "Wrexham": None,  # nor it
}


def test_authorities_get_the_pdu_that_names_them(geography):
    found = dict(LocalAuthority.objects.filter(name__in=EXPECTED_PDUS).values_list("name", "pdu_id"))
    assert found == EXPECTED_PDUS


def test_pdu_coverage_is_reported(geography):
    england = geography.pdus["England"]
    assert (england.authorities, england.mapped) == (
        296,
        LocalAuthority.objects.filter(nation=Country.ENGLAND, pdu__isnull=False).count(),
    )
    assert england.mapped >= 280
    assert "Manchester" in england.ambiguous
    assert "Medway" in england.unmatched
    assert not LocalAuthority.objects.filter(nation=Country.SCOTLAND, pdu__isnull=False).exists()


EXPECTED_DISTRICTS = {
    "SW1A": ("Westminster", Country.ENGLAND),  # named exactly
    "M1": ("Manchester", Country.ENGLAND),  # nearest in Greater Manchester
    "LA9": ("Westmorland and Furness", Country.ENGLAND),  # nearest of Cumbria's successors
    "BH23": ("Bournemouth, Christchurch and Poole", Country.ENGLAND),  # "Dorset", before 2019
    "CH5": ("Flintshire", Country.WALES),  # the file's country column says England
    "TD15": ("Northumberland", Country.ENGLAND),  # and Scotland here
    "BT1": ("Belfast", Country.NORTHERN_IRELAND),
    "GY1": (None, Country.GUERNSEY),  # not a UK local authority
}


def test_postcode_districts_resolve_to_authorities(geography):
    rows = PostcodeDistrict.objects.filter(code__in=EXPECTED_DISTRICTS).values_list(
        "code", "local_authority__name", "country"
    )
    assert {code: (authority, country) for code, authority, country in rows} == EXPECTED_DISTRICTS


def test_district_resolution_is_reported(geography):
    assert sum(geography.districts.values()) == 2856
    assert geography.districts[Resolution.UNRESOLVED] == 22  # the Channel Islands and the Isle of Man
    assert geography.districts[Resolution.EXACT] > 1500
    assert geography.countries_corrected == ["CH4", "CH5", "CH6", "CH7", "CH8", "TD12", "TD15"]


def test_changed_rows_are_updated_stale_shares_removed_and_retired_areas_kept(geography, geography_dir):
    LocalAuthority.objects.filter(code="E08000035").update(name="Leeds (old name)")
    LocalAuthorityIcb.objects.create(local_authority_id="E08000035", icb_id="E54000022", share=0.5)
    Pdu.objects.create(code="N99GONE", name="A retired PDU", region_id="N54")
    again = import_geography(folder=geography_dir)
    assert again.tables["local_authorities"].updated == 1
    assert again.tables["local_authority_icb_shares"].removed == 1
    assert again.tables["pdus"].not_in_files == 1
    assert LocalAuthority.objects.get(code="E08000035").name == "Leeds"
    assert Pdu.objects.filter(code="N99GONE").exists()
    assert AuditEvent.objects.filter(verb="geography.imported").count() == 2


def _partial_copy(geography_dir, tmp_path, leave_out):
    for name in FILES.values():
        if name != leave_out:
            (tmp_path / name).symlink_to(geography_dir / name)
    return tmp_path


@pytest.mark.django_db
def test_a_missing_file_stops_the_import_before_anything_is_written(geography_dir, tmp_path):
    folder = _partial_copy(geography_dir, tmp_path, leave_out="postcode_districts.csv")
    with pytest.raises(SourceError, match=r"postcode_districts\.csv is missing"):
        import_geography(folder=folder)
    assert not NhsRegion.objects.exists()


@pytest.mark.django_db
def test_a_file_without_a_needed_column_is_named(geography_dir, tmp_path):
    folder = _partial_copy(geography_dir, tmp_path, leave_out="probation_regions.csv")
    (folder / "probation_regions.csv").write_text("code,name\nN53,East Midlands\n")
    with pytest.raises(SourceError, match=r"probation_regions\.csv has no column"):
        import_geography(folder=folder)


@pytest.mark.django_db
def test_the_command_reports_counts_then_says_when_nothing_changed(geography_dir, capsys):
    call_command("import_geography", "--dir", str(geography_dir))
    first = capsys.readouterr().out
    assert "postcode districts: 2,856 created" in first
    assert "English authorities have a PDU" in first
    call_command("import_geography", "--dir", str(geography_dir), "--quiet")
    second = capsys.readouterr().out.strip()
    assert len(second.splitlines()) == 1
    assert second.startswith("Geography already up to date")


@pytest.mark.django_db
def test_the_command_without_data_warns_and_imports_nothing(settings, capsys):
    settings.GEOGRAPHY_DATA_DIR = ""
    call_command("import_geography", "--quiet")
    assert "Geography data was not found" in capsys.readouterr().out
    assert not NhsRegion.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_a_folder_that_is_not_there(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("import_geography", "--dir", str(tmp_path / "nowhere"))
