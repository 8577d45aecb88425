"""The care team notices page, for the lead (a join request naming the person) and for an organisation
removed from a team (named to nobody), passes axe-core at 1280 and 320 pixels wide and fits the screen."""

import pytest
from django.urls import reverse

from tests.browser import assert_accessible, submit_and_wait
from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.people import services
from throughcare.people.team_notices import join_request_raise
from throughcare.people.tests.helpers import person_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 320)


def _fits(page, where):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), where


def test_care_team_notices_are_accessible(browser_for, referrer, receiver, settings, tmp_path):
    person = person_in(referrer.current_organisation, crn="X123456")
    join_request_raise(actor=None, person=person, organisation=OrganisationFactory(), matched_on="crn")
    member = services.care_team_add(
        actor=None, person=person, organisation=receiver.current_organisation, role="provider_caseworker"
    )
    services.care_team_end(actor=referrer, member=member, reason="work_finished")
    for user, where in ((receiver, "removed"), (referrer, "lead")):
        page = browser_for(user)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(reverse("people:team-notices"))
            assert_accessible(page, f"{where} notices at {width}")
            _fits(page, f"{where} notices at {width}")
            page.screenshot(path=str(tmp_path / f"{where}-{width}.png"), full_page=True)
    submit_and_wait(page, "Add")
    assert person.care_team.filter(ended_on__isnull=True).count() == 2
    assert "has joined" in page.content()
