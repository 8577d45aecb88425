"""The court team's treatment requirement availability page, with providers and with an error, passes
axe-core at 1280 and 320 px, and finds the area from a name typed in the suggesting box or a postcode."""

import os

import pytest
from django.urls import reverse

from tests.browser import assert_accessible
from throughcare.continuity.tests.court_helpers import a_service, leeds_area
from throughcare.geography.models import Country, PostcodeDistrict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SCREENSHOT_DIR", "")


def test_court_availability_page_is_accessible(browser_for, practitioner):
    leeds_area()
    PostcodeDistrict.objects.create(
        code="LS1", latitude=53.797, longitude=-1.548, country=Country.ENGLAND, local_authority_id="E08000035"
    )
    a_service(
        "Leeds MHTR", stages=["mhtr_primary"], typical_wait_days=12, capacity_available=3, capacity_maximum=9
    )
    a_service("Dual service", stages=["mhtr_secondary", "community_sentence"], needs=["substance_use"])
    page = browser_for(practitioner)
    path = reverse("continuity:court-treatment-availability")
    page.goto(path)
    assert_accessible(page, "court availability, no area yet")

    page.fill("#area", "Leeds PD")
    page.click("#area__listbox li:has-text('Leeds PDU (probation delivery unit)')")
    with page.expect_navigation(wait_until="load"):
        page.click("button:has-text('Show availability')")
    assert page.locator("text=Leeds MHTR").count() == 1
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, f"court availability for a PDU at {width}px")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/court-availability-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.fill("#postcode", "LS1 4AP")
    with page.expect_navigation(wait_until="load"):
        page.click("button:has-text('Show availability')")
    assert "The area of the postcode LS1 4AP" in page.content()

    page.fill("#area", "Leds")
    page.keyboard.press("Escape")  # close the suggestions, which cover the button
    with page.expect_navigation(wait_until="load"):
        page.click("button:has-text('Show availability')")
    assert page.locator(".govuk-error-summary").count() == 1
    assert "did you mean Leeds (local authority)" in page.content()
    assert_accessible(page, "court availability with an unknown area")
