"""A draft started from Find support, and each side's move form, at desktop and phone widths: axe-core
finds nothing and nothing scrolls sideways."""

import pytest
from django.urls import reverse

from tests.browser import assert_fits_both_widths, submit_and_wait
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.tests.helpers import submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_draft_from_find_support_and_each_sides_moves(browser_for, referrer, receiver, service):
    person = person_in(referrer.current_organisation, contact_preference="phone", phone="07700 900123")
    page = browser_for(referrer)
    page.goto(reverse("matching:find-support") + f"?person={person.pk}")  # to check answers
    assert_fits_both_widths(page, "find-support-for-someone")
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
    assert_fits_both_widths(page, "draft-from-find-support")

    sent = submitted(referrer, service)
    page.goto(reverse("referrals:detail", args=[sent.pk]))
    assert_fits_both_widths(page, "referral-referrer-moves")
    page = browser_for(receiver)
    page.goto(reverse("referrals:detail", args=[sent.pk]))
    assert_fits_both_widths(page, "referral-receiver-moves")
