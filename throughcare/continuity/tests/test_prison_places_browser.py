"""The prison's view of someone received into its custody: the notice telling it, and the person's team
with the prison's place and its last day after release. axe-core at 1280 and 320 pixels, fitting."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser import assert_accessible
from throughcare.continuity.custody import services
from throughcare.continuity.tests.helpers import a_prison
from throughcare.core.permissions import Role
from throughcare.people.tests.helpers import person_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 320)


def test_the_prison_sees_its_notice_and_its_place(browser_for, make_user, tmp_path):
    practitioner = make_user(Role.PRACTITIONER)
    prison = a_prison(name="HMP Greystone")
    officer = make_user(Role.PRACTITIONER, organisation=prison)
    person = person_in(practitioner.current_organisation)
    today = timezone.localdate()
    services.custody_record_reception(actor=practitioner, person=person, prison=prison, reception_date=today)
    services.custody_record_release(
        actor=practitioner, person=person, released_on=today, release_type="licence"
    )
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    page = browser_for(officer)
    for where, url in (
        ("notices", reverse("people:team-notices")),
        ("person", reverse("people:detail", args=[person.pk])),
    ):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(url)
            assert_accessible(page, f"prison {where} at {width}")
            assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), where
            page.screenshot(path=str(shots / f"prison-{where}-{width}.png"), full_page=True)
    assert "the end of the window after release" in page.content()
