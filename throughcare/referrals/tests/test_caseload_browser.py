"""The caseload and the person hub pass axe-core at 1280 and 320 px wide, with no sideways scroll."""

import pytest
from django.urls import reverse

from tests.browser import assert_accessible
from throughcare.appointments.tests.helpers import booked
from throughcare.continuity.tests.release_helpers import planned
from throughcare.outcomes.tests.helpers import move, record
from throughcare.referrals.tests.helpers import draft, submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (1280, 320)


def _check(page, path: str, where: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        assert "/sign-in/" not in page.url
        assert_accessible(page, f"{where} at {width}px")
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= width, f"{where} scrolls sideways at {width}px ({scroll}px wide)"


def test_the_caseload_and_the_hub_are_accessible(browser_for, referrer, receiver, service):
    person, _ = planned(referrer)
    draft(referrer, service)
    referral = move(
        receiver, submitted(referrer, service, person), "accepted", "assessment_booked", "in_treatment"
    )
    booked(receiver, referral, days=2)
    record(receiver, referral, "GAD-7")
    worklist = reverse("referrals:worklist")
    hub = reverse("people:detail", kwargs={"person_id": person.pk})

    page = browser_for(referrer)
    _check(page, f"{worklist}?direction=sent", "the sent caseload")
    _check(page, f"{worklist}?direction=sent&group=open&sort=age", "the caseload with bad filters")
    _check(page, f"{worklist}?direction=sent&person={person.pk}", "one person's referrals")
    _check(page, hub, "the person hub, referrer")

    page = browser_for(receiver)
    _check(page, f"{worklist}?direction=received&group=in_treatment", "the received caseload")
    _check(page, hub, "the person hub, receiving service")


def test_case_notes_are_accessible(browser_for, referrer, receiver, service):
    from throughcare.referrals.notes import case_note_add, case_note_edit

    referral = submitted(referrer, service)
    note = case_note_add(actor=referrer, referral_id=referral.pk, text="Prefers mornings.")
    case_note_edit(actor=referrer, referral_id=referral.pk, note_id=note.pk, text="Prefers afternoons.")
    page = browser_for(receiver)
    _check(page, reverse("referrals:detail", kwargs={"referral_id": referral.pk}), "a referral with notes")
    page.click("button:has-text('Add the note')")
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "an empty note refused")
    page = browser_for(referrer)
    edit = reverse("referrals:note-edit", kwargs={"referral_id": referral.pk, "note_id": note.pk})
    _check(page, edit, "changing a note")
