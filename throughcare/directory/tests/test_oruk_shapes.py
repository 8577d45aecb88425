"""Council feeds of every published shape import: ORUK 1.0 (both page shapes), organisation documents
and HSDS 3.0 services, with what was not kept listed by record."""

import copy
import json
from datetime import time

import httpx
import pytest

from throughcare.directory.models import (
    Accessibility,
    Attribute,
    CostOption,
    DirectoryOrganisation,
    Funding,
    Language,
    Location,
    Schedule,
    Service,
    TaxonomyTerm,
)
from throughcare.directory.oruk.importing import import_services
from throughcare.directory.oruk.shapes import services_in
from throughcare.directory.oruk.sources import records_from_api, records_from_file
from throughcare.directory.tests import schema_checks as schemas
from throughcare.directory.tests.oruk1_fixtures import oruk1_page, oruk1_service, spring_page
from throughcare.directory.tests.test_oruk_import import run

pytestmark = pytest.mark.django_db
FEED = "https://anytown.example/api"


def _only_service() -> Service:
    return Service.objects.select_related("organisation").get()


def test_an_oruk_1_service_is_mapped_onto_what_throughcare_holds():
    report = import_services([oruk1_service()], source=FEED)
    assert (report.created, report.failed) == (1, 0), report.problems
    service = _only_service()
    assert service.name == "Men's Shed, Anytown"
    assert service.fees_description == "£2 a session, free to anyone on benefits"
    assert (service.minimum_age, service.maximum_age) == (18, 99)
    assert service.eligibility_description == "Men; Carers"
    assert service.organisation.website == "https://anytown.example"
    assert service.organisation.logo == "https://anytown.example/logo.png"
    location = Location.objects.get()
    assert (location.address_1, location.postal_code, location.country) == ("1 High Street", "B1 1AA", "GB")
    assert Accessibility.objects.get().description == "Step-free entrance"
    by_day = {s.byday: s for s in Schedule.objects.all()}
    assert by_day["TU"].service_id == service.id
    assert by_day["TU"].opens_at == time(10)
    assert by_day["TH"].service_at_location_id is not None  # the location's own opening hours
    term = TaxonomyTerm.objects.get(name="Social activities")
    assert (term.code, term.taxonomy_name) == ("bccsubcategory:41", "bccSubCategories")
    assert Attribute.objects.filter(link_id=service.id, taxonomy_term=term).exists()


def test_what_an_oruk_1_service_cannot_keep_is_listed_not_dropped():
    report = import_services([oruk1_service()], source=FEED)
    listed = {note.field for note in report.not_kept}
    assert {
        "holiday_schedules",
        "reviews",
        "attending_type",
        "attending_access",
        "deliverable_type",
    } <= listed
    assert all(note.id == "101" and note.message.startswith("Not kept:") for note in report.not_kept)


def test_fields_an_oruk_1_feed_adds_of_its_own_are_listed_too():
    record = oruk1_service()
    record["status"] = "Active"
    record["interpretation_services"] = "BSL on request"
    record["service_at_locations"][0]["location"]["transportation"] = "Bus 12"
    report = import_services([record], source=FEED)
    assert report.created == 1, report.problems
    listed = {note.field for note in report.not_kept}
    assert {"interpretation_services", "service_at_locations[0].location.transportation"} <= listed
    assert "name" not in listed


def test_oruk_1_rows_that_map_are_stored():
    import_services([oruk1_service()], source=FEED)
    assert CostOption.objects.get().option == "Per session"
    assert Language.objects.get().name == "English"
    assert Funding.objects.get().source == "Anytown Council"


def test_text_ids_become_stable_uuids_so_a_second_run_changes_nothing():
    import_services([oruk1_service()], source=FEED)
    again = import_services([oruk1_service()], source=FEED)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_two_councils_service_1_stay_two_services():
    import_services([oruk1_service("1")], source="https://one.example/api")
    import_services([oruk1_service("1", name="Other shed")], source="https://two.example/api")
    assert Service.objects.count() == 2
    assert DirectoryOrganisation.objects.count() == 2


def test_what_throughcare_publishes_for_an_oruk_1_service_meets_the_uk_profile():
    from django.test import Client

    import_services([oruk1_service()], source=FEED)
    body = Client().get(f"/openreferral/services/{_only_service().id}").json()
    assert schemas.problems(schemas.validator("uk-profile/schema/compiled/service.json"), body) == []
    assert body["fees"] == "£2 a session, free to anyone on benefits"


@pytest.mark.parametrize("page", [spring_page, oruk1_page], ids=["spring content", "oruk contents"])
def test_a_file_holding_either_oruk_1_page_shape_imports(tmp_path, page):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(page([oruk1_service("1"), oruk1_service("2", name="Second")])))
    out, _err = run(path)
    assert "2 created, 0 updated, 0 unchanged, 0 failed" in out
    assert "holiday_schedules: Not kept" in out


@pytest.mark.parametrize("shape", ["spring", "oruk"])
def test_an_oruk_1_api_is_paged_through_in_its_own_terms(shape):
    services = {str(n): oruk1_service(str(n), name=f"Service {n}") for n in range(1, 4)}

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/services"):
            page = int(request.url.params["page"])
            chunk = [services["1"], services["2"]] if page == 1 else [services["3"]]
            if shape == "spring":
                return httpx.Response(200, json=spring_page(chunk, last=page == 2, total_pages=2))
            return httpx.Response(200, json=oruk1_page(chunk, page=page, total_pages=2))
        return httpx.Response(200, json=services[request.url.path.rsplit("/", 1)[1]])

    client = httpx.Client(transport=httpx.MockTransport(handle))
    report = import_services(records_from_api(FEED, client=client), source=FEED)
    assert (report.created, report.failed) == (3, 0), report.problems


def test_an_organisation_document_imports_its_services_under_it():
    example = copy.deepcopy(schemas.load("hsds-3.0/examples/organization_full.json"))
    for link in example["services"][0]["service_at_locations"]:
        link["location"].update(latitude=51.5072, longitude=-0.1276)
    report = import_services(services_in(example), source=FEED)
    assert (report.created, report.failed) == (1, 0), report.problems
    service = _only_service()
    assert str(service.organisation_id) == example["id"]
    assert service.organisation.uri == example["uri"]
    listed = {note.field for note in report.not_kept}
    # The organisation's own HSDS fields Throughcare has no place for are listed, once each.
    assert {"organization.alternate_name", "organization.legal_status", "organization.programs"} <= listed


@pytest.mark.parametrize("standard", ["hsds-3.0", "uk-profile"])
def test_the_standards_organisation_examples_report_their_bad_latitude_by_record(tmp_path, standard):
    path = tmp_path / "organisation.json"
    path.write_text(json.dumps(copy.deepcopy(schemas.load(f"{standard}/examples/organization_full.json"))))
    report = import_services(records_from_file(path), source=str(path))
    assert report.failed == 1
    assert [p.field for p in report.problems] == ["service_at_locations[0].location.latitude"]


def test_an_hsds_3_service_lists_the_fields_throughcare_does_not_hold():
    example = copy.deepcopy(schemas.load("hsds-3.0/examples/service_full.json"))
    example["service_at_locations"][0]["location"].update(latitude=51.5072, longitude=-0.1276)
    report = import_services([example], source=FEED)
    listed = {note.field: note.message for note in report.not_kept}
    assert "program" in listed
    assert "required_documents" in listed
    assert "people" in listed["assurer_email"]
    assert listed["service_at_locations[0].location.transportation"].startswith("Not kept")
    assert "name" not in listed
    assert "alternate_name" not in listed


def test_a_document_of_no_known_shape_is_a_command_error(tmp_path):
    from django.core.management import CommandError

    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"hello": "world"}))
    with pytest.raises(CommandError, match="an organisation with its services"):
        run(path)


def test_services_numbering_their_own_rows_alike_keep_them_apart_but_share_a_location():
    first, second = oruk1_service("1"), oruk1_service("2", name="Second")  # both: contact "c1", "loc1"
    report = import_services([first, second], source=FEED)
    assert (report.created, report.failed) == (2, 0), report.problems
    assert Location.objects.count() == 1
    assert Accessibility.objects.count() == 1
    assert set(Service.objects.values_list("contacts__name", flat=True)) == {"Front desk"}
    assert Service.objects.filter(contacts__isnull=False).count() == 2


def test_the_command_reads_an_organisation_document_at_a_url(monkeypatch):
    from throughcare.directory.oruk import sources

    document = copy.deepcopy(schemas.load("hsds-3.0/examples/organization_full.json"))
    for link in document["services"][0]["service_at_locations"]:
        link["location"].update(latitude=51.5072, longitude=-0.1276)

    def serve(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/organisation.json":
            return httpx.Response(200, json=document)
        return httpx.Response(404, json={"detail": "Not found."})

    monkeypatch.setattr(sources, "new_client", lambda: httpx.Client(transport=httpx.MockTransport(serve)))
    out, _err = run("https://council.example/organisation.json")
    assert "1 created, 0 updated, 0 unchanged, 0 failed" in out
    assert "organization.programs: Not kept" in out
