"""Reading appointments: scoped through the referral, audited, and in a constant number of queries."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from throughcare.appointments import selectors, services
from throughcare.appointments.tests.helpers import accepted, booked, in_days, started
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.referrals.tests.helpers import service_of

pytestmark = pytest.mark.django_db


def test_both_sides_see_the_appointments_in_time_order(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    later = booked(receiver, referral, days=9)
    sooner = booked(receiver, referral, days=2)
    for user, side in ((referrer, "referrer"), (receiver, "receiver")):
        listing = selectors.appointments_for(user, referral.pk)
        assert listing.side == side
        assert [a.id for a in listing.appointments] == [str(sooner.pk), str(later.pk)]
    event = AuditEvent.objects.filter(verb="appointment.listed").last()
    assert event.payload["appointment_ids"] == [str(sooner.pk), str(later.pk)]


def test_a_rescheduled_appointment_says_where_it_moved(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    original = booked(receiver, referral)
    moved = services.appointment_reschedule(
        actor=receiver, appointment=original, starts_at=in_days(6), requested_by="person", reason="Interview"
    )
    views = {a.id: a for a in selectors.appointments_for(referrer, referral.pk).appointments}
    assert views[str(original.pk)].status == "rescheduled"
    assert views[str(original.pk)].rescheduled_to_id == str(moved.pk)
    assert views[str(original.pk)].rescheduled_to_starts_at == moved.starts_at
    assert views[str(original.pk)].change_requested_by_label == "The person"
    assert views[str(moved.pk)].rescheduled_from_id == str(original.pk)


def test_other_organisations_get_404(referrer, receiver, service, make_user):
    referral = accepted(referrer, receiver, service)
    booked(receiver, referral)
    for role in (Role.PROVIDER_CASEWORKER, Role.PROVIDER_MANAGER, Role.PRACTITIONER):
        with pytest.raises(Http404):
            selectors.appointments_for(make_user(role), referral.pk)


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADMINISTRATOR])
def test_roles_without_referrals_get_403(referrer, receiver, service, make_user, role):
    referral = accepted(referrer, receiver, service)
    with pytest.raises(PermissionDenied):
        selectors.appointments_for(make_user(role), referral.pk)
    with pytest.raises(PermissionDenied):
        selectors.appointment_in_scope(make_user(role), booked(receiver, referral).pk)


def test_an_appointment_outside_scope_is_404(referrer, receiver, service, make_user):
    appointment = booked(receiver, accepted(referrer, receiver, service))
    with pytest.raises(Http404):
        selectors.appointment_in_scope(make_user(Role.PROVIDER_CASEWORKER), appointment.pk)


def test_listing_queries_do_not_grow_with_the_appointments(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    first = booked(receiver, referral)
    services.appointment_raise_concern(actor=receiver, appointment=first, note="Low")
    selectors.appointments_for(receiver, referral.pk)  # warm the user's organisation and role
    with CaptureQueriesContext(connection) as one:
        selectors.appointments_for(receiver, referral.pk)
    for days in (4, 5, 6):
        appointment = booked(receiver, referral, days=days)
        services.appointment_raise_concern(actor=receiver, appointment=appointment, note="Low")
    services.appointment_reschedule(
        actor=receiver, appointment=first, starts_at=in_days(8), requested_by="service", reason="Leave"
    )
    with CaptureQueriesContext(connection) as five:
        listing = selectors.appointments_for(receiver, referral.pk)
    assert len(listing.appointments) == 5
    assert len(five) == len(one)


def test_attendance_counts(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    attended, late, missed, cancelled, moved = (booked(receiver, referral, days=d) for d in (1, 2, 3, 4, 5))
    booked(receiver, referral, days=6)
    for appointment, outcome, reason in (
        (attended, "attended", ""),
        (late, "attended_late", ""),
        (missed, "did_not_attend", "forgot"),
    ):
        services.appointment_record_attendance(
            actor=receiver, appointment=started(appointment), outcome=outcome, non_attendance_reason=reason
        )
    services.appointment_cancel(actor=receiver, appointment=cancelled, requested_by="person", reason="Ill")
    services.appointment_reschedule(
        actor=receiver, appointment=moved, starts_at=in_days(7), requested_by="person", reason="Work"
    )
    assert selectors.attendance_counts(referral.pk) == {
        "booked": 2,  # the sixth, and the one the fifth moved to
        "attended": 1,
        "attended_late": 1,
        "did_not_attend": 1,
        "cancelled": 1,
    }


def test_attendance_counts_for_a_referral_without_appointments(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    assert selectors.attendance_counts(referral.pk) == dict.fromkeys(
        ("booked", "attended", "attended_late", "did_not_attend", "cancelled"), 0
    )


def test_upcoming_lists_the_receivers_next_fortnight(referrer, receiver, service, make_user):
    referral = accepted(referrer, receiver, service)
    soon = booked(receiver, referral, days=1)
    booked(receiver, referral, days=20)  # beyond the fortnight
    cancelled = booked(receiver, referral, days=2)
    services.appointment_cancel(actor=receiver, appointment=cancelled, requested_by="person", reason="Ill")
    colleague = make_user(Role.PROVIDER_MANAGER, organisation=receiver.current_organisation)
    for user in (receiver, colleague):
        items = selectors.upcoming_for(user)
        assert [item.id for item in items] == [str(soon.pk)]
        assert items[0].person_name == referral.person.full_name
    assert selectors.upcoming_for(make_user(Role.PROVIDER_CASEWORKER)) == []
    assert AuditEvent.objects.filter(verb="appointment.upcoming_viewed").count() == 3


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.COMMISSIONER, Role.ADMINISTRATOR])
def test_upcoming_is_for_receiving_roles(make_user, role):
    with pytest.raises(PermissionDenied):
        selectors.upcoming_for(make_user(role))


def test_upcoming_queries_do_not_grow_with_the_list(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    booked(receiver, referral, days=1)
    selectors.upcoming_for(receiver)
    with CaptureQueriesContext(connection) as one:
        assert len(selectors.upcoming_for(receiver)) == 1
    other = accepted(referrer, receiver, service_of(receiver.current_organisation))
    for days in (2, 3, 4):
        booked(receiver, other, days=days)
    with CaptureQueriesContext(connection) as four:
        assert len(selectors.upcoming_for(receiver)) == 4
    assert len(four) == len(one)
