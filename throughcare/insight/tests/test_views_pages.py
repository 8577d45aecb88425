"""Every insight page, its CSV and its JSON, on a little data: they render, agree, and list nobody."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from throughcare.core.permissions import Role
from throughcare.insight import summary
from throughcare.insight.catalogue import VIEWS
from throughcare.insight.tests.helpers import ICB_A, LA_A1, LA_A2, referrals, service_in
from throughcare.matching.models import UnmetNeed

IN_PERIOD = datetime.date(2025, 9, 1)
FILTERS = {"level": "icb", "area": ICB_A, "from": "2025-04-01", "to": "2026-03-31"}


@pytest.fixture
def activity(areas):
    service = service_in(
        LA_A1, LA_A2, tier="secondary", funding_ends_on=datetime.date(2026, 6, 1), capacity_maximum=30
    )
    referrals(
        service,
        23,
        ethnicity="white_british",
        submitted_on=IN_PERIOD,
        state="completed",
        moves=[("accepted", "", IN_PERIOD)],
    )
    referrals(
        service,
        3,
        ethnicity="black_african",
        submitted_on=IN_PERIOD,
        state="declined",
        moves=[("declined", "outside_criteria_needs_too_high", IN_PERIOD)],
    )
    UnmetNeed.objects.create(
        recorded_on=IN_PERIOD,
        local_authority_code=LA_A1,
        need_codes=["psychosis"],
        exclusion_counts={"tier": 2},
    )
    return service


@pytest.mark.parametrize("slug", list(VIEWS))
def test_every_view_renders_for_a_commissioner(client_for, activity, slug):
    response = client_for(Role.COMMISSIONER).get(reverse(f"insight:{slug}"), FILTERS)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Greater Manchester ICB" in page
    assert 'href="?level=icb&amp;from=2025-04-01&amp;to=2026-03-31&amp;area=E54000057&amp;format=csv"' in page
    assert "Test Person" not in page


@pytest.mark.parametrize("slug", list(VIEWS))
def test_every_view_downloads_as_csv(client_for, activity, slug):
    response = client_for(Role.COMMISSIONER).get(reverse(f"insight:{slug}"), {**FILTERS, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="throughcare-{slug}.csv"'
    assert "Greater Manchester ICB" in response.content.decode()


@pytest.mark.parametrize("slug", list(VIEWS))
def test_every_view_answers_in_json(client, token_for, activity, slug):
    response = client.get(
        reverse("api:insight_view", kwargs={"view": slug}),
        FILTERS,
        headers={"Authorization": f"Bearer {token_for(Role.COMMISSIONER)}"},
    )
    assert response.status_code == 200
    assert response.json()["filters"]["area_name"] == "Greater Manchester ICB"


@pytest.mark.parametrize("slug", list(VIEWS))
def test_every_view_explains_an_unknown_area(client_for, areas, slug):
    response = client_for(Role.COMMISSIONER).get(reverse(f"insight:{slug}"), {"level": "pdu", "area": "NOPE"})
    assert response.status_code == 422
    assert "There is no Probation delivery unit with the code &#x27;NOPE&#x27;." in response.content.decode()


def test_the_equity_page_hides_a_group_of_3_and_rounds_23(client_for, activity):
    page = client_for(Role.COMMISSIONER).get(reverse("insight:equity"), FILTERS).content.decode()
    assert (
        '<span aria-hidden="true">*</span>'
        '<span class="govuk-visually-hidden">hidden: fewer than 8 people</span>' in page
    )
    assert ">25</td>" in page


def test_england_counts_are_rounded_and_small_ones_hidden(client_for, activity):
    page = (
        client_for(Role.COMMISSIONER)
        .get(reverse("insight:equity"), {"from": "2025-04-01", "to": "2026-03-31"})
        .content.decode()
    )
    assert ">25</td>" in page
    assert ">23</td>" not in page
    assert ">3</td>" not in page


@pytest.mark.parametrize("slug", list(VIEWS))
def test_query_counts_do_not_grow_with_the_data(client_for, areas, slug):
    client = client_for(Role.COMMISSIONER)
    client.get(reverse(f"insight:{slug}"), FILTERS)  # the session and membership, once

    def queries() -> int:
        cache.clear()  # the figures worked out afresh each time, not kept from the last visit
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(f"insight:{slug}"), FILTERS).status_code == 200
        return len(captured)

    def add_data(n: int) -> None:
        referrals(
            service_in(LA_A1, funding_ends_on=datetime.date(2026, 5, n)),
            n * 3,
            ethnicity="asian_indian",
            submitted_on=IN_PERIOD,
            moves=[("accepted", "", IN_PERIOD)],
        )
        UnmetNeed.objects.create(
            recorded_on=IN_PERIOD,
            local_authority_code=LA_A2,
            need_codes=["anxiety"],
            exclusion_counts={"area": n},
        )
        # As the scheduled refresh keeps them: a view's own queries are counted here, and a catch-up's
        # in test_shared_figures (the same however many referrals changed).
        summary.catch_up()

    add_data(1)
    before = queries()
    for n in range(2, 6):
        add_data(n)
    # The map and the area list each read the local authorities once; provision, the most, reads its
    # services by area and the shared cohort figures (whether current, when each month last changed,
    # the cohort, its overrides, services' tiers, and which services cover the area for people with
    # no recorded home), then the two that say they are still current for "placed by service".
    assert queries() == before <= 21


def test_the_overview_links_every_view_with_the_filters(client_for, areas):
    page = client_for(Role.COMMISSIONER).get(reverse("insight:overview"), FILTERS).content.decode()
    for slug in VIEWS:
        assert f'href="{reverse(f"insight:{slug}")}?level=icb&amp;' in page


def test_a_provider_manager_is_offered_only_their_views(client_for, areas):
    page = client_for(Role.PROVIDER_MANAGER).get(reverse("insight:overview")).content.decode()
    assert reverse("insight:funding") in page
    assert reverse("insight:waits") in page
    assert reverse("insight:equity") not in page


def test_the_methods_page_reads_the_methods_document(client_for, areas):
    page = client_for(Role.COMMISSIONER).get(reverse("insight:methods")).content.decode()
    assert "How services and referrals are placed in areas" in page
    assert "Disclosure control (applies to every figure)" in page
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in main
    assert '<table class="govuk-table">' in main  # the document's tables become GOV.UK tables


def test_the_api_refuses_provider_managers(client, token_for, areas):
    response = client.get(
        reverse("api:insight_view", kwargs={"view": "funding"}),
        headers={"Authorization": f"Bearer {token_for(Role.PROVIDER_MANAGER)}"},
    )
    assert response.status_code == 403


def test_the_methods_text_is_escaped_before_it_becomes_markup():
    from throughcare.insight.methods import methods_html

    html = methods_html(
        "## A <b>heading</b>\n\nText with `code` and <script>alert(1)</script>.\n\n- one\n- two"
    )
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<h2 class="govuk-heading-m">A &lt;b&gt;heading&lt;/b&gt;</h2>' in html
    assert "<code>code</code>" in html
    assert "<li>two</li>" in html
