"""The court team's treatment requirement availability page, with providers and with an error, passes
axe-core, and works by typing an area and pressing the button (no JavaScript needed)."""

import pytest
from django.urls import reverse

from tests.browser import assert_accessible
from throughcare.continuity.tests.court_helpers import a_service, leeds_area

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_court_availability_page_is_accessible(browser_for, practitioner):
    leeds_area()
    a_service(
        "Leeds MHTR", stages=["mhtr_primary"], typical_wait_days=12, capacity_available=3, capacity_maximum=9
    )
    a_service("Dual service", stages=["mhtr_secondary", "community_sentence"], needs=["substance_use"])
    page = browser_for(practitioner)
    path = reverse("continuity:court-treatment-availability")
    page.goto(path)
    assert_accessible(page, "court availability, no area yet")

    page.fill("#area", "N01LDS")
    with page.expect_navigation(wait_until="load"):
        page.click("button:has-text('Show availability')")
    assert page.locator("text=Leeds MHTR").count() == 1
    assert_accessible(page, "court availability for a PDU")

    page.fill("#area", "E99999999")
    with page.expect_navigation(wait_until="load"):
        page.click("button:has-text('Show availability')")
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, "court availability with an unknown area")
