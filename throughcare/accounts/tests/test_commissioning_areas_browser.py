"""The page where an administrator sets what an organisation commissions for, in a real browser:
axe-core finds nothing at 1280 and 320 px, with and without errors, and nothing scrolls sideways."""

import pytest

from tests.browser import assert_accessible
from tests.test_browser import browser, page  # noqa: F401 (the shared browser fixtures)
from throughcare.accounts.tests.factories import MembershipFactory, OrganisationFactory
from throughcare.insight.tests.helpers import ICB_A, build_areas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-browser-test-password-1"


@pytest.fixture
def areas_page(page, live_server):  # noqa: F811 (the imported fixture)
    build_areas()
    icb = OrganisationFactory(kind="commissioner", name="NHS Greater Manchester ICB (commissioning)")
    admin = MembershipFactory(
        organisation=OrganisationFactory(kind="platform"), role="administrator", user__password=PASSWORD
    ).user
    page.goto(live_server.url + "/account/sign-in/")
    page.fill("#id_username", admin.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.click("button[type=submit]")
    return live_server.url + f"/account/organisations/{icb.id}/"


@pytest.mark.parametrize("width", [1280, 320])
def test_setting_the_areas_is_accessible_with_and_without_errors(page, areas_page, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(areas_page + "areas/")
    assert_accessible(page, f"areas at {width} px")
    page.check("input[value=icb]")
    page.fill("#id_commissioning_area_codes", "E54999999")
    with page.expect_navigation(wait_until="load"):
        page.click("button:has-text('Save')")
    assert "There is no ICB with the code E54999999" in page.locator(".govuk-error-summary").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, f"areas with an error at {width} px")
    page.fill("#id_commissioning_area_codes", ICB_A)
    with page.expect_navigation(wait_until="load"):
        page.click("button:has-text('Save')")
    assert f"Greater Manchester ICB ({ICB_A})" in page.content()
    assert_accessible(page, f"organisation page at {width} px")
