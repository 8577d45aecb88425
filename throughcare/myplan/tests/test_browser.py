"""The person's own pages on a phone and a desktop, from the emailed link to signing out, and the
practitioner's page that sends the link: axe-core finds nothing, nothing scrolls sideways."""

import os
import re
from pathlib import Path

import pytest
from django.core import mail

from tests.browser import CHROMIUM_ARGS, assert_accessible, chromium_path
from throughcare.continuity.tests.release_helpers import typical_plan
from throughcare.myplan.tests.helpers import give

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (1280, 320)
# Set to a folder to keep a screenshot of each page checked (for looking at, not for asserting on).
SCREENSHOTS = os.environ.get("THROUGHCARE_SCREENSHOTS", "")


def _check(page, where: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), where
    assert_accessible(page, where)
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/myplan-{where.replace(' ', '-')}.png", full_page=True)


def _submit(page, selector: str) -> None:
    with page.expect_navigation(wait_until="load"):
        page.click(selector)


@pytest.fixture
def phone_browser():
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_person_signs_in_from_the_link_and_reads_their_plan(
    live_server, phone_browser, practitioner, caseworker, service, width
):
    from throughcare.directory.models import Phone

    Phone.objects.create(service=service, number="0115 496 0999")
    person, _items, _appointment = typical_plan(practitioner, caseworker, service)
    give(practitioner, person, email="sam@example.com")
    link = re.search(r"https?://\S+/my-plan/start/\S+/", mail.outbox[-1].body).group(0)
    context = phone_browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + link[link.index("/my-plan/") :])
    _check(page, f"start {width}")
    _submit(page, "#get-code")
    _submit(page, "button:has-text('Carry on')")
    assert page.locator(".govuk-error-summary").is_visible()
    _check(page, f"code error {width}")
    code = re.search(r"Your code is (\d{6})", mail.outbox[-1].body).group(1)
    page.fill("#id_code", code)
    _submit(page, "button:has-text('Carry on')")
    assert page.locator("h1").inner_text() == "Your plan"
    _check(page, f"plan {width}")
    _choose_reminders_by_text(page, width)
    page.goto(live_server.url + "/my-plan/")
    _submit(page, "text=Print your plan")
    _check(page, f"print {width}")
    page.emulate_media(media="print")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format="A4")))
    print(f"easy-read print of a typical plan at {width}px: {pages} A4 page(s)")
    assert pages <= 2
    page.emulate_media(media="screen")
    page.goto(live_server.url + "/my-plan/")
    _submit(page, "text=See who can have your details")
    _check(page, f"sharing {width}")
    _submit(page, "text=See what they get, or say stop")
    _check(page, f"sharing one {width}")
    _submit(page, "button:has-text('Stop sharing with')")
    assert "You said stop." in page.locator("#said").inner_text()
    _check(page, f"sharing stopped {width}")
    page.goto(live_server.url + "/my-plan/stop/")
    _check(page, f"stop {width}")
    page.goto(live_server.url + "/my-plan/")
    _submit(page, "button:has-text('Sign out')")
    assert page.locator("h1").inner_text() == "You are signed out"
    _check(page, f"signed out {width}")
    context.close()


def _choose_reminders_by_text(page, width: int) -> None:
    """From the plan: a wrong number is refused in words, a right one is taken; then the stop link."""
    from throughcare.myplan.models import PlanAccess
    from throughcare.myplan.reminders import stop_token

    page.click("text=Get reminders")
    page.wait_for_load_state("load")
    _check(page, f"reminders {width}")
    page.check("#id_by-text")
    page.fill("#id_mobile_number", "01632 960001")
    _submit(page, "button:has-text('Save')")
    assert "Enter a UK mobile number" in page.locator(".govuk-error-summary").inner_text()
    _check(page, f"reminders error {width}")
    page.check("#id_by-text")
    page.fill("#id_mobile_number", "07700 900 982")
    _submit(page, "button:has-text('Save')")
    assert "We text 07*** ***982" in page.locator("#main-content").inner_text()
    _check(page, f"plan with texts {width}")
    access = PlanAccess.objects.get(mobile_number="+447700900982")
    page.goto(page.url.split("/my-plan/")[0] + f"/my-plan/reminders/stop/{stop_token(access)}/")
    _check(page, f"reminders stop {width}")
    page.goto(page.url.split("/my-plan/")[0] + "/my-plan/")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_practitioners_page_that_sends_the_link_is_accessible(
    live_server, browser_for, practitioner, width
):
    from throughcare.people.tests.helpers import person_in

    person = person_in(practitioner.current_organisation, email="sam@example.com")
    give(practitioner, person)
    page = browser_for(practitioner)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/people/{person.pk}/plan-access/")
    page.uncheck("#id_consent")
    _submit(page, "button:has-text('Send the link')")
    assert page.locator(".govuk-error-summary").is_visible()
    _check(page, f"staff give access {width}")
    page.goto(f"/people/{person.pk}/plan-access/")
    page.fill("#id_mobile_number", "01632 960001")
    _submit(page, "button:has-text('Send reminders by text')")
    assert "Enter a UK mobile number" in page.locator(".govuk-error-summary").inner_text()
    _check(page, f"staff text reminders error {width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_link_by_text_from_the_practitioners_page_to_the_persons_reminders(
    live_server, browser_for, practitioner, width
):
    """Staff choose text (a wrong number refused in words), then the person opens the texted link,
    gets a texted code and chooses reminders to that number."""
    from throughcare.core import texts
    from throughcare.people.tests.helpers import person_in

    person = person_in(practitioner.current_organisation, email="sam@example.com")
    page = browser_for(practitioner)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/people/{person.pk}/plan-access/")
    page.check("#id_channel-text")
    page.fill("#id_link_mobile_number", "01632 960001")
    _submit(page, "button:has-text('Send the link')")
    assert "Enter a UK mobile number" in page.locator(".govuk-error-summary").inner_text()
    _check(page, f"staff link by text error {width}")
    page.check("#id_channel-text")
    page.fill("#id_link_mobile_number", "07700 900 982")
    page.check("#id_consent")
    _submit(page, "button:has-text('Send the link')")
    assert "By text to 07700 900982" in page.locator("#sent-to").inner_text()
    _check(page, f"staff link by text sent {width}")
    link = re.search(r"/my-plan/start/\S+/", texts.outbox[-1].body).group(0)
    # The person's phone: a browser context of its own, with no staff cookie.
    context = page.context.browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    phone = context.new_page()
    phone.goto(live_server.url + link)
    assert "We will text a code to 07*** ***982." in phone.locator("#main-content").inner_text()
    _check(phone, f"start by text {width}")
    _submit(phone, "#get-code")
    _check(phone, f"code by text {width}")
    phone.fill("#id_code", re.search(r"Your code is (\d{6})", texts.outbox[-1].body).group(1))
    _submit(phone, "button:has-text('Carry on')")
    phone.click("text=Get reminders")
    phone.wait_for_load_state("load")
    _check(phone, f"reminders by text link {width}")
    phone.check("#id_by")
    _submit(phone, "button:has-text('Save')")
    assert "We text 07*** ***982" in phone.locator("#main-content").inner_text()
    context.close()
