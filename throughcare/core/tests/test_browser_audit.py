"""The audit trail page passes axe-core and fits a phone, with events, open filters and errors."""

import pytest
from django.urls import reverse

from tests.browser import assert_accessible, signed_in_pages, submit_and_wait
from throughcare.core import audit
from throughcare.core.permissions import Role
from throughcare.people.selectors import person_for
from throughcare.people.tests.helpers import person_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 320])
def test_the_audit_trail_is_accessible_and_fits_the_screen(live_server, users_by_role, width):
    practitioner = users_by_role[Role.PRACTITIONER]
    person = person_in(practitioner.current_organisation, actor=practitioner)
    person_for(practitioner, person.id)
    for _ in range(55):
        audit.record(actor=practitioner, verb="referral.worklist_viewed")
    with signed_in_pages(live_server.url) as page_for:
        page = page_for(users_by_role[Role.ADMINISTRATOR])
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(reverse("core:audit-list"))
        assert "viewed the referrals worklist" in page.content()
        assert_accessible(page, f"audit trail at {width}px")
        assert _no_sideways_scroll(page)
        page.click("text=Older events")
        page.wait_for_load_state()
        assert "Newer events" in page.content()
        page.click("summary:has-text('Filter events')")
        page.fill("#id_person", "not a reference")
        page.fill("#id_date_from-day", "31")
        page.fill("#id_date_from-month", "2")
        page.fill("#id_date_from-year", "2026")
        submit_and_wait(page, "Show events")
        assert page.locator(".govuk-error-summary").is_visible()
        assert_accessible(page, f"audit trail filters with errors at {width}px")
        assert _no_sideways_scroll(page)
