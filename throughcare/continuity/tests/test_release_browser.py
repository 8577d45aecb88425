"""The release planning pages, with and without errors, pass axe-core."""

import re

import pytest
from django.urls import reverse

from tests.browser import assert_accessible
from throughcare.continuity.tests.release_helpers import planned, typical_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_release_pages_are_accessible(browser_for, practitioner):
    person, items = planned(practitioner, days_to_release=5)
    page = browser_for(practitioner)
    for path in (
        reverse("continuity:release-caseload"),
        reverse("continuity:release-gaps"),
        reverse("continuity:release-plan", args=[person.pk]),
        reverse("continuity:release-plan-print", args=[person.pk]),
        reverse("continuity:release-plan-printable", args=[person.pk]),
        reverse("continuity:release-plan-item", args=[items["gp_registration"].pk]),
    ):
        page.goto(path)
        assert "/sign-in/" not in page.url
        assert_accessible(page, path)

    page.goto(reverse("continuity:release-plan-item", args=[items["gp_registration"].pk]))
    page.check("input[name=status][value=done]")
    with page.expect_navigation(wait_until="load"):
        page.click("button:has-text('Save')")
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, "plan item with errors")

    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(reverse("continuity:release-plan-print", args=[person.pk]))
    assert_accessible(page, "plain plan on a phone")


# A page object of a PDF, not the /Pages tree that holds them.
PDF_PAGE = re.compile(rb"/Type\s*/Page(?!s)")


def test_a_typical_printed_plan_fits_on_two_a4_pages_and_is_accessible(
    browser_for, practitioner, caseworker, service
):
    person, _, _ = typical_plan(practitioner, caseworker, service)
    page = browser_for(practitioner)
    page.goto(reverse("continuity:release-plan-printable", args=[person.pk]))
    assert "/sign-in/" not in page.url
    assert page.locator("a[href='tel:07700900123']").count() == 1
    pages = len(PDF_PAGE.findall(page.pdf(format="A4")))
    assert 1 <= pages <= 2, f"the printed plan takes {pages} A4 pages"
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, f"printed plan at {width}px")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
