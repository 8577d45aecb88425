"""The release plan: starting it, changing items, its rules, its audit trail and who may do it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from throughcare.appointments.tests.helpers import accepted, booked
from throughcare.continuity.models import ReleasePlanItem
from throughcare.continuity.release import services as release_services
from throughcare.continuity.release.choices import PlanItemKind, PlanItemStatus
from throughcare.continuity.release.selectors import ReconnectWindow, add_months
from throughcare.continuity.release.services import ItemChange
from throughcare.continuity.tests.helpers import released_person
from throughcare.continuity.tests.release_helpers import in_custody, planned
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db
K = PlanItemKind


def _change(item, **fields):
    values = {"status": PlanItemStatus.IN_PROGRESS, "owner_side": item.owner_side}
    values.update(fields)
    return ItemChange(**values)


def test_starting_a_plan_makes_one_item_of_each_kind_and_is_audited(practitioner):
    person = in_custody(practitioner)
    items = release_services.release_plan_start(actor=practitioner, person=person)
    assert sorted(i.kind for i in items) == sorted(K.values)
    assert all(i.status == PlanItemStatus.NOT_STARTED for i in items)
    assert AuditEvent.objects.filter(verb="release_plan.started").count() == 1


def test_starting_a_plan_again_adds_nothing(practitioner):
    person, _ = planned(practitioner)
    release_services.release_plan_start(actor=practitioner, person=person)
    assert ReleasePlanItem.objects.filter(episode__person=person).count() == len(K.values)
    assert AuditEvent.objects.filter(verb="release_plan.started").count() == 1


def test_a_plan_needs_an_expected_release_date(practitioner):
    person = in_custody(practitioner, days_to_release=None)
    with pytest.raises(ValidationError) as error:
        release_services.release_plan_start(actor=practitioner, person=person)
    assert "expected release date" in error.value.message_dict["episode"][0]


def test_a_plan_needs_the_person_in_custody(practitioner):
    person = released_person(practitioner)
    with pytest.raises(ValidationError, match="not in custody"):
        release_services.release_plan_start(actor=practitioner, person=person)
    assert not ReleasePlanItem.objects.exists()


def test_another_organisation_cannot_start_a_plan(practitioner, make_user):
    person = in_custody(practitioner)
    with pytest.raises(Http404):
        release_services.release_plan_start(actor=make_user(Role.PRACTITIONER), person=person)


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADMINISTRATOR, Role.PROVIDER_CASEWORKER])
def test_roles_without_plan_releases_cannot_start_a_plan(practitioner, make_user, role):
    person = in_custody(practitioner)
    with pytest.raises(PermissionDenied):
        release_services.release_plan_start(actor=make_user(role), person=person)


def test_not_needed_needs_a_reason(practitioner):
    _, items = planned(practitioner)
    item = items[K.NALOXONE]
    with pytest.raises(ValidationError) as error:
        release_services.release_plan_item_update(
            actor=practitioner, item=item, change=_change(item, status=PlanItemStatus.NOT_NEEDED)
        )
    assert error.value.message_dict == {"not_needed_reason": ["Say why this is not needed"]}
    item.refresh_from_db()
    assert item.status == PlanItemStatus.NOT_STARTED


def test_not_needed_with_a_reason_is_settled_and_audited_without_the_reason(practitioner):
    _, items = planned(practitioner)
    item = release_services.release_plan_item_update(
        actor=practitioner,
        item=items[K.NALOXONE],
        change=_change(items[K.NALOXONE], status="not_needed", not_needed_reason="No opioid use"),
    )
    assert item.is_settled
    assert item.updated_by == practitioner
    event = AuditEvent.objects.get(verb="release_plan.item_updated")
    assert event.payload["kind"] == "naloxone"
    assert "No opioid use" not in str(event.payload)


def test_done_gp_registration_needs_the_practice_name(practitioner):
    _, items = planned(practitioner)
    item = items[K.GP_REGISTRATION]
    with pytest.raises(ValidationError) as error:
        release_services.release_plan_item_update(
            actor=practitioner, item=item, change=_change(item, status="done")
        )
    assert error.value.message_dict["place"] == ["Enter the name of the GP practice they are registered with"]


def test_done_appointment_needs_its_date(practitioner):
    _, items = planned(practitioner)
    item = items[K.PROBATION_FIRST_APPOINTMENT]
    with pytest.raises(ValidationError) as error:
        release_services.release_plan_item_update(
            actor=practitioner, item=item, change=_change(item, status="done", place="Leeds office")
        )
    assert error.value.message_dict["happens_on"] == ["Enter the date of the appointment"]


def test_done_gate_meeting_needs_who(practitioner):
    _, items = planned(practitioner)
    item = items[K.MET_AT_GATE]
    with pytest.raises(ValidationError, match="who will meet them"):
        release_services.release_plan_item_update(
            actor=practitioner, item=item, change=_change(item, status="done")
        )


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"status": "finished"}, "status"),
        ({"owner_side": "both"}, "owner_side"),
        ({"place": "x" * 201}, "place"),
    ],
)
def test_bad_values_are_refused_with_a_message(practitioner, fields, key):
    _, items = planned(practitioner)
    item = items[K.HOUSING]
    with pytest.raises(ValidationError) as error:
        release_services.release_plan_item_update(
            actor=practitioner, item=item, change=_change(item, **fields)
        )
    assert key in error.value.message_dict


def test_a_date_before_reception_is_refused(practitioner):
    _, items = planned(practitioner)
    item = items[K.FIRST_GP_APPOINTMENT]
    change = _change(item, happens_on=timezone.localdate() - timedelta(days=400))
    with pytest.raises(ValidationError, match="on or after they were received"):
        release_services.release_plan_item_update(actor=practitioner, item=item, change=change)


def test_mental_health_appointment_links_a_booked_appointment_and_counts_days(
    practitioner, caseworker, service
):
    person, items = planned(practitioner, days_to_release=2)
    appointment = booked(caseworker, accepted(practitioner, caseworker, service, person=person), days=5)
    item = release_services.release_plan_item_update(
        actor=practitioner,
        item=items[K.FIRST_MENTAL_HEALTH_APPOINTMENT],
        change=_change(
            items[K.FIRST_MENTAL_HEALTH_APPOINTMENT], status="done", appointment_id=appointment.pk
        ),
    )
    assert item.appointment == appointment
    assert item.referral_id == appointment.referral_id
    assert item.happens_on == timezone.localtime(appointment.starts_at).date()
    assert (
        item.days_after_release(item.episode.expected_release_date)
        == (item.happens_on - item.episode.expected_release_date).days
    )


def test_someone_elses_appointment_cannot_be_linked(practitioner, caseworker, service):
    _, items = planned(practitioner)
    other = person_in(practitioner.current_organisation)
    appointment = booked(caseworker, accepted(practitioner, caseworker, service, person=other))
    item = items[K.FIRST_MENTAL_HEALTH_APPOINTMENT]
    with pytest.raises(ValidationError) as error:
        release_services.release_plan_item_update(
            actor=practitioner, item=item, change=_change(item, appointment_id=appointment.pk)
        )
    assert error.value.message_dict["appointment"] == ["Choose one of this person's booked appointments"]


def test_another_organisation_cannot_change_an_item(practitioner, make_user):
    _, items = planned(practitioner)
    with pytest.raises(Http404):
        release_services.release_plan_item_update(
            actor=make_user(Role.PRACTITIONER), item=items[K.ID], change=_change(items[K.ID])
        )


def test_the_reconnect_window():
    from datetime import date

    window = ReconnectWindow.around(date(2026, 8, 31))
    assert window.starts_on == date(2026, 6, 8)
    assert window.ends_on == date(2027, 2, 28)
    assert window.enhanced_ends_on == date(2027, 8, 31)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
