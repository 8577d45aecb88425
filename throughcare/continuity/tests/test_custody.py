"""Reception, release and transfer: the good path and every refusal, with nothing half-written."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.continuity.custody import services
from throughcare.continuity.models import CustodyEpisode, JourneyEvent
from throughcare.continuity.tests.helpers import RECEIVED, RELEASED, a_prison, released_person
from throughcare.core.models import AppendOnlyError, AuditEvent
from throughcare.core.permissions import Role
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(practitioner):
    return person_in(practitioner.current_organisation)


def _receive(practitioner, person, **overrides):
    values = {"prison": a_prison(name="HMP Leeds"), "reception_date": RECEIVED}
    values.update(overrides)
    return services.custody_record_reception(actor=practitioner, person=person, **values)


def _message(excinfo, field):
    return " ".join(excinfo.value.message_dict[field])


def test_reception_opens_an_episode_with_an_event_and_an_audit_event(practitioner, person):
    episode = _receive(practitioner, person, expected_release_date=RELEASED)
    assert episode.is_open
    assert episode.prison_name == "HMP Leeds"
    event = JourneyEvent.objects.get(person=person)
    assert (event.kind, event.occurred_on, event.episode_id) == ("reception", RECEIVED, episode.pk)
    assert AuditEvent.objects.filter(verb="custody.reception_recorded", target_id=str(episode.pk)).exists()


def test_reception_at_a_prison_not_in_throughcare_keeps_its_name(practitioner, person):
    episode = _receive(practitioner, person, prison=None, prison_name="HMP Elsewhere")
    assert episode.prison_id is None
    assert episode.prison_name == "HMP Elsewhere"


def test_reception_without_a_prison_is_refused(practitioner, person):
    with pytest.raises(ValidationError) as excinfo:
        _receive(practitioner, person, prison=None, prison_name=" ")
    assert "Choose the prison" in _message(excinfo, "prison")


def test_reception_at_an_organisation_that_is_not_a_prison_is_refused(practitioner, person):
    with pytest.raises(ValidationError) as excinfo:
        _receive(practitioner, person, prison=OrganisationFactory(kind="probation", name="Probation"))
    assert _message(excinfo, "prison") == "Probation is not a prison"


def test_reception_in_the_future_is_refused(practitioner, person):
    with pytest.raises(ValidationError) as excinfo:
        _receive(practitioner, person, reception_date=timezone.localdate() + timedelta(days=1))
    assert "today or in the past" in _message(excinfo, "reception_date")


def test_expected_release_before_reception_is_refused(practitioner, person):
    with pytest.raises(ValidationError) as excinfo:
        _receive(practitioner, person, expected_release_date=RECEIVED - timedelta(days=1))
    assert "on or after the reception date" in _message(excinfo, "expected_release_date")
    assert not CustodyEpisode.objects.exists()
    assert not JourneyEvent.objects.exists()


def test_reception_while_in_custody_is_refused_as_overlapping(practitioner, person):
    _receive(practitioner, person)
    with pytest.raises(ValidationError) as excinfo:
        _receive(practitioner, person, reception_date=RECEIVED + timedelta(days=10))
    assert "already in custody at HMP Leeds" in _message(excinfo, "reception_date")
    assert CustodyEpisode.objects.count() == 1


def test_reception_inside_an_earlier_episode_is_refused_as_overlapping(practitioner):
    person = released_person(practitioner)
    with pytest.raises(ValidationError) as excinfo:
        _receive(practitioner, person, reception_date=RELEASED - timedelta(days=30))
    assert "overlaps the custody episode" in _message(excinfo, "reception_date")


def test_reception_after_an_earlier_release_is_accepted(practitioner):
    person = released_person(practitioner)
    _receive(practitioner, person, reception_date=RELEASED + timedelta(days=1))
    assert CustodyEpisode.objects.filter(person=person).count() == 2


def test_release_closes_the_episode(practitioner, person):
    episode = _receive(practitioner, person)
    services.custody_record_release(
        actor=practitioner, person=person, released_on=RELEASED, release_type="licence"
    )
    episode.refresh_from_db()
    assert (episode.actual_release_date, episode.release_type, episode.ended_by) == (
        RELEASED,
        "licence",
        "released",
    )
    assert JourneyEvent.objects.filter(person=person, kind="release").count() == 1


def test_release_before_reception_is_refused(practitioner, person):
    _receive(practitioner, person)
    with pytest.raises(ValidationError) as excinfo:
        services.custody_record_release(
            actor=practitioner,
            person=person,
            released_on=RECEIVED - timedelta(days=1),
            release_type="licence",
        )
    assert "on or after the date they were received, 1 March 2025" in _message(excinfo, "released_on")
    assert CustodyEpisode.objects.get(person=person).is_open


def test_release_of_someone_not_in_custody_is_refused(practitioner, person):
    with pytest.raises(ValidationError) as excinfo:
        services.custody_record_release(
            actor=practitioner, person=person, released_on=RELEASED, release_type="licence"
        )
    assert "is not in custody" in _message(excinfo, "released_on")


def test_release_with_an_unknown_type_is_refused(practitioner, person):
    _receive(practitioner, person)
    with pytest.raises(ValidationError) as excinfo:
        services.custody_record_release(
            actor=practitioner, person=person, released_on=RELEASED, release_type="x"
        )
    assert "Choose the type of release" in _message(excinfo, "release_type")


def test_transfer_moves_the_open_episode_and_records_both_prisons(practitioner, person):
    episode = _receive(practitioner, person)
    services.custody_transfer(
        actor=practitioner,
        person=person,
        transferred_on=RECEIVED + timedelta(days=5),
        prison=a_prison(name="HMP Hull"),
    )
    episode.refresh_from_db()
    assert episode.prison_name == "HMP Hull"
    event = JourneyEvent.objects.get(kind="transfer")
    assert event.detail == {"from_prison": "HMP Leeds", "to_prison": "HMP Hull"}


def test_transfer_to_the_same_prison_is_refused(practitioner, person):
    episode = _receive(practitioner, person)
    with pytest.raises(ValidationError) as excinfo:
        services.custody_transfer(
            actor=practitioner, person=person, transferred_on=RECEIVED, prison=episode.prison
        )
    assert "already at HMP Leeds" in _message(excinfo, "prison")


def test_transfer_of_someone_not_in_custody_is_refused(practitioner, person):
    with pytest.raises(ValidationError) as excinfo:
        services.custody_transfer(
            actor=practitioner, person=person, transferred_on=RECEIVED, prison=a_prison()
        )
    assert "nothing to transfer" in _message(excinfo, "prison")


def test_probation_change_is_recorded_and_sets_the_current_unit(practitioner, person):
    from throughcare.geography.models import Pdu, ProbationRegion

    pdu = Pdu.objects.create(
        code="N01LDS", name="Leeds", region=ProbationRegion.objects.create(code="N01", name="YH")
    )
    services.probation_record_change(
        actor=practitioner,
        person=person,
        changed_on=date(2025, 1, 1),
        practitioner_name="Alex Officer",
        pdu=pdu,
    )
    assert services.current_pdu(person) == pdu


def test_probation_change_naming_nobody_and_no_unit_is_refused(practitioner, person):
    with pytest.raises(ValidationError) as excinfo:
        services.probation_record_change(actor=practitioner, person=person, changed_on=date(2025, 1, 1))
    assert "Enter the new probation practitioner" in _message(excinfo, "practitioner_name")


def test_another_organisations_practitioner_gets_404(make_user, person):
    with pytest.raises(Http404):
        _receive(make_user(Role.PRACTITIONER), person)


@pytest.mark.parametrize("role", [Role.PROVIDER_CASEWORKER, Role.COMMISSIONER, Role.ADMINISTRATOR])
def test_roles_that_do_not_plan_releases_get_403(make_user, person, role):
    with pytest.raises(PermissionDenied):
        _receive(make_user(role), person)


def test_journey_events_are_never_changed_or_removed(practitioner, person):
    _receive(practitioner, person)
    event = JourneyEvent.objects.get()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        JourneyEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        JourneyEvent.objects.update(kind="release")
