"""The release plan with its times, and an item's form with its time field, at desktop and phone
widths: axe-core finds nothing and nothing scrolls sideways."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser import assert_accessible
from throughcare.continuity.release.choices import PlanItemKind as K
from throughcare.continuity.tests.release_helpers import typical_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (1280, 320)
# Set to a folder to keep a screenshot of each page checked (for looking at, not for asserting on).
SCREENSHOTS = os.environ.get("THROUGHCARE_SCREENSHOTS", "")


def test_the_plan_and_an_items_time_at_both_widths(browser_for, referrer, receiver, service):
    person, items, _ = typical_plan(referrer, receiver, service)
    page = browser_for(referrer)
    for name, path in (
        ("release-plan", reverse("continuity:release-plan", args=[person.pk])),
        (
            "release-plan-item",
            reverse("continuity:release-plan-item", args=[items[K.FIRST_MENTAL_HEALTH_APPOINTMENT].pk]),
        ),
    ):
        page.goto(path)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            where = f"{name} at {width}px"
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), where
            assert_accessible(page, where)
            if SCREENSHOTS:
                Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)
    page.goto(reverse("continuity:release-plan", args=[person.pk]))
    assert page.locator("text=at 2:30pm").count() == 1
