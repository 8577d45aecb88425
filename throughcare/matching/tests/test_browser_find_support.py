"""Find support in the browser: each question page, check answers and results pass axe-core at 1280 and
320 px without sideways scroll; and from a person's page a referral is sent in a counted number of
page loads (issue 14: at most 6)."""

from datetime import date

import pytest
from django.urls import reverse

from tests.browser import assert_fits_both_widths, submit_and_wait
from throughcare.matching.questions import STEPS
from throughcare.people.models import Person
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.models import Referral
from throughcare.referrals.states import ReferralState
from throughcare.referrals.tests.helpers import draft, give_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_page_of_a_new_search_is_accessible_and_errors_come_at_once(
    browser_for, referrer, leeds_directory
):
    page = browser_for(referrer)
    page.goto(reverse("matching:find-support"))
    for step in STEPS:
        assert page.url.endswith(reverse("matching:question", args=[step.slug]))
        assert_fits_both_widths(page, f"find-support-{step.slug}")
        if step.slug == "circumstances":
            submit_and_wait(page, "Continue")
            assert page.locator(".govuk-error-summary li").count() == 4  # every unanswered question
            assert_fits_both_widths(page, "find-support-circumstances-errors")
            page.check("input[name=uses_substances][value=yes]")
            page.check("input[name=risk_to_others][value='1']")
            page.check("input[name=risk_to_self][value=no]")
            page.check("input[name=gp_registered][value=yes]")
        if step.slug == "where":
            page.fill("#id_postcode", "LS1 4AP")
        if step.slug == "needs":
            page.check("input[name=need_codes][value=substance_use]")
        submit_and_wait(page, "Continue")
    assert page.url.endswith(reverse("matching:check-answers"))
    assert_fits_both_widths(page, "find-support-check-answers")
    submit_and_wait(page, "Find support")
    assert "Dual Diagnosis Recovery Group" in page.content()
    page.click("text=ruled out")
    assert_fits_both_widths(page, "find-support-results")
    page.reload()  # the address holds the answers
    assert "Dual Diagnosis Recovery Group" in page.content()


def referral_of(person, earlier) -> str:
    return str(Referral.objects.exclude(pk=earlier.pk).get(person=person).pk)


def test_from_a_persons_page_a_referral_is_sent_in_at_most_six_page_loads(
    browser_for, referrer, leeds_directory
):
    person = person_in(referrer.current_organisation, contact_preference="phone", phone="07700 900123")
    Person.objects.filter(pk=person.pk).update(residence_district="LS1")
    # What the team told a service last time is filled in: needs, drug and alcohol use, risk, GP.
    earlier = draft(
        referrer,
        leeds_directory["Talking Therapies"],
        person=person,
        need_codes=["depression"],
        uses_substances=False,
        risk_to_others_level=1,
        at_risk_to_self=False,
        gp_details="Leeds Road Surgery",
    )
    give_consent(referrer, earlier)
    page = browser_for(referrer)
    page.goto(reverse("people:detail", args=[person.pk]))
    loads = []
    page.on("load", lambda: loads.append(page.url))

    page.click("a.govuk-button:has-text('Find support')")
    page.wait_for_load_state()
    assert page.url.endswith(reverse("matching:check-answers"))
    submit_and_wait(page, "Find support")
    assert len(loads) == 2, loads  # check answers, then results
    assert_fits_both_widths(page, "find-support-results-for-someone")
    page.click("a:has-text('Refer to this service') >> nth=0")
    page.wait_for_load_state()
    page.fill("#id_reason_for_referral", "Low mood since release; wants to talk to someone.")
    page.fill("#id_risk_summary", "Low risk to others.")  # this service asks for it
    submit_and_wait(page, "Save draft")
    assert page.url.endswith(reverse("referrals:consent", args=[referral_of(person, earlier)]))
    today = date.today()
    page.fill("#id_given_on-day", str(today.day))
    page.fill("#id_given_on-month", str(today.month))
    page.fill("#id_given_on-year", str(today.year))
    page.check("input[name=how_obtained] >> nth=0")
    page.fill("#id_shared_with", "The service referred to")
    page.fill("#id_purposes", "Deciding whether they can help, and helping")
    submit_and_wait(page, "Record consent")
    assert page.url.endswith(reverse("referrals:check-answers", args=[referral_of(person, earlier)]))
    submit_and_wait(page, "Accept and send")
    referral = Referral.objects.get(pk=referral_of(person, earlier))
    assert referral.state == ReferralState.SUBMITTED
    # Check answers, results, the draft, consent, the referral's check answers, and sent.
    print("Page loads from the person's page to the referral sent:", len(loads), loads)
    assert len(loads) <= 6, loads
