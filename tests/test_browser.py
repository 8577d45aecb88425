"""Every demo role signs in through the real form, and every page it reaches passes axe-core."""

import os
from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command

from tests.browser import CHROMIUM_ARGS, axe_violations, chromium_path
from throughcare.demo.seeding import DEMO_PASSWORD, DEMO_SIGN_INS, demo_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PATHS = [
    "/account/sign-in/",
    "/account/password-reset/",
    "/accessibility/",
    "/privacy/",
    "/no-such-page/",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    # Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM calls
    # from the test itself; they are synchronous and safe, so allow them while the browser runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    # axe is injected as a script, which the service's own Content-Security-Policy would refuse.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(live_server):
    call_command("seed_demo", "--quiet")
    return live_server.url


def _internal_links(page, base: str) -> set[str]:
    # Links marked `download` fetch a file (a FHIR bundle, say), not a page to check.
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "links => links.map(a => a.getAttribute('href'))"
    )
    paths = set()
    for href in hrefs:
        url = urlparse(urljoin(page.url, href))
        if url.netloc == urlparse(base).netloc and not url.path.startswith(("/api/", "/static/")):
            paths.add(url.path)
    return paths


def _submit(page, selector: str) -> None:
    """Click a button that submits a form, and wait until the next page has loaded."""
    with page.expect_navigation(wait_until="load"):
        page.click(selector)


def _assert_accessible(page, where: str):
    violations = axe_violations(page)
    assert violations == [], f"{where}: " + "; ".join(violations)


# Checked on every page the crawl reaches, at 320 px: no sideways scroll of the whole page (a wide
# table scrolls in its own region), no id used twice, no placeholder text standing in for a label or
# hint, and one banner per message.
PAGE_CHECKS = """() => {
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth) {
    problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px wide)`);
  }
  const ids = [...document.querySelectorAll('[id]')].map(element => element.id);
  const twice = [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
  if (twice.length) problems.push(`ids used twice: ${twice.join(', ')}`);
  // An empty placeholder (the autocomplete's default) stands in for nothing.
  if (document.querySelector('[placeholder]:not([placeholder=""])')) problems.push('placeholder text');
  const banners = [...document.querySelectorAll('.govuk-notification-banner, .govuk-error-summary')]
    .map(banner => banner.innerText.trim());
  if (new Set(banners).size !== banners.length) problems.push('the same banner twice');
  return problems;
}"""
DJANGO_WORDS = ("This field is required.", "Enter a valid", "Ensure this value", "Select a valid choice.")


def _assert_fits_a_phone(page, where: str):
    page.set_viewport_size({"width": 320, "height": 800})
    try:
        problems = page.evaluate(PAGE_CHECKS)
        text = page.inner_text("body")
        problems += [f"Django's words: {words}" for words in DJANGO_WORDS if words in text]
    finally:
        page.set_viewport_size({"width": 1280, "height": 800})
    assert problems == [], f"{where} at 320 px: " + "; ".join(problems)


def test_public_pages_and_error_states_are_accessible(page, demo):
    for path in PUBLIC_PATHS:
        page.goto(demo + path)
        _assert_accessible(page, path)
        _assert_fits_a_phone(page, path)
    page.goto(demo + "/account/sign-in/")
    _submit(page, "button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    # GOV.UK Frontend's JavaScript moves focus to the summary so screen readers announce it.
    page.wait_for_function("() => document.activeElement.closest('.govuk-error-summary') !== null")
    _assert_accessible(page, "sign-in with errors")


# The crawl also sends each question form it reaches, first empty and then with junk answers, and
# checks the page that comes back as it checks any other. Forms that only act (a button alone) and
# forms whose address says they end, remove or sign out are left alone: sending those is not a test
# of their questions. Bounded per role, so the crawl's time stays known.
FORMS_PER_ROLE = 12
LEAVE_ALONE = ("sign-out", "delete", "withdraw", "revoke", "remove", "retire", "/end", "close", "dealt")
QUESTION_FORMS = """(leaveAlone) => [...document.querySelectorAll('main form')]
  .map((form, index) => ({form, index}))
  .filter(({form}) => (form.getAttribute('method') || 'get').toLowerCase() === 'post')
  .filter(({form}) => !leaveAlone.some(
    word => (form.getAttribute('action') || location.pathname).includes(word)))
  .filter(({form}) => form.querySelector(
    'input:not([type=hidden]):not([type=submit]):not([type=file]), textarea, select'))
  .map(({index}) => index)"""
JUNK = "<b>zz</b> 99999999999999999999 -1 ¿?"
ERROR_LINKS_RESOLVE = """() => [...document.querySelectorAll('.govuk-error-summary a[href^="#"]')]
  .map(link => link.getAttribute('href').slice(1))
  .filter(id => !document.getElementById(id))"""


def _check_answer_page(page, where: str) -> None:
    assert not page.title().startswith("Error: Error:"), f"{where}: the title says Error twice"
    missing = page.evaluate(ERROR_LINKS_RESOLVE)
    assert missing == [], f"{where}: error summary links to nothing: {missing}"
    _assert_accessible(page, where)
    _assert_fits_a_phone(page, where)


def _send_form(page, url: str, index: int, *, junk: bool) -> bool:
    """Send the page's index-th form (empty, or with junk typed into every box); False when it only
    started a download, which is not a page to check."""
    page.goto(url)
    # A form folded away in a details element is opened as a person would open it.
    page.evaluate("() => document.querySelectorAll('main details').forEach(d => { d.open = true; })")
    form = page.locator("main form").nth(index)
    if junk:
        boxes = form.locator(
            "input[type=text], input[type=email], input[type=tel], input[type=number], "
            "input[type=search], input[type=url], input:not([type]), textarea"
        )
        for n in range(boxes.count()):
            if boxes.nth(n).is_visible():
                boxes.nth(n).fill(JUNK)
    button = form.locator(
        "button[type=submit]:visible, button:not([type]):visible, input[type=submit]:visible"
    ).first
    try:
        with page.expect_navigation(wait_until="load"):
            button.click()
    except Exception as error:  # Playwright's own error type: a download ends the navigation
        if "download" in str(error).lower():
            return False
        raise
    return True


def _send_question_forms(page, url: str, where: str, budget: int) -> int:
    """Send each question form on the page empty and with junk; returns how many were sent."""
    sent = 0
    for index in page.evaluate(QUESTION_FORMS, list(LEAVE_ALONE)):
        if sent >= budget:
            break
        for junk in (False, True):
            if _send_form(page, url, index, junk=junk):
                _check_answer_page(page, f"{where}, form {index} sent {'with junk' if junk else 'empty'}")
        sent += 1
    return sent


@pytest.mark.parametrize(("local_part", "role"), [(s[0], s[3]) for s in DEMO_SIGN_INS])
def test_each_demo_role_signs_in_and_every_page_it_reaches_is_accessible(page, demo, local_part, role):
    page.goto(demo + "/")
    assert "/account/sign-in/" in page.url
    page.fill("#id_username", demo_email(local_part))
    page.fill("#id_password", DEMO_PASSWORD)
    _submit(page, "button[type=submit]")
    assert urlparse(page.url).path == "/", f"{role} did not reach home"
    assert page.locator("h1").count() == 1

    to_visit, seen, forms_sent = ["/"], set(), 0
    while to_visit and len(seen) < 25:
        path = to_visit.pop()
        if path in seen or path.startswith("/account/password-reset"):
            continue
        seen.add(path)
        page.goto(demo + path)
        _assert_accessible(page, f"{path} as {role}")
        _assert_fits_a_phone(page, f"{path} as {role}")
        links = _internal_links(page, demo)
        budget = FORMS_PER_ROLE - forms_sent
        forms_sent += _send_question_forms(page, demo + path, f"{path} as {role}", budget)
        to_visit.extend(sorted(links - seen))
    assert len(seen) >= 4

    page.goto(demo + "/")

    _submit(page, "text=Sign out")
    assert "/account/sign-in/" in page.url
    assert "You have signed out" in page.content()
