"""The appointment pages, with and without errors, pass axe-core in headless Chromium."""

import pytest
from django.urls import reverse

from tests.browser import assert_accessible, submit_and_wait
from throughcare.appointments.tests.helpers import accepted, booked, started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_appointment_pages_are_accessible(browser_for, referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    future = booked(receiver, referral, days=4)
    past = started(booked(receiver, referral, days=1))
    book = reverse("appointments:book", kwargs={"referral_id": referral.pk})

    page = browser_for(receiver)
    for path in (
        reverse("referrals:detail", kwargs={"referral_id": referral.pk}),
        book,
        reverse("appointments:attendance", kwargs={"appointment_id": past.pk}),
        reverse("appointments:reschedule", kwargs={"appointment_id": future.pk}),
        reverse("appointments:cancel", kwargs={"appointment_id": future.pk}),
        reverse("appointments:concern", kwargs={"appointment_id": future.pk}),
        reverse("appointments:upcoming"),
    ):
        page.goto(path)
        assert "/sign-in/" not in page.url
        assert_accessible(page, path)

    page.goto(book)
    page.fill("#id_starts_on-day", "1")
    page.fill("#id_starts_on-month", "1")
    page.fill("#id_starts_on-year", "2020")
    page.fill("#id_time", "teatime")
    submit_and_wait(page, "Book the appointment")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "booking with errors")

    page.goto(reverse("appointments:attendance", kwargs={"appointment_id": past.pk}))
    page.check("input[value=did_not_attend]")
    submit_and_wait(page, "Record attendance")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "did not attend without a reason")
    page.check("input[value=unwell]")
    submit_and_wait(page, "Record attendance")
    assert "Attendance recorded" in page.content()
    assert_accessible(page, "the referral page after recording attendance")

    page = browser_for(referrer)
    page.goto(reverse("referrals:detail", kwargs={"referral_id": referral.pk}))
    assert "Missed the appointment" in page.content()
    assert_accessible(page, "the referrer's view of the appointments")
