"""The prison's place in the care team follows the person's custody (ADR 40): a reception gives it,
a transfer moves it, a release keeps it for the RECONNECT window, a recall gives it back."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from throughcare.continuity.custody import recall as recall_services
from throughcare.continuity.custody import services
from throughcare.continuity.tests.helpers import a_prison
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.matching.eligibility_rules import add_months
from throughcare.people.custody_places import prison_places_end_due
from throughcare.people.models import CareTeamMember, CareTeamNotice, CareTeamRole
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def person(practitioner):
    return person_in(practitioner.current_organisation)


def _prison_with_user(make_user, name):
    prison = a_prison(name=name)
    return prison, make_user(Role.PRACTITIONER, organisation=prison)


def _status(user, person) -> int:
    client = Client()
    client.force_login(user)
    return client.get(reverse("people:detail", args=[person.pk])).status_code


def _place(person, prison) -> CareTeamMember:
    return CareTeamMember.objects.get(person=person, organisation=prison, role=CareTeamRole.CUSTODY_TEAM)


def _receive(practitioner, person, prison, on=None):
    return services.custody_record_reception(
        actor=practitioner, person=person, prison=prison, reception_date=on or TODAY - timedelta(days=30)
    )


def test_a_reception_gives_the_prison_a_place_so_it_sees_the_person(practitioner, person, make_user):
    prison, officer = _prison_with_user(make_user, "HMP Leeds")
    assert _status(officer, person) == 404
    _receive(practitioner, person, prison)
    place = _place(person, prison)
    assert (place.is_lead, place.ended_on, place.ends_on) == (False, None, None)
    assert place.started_on == TODAY - timedelta(days=30)
    assert _status(officer, person) == 200
    added = AuditEvent.objects.get(verb="care_team.added", target_id=str(place.pk))
    assert added.payload["by_custody"] is True
    notice = CareTeamNotice.objects.get(organisation=prison, kind="custody_joined")
    assert notice.from_organisation == practitioner.current_organisation


def test_the_prison_is_told_on_its_notices_page(practitioner, person, make_user):
    prison, officer = _prison_with_user(make_user, "HMP Leeds")
    _receive(practitioner, person, prison)
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("people:team-notices")).content.decode()
    assert "Someone received into your prison joined your care teams" in page
    assert f"{person.full_name}</a> was recorded as received into your prison" in page


def test_a_prison_outside_throughcare_gets_no_place(practitioner, person):
    services.custody_record_reception(
        actor=practitioner, person=person, prison_name="HMP Elsewhere", reception_date=TODAY
    )
    assert not CareTeamMember.objects.filter(person=person, role=CareTeamRole.CUSTODY_TEAM).exists()


def test_the_prison_leads_only_a_team_without_a_lead(practitioner, person, make_user):
    CareTeamMember.objects.filter(person=person).update(is_lead=False)
    prison, _officer = _prison_with_user(make_user, "HMP Leeds")
    _receive(practitioner, person, prison)
    assert _place(person, prison).is_lead


def test_a_transfer_moves_the_place_to_the_new_prison(practitioner, person, make_user):
    leeds, leeds_officer = _prison_with_user(make_user, "HMP Leeds")
    hull, hull_officer = _prison_with_user(make_user, "HMP Hull")
    _receive(practitioner, person, leeds)
    moved_on = TODAY - timedelta(days=3)
    services.custody_transfer(actor=practitioner, person=person, transferred_on=moved_on, prison=hull)
    assert _status(leeds_officer, person) == 404
    assert _status(hull_officer, person) == 200
    old = _place(person, leeds)
    assert (old.ended_on, old.end_reason) == (moved_on, "case_transferred")
    assert _place(person, hull).ended_on is None
    told = CareTeamNotice.objects.get(organisation=leeds, kind="membership_ended")
    assert (told.role, told.reason) == ("custody_team", "case_transferred")


def test_a_leading_prison_hands_the_lead_on_when_it_is_transferred_away(practitioner, person, make_user):
    CareTeamMember.objects.filter(person=person).update(is_lead=False)
    leeds, _ = _prison_with_user(make_user, "HMP Leeds")
    hull, _ = _prison_with_user(make_user, "HMP Hull")
    _receive(practitioner, person, leeds)
    services.custody_transfer(actor=practitioner, person=person, transferred_on=TODAY, prison=hull)
    lead = CareTeamMember.objects.get(person=person, is_lead=True)
    assert lead.organisation == practitioner.current_organisation
    assert not _place(person, hull).is_lead


def test_a_transfer_to_a_prison_outside_throughcare_still_ends_the_old_place(practitioner, person, make_user):
    leeds, leeds_officer = _prison_with_user(make_user, "HMP Leeds")
    _receive(practitioner, person, leeds)
    services.custody_transfer(
        actor=practitioner, person=person, transferred_on=TODAY, prison_name="HMP Elsewhere"
    )
    assert _status(leeds_officer, person) == 404


def test_a_release_keeps_the_place_for_the_reconnect_window_then_ends_it(practitioner, person, make_user):
    prison, officer = _prison_with_user(make_user, "HMP Leeds")
    _receive(practitioner, person, prison)
    services.custody_record_release(
        actor=practitioner, person=person, released_on=TODAY, release_type="licence"
    )
    place = _place(person, prison)
    assert place.ends_on == add_months(TODAY, 6)
    assert AuditEvent.objects.filter(verb="care_team.end_scheduled", target_id=str(place.pk)).exists()
    assert _status(officer, person) == 200
    client = Client()
    client.force_login(practitioner)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert f"Until {place.ends_on:%-d %b %Y}, the end of the window after release" in page
    assert prison_places_end_due(today=place.ends_on) == 0  # its last day is still its own
    assert prison_places_end_due(today=place.ends_on + timedelta(days=1)) == 1
    place.refresh_from_db()
    assert (place.ended_on, place.end_reason) == (add_months(TODAY, 6), "release_window_ended")
    assert _status(officer, person) == 404
    assert CareTeamNotice.objects.get(organisation=prison, kind="membership_ended").reason == (
        "release_window_ended"
    )


def test_access_stops_after_the_last_day_before_the_job_runs(practitioner, person, make_user):
    prison, officer = _prison_with_user(make_user, "HMP Leeds")
    _receive(practitioner, person, prison)
    services.custody_record_release(
        actor=practitioner, person=person, released_on=TODAY, release_type="licence"
    )
    CareTeamMember.objects.filter(pk=_place(person, prison).pk).update(ends_on=TODAY - timedelta(days=1))
    assert _status(officer, person) == 404
    out = StringIO()
    call_command("end_care_team_places", stdout=out)
    assert out.getvalue().strip() == "1 care team place ended."
    assert _place(person, prison).ended_on == TODAY - timedelta(days=1)


def test_a_release_recorded_after_the_window_ends_the_place_at_once(practitioner, person, make_user):
    prison, officer = _prison_with_user(make_user, "HMP Leeds")
    received = add_months(TODAY, -9)
    released = add_months(TODAY, -7)
    _receive(practitioner, person, prison, on=received)
    services.custody_record_release(
        actor=practitioner, person=person, released_on=released, release_type="licence"
    )
    assert _place(person, prison).ended_on == add_months(released, 6)
    assert _status(officer, person) == 404


def _released_from(practitioner, person, prison):
    _receive(practitioner, person, prison, on=TODAY - timedelta(days=60))
    services.custody_record_release(
        actor=practitioner, person=person, released_on=TODAY - timedelta(days=30), release_type="licence"
    )


def test_a_recall_to_the_same_prison_keeps_its_place_open(practitioner, person, make_user):
    prison, _officer = _prison_with_user(make_user, "HMP Leeds")
    _released_from(practitioner, person, prison)
    recall_services.custody_recall(actor=practitioner, person=person, recalled_on=TODAY, prison=prison)
    place = _place(person, prison)
    assert (place.ends_on, place.ended_on) == (None, None)
    assert AuditEvent.objects.filter(verb="care_team.end_cancelled", target_id=str(place.pk)).exists()
    recall_services.custody_re_release(
        actor=practitioner, person=person, released_on=TODAY, release_type="licence"
    )
    assert _place(person, prison).ends_on == add_months(TODAY, 6)


def test_a_recall_to_another_prison_moves_the_place(practitioner, person, make_user):
    leeds, leeds_officer = _prison_with_user(make_user, "HMP Leeds")
    hull, hull_officer = _prison_with_user(make_user, "HMP Hull")
    _released_from(practitioner, person, leeds)
    recall_services.custody_recall(actor=practitioner, person=person, recalled_on=TODAY, prison=hull)
    assert (_status(leeds_officer, person), _status(hull_officer, person)) == (404, 200)
    assert _place(person, leeds).end_reason == "case_transferred"
