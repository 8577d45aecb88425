"""A practitioner finds support for someone in the browser, and the results pass axe-core."""

import pytest

from tests.test_browser import _assert_accessible, _submit, browser, demo, page  # noqa: F401 (fixtures)
from throughcare.demo.seeding import DEMO_PASSWORD, demo_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_find_support_results_and_errors_are_accessible(page, demo):  # noqa: F811
    from throughcare.directory.models import Location

    postcode = Location.objects.filter(name__contains="Harbour Minds").values_list("postal_code", flat=True)[
        0
    ]
    page.goto(demo + "/account/sign-in/")
    page.fill("#id_username", demo_email("practitioner"))
    page.fill("#id_password", DEMO_PASSWORD)
    _submit(page, "button[type=submit]")

    page.goto(demo + "/find-support/")
    page.fill("#id_postcode", postcode)
    _submit(page, "form[method=post] button.govuk-button")
    _submit(page, "form[method=post] button.govuk-button")  # needs: none chosen
    assert page.locator(".govuk-error-summary").is_visible()
    _assert_accessible(page, "find support with errors")
    page.check("input[name=need_codes][value=substance_use]")
    _submit(page, "form[method=post] button.govuk-button")
    page.check("input[name=uses_substances][value=yes]")
    page.check("input[name=risk_to_others][value='1']")
    page.check("input[name=risk_to_self][value=no]")
    page.check("input[name=gp_registered][value=yes]")
    _submit(page, "form[method=post] button.govuk-button")
    _submit(page, "form[method=post] button.govuk-button")  # legal status: as it starts
    _submit(page, "form[method=post] button.govuk-button")  # preferences: as they start
    assert "Check your answers" in page.locator("h1").inner_text()
    _assert_accessible(page, "find support check answers")
    _submit(page, "form[method=post] button.govuk-button")
    assert page.locator("#results-heading").is_visible()
    assert "Dual Diagnosis Recovery Group" in page.content()
    page.click("text=ruled out")
    _assert_accessible(page, "find support results")
