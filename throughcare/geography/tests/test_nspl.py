"""The ONS postcode directory importer, on small CSVs written for each test."""

import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from throughcare.core.models import AuditEvent
from throughcare.geography.models import Country, Postcode
from throughcare.geography.nspl import NsplFormatError, find_columns, import_nspl

NSPL_HEADER = ["pcd", "pcd2", "pcds", "dointr", "doterm", "laua", "ctry", "lat", "long", "icb"]
LIVE_ROWS = [
    # pcd, pcd2, pcds, dointr, doterm, laua, ctry, lat, long, icb
    [
        "M1  1AE",
        "M1   1AE",
        "M1 1AE",
        "199001",
        "",
        "E08000003",
        "E92000001",
        "53.4808",
        "-2.2426",
        "E54000057",
    ],
    [
        "LS1 4DY",
        "LS1  4DY",
        "LS1 4DY",
        "198001",
        "",
        "E08000035",
        "E92000001",
        "53.7972",
        "-1.5479",
        "E54000054",
    ],
    [
        "CF101AA",
        "CF10 1AA",
        "CF10 1AA",
        "198001",
        "",
        "W06000015",
        "W92000004",
        "51.4816",
        "-3.1791",
        "W99999999",
    ],
    ["GY1 1AA", "GY1  1AA", "GY1 1AA", "198001", "", "L99999999", "L93000001", "49.4543", "-2.5368", ""],
    ["IM1 1AA", "IM1  1AA", "IM1 1AA", "198001", "", "M99999999", "M83000003", "54.1500", "-4.4800", ""],
]


def write_csv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def nspl(tmp_path):
    return write_csv(tmp_path / "NSPL_FEB_2026_UK.csv", NSPL_HEADER, LIVE_ROWS)


def test_find_columns_knows_each_edition():
    assert find_columns(NSPL_HEADER) == {
        "postcode": "pcds", "latitude": "lat", "longitude": "long", "country": "ctry",
        "terminated": "doterm", "local_authority": "laua", "icb": "icb",
    }  # fmt: skip
    onspd = ["PCD", "DOTERM", "OSLAUA", "CTRY", "LAT", "LONG", "ICB23CD"]
    assert find_columns(onspd)["local_authority"] == "OSLAUA"
    assert find_columns(onspd)["postcode"] == "PCD"
    newer = ["pcds", "doterm", "lad24cd", "lad25cd", "ctry25cd", "lat", "long", "icb23cd"]
    assert find_columns(newer)["local_authority"] == "lad25cd"  # the newest year
    assert find_columns(newer)["icb"] == "icb23cd"


def test_a_file_without_a_needed_column_is_refused_with_its_name():
    with pytest.raises(NsplFormatError, match="no column for country"):
        find_columns(["pcds", "lat", "long", "doterm"])


@pytest.mark.django_db
def test_import_creates_postcodes_with_their_areas(nspl):
    report = import_nspl(path=nspl)
    assert (report.created, report.updated, report.unchanged, report.error_count) == (5, 0, 0, 0)
    manchester = Postcode.objects.get(postcode="M1 1AE")
    assert (
        manchester.district,
        manchester.country,
        manchester.local_authority_code,
        manchester.icb_code,
    ) == (
        "M1",
        Country.ENGLAND,
        "E08000003",
        "E54000057",
    )
    assert manchester.latitude == pytest.approx(53.4808)
    assert not manchester.terminated
    cardiff = Postcode.objects.get(postcode="CF10 1AA")
    assert (cardiff.country, cardiff.icb_code) == (Country.WALES, "")  # W99999999 means "none"
    assert Postcode.objects.get(postcode="GY1 1AA").country == Country.GUERNSEY
    assert Postcode.objects.get(postcode="IM1 1AA").country == Country.ISLE_OF_MAN
    assert AuditEvent.objects.filter(verb="geography.postcodes_imported").count() == 1


@pytest.mark.django_db
def test_a_second_run_changes_nothing_and_a_changed_row_is_updated(nspl, tmp_path):
    import_nspl(path=nspl)
    again = import_nspl(path=nspl, batch_size=2)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert AuditEvent.objects.filter(verb="geography.postcodes_imported").count() == 1

    moved = [row[:] for row in LIVE_ROWS]
    moved[0][4] = "202312"  # terminated
    changed = import_nspl(path=write_csv(tmp_path / "later.csv", NSPL_HEADER, moved), batch_size=2)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 4)
    assert Postcode.objects.get(postcode="M1 1AE").terminated


@pytest.mark.django_db
def test_bad_rows_are_reported_by_line_and_the_rest_still_load(tmp_path):
    rows = [
        LIVE_ROWS[0],
        ["", "", "", "", "", "", "", "", "", ""],  # line 3: blank
        ["M1 1AC", "", "M1 1AC", "", "", "E08000003", "E92000001", "53.4", "-2.2", ""],  # line 4
        ["LS1", "", "LS1", "", "", "E08000035", "E92000001", "53.7", "-1.5", ""],  # line 5: a district
        ["LS2 7EW", "", "LS2 7EW", "", "", "E08000035", "X99999999", "53.8", "-1.5", ""],  # line 6
        ["LS2 8AA", "", "LS2 8AA", "", "", "E08000035", "E92000001", "north", "-1.5", ""],  # line 7
        ["LS2 9JT", "", "LS2 9JT", "", "", "E08000035", "E92000001", "99.999999", "0.000000", ""],  # no grid
        ["M1  1AE", "", "M1 1AE", "", "", "E08000003", "E92000001", "53.4809", "-2.2426", ""],  # repeated
        ["LS3 1AA", "", "LS3 1AA"],  # line 10: short row
    ]
    report = import_nspl(path=write_csv(tmp_path / "messy.csv", NSPL_HEADER, rows))
    assert report.created == 2
    assert report.skipped == {"no postcode": 1, "repeated in the file (the later row was used)": 1}
    lines = dict(report.errors)
    assert sorted(lines) == [4, 5, 6, 7, 10]
    assert "never use there" in lines[4]
    assert "a postcode district, not a full postcode" in lines[5]
    assert "country code 'X99999999'" in lines[6]
    assert "latitude 'north' is not a number" in lines[7]
    no_grid = Postcode.objects.get(postcode="LS2 9JT")
    assert (no_grid.latitude, no_grid.longitude) == (None, None)
    assert Postcode.objects.get(postcode="M1 1AE").latitude == pytest.approx(53.4809)


@pytest.mark.django_db
def test_the_command_prints_counts_and_errors(nspl, tmp_path, capsys):
    call_command("import_nspl", str(nspl), "--batch", "2")
    assert "5 created" in capsys.readouterr().out
    call_command("import_nspl", str(nspl))
    assert "Nothing changed." in capsys.readouterr().out
    bad = write_csv(
        tmp_path / "bad.csv", NSPL_HEADER, [["QQ1 1AA", "", "QQ1 1AA", "", "", "", "E92000001", "", "", ""]]
    )
    call_command("import_nspl", str(bad))
    assert "Line 2: Enter a real postcode" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_command_refuses_missing_files_and_unreadable_headers(tmp_path):
    with pytest.raises(CommandError, match="is not a file"):
        call_command("import_nspl", str(tmp_path / "missing.csv"))
    wrong = write_csv(tmp_path / "wrong.csv", ["postcode", "latitude"], [["M1 1AE", "53.4"]])
    with pytest.raises(CommandError, match="nothing was imported: The file has no column"):
        call_command("import_nspl", str(wrong))
    assert not Postcode.objects.exists()
