"""The administrators' feed pages: health at a glance, registering and changing a feed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.directory.demo import seed_demo_feeds
from throughcare.directory.models import DirectoryFeed, FeedRun

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_name_lookups(settings):
    settings.DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def admin_client(client, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    client.force_login(admin)
    return client, admin


def test_the_health_page_shows_each_feeds_last_success_failure_and_latest_counts(
    admin_client, django_assert_max_num_queries
):
    client, _admin = admin_client
    seed_demo_feeds()
    for n in range(5):  # more feeds cost no more queries
        feed = DirectoryFeed.objects.create(name=f"Extra {n}", url=f"https://extra{n}.example/feed")
        FeedRun.objects.create(
            feed=feed, started_at=timezone.now(), finished_at=timezone.now(), succeeded=True, created=n
        )
    with django_assert_max_num_queries(12):
        response = client.get(reverse("directory:feed-list"))
    page = response.content.decode()
    assert "Example Borough Council services" in page
    assert "Working" in page
    assert "Failing" in page
    assert "503 Service Unavailable" in page
    assert "4 changed, 116 unchanged, 2 refused, 1 made inactive" in page


def test_registering_a_feed_saves_it_audited_and_due_at_once(admin_client):
    client, admin = admin_client
    response = client.post(
        reverse("directory:feed-register"),
        {"name": "Anytown Council", "url": "https://anytown.example/openreferral", "every_hours": "24"},
    )
    assert response.status_code == 302
    feed = DirectoryFeed.objects.get()
    assert feed.next_due_at <= timezone.now()
    event = AuditEvent.objects.get(verb="directory.feed_registered")
    assert event.actor_id == admin.id


def test_a_bad_feed_is_refused_with_each_problem_on_its_field(admin_client):
    client, _admin = admin_client
    DirectoryFeed.objects.create(name="Taken", url="https://taken.example/feed")
    response = client.post(
        reverse("directory:feed-register"), {"name": "taken", "url": "ftp://x", "every_hours": "7"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Another feed has this name" not in page  # the form refuses the schedule first
    assert "Select how often the feed should be synced" in page
    response = client.post(
        reverse("directory:feed-register"), {"name": "taken", "url": "ftp://x", "every_hours": "24"}
    )
    page = response.content.decode()
    assert "Another feed has this name: enter a different name" in page
    assert "starting https://" in page
    assert DirectoryFeed.objects.count() == 1


def test_changing_a_feed_pauses_it_and_lists_its_runs(admin_client):
    client, _admin = admin_client
    seed_demo_feeds()
    feed = DirectoryFeed.objects.get(name__startswith="Example County")
    page = client.get(reverse("directory:feed-change", args=[feed.id])).content.decode()
    assert "Why it failed" in page
    assert page.count("govuk-tag--green") == 2
    response = client.post(
        reverse("directory:feed-change", args=[feed.id]),
        {"name": feed.name, "url": feed.url, "every_hours": "168", "is_active": "no"},
    )
    assert response.status_code == 302
    feed.refresh_from_db()
    assert (feed.is_active, feed.every_hours) == (False, 168)
    changed = AuditEvent.objects.get(verb="directory.feed_changed").payload["changed"]
    assert changed == {"every_hours": 168, "is_active": False}
    assert feed.next_due_at <= timezone.now() + timedelta(seconds=1)


def test_the_health_page_names_the_organisation_whose_registered_feed_it_is(admin_client):
    client, admin = admin_client
    owned = DirectoryFeed.objects.create(name="Leeds Mind's own", url="https://leedsmind.example/oruk")
    DirectoryFeed.objects.create(name="Council directory", url="https://council.example/services")
    organisation = admin.current_organisation
    organisation.directory_source = owned.url
    organisation.save(update_fields=["directory_source"])
    page = client.get(reverse("directory:feed-list")).content.decode()
    assert f"{organisation.name}, whose registered feed this is" in page
    assert "No Throughcare organisation: the feed adds and changes only listings" in page
