"""One banner per message: base.html shows the messages, and no page shows them a second time."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from throughcare.continuity.tests.release_helpers import in_custody
from throughcare.referrals.tests.helpers import submitted

MESSAGE = "Banner shown exactly once"


def _with_message(client: Client) -> None:
    """As if the last request had added a success message (the cookie the messages framework reads)."""
    storage = CookieStorage(HttpRequest())
    client.cookies[storage.cookie_name] = storage._encode([Message(constants.SUCCESS, MESSAGE)])


def test_only_the_base_template_shows_messages():
    root = Path(settings.BASE_DIR) / "throughcare"
    including = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if "includes/messages.html" in path.read_text(encoding="utf-8")
    )
    assert including == ["templates/base.html"]


@pytest.mark.django_db
def test_every_page_a_message_lands_on_shows_it_once(referrer, service):
    referral = submitted(referrer, service)
    person = in_custody(referrer, days_to_release=5)
    client = Client()
    client.force_login(referrer)
    pages = [
        reverse("core:home"),
        reverse("referrals:worklist"),
        reverse("referrals:detail", args=[referral.pk]),
        reverse("people:list"),
        reverse("people:detail", args=[person.pk]),
        reverse("continuity:journey", args=[person.pk]),
        reverse("continuity:register"),
        reverse("continuity:release-caseload"),
        reverse("continuity:release-gaps"),
        reverse("directory:search"),
    ]
    for page in pages:
        _with_message(client)
        response = client.get(page)
        assert response.status_code == 200, page
        assert response.content.decode().count(MESSAGE) == 1, page


def test_only_the_base_template_says_error_in_the_title_for_a_form():
    # The base templates (staff and public) start the title with "Error: " when `form` has errors; a
    # page saying it again would read "Error: Error: ..." to a screen reader user.
    root = Path(settings.BASE_DIR) / "throughcare"
    doubling = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if "{% if form.errors %}Error: " in path.read_text(encoding="utf-8")
    )
    assert doubling == ["public/templates/public/base.html", "templates/base.html"]
