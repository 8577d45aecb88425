"""The release plan with its times, and an item's form with its time field, at desktop and phone
widths: axe-core finds nothing and nothing scrolls sideways."""

import pytest
from django.urls import reverse

from tests.browser import assert_fits_both_widths
from throughcare.continuity.release.choices import PlanItemKind as K
from throughcare.continuity.tests.release_helpers import typical_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
        assert_fits_both_widths(page, name)
    page.goto(reverse("continuity:release-plan", args=[person.pk]))
    assert page.locator("text=at 2:30pm").count() == 1
