"""Headless Chromium for browser tests, with axe-core for accessibility checks.

Uses Debian's /usr/bin/chromium (Playwright's own browser downloads are not used). Without it the
browser tests skip with a message, except in CI (CI=true), where a missing browser is a failure.
"""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        message = "Debian's chromium is not installed (apt-get install chromium): browser tests need it."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make setup` (npm ci in frontend/).")
    return path


def axe_violations(page) -> list[str]:
    """Run axe-core on the page and describe each WCAG 2.2 A/AA (and best-practice) violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in result["violations"]
    ]


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: " + "; ".join(violations)


WIDTHS = (1280, 320)
# Set to a folder to keep a screenshot of each page checked (for looking at, not for asserting on).
SCREENSHOTS = os.environ.get("THROUGHCARE_SCREENSHOTS", "")


def assert_fits_both_widths(page, name: str) -> None:
    """At 1280 and 320 px: no sideways scroll of the whole page and no axe violation (and a
    screenshot of each when THROUGHCARE_SCREENSHOTS names a folder); then back to 1280 px."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        where = f"{name} at {width}px"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), where
        assert_accessible(page, where)
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def submit_and_wait(page, button: str) -> None:
    with page.expect_navigation(wait_until="load"):
        page.click(f"button:has-text('{button}')")


@contextmanager
def signed_in_pages(live_server_url: str):
    """Yields page_for(user): a Chromium page signed in as that user through a forced session.

    page_for(user, javascript=False) gives a page with JavaScript off, to check what works without it.
    """
    from django.test import Client
    from playwright.sync_api import sync_playwright

    # Playwright's event loop makes Django refuse the (safe) synchronous ORM in the test thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    contexts = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )

        def page_for(user, *, javascript: bool = True):
            client = Client()
            client.force_login(user)
            # axe is injected as a script, which the Content-Security-Policy would refuse.
            context = browser.new_context(
                bypass_csp=True, base_url=live_server_url, java_script_enabled=javascript
            )
            context.add_cookies(
                [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server_url}]
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
