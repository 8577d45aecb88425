"""Asking a service to get in touch, on a phone and a desktop, and the service's pages for the
requests: axe-core finds nothing, nothing scrolls sideways."""

import os
from pathlib import Path

import pytest

from tests.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (1280, 320)
SCREENSHOTS = os.environ.get("THROUGHCARE_SCREENSHOTS", "")


def _check(page, where: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), where
    assert_accessible(page, where)
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/selfreferral-{where.replace(' ', '-')}.png", full_page=True)


def _submit(page, selector: str) -> None:
    with page.expect_navigation(wait_until="load"):
        page.click(selector)


@pytest.mark.parametrize("width", WIDTHS)
def test_asking_and_answering_are_accessible(
    live_server, browser_for, make_user, caseworker, open_door, width
):
    from throughcare.core.permissions import Role

    # The form is public; a signed-in page is used only because the fixture makes one browser.
    outsider = browser_for(make_user(Role.COMMISSIONER))
    outsider.set_viewport_size({"width": width, "height": 900})
    outsider.goto(f"/support/services/{open_door.pk}/")
    _check(outsider, f"service {width}")
    _submit(outsider, "text=Ask them to contact you")
    _submit(outsider, "button:has-text('Send')")
    assert outsider.locator(".govuk-error-summary").is_visible()
    _check(outsider, f"ask errors {width}")
    outsider.fill("#id_name", "Jay")
    outsider.check("input[name=contact_by][value=phone]")
    outsider.fill("#id_phone", "07700 900982")
    outsider.fill("#id_help_with", "I feel low since I got out.")
    outsider.check("#id_consent")
    _submit(outsider, "button:has-text('Send')")
    assert "Your request has been sent" in outsider.content()
    _check(outsider, f"asked {width}")

    staff = browser_for(caseworker)
    staff.set_viewport_size({"width": width, "height": 900})
    staff.goto("/referrals/self-referrals/")
    _check(staff, f"list {width}")
    _submit(staff, "text=Jay")
    _submit(staff, "button:has-text('Close the request')")
    _check(staff, f"detail errors {width}")
    _submit(staff, "a.govuk-button:has-text('Take them on')")
    _check(staff, f"take on {width}")
    _submit(staff, "button:has-text('Take them on')")
    assert staff.locator(".govuk-error-summary").is_visible()
    _check(staff, f"take on errors {width}")
    staff.check("input[name=person][value=new]")
    staff.fill("#id_given_names", "Jay")
    staff.fill("#id_family_name", f"Marlowe{width}")
    staff.fill("#id_date_of_birth-day", "4")
    staff.fill("#id_date_of_birth-month", "11")
    staff.fill("#id_date_of_birth-year", "1991")
    _submit(staff, "button:has-text('Take them on')")
    assert "You have taken on Jay" in staff.content()
    _check(staff, f"taken on referral {width}")
