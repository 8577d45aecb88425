"""The insight overview and chart views in a real browser: axe-core finds nothing, charts are images."""

import datetime
import os

import pytest

from tests.browser import axe_violations
from tests.test_browser import browser, page  # noqa: F401 (the shared browser fixtures)
from throughcare.accounts.services import organisation_set_commissioning_areas
from throughcare.accounts.tests.factories import MembershipFactory, OrganisationFactory
from throughcare.insight.tests.helpers import ICB_A, LA_A1, LA_A2, build_areas, referrals, service_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-browser-test-password-1"
IN_PERIOD = datetime.date(2025, 9, 1)
# Set to a folder to keep screenshots of the pages checked (for looking at, not for asserting on).
SCREENSHOTS = os.environ.get("THROUGHCARE_SCREENSHOTS", "")
FILTERS = f"?level=icb&area={ICB_A}&from=2025-04-01&to=2026-03-31"


@pytest.fixture
def signed_in(page, live_server):  # noqa: F811 (the imported fixture)
    build_areas()
    for la, count in ((LA_A1, 40), (LA_A2, 23)):
        service = service_in(la, funding_ends_on=datetime.date(2026, 5, 1), capacity_maximum=12)
        referrals(
            service,
            count,
            ethnicity="white_british",
            submitted_on=IN_PERIOD,
            moves=[("accepted", "", IN_PERIOD)],
        )
        referrals(service, 3, ethnicity="black_african", submitted_on=IN_PERIOD)
        # A second small group for secondary suppression to hide in place of the White group, so
        # the equity chart has a figure to draw.
        referrals(service, 12, ethnicity="mixed_other", gender="woman", submitted_on=IN_PERIOD)
    service_in(LA_A1)
    # A commissioner of the ICB the views look at (ADR 35: another ICB would be out of scope).
    organisation = OrganisationFactory(kind="commissioner")
    organisation_set_commissioning_areas(
        actor=None, organisation=organisation, coverage="icb", area_codes=[ICB_A]
    )
    user = MembershipFactory(organisation=organisation, role="commissioner", user__password=PASSWORD).user
    page.goto(live_server.url + "/account/sign-in/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.click("button[type=submit]")
    return live_server.url


def _assert_accessible(page, where):  # noqa: F811
    violations = axe_violations(page)
    assert violations == [], f"{where}: " + "; ".join(violations)


def test_the_overview_is_accessible(page, signed_in):  # noqa: F811
    page.goto(signed_in + "/insight/" + FILTERS)
    assert page.locator("h1").inner_text() == "Insight"
    _assert_accessible(page, "overview")


def _chart_image(page, variant: str):  # noqa: F811
    """The page's first chart image, loaded, and the drawing it shows: the size asked for."""
    chart = page.locator("img.insight-chart").first
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle(), timeout=15_000
    )
    address = chart.evaluate("img => img.currentSrc")
    assert address.endswith(f"/{variant}.svg"), address
    drawing = page.request.get(address)
    assert drawing.ok
    assert drawing.headers["content-type"] == "image/svg+xml"
    return chart, drawing.text()


@pytest.mark.parametrize("slug", ["provision", "funding", "equity", "equity-gender"])
def test_a_chart_view_is_accessible_and_its_chart_is_a_titled_image(page, signed_in, slug):  # noqa: F811
    page.goto(signed_in + f"/insight/{slug}/" + FILTERS)
    chart, drawing = _chart_image(page, "wide")
    assert chart.is_visible()
    assert chart.get_attribute("alt")  # what the chart shows, in words
    assert drawing.count("<title") == 1
    assert drawing.count("<desc") == 1
    _assert_accessible(page, slug)


@pytest.mark.parametrize("slug", ["provision", "waits"])
def test_a_chart_fits_a_320_pixel_wide_screen_with_its_text_full_size(page, signed_in, slug):  # noqa: F811
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(signed_in + f"/insight/{slug}/" + FILTERS)
    chart, _ = _chart_image(page, "narrow")  # the phone asks for the narrow drawing only
    box = chart.bounding_box()
    natural_width, natural_height = chart.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 320
    # Drawn for the phone, not shrunk: its 14 px text is still about 14 px on the screen.
    assert box["width"] / natural_width > 0.95
    assert box["width"] / box["height"] == pytest.approx(natural_width / natural_height, rel=0.02)


def test_bad_filters_are_accessible(page, signed_in):  # noqa: F811
    page.goto(signed_in + "/insight/funding/?level=icb&area=E54999999&from=2026-03-01&to=2026-01-01")
    assert page.locator(".govuk-error-summary").is_visible()
    _assert_accessible(page, "bad filters")


def test_equity_by_gender_is_accessible_at_320_pixels_without_sideways_scroll(page, signed_in):  # noqa: F811
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(signed_in + "/insight/equity-gender/" + FILTERS)
    assert page.locator("h1").inner_text() == "Equity by gender"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    _assert_accessible(page, "equity by gender at 320 px")


@pytest.mark.parametrize("slug", ["release-forecast", "missing-middle", "provision"])
@pytest.mark.parametrize("width", [1280, 320])
def test_the_forecast_index_and_rate_views_are_accessible_without_sideways_scroll(
    page,  # noqa: F811
    signed_in,
    slug,
    width,
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(signed_in + f"/insight/{slug}/" + FILTERS)
    assert page.locator("h1").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _assert_accessible(page, f"{slug} at {width} px")


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioners_own_area_and_england_totals_are_accessible(page, signed_in, width):  # noqa: F811
    """ADR 35: with no area asked for, the view opens at the commissioner's own ICB; England comes as
    totals only, saying so."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(signed_in + "/insight/provision/")
    assert "Greater Manchester ICB" in page.locator(".govuk-caption-l").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _assert_accessible(page, f"own area at {width} px")
    page.goto(signed_in + "/insight/provision/?level=england")
    assert "England is shown as totals only" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _assert_accessible(page, f"England totals at {width} px")


WHAT_IF = "&demand=10&capacity=12&queue=60&target=6&weeks=24"


@pytest.mark.parametrize("width", [1280, 320])
def test_the_demand_what_if_chart_and_the_methods_page_are_accessible(page, signed_in, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(signed_in + "/insight/demand/" + FILTERS + WHAT_IF)
    chart, drawing = _chart_image(page, "wide" if width == 1280 else "narrow")
    assert chart.is_visible()
    assert "Target list: 15" in drawing
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _assert_accessible(page, f"demand what-if at {width} px")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/insight-demand-{width}.png", full_page=True)
    page.goto(signed_in + "/insight/methods/")
    # A breadcrumb of more than one step (GOV.UK: never a breadcrumb of one item).
    assert page.locator(".govuk-breadcrumbs__list-item").count() >= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _assert_accessible(page, f"methods at {width} px")
