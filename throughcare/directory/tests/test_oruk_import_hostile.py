"""import_oruk against hostile sources: each bad record is reported by index, id and field, the rest
are imported, no traceback reaches the user, and a source with nothing in it is an error."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from throughcare.directory.models import Service
from throughcare.directory.tests.factories import ServiceFactory
from throughcare.directory.tests.test_oruk_import import published, wipe_directory

pytestmark = pytest.mark.django_db


def run(source) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_oruk", str(source), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def two_good_records():
    ServiceFactory()
    ServiceFactory()
    records = published()
    wipe_directory()
    return records


def _write(tmp_path, data) -> str:
    path = tmp_path / "services.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("attributes", "not a list"),
        ("service_at_locations", {"an": "object"}),
        ("contacts", ["not an object"]),
        ("organization", "not an object"),
    ],
)
def test_a_field_of_the_wrong_shape_is_reported_and_the_rest_imported(
    tmp_path, two_good_records, field, value
):
    first, second = two_good_records
    bad = {**copy.deepcopy(first), field: value}
    out, err = run(_write(tmp_path, [bad, second]))
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in out
    assert f"record 0 ({first['id']}):" in err
    assert field in err
    assert "Traceback" not in err
    assert list(Service.objects.values_list("id", flat=True)) == [Service.objects.get(id=second["id"]).id]


def test_a_nul_in_a_record_is_reported_by_field_and_never_stored(tmp_path, two_good_records):
    first, second = two_good_records
    bad = {**copy.deepcopy(first), "name": "Bad\u0000name"}
    out, err = run(_write(tmp_path, [bad, second]))
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in out
    assert f"record 0 ({first['id']}): name:" in err
    assert "NUL byte" in err


def test_a_file_nested_100000_deep_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="nested too deeply"):
        run(_write(tmp_path, "[" * 100_000 + "]" * 100_000))


@pytest.mark.parametrize("data", [[], {"contents": []}])
def test_an_empty_source_says_so_and_fails(tmp_path, data):
    with pytest.raises(CommandError, match="holds no services"):
        run(_write(tmp_path, data))


def test_a_record_that_is_not_an_object_is_reported_by_index(tmp_path, two_good_records):
    _first, second = two_good_records
    out, err = run(_write(tmp_path, ["just text", second]))
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in out
    assert "record 0 (no id):" in err
