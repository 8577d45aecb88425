"""Registered council feeds are synced when due, safely, with each run recorded and audited.

No test touches the network: feeds are served by an httpx MockTransport behind the real
SafeTransport, whose name lookups are answered by a stub resolver, or by a real server on
127.0.0.1 for the real transport's path."""

from datetime import timedelta
from io import StringIO

import httpx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from throughcare.accounts.tests.factories import OrganisationFactory, UserFactory
from throughcare.core.models import AuditEvent
from throughcare.directory import feeds
from throughcare.directory.models import DirectoryFeed, FeedRun, FeedSchedule, Service, ServiceStatus
from throughcare.directory.oruk import fetching
from throughcare.directory.tests.factories import ServiceFactory
from throughcare.directory.tests.oruk1_fixtures import oruk1_page, oruk1_service

pytestmark = pytest.mark.django_db
URL = "https://council.example/openreferral/services.json"
PUBLIC = "93.184.216.34"


@pytest.fixture(autouse=True)
def _no_name_lookups(settings):
    """Registering checks an address by looking its name up; these tests look nothing up."""
    settings.DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES = True


def public_resolver(host: str) -> list[str]:
    return [PUBLIC]


def serving(documents: dict[str, object], seen: list | None = None):
    """A client factory whose feed answers each path with its document (404 otherwise)."""

    def handle(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(str(request.url))
        body = documents.get(request.url.path)
        if body is None:
            return httpx.Response(404, json={"detail": "Not found"})
        if isinstance(body, httpx.Response):
            return body
        return httpx.Response(200, json=body)

    return lambda: fetching.safe_client(httpx.MockTransport(handle), resolver=public_resolver)


def _feed(**overrides) -> DirectoryFeed:
    values = {"name": "Anytown Council", "url": URL, "every_hours": FeedSchedule.DAILY}
    values.update(overrides)
    values.setdefault("next_due_at", timezone.now())
    return DirectoryFeed.objects.create(**values)


def test_a_due_feed_is_imported_and_its_run_recorded_and_audited():
    feed = _feed()
    document = oruk1_page([oruk1_service("1"), oruk1_service("2", name="Second")])
    [run] = feeds.sync_due_feeds(client_factory=serving({"/openreferral/services.json": document}))
    assert (run.succeeded, run.created, run.updated, run.refused) == (True, 2, 0, 0)
    assert run.not_kept > 0  # the ORUK 1.0 holiday schedules, reviews...
    feed.refresh_from_db()
    assert feed.last_success_at is not None
    assert feed.last_failure_at is None
    assert feed.next_due_at > timezone.now() + timedelta(hours=23)
    assert set(Service.objects.values_list("feed", flat=True)) == {feed.id}
    event = AuditEvent.objects.get(verb="directory.feed_synced")
    assert event.payload["created"] == 2


def test_a_feed_not_yet_due_or_paused_is_left_alone():
    _feed(next_due_at=timezone.now() + timedelta(hours=1))
    _feed(name="Paused", url="https://paused.example/feed.json", is_active=False)
    assert feeds.sync_due_feeds(client_factory=serving({})) == []


def test_a_second_run_changes_nothing_and_a_service_gone_from_the_feed_is_retired_not_deleted():
    feed = _feed()
    both = oruk1_page([oruk1_service("1"), oruk1_service("2", name="Second")])
    feeds.sync_feed(feed=feed, client_factory=serving({"/openreferral/services.json": both}))
    one = oruk1_page([oruk1_service("1")])
    run = feeds.sync_feed(feed=feed, client_factory=serving({"/openreferral/services.json": one}))
    assert (run.unchanged, run.updated, run.retired) == (1, 0, 1)
    retired = Service.objects.get(name="Second")
    assert retired.status == ServiceStatus.INACTIVE
    # Published again, it comes back.
    run = feeds.sync_feed(feed=feed, client_factory=serving({"/openreferral/services.json": both}))
    assert run.updated == 1
    retired.refresh_from_db()
    assert retired.status == ServiceStatus.ACTIVE


def test_nothing_is_retired_after_a_run_that_could_not_read_every_service():
    feed = DirectoryFeed.objects.create(name="API", url="https://council.example/api", next_due_at=None)
    listing = oruk1_page([{"id": "1"}, {"id": "2"}])
    served = {
        "/api/services": listing,
        "/api/services/1": oruk1_service("1"),
        "/api/services/2": oruk1_service("2"),
    }
    feeds.sync_feed(feed=feed, client_factory=serving(served))
    del served["/api/services/2"]
    run = feeds.sync_feed(feed=feed, client_factory=serving(served))
    assert (run.succeeded, run.refused, run.retired) == (True, 1, 0)
    assert "Could not fetch" in run.message
    assert Service.objects.filter(status=ServiceStatus.ACTIVE).count() == 2


def test_a_feed_never_retires_a_listing_a_throughcare_organisation_maintains():
    feed = _feed()
    owned = ServiceFactory(organisation__owner=OrganisationFactory(), feed=feed)
    feeds.sync_feed(feed=feed, client_factory=serving({"/openreferral/services.json": oruk1_page([])}))
    owned.refresh_from_db()
    assert owned.status == ServiceStatus.ACTIVE


def test_an_unreadable_feed_is_a_failed_run_with_the_reason_and_the_next_feed_still_runs():
    broken = _feed(name="Broken", url="https://broken.example/feed.json")
    _feed()
    runs = feeds.sync_due_feeds(
        client_factory=serving({"/openreferral/services.json": oruk1_page([oruk1_service("1")])})
    )
    by_feed = {run.feed.name: run for run in runs}
    assert by_feed["Broken"].succeeded is False
    assert "404" in by_feed["Broken"].message
    assert by_feed["Anytown Council"].created == 1
    broken.refresh_from_db()
    assert broken.last_failure_at is not None
    assert broken.next_due_at > timezone.now()  # tried again when next due, not every run


def test_the_scheduled_command_is_a_job_and_reports_each_feed(monkeypatch):
    from throughcare.schedule.jobs import BY_COMMAND

    assert "sync_directory_feeds" in BY_COMMAND
    _feed()
    monkeypatch.setattr(
        feeds, "safe_client", serving({"/openreferral/services.json": oruk1_page([oruk1_service("1")])})
    )
    out = StringIO()
    call_command("sync_directory_feeds", stdout=out)
    assert "Anytown Council: synced: 1 created" in out.getvalue()
    assert FeedRun.objects.count() == 1


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.8", "169.254.169.254", "192.168.1.1", "::1", "fd00::1", "0.0.0.0"],  # noqa: S104 (refused, never bound)
)
def test_a_feed_on_a_private_or_loopback_address_is_never_fetched(settings, address):
    settings.DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES = False
    fetched = []
    client = fetching.safe_client(
        httpx.MockTransport(lambda request: fetched.append(request) or httpx.Response(200, json=[])),
        resolver=lambda host: [address],
    )
    with pytest.raises(httpx.RequestError, match="not a public internet address"):
        client.get("https://innocent-looking.example/feed.json")
    assert fetched == []


def test_a_redirect_to_a_private_address_is_refused(settings):
    settings.DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES = False

    def handle(request):
        return httpx.Response(302, headers={"Location": "http://metadata.internal/latest"})

    addresses = {"council.example": PUBLIC, "metadata.internal": "169.254.169.254"}
    client = fetching.safe_client(httpx.MockTransport(handle), resolver=lambda host: [addresses[host]])
    with pytest.raises(httpx.RequestError, match=r"metadata\.internal is not a public internet address"):
        client.get("https://council.example/feed.json")


def test_an_answer_larger_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(fetching, "MAX_RESPONSE_BYTES", 1000)
    feed = _feed()
    huge = httpx.Response(200, content=b"[" + b" " * 5000 + b"]")
    run = feeds.sync_feed(feed=feed, client_factory=serving({"/openreferral/services.json": huge}))
    assert run.succeeded is False
    assert "larger than" in run.message


def test_registering_a_feed_checks_its_address_and_is_audited(settings):
    settings.DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES = False
    admin = UserFactory()
    with pytest.raises(ValidationError) as refused:
        feeds.feed_register(actor=admin, name="Local", url="https://127.0.0.1/feed", every_hours=24)
    assert "not a public internet address" in refused.value.message_dict["url"][0]
    with pytest.raises(ValidationError) as refused:
        feeds.feed_register(actor=admin, name="Plain", url="http://council.example/feed", every_hours=24)
    assert "starting https://" in refused.value.message_dict["url"][0]
    assert not AuditEvent.objects.filter(verb="directory.feed_registered").exists()


def test_changing_a_feed_is_audited_with_what_changed_and_a_new_schedule_is_due_at_once():
    feed = _feed(next_due_at=timezone.now() + timedelta(days=3))
    admin = UserFactory()
    feeds.feed_change(
        actor=admin, feed=feed, name=feed.name, url=feed.url, every_hours=FeedSchedule.HOURLY, is_active=True
    )
    event = AuditEvent.objects.get(verb="directory.feed_changed")
    assert event.payload["changed"] == {"every_hours": 1}
    feed.refresh_from_db()
    assert feed.next_due_at <= timezone.now()


@pytest.fixture
def local_feed_server():
    """A real HTTP server on 127.0.0.1 serving one ORUK 1.0 page (and a large file), for the
    real transport's path: the only network these tests use is the loopback interface."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    bodies = {
        "/feed.json": json.dumps(oruk1_page([oruk1_service("1")])).encode(),
        "/huge.json": b"[" + b" " * 5000 + b"]",
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = bodies.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body or b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_feed_on_a_local_server_syncs_through_the_real_transport_when_allowed(
    local_feed_server, monkeypatch
):
    feed = _feed(url=f"{local_feed_server}/feed.json")
    run = feeds.sync_feed(feed=feed)
    assert (run.succeeded, run.created) == (True, 1), run.message
    monkeypatch.setattr(fetching, "MAX_RESPONSE_BYTES", 1000)
    huge = _feed(name="Huge", url=f"{local_feed_server}/huge.json")
    run = feeds.sync_feed(feed=huge)
    assert run.succeeded is False
    assert "larger than" in run.message


def test_the_same_local_server_is_refused_in_production(local_feed_server, settings):
    settings.DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES = False
    run = feeds.sync_feed(feed=_feed(url=f"{local_feed_server}/feed.json"))
    assert run.succeeded is False
    assert "not a public internet address (127.0.0.1)" in run.message
    assert not Service.objects.exists()


def test_a_feed_at_an_oruk_3_api_base_is_read_through_its_service_pages():
    from throughcare.directory.tests.test_oruk_import import api_transport

    ServiceFactory.create_batch(2)
    requested: list[str] = []
    feed = _feed(url="https://directory.example/openreferral/")
    factory = lambda: fetching.safe_client(api_transport(requested), resolver=public_resolver)  # noqa: E731
    run = feeds.sync_feed(feed=feed, client_factory=factory)
    # The base answers its version and profile (not services), so its /services pages are read.
    assert requested[:2] == ["/openreferral/", "/openreferral/services?page=1&per_page=100"]
    assert (run.succeeded, run.unchanged, run.refused) == (True, 2, 0)
