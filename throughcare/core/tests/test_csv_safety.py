"""No CSV that Throughcare writes hands a spreadsheet a formula to run."""

import csv
import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from throughcare.core.csv_safety import neutralise, restore
from throughcare.core.disclosure import Disclosed
from throughcare.directory.models import Service
from throughcare.directory.tests.factories import ServiceFactory
from throughcare.directory.tests.test_oruk_import import wipe_directory
from throughcare.insight.publishing import Report, Row, Table, report_csv

FORMULA = '=HYPERLINK("http://evil.example","Click")'


@pytest.mark.parametrize("text", [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_each_trigger_is_neutralised_and_restored(text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("value", ["Leeds Mind", "'quoted already", "a=b", "", 0, -2.5, None])
def test_other_values_and_numbers_are_left_alone(value):
    assert neutralise(value) == value


def test_the_commissioners_csv_neutralises_a_service_named_as_a_formula():
    area = SimpleNamespace(name="=cmd|' /C calc'!A0", level=SimpleNamespace(label="ICB"))
    filters = SimpleNamespace(area=area, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31))

    table = Table(
        key="services",
        caption="Waits by service",
        row_heading="Service",
        columns=("Referrals",),
        rows=(Row(label=FORMULA, cells=(Disclosed(text="-5", value=-5),)),),
    )
    text = report_csv(Report(slug="waits", title="Waits", summary="", tables=[table]), filters)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert FORMULA not in cells
    assert "'" + FORMULA in cells
    assert "'-5" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


@pytest.mark.django_db
def test_the_hsds_export_neutralises_text_and_a_round_trip_keeps_it(tmp_path):
    ServiceFactory(name=FORMULA, description="@risk: -support")
    call_command("export_hsds", str(tmp_path), stdout=io.StringIO())
    with (tmp_path / "services.csv").open(encoding="utf-8", newline="") as file:
        (row,) = list(csv.DictReader(file))
    assert row["name"] == "'" + FORMULA
    assert row["description"] == "'@risk: -support"
    wipe_directory(taxonomies=True)
    call_command("import_hsds", str(tmp_path), stdout=io.StringIO())
    service = Service.objects.get()
    assert (service.name, service.description) == (FORMULA, "@risk: -support")
