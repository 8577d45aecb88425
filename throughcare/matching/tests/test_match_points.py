"""Matching's derived tables follow every kind of write to the directory, on either database."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.models import AuditEvent
from throughcare.directory.models import Location, Service, ServiceAtLocation, ServiceCoverage, ServiceStatus
from throughcare.directory.oruk import bulk
from throughcare.directory.tests.factories import (
    DirectoryOrganisationFactory,
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    vocabulary_terms,
)
from throughcare.directory.vocabularies import NEEDS
from throughcare.matching import match_points
from throughcare.matching.match_points import NEED_BITS, bits_of
from throughcare.matching.models import MatchArea, MatchPoint

pytestmark = pytest.mark.django_db


def _points(service) -> list[tuple]:
    return sorted(
        MatchPoint.objects.filter(service_id=service.pk).values_list(
            "postal_code", "latitude", "longitude", "covers_england", "need_bits"
        )
    )


def _areas(service) -> list[tuple]:
    return sorted(
        MatchArea.objects.filter(service_id=service.pk).values_list(
            "local_authority_code", "covers_england", "need_bits"
        )
    )


def _in_step() -> None:
    assert match_points.out_of_step() == {match_points.POINT: 0, match_points.AREA: 0}


@pytest.fixture
def anxiety_service():
    service = ServiceFactory(covers_england=False, terms=vocabulary_terms(need=["anxiety", "trauma"]))
    ServiceAtLocationFactory(service=service, location__postal_code="LS1 4AP")
    ServiceCoverage.objects.create(service=service, local_authority_code="E08000035")
    return service


def test_every_need_has_its_own_bit():
    assert set(NEED_BITS) == NEEDS.codes
    assert sorted(NEED_BITS.values()) == [1 << index for index in range(len(NEEDS.codes))]
    assert bits_of(["anxiety", "anxiety", "not-a-need"]) == NEED_BITS["anxiety"]


def test_a_published_service_has_a_point_per_located_place_and_a_row_per_area(anxiety_service):
    bits = NEED_BITS["anxiety"] | NEED_BITS["trauma"]
    assert _points(anxiety_service) == [("LS1 4AP", 53.7997, -1.5492, False, bits)]
    assert _areas(anxiety_service) == [("E08000035", False, bits)]
    _in_step()


def test_a_place_with_no_coordinates_has_no_point(anxiety_service):
    ServiceAtLocationFactory(service=anxiety_service, location__latitude=None, location__longitude=None)
    assert len(_points(anxiety_service)) == 1
    _in_step()


@pytest.mark.parametrize(
    "change",
    [{"status": ServiceStatus.INACTIVE}, {"status": ServiceStatus.TEMPORARILY_CLOSED}, {"is_public": False}],
)
def test_an_unpublished_service_leaves_both_tables_and_comes_back_when_published(anxiety_service, change):
    Service.objects.filter(pk=anxiety_service.pk).update(**change)  # a queryset write: no Django signal
    assert _points(anxiety_service) == []
    assert _areas(anxiety_service) == []
    _in_step()
    anxiety_service.status, anxiety_service.is_public = ServiceStatus.ACTIVE, True
    anxiety_service.save()
    assert len(_points(anxiety_service)) == 1
    assert len(_areas(anxiety_service)) == 1
    _in_step()


def test_a_change_of_needs_or_of_covering_england_reaches_every_row(anxiety_service):
    anxiety_service.terms.set(vocabulary_terms(need=["depression"]))  # through term_codes.py's refresh
    Service.objects.filter(pk=anxiety_service.pk).update(covers_england=True)
    assert {row[-2:] for row in _points(anxiety_service) + _areas(anxiety_service)} == {
        (True, NEED_BITS["depression"])
    }
    _in_step()


def test_a_place_that_moves_or_loses_its_coordinates_moves_its_points(anxiety_service):
    location = Location.objects.get(service_at_locations__service=anxiety_service)
    location.latitude, location.longitude, location.postal_code = 53.4794, -2.2453, "M1 1AD"
    location.save()
    assert [row[:3] for row in _points(anxiety_service)] == [("M1 1AD", 53.4794, -2.2453)]
    Location.objects.filter(pk=location.pk).update(latitude=None)
    assert _points(anxiety_service) == []
    _in_step()


def test_links_places_and_areas_that_go_take_their_rows(anxiety_service):
    second = ServiceAtLocationFactory(service=anxiety_service, location__postal_code="LS6 1AA")
    assert len(_points(anxiety_service)) == 2
    second.delete()
    assert len(_points(anxiety_service)) == 1
    Location.objects.filter(service_at_locations__service=anxiety_service).delete()  # cascades to the link
    assert _points(anxiety_service) == []
    ServiceCoverage.objects.filter(service=anxiety_service).delete()
    assert _areas(anxiety_service) == []
    _in_step()


def test_a_deleted_service_leaves_nothing(anxiety_service):
    anxiety_service.delete()
    assert not MatchPoint.objects.exists()
    assert not MatchArea.objects.exists()
    _in_step()


def test_a_link_moved_to_another_service_is_counted_for_the_new_one(anxiety_service):
    other = ServiceFactory(terms=vocabulary_terms(need=["depression"]))
    ServiceAtLocation.objects.filter(service=anxiety_service).update(service=other)
    assert _points(anxiety_service) == []
    assert len(_points(other)) == 1
    ServiceCoverage.objects.filter(service=anxiety_service).update(service=other)
    assert _areas(anxiety_service) == []
    assert len(_areas(other)) == 1
    _in_step()


def test_bulk_writes_that_send_no_signal_are_followed_too():
    organisation = DirectoryOrganisationFactory()
    service = ServiceFactory.build(
        organisation=organisation, covers_england=False, term_codes=" need:psychosis "
    )
    location = LocationFactory.build(postal_code="BD1 1AA", latitude=53.7939, longitude=-1.7521)
    bulk.insert(Service, [service])
    bulk.insert(Location, [location])
    bulk.insert(ServiceAtLocation, [ServiceAtLocation(service=service, location=location)])
    assert _points(service) == [("BD1 1AA", 53.7939, -1.7521, False, NEED_BITS["psychosis"])]
    _in_step()


def test_install_puts_back_missing_triggers_and_rebuilds_the_tables(anxiety_service):
    assert match_points.install() is False  # already in place: nothing done
    dropped = next(iter(match_points.create_statements(connection.vendor)))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER {dropped}")
        else:
            cursor.execute(f"DROP TRIGGER {dropped} ON {match_points.SERVICE}")
        cursor.execute(f"DELETE FROM {match_points.POINT}")
    assert match_points.install() is True
    assert len(_points(anxiety_service)) == 1
    Service.objects.filter(pk=anxiety_service.pk).update(status=ServiceStatus.DEFUNCT)  # followed again
    assert _points(anxiety_service) == []
    _in_step()


def test_out_of_step_counts_rows_that_disagree(anxiety_service):
    MatchPoint.objects.update(need_bits=0)
    MatchArea.objects.create(
        service_id=anxiety_service.pk, local_authority_code="E08000032", covers_england=False, need_bits=0
    )
    # The point: its kept and its derived row differ (2). The area: one kept row that no coverage
    # derives (1, and 1 more row kept than derived).
    assert match_points.out_of_step() == {match_points.POINT: 2, match_points.AREA: 2}


def test_the_command_finds_rows_out_of_step_and_puts_them_right(anxiety_service):
    out = StringIO()
    call_command("match_points", stdout=out)
    assert "agree with the directory" in out.getvalue()

    MatchPoint.objects.update(need_bits=0)
    with pytest.raises(CommandError, match="2 rows disagree with the directory"):
        call_command("match_points")
    call_command("match_points", "--repair", stdout=StringIO())
    _in_step()
    assert AuditEvent.objects.filter(verb=AuditVerb.MATCHING_POINTS_REBUILT).count() == 1


def test_the_command_puts_back_missing_triggers():
    with connection.cursor() as cursor:
        for name, table in match_points._installed(cursor, connection.vendor).items():
            cursor.execute(
                f"DROP TRIGGER {name}" if connection.vendor == "sqlite" else f"DROP TRIGGER {name} ON {table}"
            )
    with pytest.raises(CommandError, match="triggers that keep them are missing"):
        call_command("match_points")
    call_command("match_points", "--repair", stdout=StringIO())
    assert match_points.triggers_in_place()


def test_working_a_service_out_again_over_its_own_rows_adds_nothing(anxiety_service):
    # What the second of two transactions changing the same service's links at once does on
    # PostgreSQL: its insert meets the rows the first committed, and skips them.
    with connection.cursor() as cursor:
        cursor.execute(match_points._points_of(connection.vendor, "1 = 1"))
        cursor.execute(match_points._areas_of(connection.vendor, "1 = 1"))
    assert len(_points(anxiety_service)) == 1
    assert len(_areas(anxiety_service)) == 1
    _in_step()


@pytest.mark.django_db(transaction=True)
def test_taking_matching_back_before_its_tables_takes_the_triggers_away_and_forward_again_restores_them():
    call_command("migrate", "matching", "0002", verbosity=0)
    try:
        with connection.cursor() as cursor:
            assert match_points._installed(cursor, connection.vendor) == {}
        ServiceAtLocationFactory()  # the directory can still be written
    finally:
        call_command("migrate", "matching", verbosity=0)
    assert match_points.triggers_in_place()
    _in_step()
