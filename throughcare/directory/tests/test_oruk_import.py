"""import_oruk: services from an Open Referral API or JSON, checked, upserted, idempotent, audited."""

import copy
import json
from datetime import date
from io import StringIO

import httpx
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from throughcare.accounts.tests.factories import OrganisationFactory, UserFactory
from throughcare.core.models import AuditEvent
from throughcare.directory.models import (
    Attribute,
    Contact,
    DirectoryOrganisation,
    Location,
    Phone,
    Service,
    ServiceCoverage,
    Taxonomy,
    TaxonomyTerm,
)
from throughcare.directory.oruk import sources
from throughcare.directory.oruk.attributes import fact_attribute
from throughcare.directory.oruk.importing import import_services
from throughcare.directory.oruk.loading import with_full_prefetch
from throughcare.directory.oruk.serialisers import full_services
from throughcare.directory.oruk.sources import records_from_api
from throughcare.directory.tests import schema_checks as schemas
from throughcare.directory.tests.factories import ServiceFactory, service_with_everything
from throughcare.directory.vocabularies import NEEDS
from throughcare.geography.models import Country, LocalAuthority

pytestmark = pytest.mark.django_db


def published() -> list[dict]:
    """Every service as the API publishes it, in id order."""
    return full_services(list(with_full_prefetch(Service.objects.order_by("id"))))


def wipe_directory(*, taxonomies: bool = False) -> None:
    """Empty the directory's tables (our own taxonomies too, if asked)."""
    Attribute.objects.all().delete()
    Service.objects.all().delete()
    Location.objects.all().delete()
    DirectoryOrganisation.objects.all().delete()
    terms = (
        TaxonomyTerm.objects.all() if taxonomies else TaxonomyTerm.objects.filter(taxonomy__code__isnull=True)
    )
    terms.delete()
    (Taxonomy.objects.all() if taxonomies else Taxonomy.objects.filter(code__isnull=True)).delete()


def run(source, *options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_oruk", str(source), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def api_transport(requested: list[str], *, missing: str = "") -> httpx.MockTransport:
    """Our own /openreferral/ API, served through the Django test client to httpx."""

    def handle(request: httpx.Request) -> httpx.Response:
        requested.append(f"{request.url.path}?{request.url.query.decode()}".rstrip("?"))
        if missing and request.url.path.endswith(missing):
            return httpx.Response(404, json={"detail": "Not found."})
        response = Client().get(request.url.path, dict(request.url.params))
        return httpx.Response(response.status_code, content=response.content)

    return httpx.MockTransport(handle)


def test_json_file_as_a_list_a_page_or_one_service(tmp_path):
    first, second = service_with_everything(), ServiceFactory()
    records = published()
    wipe_directory()
    (tmp_path / "list.json").write_text(json.dumps(records[:1]))
    (tmp_path / "page.json").write_text(json.dumps({"total_items": 2, "contents": records}))
    (tmp_path / "one.json").write_text(json.dumps(records[0]))
    assert "1 created, 0 updated, 0 unchanged, 0 failed" in run(tmp_path / "list.json")[0]
    assert "1 created, 0 updated, 1 unchanged, 0 failed" in run(tmp_path / "page.json")[0]
    assert "0 created, 0 updated, 1 unchanged, 0 failed" in run(tmp_path / "one.json")[0]
    assert published() == records
    assert {first.id, second.id} == set(Service.objects.values_list("id", flat=True))


def test_import_from_an_api_pages_through_then_fetches_each_service():
    service_with_everything()
    ServiceFactory.create_batch(2)
    before = published()
    requested: list[str] = []
    client = httpx.Client(transport=api_transport(requested), base_url="http://directory.example")
    records = list(records_from_api("http://directory.example/openreferral/", client=client))
    assert requested[0] == "/openreferral/services?page=1&per_page=100"
    assert sorted(requested[1:]) == sorted(f"/openreferral/services/{s['id']}" for s in before)
    wipe_directory()
    report = import_services(records, source="http://directory.example/openreferral")
    assert (report.created, report.failed) == (3, 0)
    assert published() == before


def test_a_service_the_api_cannot_give_is_reported_and_the_rest_imported():
    kept, lost = ServiceFactory(), ServiceFactory()
    requested: list[str] = []
    client = httpx.Client(transport=api_transport(requested, missing=str(lost.id)))
    records = list(records_from_api("http://directory.example/openreferral", client=client))
    wipe_directory()
    report = import_services(records)
    assert (report.created, report.failed) == (1, 1)
    assert report.problems[0].id == str(lost.id)
    assert "404" in report.problems[0].message
    assert list(Service.objects.values_list("id", flat=True)) == [kept.id]


def test_a_second_run_creates_and_updates_nothing_and_is_not_audited(tmp_path):
    service_with_everything()
    records = published()
    wipe_directory()
    path = tmp_path / "services.json"
    path.write_text(json.dumps(records))
    events = AuditEvent.objects.count()
    assert "1 created" in run(path)[0]
    assert AuditEvent.objects.count() == events + 1
    assert "0 created, 0 updated, 1 unchanged, 0 failed" in run(path)[0]
    assert AuditEvent.objects.count() == events + 1
    without_dates = [{k: v for k, v in record.items() if k != "last_modified"} for record in records]
    assert import_services(without_dates).unchanged == 1


def test_one_summary_audit_event_per_batch_naming_who_and_what(tmp_path):
    ServiceFactory.create_batch(3)
    records = published()
    wipe_directory()
    path = tmp_path / "services.json"
    path.write_text(json.dumps(records))
    user = UserFactory(email="importer@platform.example")
    first = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    run(path, "--actor", user.email, "--batch-size", "2")
    events = list(AuditEvent.objects.filter(id__gt=first).order_by("id"))
    assert [(e.verb, e.actor_id) for e in events] == [("directory.services_imported", user.id)] * 2
    assert [e.payload for e in events] == [
        {"source": str(path), "batch": 1, "created": 2, "updated": 0, "unchanged": 0, "failed": 0},
        {"source": str(path), "batch": 2, "created": 1, "updated": 0, "unchanged": 0, "failed": 0},
    ]
    with pytest.raises(CommandError, match="No user"):
        run(path, "--actor", "nobody@example.org")


def test_a_changed_service_is_updated_in_place():
    service = service_with_everything()
    [record] = published()
    changed = copy.deepcopy(record)
    changed["name"] = "Renamed service"
    changed["service_at_locations"][0]["location"]["name"] = "Hub 0, renamed"
    del changed["contacts"]
    changed["last_modified"] = "2026-11-01T09:00:00.000Z"
    report = import_services([changed])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    service.refresh_from_db()
    assert service.name == "Renamed service"
    assert service.updated_at.isoformat() == "2026-11-01T09:00:00+00:00"
    assert Location.objects.filter(name="Hub 0, renamed").exists()
    assert not Contact.objects.filter(service=service).exists()
    assert published() == [changed]


def _with(record: dict, **changes) -> dict:
    return {**copy.deepcopy(record), **changes}


def test_each_bad_record_is_reported_by_index_id_and_field_and_the_rest_imported():
    LocalAuthority.objects.create(code="E08000035", name="Leeds", nation=Country.ENGLAND)
    service_with_everything()
    [good] = published()
    wipe_directory()
    new_id = "8c2b1d0e-6a0f-4d52-9b7f-0a2f3c4d5e6f"
    unknown_need = {
        **good["attributes"][0],
        "id": "4a7f6f7c-0c3e-4b7b-8d55-3f0a1f7a9b10",
        "taxonomy_term_id": "0e9ce7f6-3d0f-4b8e-9f0b-8a1c2d3e4f50",
        "taxonomy_term": {
            "id": "0e9ce7f6-3d0f-4b8e-9f0b-8a1c2d3e4f50",
            "name": "Made up",
            "description": "",
            "code": "made_up",
            "taxonomy_id": str(NEEDS.id),
        },
    }

    def without(code: str) -> list[dict]:
        return [a for a in good["attributes"] if a["taxonomy_term"].get("code") != code]

    bad_location = copy.deepcopy(good["service_at_locations"])
    bad_location[0]["location"]["latitude"] = 100
    records = [
        _with(good, id=new_id, name=""),
        _with(good, id=new_id, status="open"),
        _with(good, id=new_id, minimum_age=70, maximum_age=18),
        _with(
            good,
            id=new_id,
            attributes=[
                *without("capacity_available"),
                fact_attribute("service", new_id, "capacity_available", 99),
            ],
        ),
        _with(good, id=new_id, attributes=[*good["attributes"], unknown_need]),
        _with(
            good,
            id=new_id,
            attributes=[
                *good["attributes"],
                fact_attribute("service", new_id, "covers_local_authority", "E99999999"),
            ],
        ),
        _with(good, id=new_id, service_at_locations=bad_location),
        _with(good, id="not-a-uuid"),
        good,
    ]
    report = import_services(records)
    assert (report.created, report.failed) == (1, 8)
    fields = {(p.index, p.field) for p in report.problems}
    assert (0, "name") in fields
    assert (1, "status") in fields
    assert (2, "maximum_age") in fields
    assert (3, "attributes") in fields
    assert (4, "attributes[0].taxonomy_term") in fields or any(
        i == 4 and "taxonomy_term" in f for i, f in fields
    )
    assert (5, "attributes") in fields
    assert (6, "service_at_locations[0].location.latitude") in fields
    assert {p.index for p in report.problems} == set(range(8))
    assert all(p.id == new_id for p in report.problems if p.index < 7)
    messages = " ".join(p.message for p in report.problems)
    assert "Places available (99) cannot be more than the maximum (12)" in messages
    assert "Unknown area code E99999999" in messages
    assert "Unknown term made_up" in messages
    assert list(Service.objects.values_list("id", flat=True)) == [Service.objects.get().id]
    assert str(Service.objects.get().id) == good["id"]


def test_funding_must_end_after_it_starts():
    service_with_everything()
    [record] = published()
    funding = copy.deepcopy(record["funding"])
    funding[0]["attributes"] = [
        fact_attribute("funding", funding[0]["id"], "funding_starts_on", date(2027, 1, 1)),
        fact_attribute("funding", funding[0]["id"], "funding_ends_on", date(2026, 1, 1)),
    ]
    report = import_services([_with(record, funding=funding)])
    assert report.failed == 1
    assert report.problems[0].field == "funding[0].attributes"


def test_a_record_the_database_refuses_leaves_nothing_half_written():
    service_with_everything()
    [first] = published()
    wipe_directory()
    second = copy.deepcopy(first)
    second["id"] = "0b7d2f9e-1c3a-4e5f-8a6b-7c8d9e0f1a2b"
    second["organization"]["id"] = second["organization_id"] = "5f4e3d2c-1b0a-4987-8654-3210fedcba98"
    second["service_at_locations"] = []
    second["schedules"] = [s for s in second["schedules"] if not s.get("service_at_location_id")]
    # The same contact id as the first record's: the database refuses the second record's contact.
    report = import_services([first, second])
    assert (report.created, report.failed) == (1, 1)
    assert report.problems[0].index == 1
    assert "refused" in report.problems[0].message
    assert list(Service.objects.values_list("id", flat=True)) == [Service.objects.get(id=first["id"]).id]
    assert not DirectoryOrganisation.objects.filter(id=second["organization"]["id"]).exists()
    assert published() == [first]


def test_imported_organisations_have_no_owner_and_owned_ones_keep_theirs():
    owned = ServiceFactory(organisation__owner=OrganisationFactory())
    ServiceFactory()
    records = published()
    Service.objects.exclude(id=owned.id).delete()
    DirectoryOrganisation.objects.filter(owner__isnull=True).delete()
    import_services(records)
    owners = dict(DirectoryOrganisation.objects.values_list("id", "owner_id"))
    assert owners[owned.organisation_id] == owned.organisation.owner_id
    assert [owner for key, owner in owners.items() if key != owned.organisation_id] == [None]


def test_coverage_areas_come_back_as_the_services_areas():
    leeds = LocalAuthority.objects.create(code="E08000035", name="Leeds", nation=Country.ENGLAND)
    service = ServiceFactory(covers_england=False)
    service.local_authorities.set([leeds])
    records = published()
    wipe_directory()
    import_services(records)
    imported = Service.objects.get()
    assert list(imported.local_authorities.values_list("code", flat=True)) == ["E08000035"]
    assert list(ServiceCoverage.objects.values_list("local_authority_code", flat=True)) == ["E08000035"]


def test_the_uk_profiles_own_example_is_checked_and_once_fixed_imported():
    example = schemas.load("uk-profile/examples/service_full.json")
    report = import_services([example])
    assert report.failed == 1
    # Its latitude is 100: no such place.
    assert [p.field for p in report.problems] == ["service_at_locations[0].location.latitude"]
    fixed = copy.deepcopy(example)
    fixed["service_at_locations"][0]["location"].update(latitude=51.5072, longitude=-0.1276)
    report = import_services([fixed])
    assert (report.created, report.failed) == (1, 0)
    service = Service.objects.get(id=example["id"])
    assert service.name == "Community Counselling"
    assert service.organisation.owner is None
    body = Client().get(f"/openreferral/services/{example['id']}").json()
    assert schemas.problems(schemas.response_validator("/services/{id}"), body) == []
    assert body["cost_options"][0]["amount"] == 35
    assert body["schedules"][0]["byday"] == "TH,FR"
    # Its attribute of someone else's taxonomy is kept, with its term.
    [attribute] = [a for a in body["attributes"] if a["id"] == example["attributes"][0]["id"]]
    assert attribute["taxonomy_term"]["name"] == "name"
    assert import_services([fixed]).unchanged == 1


def test_a_file_that_is_not_services_is_a_command_error(tmp_path):
    path = tmp_path / "nonsense.json"
    path.write_text('{"hello": "world"}')
    with pytest.raises(CommandError, match="neither a list of services"):
        run(path)
    with pytest.raises(CommandError, match="no file"):
        run(tmp_path / "missing.json")


def test_the_command_lists_problems_by_record(tmp_path):
    path = tmp_path / "services.json"
    path.write_text(json.dumps([{"id": "1e7efce3-639b-4880-940c-b95cd30cdb50", "status": "active"}]))
    out, err = run(path)
    assert "0 created, 0 updated, 0 unchanged, 1 failed" in out
    assert "record 0 (1e7efce3-639b-4880-940c-b95cd30cdb50):" in err
    assert '"name" is a required property' in err


def test_the_command_reads_an_api_by_its_url(monkeypatch):
    ServiceFactory.create_batch(2)
    before = published()
    # What our API answers now, served after the directory is emptied: a stand-in for another's.
    answers = {"/openreferral/services": Client().get("/openreferral/services").content}
    for service in before:
        path = f"/openreferral/services/{service['id']}"
        answers[path] = Client().get(path).content
    wipe_directory()

    def serve(request: httpx.Request) -> httpx.Response:
        if request.url.path in answers:
            return httpx.Response(200, content=answers[request.url.path])
        return httpx.Response(404, json={"detail": "Not found."})

    monkeypatch.setattr(sources, "new_client", lambda: httpx.Client(transport=httpx.MockTransport(serve)))
    out, _err = run("http://directory.example/openreferral")
    assert "2 created, 0 updated, 0 unchanged, 0 failed" in out
    assert published() == before
    with pytest.raises(CommandError, match="Could not read page 1"):
        run("http://directory.example/nothing-here")


def test_the_hsds_standards_own_nested_example_imports_its_shared_records_once():
    example = schemas.load("hsds-3.0/examples/service_full.json")
    report = import_services([example])
    # Only its known-invalid latitude is reported: the phone it nests under the service and under a
    # contact (one record, same id, same content) is not "used twice".
    assert [p.field for p in report.problems] == ["service_at_locations[0].location.latitude"]
    fixed = copy.deepcopy(example)
    fixed["service_at_locations"][0]["location"].update(latitude=51.5072, longitude=-0.1276)
    report = import_services([fixed])
    assert (report.created, report.failed) == (1, 0), report.problems
    shared = {phone["id"] for phone in fixed["phones"]} & {
        phone["id"] for contact in fixed["contacts"] for phone in contact.get("phones", [])
    }
    for phone_id in shared:
        phone = Phone.objects.get(id=phone_id)
        assert phone.service_id is not None
        assert phone.contact_id is not None


def test_one_id_with_different_content_in_two_places_is_a_specific_error():
    example = schemas.load("hsds-3.0/examples/service_full.json")
    example["service_at_locations"][0]["location"].update(latitude=51.5072, longitude=-0.1276)
    [contact] = [c for c in example["contacts"] if c.get("phones")]
    contact["phones"][0] = {**contact["phones"][0], "number": "0300 000 0000"}
    report = import_services([example])
    assert report.failed == 1
    [problem] = report.problems
    assert problem.field.endswith(".id")
    assert "used twice in the record, with different content: first at" in problem.message
