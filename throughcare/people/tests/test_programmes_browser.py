"""The programme pages, a record showing programmes, and a crisis referral flagged as mis-tiered as
the receiver sees it, pass axe-core at 1280 and 320 pixels wide without sideways scrolling."""

from datetime import date

import pytest
from django.urls import reverse

from tests.browser import assert_accessible, submit_and_wait
from throughcare.people.programmes import programme_end, programme_start
from throughcare.people.tests.helpers import person_in
from throughcare.referrals import services
from throughcare.referrals.tests.helpers import draft, give_consent, service_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 320)


def _fits(page, where):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), where


def test_recording_and_ending_programmes_is_accessible(browser_for, referrer, tmp_path):
    person = person_in(referrer.current_organisation)
    iom = programme_start(actor=referrer, person=person, programme="iom", started_on=date(2026, 1, 5))
    old = programme_start(
        actor=referrer, person=person, programme="out_of_court_disposal", started_on=date(2025, 3, 1)
    )
    programme_end(actor=referrer, membership=old, ended_on=date(2025, 9, 1))
    page = browser_for(referrer)
    add = reverse("people:programme-add", kwargs={"person_id": person.pk})
    end = reverse("people:programme-end", kwargs={"person_id": person.pk, "membership_id": iom.pk})
    detail = reverse("people:detail", kwargs={"person_id": person.pk})
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for name, path, button in (("add", add, "Record the programme"), ("end", end, "End the programme")):
            page.goto(path)
            assert_accessible(page, f"programme {name} at {width}")
            _fits(page, f"programme {name} at {width}")
            submit_and_wait(page, button)
            assert page.locator(".govuk-error-summary").is_visible()
            assert_accessible(page, f"programme {name} with errors at {width}")
            _fits(page, f"programme {name} with errors at {width}")
            page.screenshot(path=str(tmp_path / f"programme-{name}-errors-{width}.png"), full_page=True)
        page.goto(detail + "#programmes")
        assert "Integrated Offender Management (IOM)" in page.content()
        assert_accessible(page, f"record with programmes at {width}")
        page.locator("#programmes").scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / f"record-programmes-{width}.png"))


def test_a_mis_tiered_referral_is_accessible_to_the_receiver(browser_for, referrer, receiver, tmp_path):
    service = service_of(receiver.current_organisation, tier="wellbeing", accepts_risk_to_self=True)
    referral = draft(referrer, service, need_codes=["self_harm"], at_risk_to_self=True)
    give_consent(referrer, referral)
    services.referral_submit(actor=referrer, referral=referral)
    page = browser_for(receiver)
    path = reverse("referrals:detail", kwargs={"referral_id": referral.pk})
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(path)
        assert page.locator("#mis-tier-warning").is_visible()
        assert_accessible(page, f"mis-tiered referral at {width}")
        right = page.evaluate(
            "() => document.querySelector('#mis-tier-warning').getBoundingClientRect().right"
        )
        assert right <= width, f"the warning is {right} pixels wide at {width}"
        page.screenshot(path=str(tmp_path / f"mis-tier-{width}.png"))
