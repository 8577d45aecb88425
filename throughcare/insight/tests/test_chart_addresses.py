"""Charts are drawn when the browser asks for them, one size at a time, and only for the person the
page was for (insight/charts.py, ADR 48)."""

import datetime

import pytest
from django.urls import reverse

from throughcare.core.permissions import Role
from throughcare.insight import charts
from throughcare.insight.tests.helpers import ICB_A, LA_A1, chart_addresses, referrals, service_in

FILTERS = {"level": "icb", "area": ICB_A, "from": "2025-04-01", "to": "2026-03-31"}


@pytest.fixture
def funding_page(areas, client_for):
    referrals(service_in(LA_A1, funding_ends_on=datetime.date(2026, 5, 1)), 23, state="accepted")
    client = client_for(Role.COMMISSIONER)
    return client, client.get(reverse("insight:funding"), FILTERS).content.decode()


@pytest.fixture
def drawings(monkeypatch):
    """The sizes drawn, in order."""
    drawn = []
    render = charts._Drawing.svg

    def counted(drawing, variant):
        drawn.append(variant)
        return render(drawing, variant)

    monkeypatch.setattr(charts._Drawing, "svg", counted)
    charts.forget_kept_charts()
    return drawn


def test_the_page_draws_no_chart_and_asks_for_one_size_at_a_time(areas, client_for, drawings):
    referrals(service_in(LA_A1, funding_ends_on=datetime.date(2026, 5, 1)), 23, state="accepted")
    client = client_for(Role.COMMISSIONER)
    page = client.get(reverse("insight:funding"), FILTERS).content.decode()
    assert drawings == []
    assert '<img class="insight-chart"' in page
    assert 'alt="Bar chart of the number of services in each band: ' in page  # what it shows, in words
    narrow, wide = chart_addresses(page)[:2]
    assert narrow.endswith("/narrow.svg")
    assert wide.endswith("/wide.svg")
    response = client.get(narrow)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "insight-chart--narrow" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]
    assert drawings == ["narrow"]
    client.get(narrow)  # kept: not drawn again
    assert drawings == ["narrow"]


def test_a_chart_address_draws_only_for_the_person_the_page_was_for(funding_page, client_for, make_user):
    _, page = funding_page
    address = chart_addresses(page)[1]
    another_commissioner = client_for(None)
    another_commissioner.force_login(make_user(Role.COMMISSIONER))
    assert another_commissioner.get(address).status_code == 404
    assert client_for(Role.PROVIDER_MANAGER).get(address).status_code == 404
    assert client_for(Role.PRACTITIONER).get(address).status_code == 403


def test_altered_expired_or_unknown_addresses_draw_nothing(funding_page, monkeypatch):
    client, page = funding_page
    address = chart_addresses(page)[1]
    token = address.split("/")[-2]
    altered = address.replace(token, token[:-3] + ("abc" if not token.endswith("abc") else "xyz"))
    assert client.get(altered).status_code == 404
    assert client.get(address.replace("/wide.svg", "/huge.svg")).status_code == 404
    assert client.get(reverse("insight:chart", kwargs={"token": "x", "variant": "wide"})).status_code == 404
    monkeypatch.setattr(charts, "ADDRESS_VALID_SECONDS", -1)
    assert client.get(address).status_code == 404


def test_figures_too_long_for_an_address_are_drawn_into_the_page_at_both_sizes(monkeypatch):
    monkeypatch.setattr(charts, "LONGEST_TOKEN", 10)
    with charts.addressed_to("someone"):
        markup = charts.bar_chart(key="k", title="T", description="D", rows=[("A", 1.0)], axis_title="X")
    assert "<img" not in markup
    assert "insight-chart--wide" in markup
    assert "insight-chart--narrow" in markup


def test_charts_made_outside_a_page_are_drawn_where_they_are_made():
    markup = charts.bar_chart(key="k", title="T", description="D", rows=[("A", 1.0)], axis_title="X")
    assert markup.count('role="img"') == 2
