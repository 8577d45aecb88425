"""manage.py check_data: impossible stored values are found, reported, and repaired where that is safe."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from throughcare.continuity.models import CustodyEpisode
from throughcare.continuity.tests.helpers import a_prison
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people.models import Person
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


def run(*options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("check_data", *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def practitioner(make_user):
    return make_user(Role.PRACTITIONER)


@pytest.fixture
def episode_released_in_9999(practitioner):
    """What the API used to accept: an expected release in year 9999, written before the ranges."""
    person = person_in(practitioner.current_organisation)
    episode = CustodyEpisode.objects.create(
        person=person,
        prison=a_prison(),
        reception_date=date(2025, 3, 1),
        expected_release_date=date(2025, 9, 1),
    )
    CustodyEpisode.objects.filter(pk=episode.pk).update(expected_release_date=date(9999, 12, 31))
    return episode


def test_a_clean_database_passes():
    out, _ = run()
    assert "No impossible values are stored." in out


def test_a_date_out_of_range_is_reported_and_fails(episode_released_in_9999):
    with pytest.raises(CommandError, match="check_data --repair"):
        run()


def test_repair_makes_an_optional_date_not_known_with_an_audit_event(episode_released_in_9999, practitioner):
    out, err = run("--repair")
    assert "continuity.CustodyEpisode.expected_release_date: 1 row(s) outside 1950-01-01 to 2100-12-31" in err
    assert "Repaired continuity.CustodyEpisode.expected_release_date: 1 row(s)." in out
    episode_released_in_9999.refresh_from_db()
    assert episode_released_in_9999.expected_release_date is None
    [event] = AuditEvent.objects.filter(verb="data.impossible_values_repaired")
    assert event.payload["ids"] == [str(episode_released_in_9999.pk)]
    assert "No impossible values are stored." in run()[0]
    client = __import__("django.test", fromlist=["Client"]).Client()
    client.force_login(practitioner)
    page = client.get(reverse("continuity:release-plan", args=[episode_released_in_9999.person_id]))
    assert page.status_code == 200


def test_a_required_date_out_of_range_has_no_safe_repair(episode_released_in_9999):
    CustodyEpisode.objects.filter(pk=episode_released_in_9999.pk).update(
        expected_release_date=None, reception_date=date(1, 1, 1)
    )
    with pytest.raises(CommandError, match="correct them by hand"):
        run("--repair")
    assert CustodyEpisode.objects.get().reception_date == date(1, 1, 1)


@pytest.mark.parametrize("bad", ["\x00", "\x1b"])
def test_control_characters_in_stored_text_are_found_and_removed(practitioner, bad, django_db_blocker):
    from django.db import connection

    if bad == "\x00" and connection.vendor == "postgresql":
        bad = "\x01"  # PostgreSQL cannot store a NUL, so it cannot be found there
    person = person_in(practitioner.current_organisation)
    Person.objects.filter(pk=person.pk).update(family_name=f"Ash{bad}")
    with pytest.raises(CommandError):
        run()
    run("--repair")
    assert Person.objects.get().family_name == "Ash"
