"""export_hsds and import_hsds: the HSDS tabular data package, and a round trip through an empty database."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from throughcare.core.models import AuditEvent
from throughcare.directory.models import Service, Taxonomy, TaxonomyTerm
from throughcare.directory.oruk.tabular import TABLES
from throughcare.directory.tests import schema_checks as schemas
from throughcare.directory.tests.factories import (
    AttributeFactory,
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
    service_with_everything,
)
from throughcare.directory.tests.test_oruk_import import published, wipe_directory
from throughcare.geography.models import Country, LocalAuthority

pytestmark = pytest.mark.django_db


def _header(path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as file:
        return next(csv.reader(file))


def _rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def export(directory) -> str:
    out = StringIO()
    call_command("export_hsds", str(directory), stdout=out)
    return out.getvalue()


def test_each_table_has_the_uk_profiles_file_columns_and_types(tmp_path):
    service_with_everything()
    export(tmp_path)
    uk = {resource["name"]: resource for resource in schemas.load("uk-profile/datapackage.json")["resources"]}
    package = json.loads((tmp_path / "datapackage.json").read_text())
    assert package["profile"] == "tabular-data-package"
    assert {r["name"] for r in package["resources"]} == {table.name for table in TABLES}
    for resource in package["resources"]:
        header = _header(tmp_path / resource["path"])
        assert header == [field["name"] for field in resource["schema"]["fields"]]
        standard = uk[resource["name"]]
        assert resource["path"] == standard["path"]
        ours = {field["name"]: field for field in resource["schema"]["fields"]}
        for field in standard["schema"]["fields"]:
            assert field["name"] in ours, f"{resource['name']}.{field['name']}"
            assert ours[field["name"]]["type"] == field["type"], f"{resource['name']}.{field['name']}"
        # Columns beyond the UK profile are HSDS 3.0 columns of the same table.
        hsds = schemas.load("hsds-3.0/datapackage.json")["resources"]
        base = next(r for r in hsds if r["name"] == resource["name"])
        assert set(ours) - {f["name"] for f in standard["schema"]["fields"]} <= {
            f["name"] for f in base["schema"]["fields"]
        }


def test_the_package_holds_published_services_only_and_each_shared_record_once(tmp_path):
    shared = LocationFactory()
    first = ServiceAtLocationFactory(location=shared).service
    second = ServiceAtLocationFactory(location=shared).service
    hidden = ServiceFactory(is_public=False, name="Not for publishing")
    assert "Wrote 2 services" in export(tmp_path)
    assert {row["id"] for row in _rows(tmp_path / "services.csv")} == {str(first.id), str(second.id)}
    assert [row["id"] for row in _rows(tmp_path / "locations.csv")] == [str(shared.id)]
    assert hidden.name not in "".join(path.read_text() for path in tmp_path.glob("*.csv"))
    attribute_ids = [row["id"] for row in _rows(tmp_path / "attribute.csv")]
    assert len(attribute_ids) == len(set(attribute_ids))


def _taxonomies() -> dict:
    return {
        "taxonomies": sorted(
            Taxonomy.objects.values_list("id", "code", "name", "description", "uri", "version")
        ),
        "terms": sorted(
            TaxonomyTerm.objects.values_list(
                "id", "taxonomy_id", "code", "name", "description", "parent_id", "term_uri", "taxonomy_name"
            )
        ),
    }


def test_export_then_import_into_an_empty_directory_reproduces_it(tmp_path):
    leeds = LocalAuthority.objects.create(code="E08000035", name="Leeds", nation=Country.ENGLAND)
    everything = service_with_everything()
    everything.local_authorities.set([leeds])
    ServiceAtLocationFactory(location=everything.service_at_locations.first().location)
    parent = TaxonomyTermFactory(name="Health")
    child = TaxonomyTermFactory(name="Counselling", taxonomy=parent.taxonomy, parent=parent)
    AttributeFactory(service=ServiceFactory(), taxonomy_term=child, value="weekly")
    ServiceFactory(status="inactive")
    export(tmp_path)
    before = [service for service in published() if service["status"] == "active"]
    taxonomies = _taxonomies()  # after the export, which stores the facts taxonomy if it is new

    wipe_directory(taxonomies=True)
    assert not Service.objects.exists()
    out = StringIO()
    call_command("import_hsds", str(tmp_path), stdout=out)
    assert f"{len(before)} created, 0 updated, 0 unchanged, 0 failed" in out.getvalue()
    assert published() == before
    assert _taxonomies() == taxonomies
    for service in before:
        body = Client().get(f"/openreferral/services/{service['id']}").json()
        assert schemas.problems(schemas.response_validator("/services/{id}"), body) == []

    assert AuditEvent.objects.filter(verb="directory.taxonomies_imported").count() == 1

    out = StringIO()
    call_command("import_oruk", str(tmp_path), stdout=out)  # import_oruk takes a package too
    assert f"0 created, 0 updated, {len(before)} unchanged, 0 failed" in out.getvalue()
    assert AuditEvent.objects.filter(verb="directory.taxonomies_imported").count() == 1


def test_a_bad_row_is_reported_like_a_bad_json_record(tmp_path):
    ServiceFactory.create_batch(2)
    export(tmp_path)
    rows = _rows(tmp_path / "services.csv")
    rows[1]["minimum_age"], rows[1]["maximum_age"] = "60", "20"
    with (tmp_path / "services.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    wipe_directory()
    out, err = StringIO(), StringIO()
    call_command("import_hsds", str(tmp_path), stdout=out, stderr=err)
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in out.getvalue()
    assert f"record 1 ({rows[1]['id']}): maximum_age:" in err.getvalue()
