"""View 7: the waiting-list what-if, with the service's recorded demand disclosed."""

import datetime
import re

from django.urls import reverse

from throughcare.core.permissions import Role
from throughcare.insight.areas import Level
from throughcare.insight.queries.demand import service_demand
from throughcare.insight.reports.demand import demand_report
from throughcare.insight.tests.helpers import LA_A1, referrals, service_in

IN_PERIOD = datetime.date(2025, 9, 1)


def test_the_model_answers_from_the_figures_typed(filters_for):
    report = demand_report(
        filters_for(), params={"demand": "10", "capacity": "12", "queue": "60", "target": "6", "weeks": "10"}
    )
    rows = {row.label: row.cells[0].text for row in report.tables[0].rows}
    assert rows["Load (demand over capacity)"] == "0.83"
    assert rows["Mean wait now, by Little's law (weeks)"] == "6.0"  # 60 / 10
    assert rows["Waiting list that meets the target reliably (people)"] == "15"  # 10 x 6 / 4
    assert rows["Weeks to reach the target list at this capacity"] == "22.5"  # (60 - 15) / (12 - 10)
    assert rows["Capacity a week to reach the target list in 10 weeks"] == "14.5"  # 10 + 45 / 10


def test_the_waiting_list_is_projected_in_a_table_and_a_chart_beside_it(filters_for):
    report = demand_report(
        filters_for(), params={"demand": "10", "capacity": "12", "queue": "60", "target": "6", "weeks": "24"}
    )
    projection = next(table for table in report.tables if table.key == "projection")
    sizes = {row.label: row.cells[0].value for row in projection.rows}
    assert (sizes["Week 0"], sizes["Week 12"], sizes["Week 24"]) == (60, 36, 12)  # 2 fewer a week
    assert len(projection.rows) == 13
    (chart,) = report.charts_for("projection")
    assert "Target list: 15" in chart.svg
    assert "starts at 60 people and is 12 after 24 weeks" in chart.description
    sizes_of_text = [int(size) for size in re.findall(r'font-size="(\d+)', chart.svg)]
    assert sizes_of_text
    assert min(sizes_of_text) >= 14
    assert "insight-chart--wide" in chart.svg
    assert "insight-chart--narrow" in chart.svg


def test_a_list_that_would_empty_stops_at_none_waiting(filters_for):
    report = demand_report(
        filters_for(), params={"demand": "5", "capacity": "20", "queue": "30", "target": "6"}
    )
    projection = next(table for table in report.tables if table.key == "projection")
    assert projection.caption == "Waiting list over the next 26 weeks at this capacity"
    assert projection.rows[-1].cells[0].value == 0


def test_bad_figures_get_a_message_each(filters_for):
    report = demand_report(
        filters_for(), params={"demand": "lots", "capacity": "0", "queue": "-1", "target": ""}
    )
    assert report.input_errors == {
        "demand": "Demand: referrals a week must be a number, like 12 or 12.5.",
        "capacity": "Capacity: people taken on a week must be more than 0.",
        "queue": "People on the waiting list now must be 0 or more.",
        "target": "Enter the target wait in weeks.",
    }
    assert report.tables == []


def test_the_service_recorded_demand_is_counted(filters_for):
    service = service_in(LA_A1)
    referrals(service, 9, submitted_on=IN_PERIOD, state="waitlisted")
    referrals(service, 4, submitted_on=IN_PERIOD, state="accepted")
    referrals(service, 2, submitted_on=datetime.date(2024, 1, 1), state="submitted")
    found = service_demand(service, filters_for())
    assert (found.referrals_in_period, found.waiting_now) == (13, 11)


def test_the_service_figures_are_disclosed(filters_for):
    service = service_in(LA_A1)
    referrals(service, 3, submitted_on=IN_PERIOD, state="waitlisted")
    report = demand_report(filters_for(Level.ENGLAND), params={"service": str(service.id)})
    rows = {row.label: row.cells[0] for row in report.tables[0].rows}
    assert rows["Referrals in the period"].text == "*"
    assert rows["Referrals a week (from the rounded count)"].suppressed == "small_base"


def test_an_unknown_service_is_a_message(filters_for):
    report = demand_report(filters_for(), params={"service": "not-a-service"})
    assert report.input_errors == {"service": "There is no service with that identifier in the directory."}


def test_the_page_shows_the_form_and_answers(client_for, areas):
    response = client_for(Role.COMMISSIONER).get(
        reverse("insight:demand"), {"demand": "10", "capacity": "8", "queue": "40", "target": "18"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="what-if-demand"' in page
    assert "Demand is at or above capacity" in page


def test_the_page_explains_bad_figures(client_for, areas):
    response = client_for(Role.COMMISSIONER).get(
        reverse("insight:demand"), {"demand": "x", "capacity": "1", "queue": "1", "target": "1"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "There is a problem with the figures" in page
    assert "must be a number" in page
