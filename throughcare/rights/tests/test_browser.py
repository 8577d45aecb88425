"""The rights pages in a phone's and a desktop's browser: axe-core finds nothing, nothing scrolls sideways,
and a correction with a missing reason shows the error summary (no JavaScript needed)."""

import pytest
from django.urls import reverse

from tests.browser import assert_accessible, submit_and_wait
from throughcare.people import selectors as people_selectors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page, where: str) -> None:
    sideways = page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    assert not sideways, f"{where} scrolls sideways"


@pytest.mark.parametrize("width", [1280, 320])
def test_rights_pages_are_accessible(browser_for, dpo, referrer, supported, width):
    people_selectors.person_for(referrer, supported.pk)
    page = browser_for(dpo)
    page.set_viewport_size({"width": width, "height": 900})
    paths = {
        "search": reverse("rights:search") + f"?q={supported.family_name}",
        "person": reverse("rights:person", args=[supported.pk]),
        "who viewed": reverse("rights:access-log", args=[supported.pk]),
        "correct": reverse("rights:correct", args=[supported.pk]),
        "privacy": reverse("core:privacy"),
    }
    for name, path in paths.items():
        page.goto(path)
        assert_accessible(page, f"{name} at {width} px")
        _no_sideways_scroll(page, f"{name} at {width} px")
    page.goto(paths["correct"])
    page.check("#id_field_name")
    page.fill("#id_value", "Corrected")
    submit_and_wait(page, "Correct the record")
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"correction without a reason at {width} px")
    _no_sideways_scroll(page, f"correction error at {width} px")
