"""The OPD screening page, and a referral sent outside its service's criteria as the receiver sees
it, pass axe-core at 1280 and 320 pixels wide and fit the screen, with and without errors."""

import pytest
from django.urls import reverse

from tests.browser import assert_accessible, submit_and_wait
from throughcare.directory.tests.factories import vocabulary_terms
from throughcare.people.tests.helpers import person_in
from throughcare.referrals import services
from throughcare.referrals.tests.helpers import complete_details, give_consent, service_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 320)


def _no_sideways_scroll(page, where):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), where


def test_the_opd_screening_page_is_accessible(browser_for, referrer):
    person = person_in(referrer.current_organisation)
    page = browser_for(referrer)
    path = reverse("people:opd-screening-add", kwargs={"person_id": person.pk})
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(path)
        assert_accessible(page, f"OPD screening at {width}")
        _no_sideways_scroll(page, f"OPD screening at {width}")
        submit_and_wait(page, "Record the screening")
        assert page.locator(".govuk-error-summary").is_visible()
        assert_accessible(page, f"OPD screening with errors at {width}")
        _no_sideways_scroll(page, f"OPD screening with errors at {width}")


def test_a_referral_outside_criteria_is_accessible_to_the_receiver(browser_for, referrer, receiver):
    service = service_of(
        receiver.current_organisation,
        minimum_age=60,
        terms=vocabulary_terms(eligibility=["outside_criteria_override"]),
    )
    person = person_in(referrer.current_organisation)
    referral = services.referral_create_draft(
        actor=referrer,
        person_id=person.pk,
        service_id=service.pk,
        details=complete_details(),
        outside_criteria_reason="The only service near their release address",
    )
    give_consent(referrer, referral)
    services.referral_submit(actor=referrer, referral=referral)
    page = browser_for(receiver)
    path = reverse("referrals:detail", kwargs={"referral_id": referral.pk})
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(path)
        assert "Referred outside the service's criteria" in page.content()
        assert "For ages 60 and over" in page.content()
        assert_accessible(page, f"referral outside criteria at {width}")
        # The page's history table is wider than 320 pixels already; this section must not be.
        right = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll"
            "('.govuk-warning-text, .govuk-warning-text + dl')].map(e => e.getBoundingClientRect().right))"
        )
        assert right <= width, f"the outside-criteria section is {right} pixels wide at {width}"
