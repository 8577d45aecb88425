"""The journey pages and the MHTR register, with and without errors, pass axe-core."""

import pytest
from django.urls import reverse

from tests.browser import assert_accessible
from throughcare.continuity.tests.helpers import community_order, re_release_of, referral_at, released_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_journey_pages_are_accessible(browser_for, practitioner, caseworker, service):
    person = released_person(practitioner)
    referral_at("in_treatment", practitioner, caseworker, service, person)
    order = community_order(practitioner, person, service=service, kinds=("mhtr_secondary", "drr"))
    requirement = order.requirements.get(kind="mhtr_secondary")
    event = re_release_of(practitioner)
    ids = {"person_id": person.pk}

    page = browser_for(practitioner)
    for path in (
        reverse("people:detail", kwargs=ids),
        reverse("continuity:journey", kwargs=ids),
        reverse("continuity:reception", kwargs=ids),
        reverse("continuity:release", kwargs=ids),
        reverse("continuity:recall", kwargs=ids),
        reverse("continuity:re-release", kwargs=ids),
        reverse("continuity:transfer", kwargs=ids),
        reverse("continuity:order-create", kwargs=ids),
        reverse("continuity:probation-change", kwargs=ids),
        reverse("continuity:condition-add", kwargs={"order_id": order.pk}),
        reverse("continuity:requirement-add", kwargs={"order_id": order.pk}),
        reverse("continuity:requirement-status", kwargs={"requirement_id": requirement.pk}),
        reverse("continuity:paused-referrals", kwargs={"event_id": event.pk}),
        reverse("continuity:journey", kwargs={"person_id": event.person_id}),
        reverse("continuity:register"),
    ):
        page.goto(path)
        assert "/sign-in/" not in page.url
        assert_accessible(page, path)

    # With errors: a recall of someone already released is fine, so submit an empty recall form.
    page.goto(reverse("continuity:recall", kwargs=ids))
    with page.expect_navigation(wait_until="load"):
        page.click("button:has-text('Record recall')")
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, "recall with errors")
