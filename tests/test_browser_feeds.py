"""The administrators' feed pages pass axe-core at desktop and phone widths, errors included."""

import os

import pytest

from tests.browser import assert_accessible, signed_in_pages, submit_and_wait
from throughcare.core.permissions import Role
from throughcare.directory.demo import seed_demo_feeds
from throughcare.directory.models import DirectoryFeed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SCREENSHOT_DIR", "")


def _check(page, where: str, name: str) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, f"{where} at {width}px")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def test_feed_pages_are_accessible(live_server, make_user, settings):
    settings.DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES = True  # nothing is looked up
    seed_demo_feeds()
    failing = DirectoryFeed.objects.get(name__startswith="Example County")
    admin = make_user(Role.ADMINISTRATOR)
    with signed_in_pages(live_server.url) as page_for:
        page = page_for(admin)
        page.goto("/directory/feeds/")
        _check(page, "feed health", "feed-list")
        page.goto("/directory/feeds/new/")
        submit_and_wait(page, "Register feed")
        assert "There is a problem" in page.content()
        _check(page, "register a feed, with errors", "feed-register-errors")
        page.goto(f"/directory/feeds/{failing.id}/")
        page.click("summary")
        _check(page, "a failing feed", "feed-change")
