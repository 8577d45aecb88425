"""The funding cliff-edge page, its CSV and its JSON: suppression the same in each, bad filters explained."""

import datetime

import pytest
from django.urls import reverse

from throughcare.core.permissions import Role
from throughcare.insight.tests.helpers import ICB_A, LA_A1, drawn_charts, referrals, service_in

FILTERS = {"level": "icb", "area": ICB_A, "from": "2025-04-01", "to": "2026-03-31"}


@pytest.fixture
def cliff_edge(areas):
    small = service_in(LA_A1, name="Small", funding_ends_on=datetime.date(2026, 5, 1), capacity_maximum=10)
    large = service_in(LA_A1, name="Large", funding_ends_on=datetime.date(2026, 5, 2))
    middle = service_in(LA_A1, name="Middle", funding_ends_on=datetime.date(2026, 5, 3))
    referrals(small, 3, state="accepted")
    referrals(large, 23, state="accepted")
    referrals(middle, 12, state="accepted")


def test_the_page_shows_suppressed_and_rounded_counts(client_for, cliff_edge):
    client = client_for(Role.COMMISSIONER)
    response = client.get(reverse("insight:funding"), FILTERS)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Greater Manchester ICB" in page
    assert (
        '<span aria-hidden="true">*</span>'
        '<span class="govuk-visually-hidden">hidden: fewer than 8 people</span>' in page
    )
    assert ">25</td>" in page
    drawings = drawn_charts(client, page)
    assert drawings.count('role="img"') == 2  # wide and narrow
    assert '<title id="chart-funding-bands-title">' in drawings


def test_the_csv_has_the_same_disclosed_figures(client_for, cliff_edge):
    response = client_for(Role.COMMISSIONER).get(reverse("insight:funding"), {**FILTERS, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert any(line.startswith("Small,") and line.endswith(",*") for line in lines)
    assert any(line.startswith("Large,") and line.endswith(",25") for line in lines)


def test_the_api_has_the_same_disclosed_figures(client, token_for, cliff_edge):
    response = client.get(
        reverse("api:insight_view", kwargs={"view": "funding"}),
        FILTERS,
        headers={"Authorization": f"Bearer {token_for(Role.COMMISSIONER)}"},
    )
    assert response.status_code == 200
    rows = {
        row["label"]: row["cells"]["Open referrals"] for row in response.json()["tables"]["services"]["rows"]
    }
    assert rows["Small"] == {"text": "*", "value": None, "suppressed": "small_count"}
    assert rows["Large"] == {"text": "25", "value": 25, "suppressed": None}


def test_the_api_explains_bad_filters_field_by_field(client, token_for, areas):
    response = client.get(
        reverse("api:insight_view", kwargs={"view": "funding"}),
        {"level": "icb", "area": "E54999999", "from": "2026-03-01", "to": "2026-01-01"},
        headers={"Authorization": f"Bearer {token_for(Role.COMMISSIONER)}"},
    )
    assert response.status_code == 422
    assert {tuple(e["loc"]) for e in response.json()["errors"]} == {("query", "area"), ("query", "to")}


def test_the_api_names_an_unknown_view(client, token_for, areas):
    response = client.get(
        reverse("api:insight_view", kwargs={"view": "horoscopes"}),
        headers={"Authorization": f"Bearer {token_for(Role.COMMISSIONER)}"},
    )
    assert response.status_code == 404
    assert "horoscopes" in response.json()["detail"]


def test_an_unknown_area_code_is_a_message_not_an_error_page(client_for, areas):
    response = client_for(Role.COMMISSIONER).get(
        reverse("insight:funding"), {"level": "icb", "area": "E54999999"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem with the filters" in page
    assert "There is no Integrated care board with the code &#x27;E54999999&#x27;." in page
    # The area list offers only real areas, so the one asked for cannot be chosen in it.
    assert 'value="icb:E54999999"' not in page


def test_a_period_the_wrong_way_round_is_a_message(client_for, areas):
    response = client_for(Role.COMMISSIONER).get(
        reverse("insight:funding"), {"from": "2026-03-01", "to": "2026-01-01"}
    )
    assert response.status_code == 422
    assert "must be the same as or after the start date" in response.content.decode()


def test_a_provider_manager_sees_only_their_own_services(client_for, users_by_role, areas):
    own = users_by_role[Role.PROVIDER_MANAGER].current_organisation
    service_in(LA_A1, name="Our service", owner=own, funding_ends_on=datetime.date(2026, 5, 1))
    service_in(LA_A1, name="Another provider's service", funding_ends_on=datetime.date(2026, 5, 1))
    page = client_for(Role.PROVIDER_MANAGER).get(reverse("insight:funding"), FILTERS).content.decode()
    assert "Our service" in page
    assert "Another provider" not in page


def test_the_page_links_to_no_person_or_referral(client_for, cliff_edge):
    page = client_for(Role.COMMISSIONER).get(reverse("insight:funding"), FILTERS).content.decode()
    assert "/people/" not in page.replace('href="/people/"', "")
    assert "/referrals/" not in page.replace('href="/referrals/"', "")


def test_the_page_query_count_does_not_grow_with_services(client_for, areas, django_assert_max_num_queries):
    client = client_for(Role.COMMISSIONER)
    client.get(reverse("insight:funding"), FILTERS)  # warms the session and the user's membership
    for n in range(8):
        referrals(service_in(LA_A1, funding_ends_on=datetime.date(2026, 5, n + 1)), n + 1, state="accepted")
    with django_assert_max_num_queries(11):  # with the area list's one query
        assert client.get(reverse("insight:funding"), FILTERS).status_code == 200
