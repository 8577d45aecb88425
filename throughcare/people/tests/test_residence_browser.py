"""The 'where they live' page passes axe-core at 1280 and 320 pixels wide and fits the screen, with
and without errors, and so does the page that signposts a home outside England."""

import pytest
from django.urls import reverse

from tests.browser import assert_accessible, submit_and_wait
from throughcare.people.tests.helpers import person_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 320)


def _no_sideways_scroll(page, where):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), where


def test_the_residence_pages_are_accessible(browser_for, referrer):
    person = person_in(referrer.current_organisation)
    page = browser_for(referrer)
    path = reverse("people:residence", kwargs={"person_id": person.pk})
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(path)
        assert_accessible(page, f"residence at {width}")
        _no_sideways_scroll(page, f"residence at {width}")
        page.fill("#id_postcode", "LS1 4AC")
        submit_and_wait(page, "Record where they live")
        assert page.locator(".govuk-error-summary").is_visible()
        assert_accessible(page, f"residence with errors at {width}")
        _no_sideways_scroll(page, f"residence with errors at {width}")
        page.fill("#id_postcode", "CF10 1AA")
        submit_and_wait(page, "Record where they live")
        assert page.locator("h1").inner_text() == "Recorded as living outside England"
        assert_accessible(page, f"outside England at {width}")
        _no_sideways_scroll(page, f"outside England at {width}")
