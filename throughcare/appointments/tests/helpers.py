"""Helpers for the appointment tests: an accepted referral, and appointments booked on it."""

from datetime import timedelta

from django.utils import timezone

from throughcare.appointments import services
from throughcare.appointments.models import Appointment
from throughcare.referrals import services as referral_services
from throughcare.referrals.tests.helpers import submitted


def accepted(referrer, receiver, service, **details):
    referral = submitted(referrer, service, **details)
    referral_services.referral_transition(actor=receiver, referral=referral, target="accepted")
    return referral


def in_days(days: float):
    return timezone.now() + timedelta(days=days)


def booked(receiver, referral, *, days: float = 3, **fields) -> Appointment:
    values = {"duration_minutes": 60, "mode": "in_person", "purpose": "assessment", "location": "1 High St"}
    values.update(fields)
    return services.appointment_book(actor=receiver, referral=referral, starts_at=in_days(days), **values)


def started(appointment: Appointment, *, hours_ago: float = 1) -> Appointment:
    """As if the clock had moved on: the appointment began `hours_ago` hours ago."""
    appointment.starts_at = timezone.now() - timedelta(hours=hours_ago)
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=appointment.starts_at)
    return appointment
