"""An import cannot take over a Throughcare organisation's own listing, nor store a link that runs."""

import copy
import io

import pytest
from django.test import Client

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.web_addresses import is_safe_web_address
from throughcare.directory.models import Service
from throughcare.directory.oruk.importing import import_services
from throughcare.directory.tests.factories import ServiceFactory
from throughcare.directory.tests.test_oruk_import import published

pytestmark = pytest.mark.django_db
FEED = "https://feed.example/openreferral"


def _renamed(record: dict, name: str) -> dict:
    changed = copy.deepcopy(record)
    changed["name"] = name
    changed["last_modified"] = "2026-11-01T09:00:00.000Z"
    return changed


def test_another_feed_cannot_overwrite_a_listing_a_throughcare_organisation_maintains():
    owned = ServiceFactory(name="Our own service", organisation__owner=OrganisationFactory())
    [record] = published()
    report = import_services([_renamed(record, "Taken over")], source=FEED)
    assert (report.updated, report.failed) == (0, 1)
    [problem] = report.problems
    assert problem.field == "id"
    assert "only that organisation's registered source may change it" in problem.message
    owned.refresh_from_db()
    assert owned.name == "Our own service"


def test_a_new_service_cannot_be_slipped_under_an_owned_organisation():
    owned = ServiceFactory(organisation__owner=OrganisationFactory())
    [record] = published()
    Service.objects.all().delete()
    smuggled = _renamed(record, "Smuggled")
    report = import_services([smuggled], source=FEED)
    assert report.failed == 1
    assert report.problems[0].field == "organization_id"
    assert not Service.objects.filter(organisation=owned.organisation).exists()


def test_the_organisations_registered_source_may_update_its_listing():
    owner = OrganisationFactory(directory_source=FEED + "/")
    owned = ServiceFactory(organisation__owner=owner)
    [record] = published()
    report = import_services([_renamed(record, "Updated by our own feed")], source=FEED)
    assert report.updated == 1
    owned.refresh_from_db()
    assert owned.name == "Updated by our own feed"


def test_listings_nobody_in_throughcare_maintains_still_update():
    ServiceFactory()
    [record] = published()
    assert import_services([_renamed(record, "Renamed")], source=FEED).updated == 1


@pytest.mark.parametrize(
    ("where", "link"),
    [
        ("url", "javascript:alert(document.cookie)"),
        ("url", " JaVaScRiPt:alert(1)"),
        ("url", "data:text/html,<script>alert(1)</script>"),
        ("url", "vbscript:msgbox"),
        ("website", "javascript:alert(1)"),
    ],
)
def test_a_link_that_would_run_is_refused_and_never_published(where, link):
    ServiceFactory()
    [record] = published()
    changed = _renamed(record, "Renamed")
    if where == "website":
        changed["organization"]["website"] = link
    else:
        changed["url"] = link
    report = import_services([changed], source=FEED)
    assert report.failed == 1
    assert any("must start https:// or http://" in p.message for p in report.problems)
    body = Client().get("/openreferral/services").content.decode().lower()
    assert "javascript:" not in body
    assert "data:text" not in body


@pytest.mark.parametrize(
    ("link", "safe"),
    [
        ("https://example.org/service", True),
        ("http://example.org", True),
        ("mailto:referrals@example.org", True),
        ("tel:+441134960000", True),
        ("javascript:alert(1)", False),
        ("https://", False),
        ("https://exa mple.org", False),
        ("ftp://example.org", False),
        ("//example.org", False),
    ],
)
def test_which_links_are_safe(link, safe):
    assert is_safe_web_address(link) is safe


def test_a_data_package_whose_taxonomy_links_would_run_is_refused(tmp_path):
    import csv

    from django.core.management import CommandError, call_command

    ServiceFactory()
    call_command("export_hsds", str(tmp_path), stdout=io.StringIO())
    path = tmp_path / "taxonomies.csv"
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    rows[0]["uri"] = "javascript:alert(1)"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(CommandError, match=r"taxonomies\.csv row 2: the uri must start https://"):
        call_command("import_hsds", str(tmp_path), stdout=io.StringIO())


def test_a_link_stored_before_imports_were_checked_is_not_republished():
    service = ServiceFactory(url="javascript:alert(1)", organisation__website="data:text/html,x")
    body = Client().get(f"/openreferral/services/{service.id}").json()
    assert body.get("url", "") == ""  # a blank link is left out
    assert body["organization"].get("website", "") == ""
    assert body["name"] == service.name
