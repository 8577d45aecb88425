"""Saying how a service treated you, stopping reminders, and the summary staff see, at desktop and
phone widths: axe-core finds nothing, nothing scrolls sideways."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (1280, 320)
SCREENSHOTS = os.environ.get("THROUGHCARE_SCREENSHOTS", "")


def _check(page, where: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), where
    assert_accessible(page, where)
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/feedback-{where.replace(' ', '-')}.png", full_page=True)


def _submit(page, selector: str) -> None:
    with page.expect_navigation(wait_until="load"):
        page.click(selector)


@pytest.mark.parametrize("width", WIDTHS)
def test_feedback_reminders_and_summary_pages_are_accessible(
    live_server, browser_for, make_user, practitioner, service, width
):
    from throughcare.core.permissions import Role
    from throughcare.myplan.reminders import stop_token
    from throughcare.myplan.tests.helpers import give
    from throughcare.people.tests.helpers import person_in
    from throughcare.referrals.tests.helpers import submitted

    person = person_in(practitioner.current_organisation)
    referral = submitted(practitioner, service, person=person)
    access = give(practitioner, person)
    # A page from the staff fixture's browser, with the person's own cookie added by signing in.
    page = browser_for(make_user(Role.COMMISSIONER))
    page.set_viewport_size({"width": width, "height": 900})
    from django.core import mail

    link = re.search(r"/my-plan/start/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    _submit(page, "#get-code")
    page.fill("#id_code", re.search(r"Your code is (\d{6})", mail.outbox[-1].body).group(1))
    _submit(page, "button:has-text('Carry on')")
    page.goto(reverse("feedback:give", args=[referral.pk]))
    _submit(page, "button:has-text('Send')")
    assert page.locator(".govuk-error-summary").is_visible()
    _check(page, f"give errors {width}")
    for name in ("listened", "respected", "recommend"):
        page.check(f"input[name={name}][value=yes]")
    _submit(page, "button:has-text('Send')")
    _check(page, f"thanks {width}")
    page.goto(reverse("myplan:reminders-stop", args=[stop_token(access)]))
    _check(page, f"reminders stop {width}")
    page.goto(reverse("feedback:summary"))
    _check(page, f"summary {width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_moderators_pages_are_accessible(
    live_server, browser_for, make_user, practitioner, caseworker, service, width
):
    from throughcare.core.permissions import Role
    from throughcare.feedback.services import feedback_give
    from throughcare.myplan.tests.helpers import give
    from throughcare.people.tests.helpers import person_in
    from throughcare.referrals.tests.helpers import submitted

    person = person_in(practitioner.current_organisation)
    referral = submitted(practitioner, service, person=person)
    answers = {"listened": "yes", "respected": "partly", "recommend": "yes"}
    words = "The worker, Dave Smith, was kind. Ring me on 07700 900 982."
    feedback_give(access=give(practitioner, person), referral=referral, answers=answers, words=words)
    page = browser_for(make_user(Role.DPO, organisation=caseworker.current_organisation))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reverse("feedback:moderation"))
    _check(page, f"moderation {width}")
    _submit(page, "#words-to-check a")
    _check(page, f"moderate {width}")
    page.check("input[name=decision][value=reject]")
    _submit(page, "button:has-text('Save')")
    assert page.locator(".govuk-error-summary").is_visible()
    _check(page, f"moderate errors {width}")
    page.check("input[name=reject_reason][value=identifies]")
    _submit(page, "button:has-text('Save')")
    assert "will not be published" in page.content()
    _check(page, f"moderation done {width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_council_export_page_is_accessible(live_server, browser_for, make_user, width):
    from throughcare.core.permissions import Role

    page = browser_for(make_user(Role.COMMISSIONER))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reverse("feedback:council") + "?from-month=13&from-year=2026")
    assert page.locator(".govuk-error-summary").is_visible()
    _check(page, f"council error {width}")
    page.goto(reverse("feedback:council"))
    assert page.locator("a:has-text('Download the spreadsheet (CSV)')").is_visible()
    _check(page, f"council {width}")
