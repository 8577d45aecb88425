"""The referral pages, with and without errors, pass axe-core. The demo may have no referrals, so the
crawl in tests/test_browser.py may never reach them: these make their own."""

import pytest
from django.urls import reverse

from tests.browser import assert_accessible, submit_and_wait
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.models import Referral
from throughcare.referrals.tests.helpers import draft, give_consent, submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_referral_pages_are_accessible(browser_for, referrer, receiver, service):
    person = person_in(referrer.current_organisation)
    unfinished = draft(referrer, service, risk_summary="")
    sent = submitted(referrer, service)
    start = reverse("referrals:start", kwargs={"service_id": service.pk})

    page = browser_for(referrer)
    for path in (
        reverse("referrals:worklist"),
        start,
        f"{start}?person={person.pk}",
        reverse("referrals:detail", kwargs={"referral_id": unfinished.pk}),
        reverse("referrals:edit", kwargs={"referral_id": unfinished.pk}),
        reverse("referrals:consent", kwargs={"referral_id": unfinished.pk}),
        reverse("referrals:detail", kwargs={"referral_id": sent.pk}),
    ):
        page.goto(path)
        assert "/sign-in/" not in page.url
        assert_accessible(page, path)

    page.goto(f"{start}?person=not-a-person")
    assert_accessible(page, "choosing nobody")
    page.goto(reverse("referrals:consent", kwargs={"referral_id": unfinished.pk}))
    submit_and_wait(page, "Record consent")
    assert_accessible(page, "consent with errors")
    page.goto(reverse("referrals:edit", kwargs={"referral_id": unfinished.pk}))
    page.fill("#id_release_date-day", "40")
    submit_and_wait(page, "Save draft")
    assert_accessible(page, "draft with errors")
    page.goto(reverse("referrals:check-answers", kwargs={"referral_id": unfinished.pk}))
    assert_accessible(page, "checking the answers of a draft that is not ready")
    ready = draft(referrer, service)
    give_consent(referrer, ready)
    page.goto(reverse("referrals:check-answers", kwargs={"referral_id": ready.pk}))
    assert_accessible(page, "checking the answers of a draft that is ready")
    # Someone empties a required answer in another tab before this one sends.
    Referral.objects.filter(pk=ready.pk).update(contact_preferences="")
    submit_and_wait(page, "Accept and send")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "sending a draft that is not ready")

    page = browser_for(receiver)
    page.goto(reverse("referrals:detail", kwargs={"referral_id": sent.pk}))
    page.select_option("#id_reason_code", "other")
    page.check("input[value=declined]")
    submit_and_wait(page, "Save")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "declining without a note")
    page.goto(reverse("referrals:worklist"))
    assert_accessible(page, "the receiver's worklist")
