"""The outcome pages, and the referral page's outcome section, with and without errors, pass axe-core."""

from datetime import date

import pytest
from django.urls import reverse

from tests.browser import assert_accessible, submit_and_wait
from throughcare.outcomes.tests.helpers import S, completed, in_treatment, move, record, write_summary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_outcome_pages_are_accessible(browser_for, referrer, receiver, service):
    treating = in_treatment(referrer, receiver, service)
    record(receiver, treating, "PHQ-9", answers=[3, 3, 2, 2, 2, 1, 1, 1, 1], on=date(2026, 1, 5))
    record(receiver, treating, "PHQ-9", answers=[1, 1, 0, 0, 0, 0, 0, 0, 0], on=date(2026, 3, 2))
    record(receiver, treating, "SWEMWBS", total=20, on=date(2026, 1, 5))
    ended = completed(referrer, receiver, service)
    summarised = move(receiver, in_treatment(referrer, receiver, service), S.COMPLETED)
    write_summary(receiver, summarised)
    record_url = reverse("outcomes:record", kwargs={"referral_id": treating.pk})

    page = browser_for(receiver)
    for path in (
        reverse("referrals:detail", kwargs={"referral_id": treating.pk}),
        record_url,
        f"{record_url}?measure=PHQ-9",
        f"{record_url}?measure=CORE-10",
        f"{record_url}?measure=WEMWBS",
        reverse("outcomes:summary", kwargs={"referral_id": ended.pk}),
    ):
        page.goto(path)
        assert "/sign-in/" not in page.url
        assert_accessible(page, path)

    page.goto(f"{record_url}?measure=nothing")
    assert_accessible(page, "an unknown measure")
    page.goto(record_url)
    page.check("input[value='GAD-7']")
    submit_and_wait(page, "Continue")
    assert page.locator("h1").inner_text() == "Record GAD-7"
    page.check("#id_question_1")
    submit_and_wait(page, "Record GAD-7")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "GAD-7 with unanswered questions")
    page.goto(f"{record_url}?measure=SWEMWBS")
    page.fill("#id_total", "99")
    submit_and_wait(page, "Record SWEMWBS")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "SWEMWBS with a total out of range")
    page.goto(reverse("outcomes:summary", kwargs={"referral_id": ended.pk}))
    submit_and_wait(page, "Send the summary to the referrer")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "a blank summary")

    page = browser_for(referrer)
    page.goto(reverse("referrals:detail", kwargs={"referral_id": summarised.pk}))
    assert page.locator("#outcomes").is_visible()
    assert_accessible(page, "the referrer reading the summary")
