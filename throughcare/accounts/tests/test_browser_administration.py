"""The administration pages in a real browser: axe-core finds nothing at 1280 and 320 pixels wide,
nothing scrolls sideways, and an error summary shows without JavaScript doing anything."""

import pytest

from tests.browser import assert_accessible, submit_and_wait
from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.permissions import OrganisationKind, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_page(browser_for, make_user):
    probation = OrganisationFactory(kind=OrganisationKind.PROBATION, name="North Probation")
    member = make_user(
        Role.PRACTITIONER, organisation=probation, email="a.very.long.address@probation.example"
    )
    admin = make_user(Role.ADMINISTRATOR)
    return browser_for(admin), probation, member


def _pages(probation, member):
    membership = member.memberships.get()
    return {
        "organisations": "/account/organisations/",
        "organisation": f"/account/organisations/{probation.id}/",
        "add organisation": "/account/organisations/new/",
        "details": f"/account/organisations/{probation.id}/rename/",
        "deactivate organisation": f"/account/organisations/{probation.id}/deactivate/",
        "invite": f"/account/organisations/{probation.id}/invite/",
        "role": f"/account/memberships/{membership.id}/role/",
        "remove": f"/account/memberships/{membership.id}/end/",
        "close account": f"/account/users/{member.id}/deactivate/",
    }


@pytest.mark.parametrize("width", [1280, 320])
def test_every_administration_page_is_accessible_and_fits(admin_page, width):
    page, probation, member = admin_page
    page.set_viewport_size({"width": width, "height": 800})
    for name, path in _pages(probation, member).items():
        page.goto(path)
        assert_accessible(page, f"{name} at {width}px")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"


def test_an_invitation_with_mistakes_shows_an_accessible_error_summary(admin_page):
    page, probation, _member = admin_page
    page.goto(f"/account/organisations/{probation.id}/invite/")
    page.fill("#id_email", "not an address")
    submit_and_wait(page, "Send invitation")
    summary = page.locator(".govuk-error-summary")
    assert "Enter the person's full name" in summary.inner_text()
    assert "Enter an email address in the correct format" in summary.inner_text()
    assert_accessible(page, "invite with errors")
