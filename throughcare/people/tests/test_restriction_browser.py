"""Restricting a record, breaking the glass (with and without a reason) and the DPO's review list pass
axe-core at 1280 and 320 pixels wide and fit the screen."""

import pytest
from django.urls import reverse

from tests.browser import assert_accessible, submit_and_wait
from throughcare.core.permissions import Role
from throughcare.people import services
from throughcare.people.restriction import person_restrict
from throughcare.people.tests.helpers import person_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 320)


def _check(page, path, where, tmp_path):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(path)
        assert_accessible(page, f"{where} at {width}")
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), where
        page.screenshot(path=str(tmp_path / f"{where}-{width}.png"), full_page=True)


def test_restriction_pages_are_accessible(browser_for, make_user, tmp_path):
    lead = make_user(Role.PRACTITIONER)
    colleague = make_user(Role.PRACTITIONER, organisation=lead.current_organisation)
    partner = make_user(Role.PROVIDER_CASEWORKER)
    dpo = make_user(Role.DPO, organisation=lead.current_organisation)
    person = person_in(lead.current_organisation)
    services.care_team_add(actor=lead, person=person, organisation=partner.current_organisation, role="other")
    _check(browser_for(lead), reverse("people:restrict", args=[person.id]), "restrict", tmp_path)
    person_restrict(actor=lead, person=person, users=[])

    page = browser_for(colleague)
    _check(page, reverse("people:break-glass", args=[person.id]), "break-glass", tmp_path)
    submit_and_wait(page, "Open the record")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "break-glass with an error")
    page.fill("#reason", "Crisis call from their hostel tonight")
    submit_and_wait(page, "Open the record")
    assert person.full_name in page.content()

    _check(browser_for(dpo), reverse("rights:break-glass"), "dpo-review", tmp_path)
