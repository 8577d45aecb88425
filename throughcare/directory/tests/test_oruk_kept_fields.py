"""HSDS text fields Throughcare can hold are kept on import and published back (round trip)."""

import copy

import pytest
from django.test import Client

from throughcare.directory.models import DirectoryOrganisation, Schedule, Service
from throughcare.directory.oruk.importing import import_services
from throughcare.directory.tests import schema_checks as schemas
from throughcare.directory.tests.test_oruk_import import published, wipe_directory

pytestmark = pytest.mark.django_db
SERVICE_TEXT = ("alternate_name", "application_process", "eligibility_description", "fees_description")


def _hsds_example() -> dict:
    example = schemas.load("hsds-3.0/examples/service_full.json")
    # The standard's example has a latitude out of range (reported elsewhere); fixed here.
    example["service_at_locations"][0]["location"].update(latitude=51.5072, longitude=-0.1276)
    return example


def test_the_hsds_examples_text_fields_organisation_links_and_booking_link_are_kept():
    example = _hsds_example()
    report = import_services([example])
    assert (report.created, report.failed) == (1, 0), report.problems
    service = Service.objects.get(id=example["id"])
    for name in SERVICE_TEXT:
        assert getattr(service, name) == example[name]
    organisation = DirectoryOrganisation.objects.get(id=example["organization"]["id"])
    assert (organisation.uri, organisation.logo) == (
        example["organization"]["uri"],
        example["organization"]["logo"],
    )
    [schedule] = Schedule.objects.filter(service=service)
    assert schedule.schedule_link == example["schedules"][0]["schedule_link"]


def test_the_kept_fields_are_published_back_and_a_second_import_changes_nothing():
    example = _hsds_example()
    import_services([example])
    body = Client().get(f"/openreferral/services/{example['id']}").json()
    for name in SERVICE_TEXT:
        assert body[name] == example[name]
    assert body["fees"] == example["fees_description"]  # the UK profile's name for the same text
    assert body["organization"]["uri"] == example["organization"]["uri"]
    assert body["organization"]["logo"] == example["organization"]["logo"]
    assert body["schedules"][0]["schedule_link"] == example["schedules"][0]["schedule_link"]
    assert schemas.problems(schemas.validator("uk-profile/schema/compiled/service.json"), body) == []

    [exported] = published()
    wipe_directory()
    assert import_services([copy.deepcopy(exported)]).created == 1
    assert published() == [exported]
    again = import_services([exported])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_uk_profile_fees_are_read_when_hsds_fees_description_is_absent():
    example = _hsds_example()
    del example["fees_description"]
    example["fees"] = "£5 a session"
    import_services([example])
    assert Service.objects.get(id=example["id"]).fees_description == "£5 a session"


def test_an_organisation_logo_that_could_run_script_is_refused_on_its_field():
    example = _hsds_example()
    example["organization"]["logo"] = "javascript:alert(1)"
    report = import_services([example])
    assert report.failed == 1
    assert [p.field for p in report.problems] == ["organization.logo"]
