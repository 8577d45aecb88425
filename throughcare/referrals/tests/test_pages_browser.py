"""The referral pages, with and without errors, pass axe-core. The demo may have no referrals, so the
crawl in tests/test_browser.py may never reach them: these make their own."""

import os

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser import CHROMIUM_ARGS, axe_violations, chromium_path
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.tests.helpers import draft, submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_for(live_server):
    from playwright.sync_api import sync_playwright

    # As in tests/test_browser.py: Playwright's loop makes Django refuse the (safe) synchronous ORM.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    contexts = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )

        def page_for(user):
            client = Client()
            client.force_login(user)
            # axe is injected as a script, which the Content-Security-Policy would refuse.
            context = browser.new_context(bypass_csp=True, base_url=live_server.url)
            context.add_cookies(
                [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
            )
            contexts.append(context)
            return context.new_page()

        try:
            yield page_for
        finally:
            for context in contexts:
                context.close()
            browser.close()
            if previous is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _check(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: " + "; ".join(violations)


def _save(page, button: str) -> None:
    with page.expect_navigation(wait_until="load"):
        page.click(f"button:has-text('{button}')")


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
        _check(page, path)

    page.goto(f"{start}?person=not-a-person")
    _check(page, "choosing nobody")
    page.goto(reverse("referrals:consent", kwargs={"referral_id": unfinished.pk}))
    _save(page, "Record consent")
    _check(page, "consent with errors")
    page.goto(reverse("referrals:edit", kwargs={"referral_id": unfinished.pk}))
    page.fill("#id_release_date-day", "40")
    _save(page, "Save draft")
    _check(page, "draft with errors")
    page.goto(reverse("referrals:detail", kwargs={"referral_id": unfinished.pk}))
    page.check("#id_target")
    _save(page, "Save")
    assert page.locator(".govuk-error-summary").is_visible()
    _check(page, "submitting a draft that is not ready")

    page = browser_for(receiver)
    page.goto(reverse("referrals:detail", kwargs={"referral_id": sent.pk}))
    page.select_option("#id_reason_code", "other")
    page.check("input[value=declined]")
    _save(page, "Save")
    assert page.locator(".govuk-error-summary").is_visible()
    _check(page, "declining without a note")
    page.goto(reverse("referrals:worklist"))
    _check(page, "the receiver's worklist")
