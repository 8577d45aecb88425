"""The equity by gender page, its CSV and its JSON: the same disclosed figures in each."""

import datetime

import pytest
from django.urls import reverse

from throughcare.core.permissions import Role
from throughcare.insight.tests.helpers import ICB_A, LA_A1, drawn_charts, referrals, service_in

FILTERS = {"level": "icb", "area": ICB_A, "from": "2025-04-01", "to": "2026-03-31"}
IN_PERIOD = datetime.date(2025, 9, 1)


@pytest.fixture
def by_gender(areas):
    service = service_in(LA_A1)
    kept = {"submitted_on": IN_PERIOD, "state": "accepted", "moves": [("accepted", "", IN_PERIOD)]}
    referrals(service, 23, ethnicity="white_british", gender="man", **kept)
    referrals(service, 12, ethnicity="white_british", gender="woman", **kept)
    referrals(service, 3, ethnicity="black_african", gender="non_binary", submitted_on=IN_PERIOD)


def test_the_page_shows_the_journey_by_gender_and_the_cross_tables(client_for, by_gender):
    client = client_for(Role.COMMISSIONER)
    response = client.get(reverse("insight:equity-gender"), FILTERS)
    assert response.status_code == 200
    page = response.content.decode()
    assert "People referred, accepted and completing, by gender" in page
    assert "People referred, by ethnic group and gender" in page
    assert "Relative rate index against men" in page
    assert ">25</td>" in page
    assert ">23</td>" not in page
    assert ">3</td>" not in page
    assert 'role="img"' in drawn_charts(client, page)


def test_the_csv_has_the_same_disclosed_figures(client_for, by_gender):
    response = client_for(Role.COMMISSIONER).get(
        reverse("insight:equity-gender"), {**FILTERS, "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert any(line.startswith("Man,25,25,") for line in lines)
    assert any(line.startswith("Non-binary,*,") for line in lines)


def test_the_api_has_the_same_disclosed_figures(client, token_for, by_gender):
    response = client.get(
        reverse("api:insight_view", kwargs={"view": "equity-gender"}),
        FILTERS,
        headers={"Authorization": f"Bearer {token_for(Role.COMMISSIONER)}"},
    )
    assert response.status_code == 200
    tables = response.json()["tables"]
    referred = {row["label"]: row["cells"]["Referred"] for row in tables["journey"]["rows"]}
    assert referred["Man"] == {"text": "25", "value": 25, "suppressed": None}
    assert referred["Non-binary"] == {"text": "*", "value": None, "suppressed": "small_count"}
    cross = {row["label"]: row["cells"] for row in tables["referred-by-group-and-gender"]["rows"]}
    assert cross["White"]["Man"]["text"] == "25"
