"""Council feeds kept in step: registering them, and syncing each when it is due.

An administrator registers a feed (name, URL, how often). `sync_due_feeds`, run by the scheduled
job `sync_directory_feeds`, imports each due feed through the ordinary importer (so every check,
and the rule that no feed changes a listing a Throughcare organisation maintains, still applies),
records the run, and retires the services this feed published before and no longer does: they
are made inactive, so they leave the published directory and matching, and come back if the feed
publishes them again. Nothing is retired after a run that could not read the whole feed.

Fetching is safe (oruk/fetching.py). Every change is audited: registering and changing a feed by
the administrator, and each sync (`directory.feed_synced`) by the system.
"""

import uuid
from collections.abc import Callable
from datetime import timedelta

import httpx
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.directory.models import DirectoryFeed, FeedRun, Service, ServiceStatus
from throughcare.directory.oruk.fetching import feed_records, safe_client, unsafe_reason
from throughcare.directory.oruk.importing import ImportReport, import_services
from throughcare.directory.oruk.schemas import StandardsNotFoundError
from throughcare.directory.oruk.sources import SourceError

PROBLEMS_KEPT = 20  # the first problems of a run are kept with it; the import command lists them all
ClientFactory = Callable[[], httpx.Client]


def _check(*, name: str, url: str, exclude=None, old_url: str = "") -> None:
    errors = {}
    if not name.strip():
        errors["name"] = "Enter a name for the feed"
    elif DirectoryFeed.objects.filter(name__iexact=name.strip()).exclude(id=exclude).exists():
        errors["name"] = "Another feed has this name: enter a different name"
    if not url.startswith("https://"):
        errors["url"] = "Enter the feed's address starting https://, like https://example.org/openreferral"
    elif len(url) > 500:
        errors["url"] = "The feed's address must be 500 characters or fewer"
    elif url != old_url and (reason := unsafe_reason(url)):
        errors["url"] = reason
    elif DirectoryFeed.objects.filter(url=url).exclude(id=exclude).exists():
        errors["url"] = "This feed is already registered"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def feed_register(*, actor, name: str, url: str, every_hours: int) -> DirectoryFeed:
    url = url.strip()
    _check(name=name, url=url)
    feed = DirectoryFeed.objects.create(
        name=name.strip(), url=url, every_hours=every_hours, next_due_at=timezone.now()
    )
    audit.record(
        actor=actor,
        verb=AuditVerb.DIRECTORY_FEED_REGISTERED,
        target=feed,
        payload={"url": url, "every_hours": every_hours},
    )
    return feed


@transaction.atomic
def feed_change(
    *, actor, feed: DirectoryFeed, name: str, url: str, every_hours: int, is_active: bool
) -> DirectoryFeed:
    url = url.strip()
    _check(name=name, url=url, exclude=feed.id, old_url=feed.url)
    changed = {
        field: value
        for field, value in {
            "name": name.strip(),
            "url": url,
            "every_hours": every_hours,
            "is_active": is_active,
        }.items()
        if getattr(feed, field) != value
    }
    if not changed:
        return feed
    for field, value in changed.items():
        setattr(feed, field, value)
    if "every_hours" in changed or ("is_active" in changed and is_active):
        feed.next_due_at = timezone.now()
    feed.save()
    audit.record(
        actor=actor, verb=AuditVerb.DIRECTORY_FEED_CHANGED, target=feed, payload={"changed": changed}
    )
    return feed


def sync_due_feeds(*, now=None, client_factory: ClientFactory | None = None) -> list[FeedRun]:
    """Sync every active feed that is due; one feed's failure never stops the others."""
    now = now or timezone.now()
    client_factory = client_factory or safe_client
    due = DirectoryFeed.objects.filter(is_active=True).filter(
        Q(next_due_at__isnull=True) | Q(next_due_at__lte=now)
    )
    return [
        sync_feed(feed=feed, client_factory=client_factory) for feed in due.order_by("next_due_at", "name")
    ]


def sync_feed(*, feed: DirectoryFeed, actor=None, client_factory: ClientFactory | None = None) -> FeedRun:
    started = timezone.now()
    client_factory = client_factory or safe_client
    report, error = ImportReport(), ""
    with client_factory() as client:
        try:
            report = import_services(feed_records(feed.url, client), actor=actor, source=feed.url)
        except (SourceError, StandardsNotFoundError) as exc:
            error = str(exc)
    with transaction.atomic():
        succeeded = not error
        retired = _retire_and_claim(feed, report) if succeeded else 0
        finished = timezone.now()
        run = FeedRun.objects.create(
            feed=feed,
            started_at=started,
            finished_at=finished,
            succeeded=succeeded,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            refused=report.failed,
            retired=retired,
            not_kept=len(report.not_kept),
            message=error or "\n".join(str(problem) for problem in report.problems[:PROBLEMS_KEPT]),
        )
        DirectoryFeed.objects.filter(id=feed.id).update(
            next_due_at=started + timedelta(hours=feed.every_hours),
            **({"last_success_at": finished} if succeeded else {"last_failure_at": finished}),
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.DIRECTORY_FEED_SYNCED,
            target=feed,
            payload={
                "run": run.id,
                "succeeded": succeeded,
                "created": run.created,
                "updated": run.updated,
                "unchanged": run.unchanged,
                "refused": run.refused,
                "retired": retired,
            },
        )
    return run


def _uuids(ids: set[str]) -> set[uuid.UUID]:
    found = set()
    for value in ids:
        try:
            found.add(uuid.UUID(value))
        except ValueError:
            continue
    return found


def _retire_and_claim(feed: DirectoryFeed, report: ImportReport) -> int:
    """Mark the services this feed published as its own; retire those it published before and no
    longer does (only after a run that read every record, and never a listing another organisation
    maintains). Returns how many were retired."""
    published = _uuids(report.published)
    maintained_here = Q(organisation__owner__isnull=True) | Q(organisation__owner__directory_source=feed.url)
    Service.objects.filter(maintained_here, id__in=published).exclude(feed=feed).update(feed=feed)
    if report.incomplete:
        return 0
    gone = Service.objects.filter(maintained_here, feed=feed).exclude(status=ServiceStatus.INACTIVE)
    return gone.exclude(id__in=published).update(status=ServiceStatus.INACTIVE, updated_at=timezone.now())
