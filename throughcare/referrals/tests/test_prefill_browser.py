"""A draft started from Find support, and each side's move form, at desktop and phone widths: axe-core
finds nothing and nothing scrolls sideways."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser import assert_accessible, submit_and_wait
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.tests.helpers import submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (1280, 320)
# Set to a folder to keep a screenshot of each page checked (for looking at, not for asserting on).
SCREENSHOTS = os.environ.get("THROUGHCARE_SCREENSHOTS", "")


def _check(page, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        where = f"{name} at {width}px"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), where
        assert_accessible(page, where)
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)


def test_a_draft_from_find_support_and_each_sides_moves(browser_for, referrer, receiver, service):
    person = person_in(referrer.current_organisation, contact_preference="phone", phone="07700 900123")
    page = browser_for(referrer)
    page.goto(reverse("matching:find-support") + f"?person={person.pk}")  # to check answers
    _check(page, "find-support-for-someone")
    answers = {
        "where": lambda: page.check("input[name=online_only]"),
        "needs": lambda: page.check("input[name=need_codes][value=depression]"),
        "circumstances": lambda: (
            page.check("input[name=risk_to_others][value='2']"),
            page.check("input[name=risk_to_self][value=no]"),
            page.check("input[name=uses_substances][value=no]"),
            page.check("input[name=gp_registered][value=yes]"),
        ),
        "preferences": lambda: page.check("input[name=preferences][value=one_to_one]"),
    }
    for slug, answer in answers.items():
        page.goto(reverse("matching:question", args=[slug]) + "?change=yes")
        answer()
        submit_and_wait(page, "Save and go back to your answers")
    submit_and_wait(page, "Find support")
    assert page.locator("#results-heading").is_visible()
    page.goto(reverse("referrals:start", args=[service.pk]) + f"?person={person.pk}")
    assert page.locator("text=Needs from Find support").is_visible()
    assert page.locator("#still-needed").is_visible()
    _check(page, "draft-from-find-support")

    sent = submitted(referrer, service)
    page.goto(reverse("referrals:detail", args=[sent.pk]))
    _check(page, "referral-referrer-moves")
    page = browser_for(receiver)
    page.goto(reverse("referrals:detail", args=[sent.pk]))
    _check(page, "referral-receiver-moves")
