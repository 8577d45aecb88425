"""Each demo role's home and notices pages, and the header they carry, at desktop and phone widths:
axe-core finds nothing, and nothing scrolls sideways."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser import assert_accessible
from throughcare.demo.seeding import DEMO_SIGN_INS, demo_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (1280, 320)
# Set to a folder to keep a screenshot of each page checked (for looking at, not for asserting on).
SCREENSHOTS = os.environ.get("THROUGHCARE_SCREENSHOTS", "")


def _an_urgent_notice_for_each_side() -> None:
    """The demo has no open risk notice: add one on each side of a shared referral, so the urgent
    block is checked too."""
    from throughcare.notices.models import Notice, NoticeKind
    from throughcare.referrals.models import Referral

    referral = Referral.objects.exclude(state="draft").order_by("created_at").first()
    for organisation_id in (referral.referring_organisation_id, referral.receiving_organisation_id):
        Notice.objects.create(
            organisation_id=organisation_id,
            referral=referral,
            kind=NoticeKind.RISK_TO_SELF,
            summary="PHQ-9 item 9 answered above zero",
        )


def test_every_demo_roles_home_is_accessible_at_both_widths(live_server, browser_for):
    from throughcare.accounts.models import User

    call_command("seed_demo", "--quiet")
    _an_urgent_notice_for_each_side()
    for local_part, *_ in DEMO_SIGN_INS:
        page = browser_for(User.objects.get(email=demo_email(local_part)))
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto("/")
            where = f"home of {local_part} at {width}px"
            assert page.locator("h1").count() == 1, where
            assert page.locator(".govuk-service-navigation__item").count() <= 6, where
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), where
            assert_accessible(page, where)
            if SCREENSHOTS:
                Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=f"{SCREENSHOTS}/home-{local_part}-{width}.png", full_page=True)
            if page.locator(f"a[href='{reverse('notices:list')}']").count():
                page.goto(reverse("notices:list"))
                where = f"notices of {local_part} at {width}px"
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), where
                assert_accessible(page, where)
