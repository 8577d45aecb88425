"""The release caseload comes a page at a time, keeping its filters, in a constant number of queries."""

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.continuity.release import selectors as release_selectors
from throughcare.continuity.tests.release_helpers import in_custody
from throughcare.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages_of_two(monkeypatch):
    monkeypatch.setattr(release_selectors, "CASELOAD_PAGE_SIZE", 2)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_first_page_links_to_the_next(practitioner, pages_of_two):
    for days in (3, 4, 5):
        in_custody(practitioner, days_to_release=days)
    response = _client(practitioner).get(reverse("continuity:release-caseload"), {"weeks": "2"})
    assert len(response.context["rows"]) == 2
    assert 'href="?weeks=2&amp;page=2"' in response.content.decode()


def test_the_last_page_has_the_rest_and_no_next_link(practitioner, pages_of_two):
    last = in_custody(practitioner, days_to_release=9)
    for days in (3, 4):
        in_custody(practitioner, days_to_release=days)
    response = _client(practitioner).get(reverse("continuity:release-caseload"), {"page": "2"})
    assert [row.person for row in response.context["rows"]] == [last]
    assert 'rel="next"' not in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "0", ""])
def test_a_bad_page_number_shows_the_first_page(practitioner, pages_of_two, page):
    in_custody(practitioner, days_to_release=3)
    response = _client(practitioner).get(reverse("continuity:release-gaps"), {"page": page})
    assert (response.status_code, response.context["page"].number) == (200, 1)


def test_only_the_rows_shown_are_audited(practitioner, pages_of_two):
    for days in (3, 4, 5):
        in_custody(practitioner, days_to_release=days)
    page = release_selectors.caseload_for(practitioner, days=14)
    event = AuditEvent.objects.filter(verb="release_plan.caseload_viewed").latest("occurred_at")
    assert event.payload["episodes"] == [str(row.episode.pk) for row in page.rows]
    assert page.has_next


def test_each_row_links_to_the_plan_and_shows_its_dates(practitioner):
    from datetime import date

    from throughcare.continuity.release.selectors import short_date

    person = in_custody(practitioner, days_to_release=10)
    response = _client(practitioner).get(reverse("continuity:release-caseload"))
    [row] = response.context["rows"]
    assert row.plan_path == reverse("continuity:release-plan", args=[person.id])
    page = response.content.decode()
    assert f'href="{row.plan_path}"' in page
    assert row.window_text == f"{short_date(row.window.starts_on)} to {short_date(row.window.ends_on)}"
    assert f'<td class="govuk-table__cell">{row.release_on_text}</td>' in page
    assert short_date(date(2027, 3, 5)) == "5 Mar 2027"
