"""The end-of-service summary: when it may be written, once, what it copies in, and who hears."""

from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from throughcare.core.models import AuditEvent
from throughcare.notices.models import Notice, NoticeKind
from throughcare.outcomes import services
from throughcare.outcomes.models import EndOfServiceSummary
from throughcare.outcomes.tests.helpers import (
    S,
    completed,
    ended_early,
    in_treatment,
    move,
    record,
    write_summary,
)

pytestmark = pytest.mark.django_db


def refused(receiver, referral, **texts) -> dict:
    with pytest.raises(ValidationError) as caught:
        write_summary(receiver, referral, **texts)
    assert not EndOfServiceSummary.objects.exists()
    return caught.value.message_dict


@pytest.mark.parametrize("end", [completed, ended_early])
def test_written_when_completed_or_ended_early(referrer, receiver, service, end):
    referral = end(referrer, receiver, service)
    summary = write_summary(receiver, referral)
    assert summary.ending_state == referral.state
    assert summary.written_by == receiver
    assert summary.offered == "Eight sessions of guided self-help."


def test_refused_while_the_work_goes_on(referrer, receiver, service):
    referral = in_treatment(referrer, receiver, service)
    assert refused(receiver, referral) == {
        "referral": [
            "The end-of-service summary is written once the referral is completed or ended early: "
            "this referral is in treatment"
        ]
    }


def test_refused_when_paused(referrer, receiver, service):
    referral = move(
        receiver, in_treatment(referrer, receiver, service), S.PAUSED, reason_code="returned_to_custody"
    )
    assert "this referral is paused" in refused(receiver, referral)["referral"][0]


def test_written_once(referrer, receiver, service):
    referral = completed(referrer, receiver, service)
    write_summary(receiver, referral)
    with pytest.raises(ValidationError) as caught:
        write_summary(receiver, referral)
    assert caught.value.message_dict == {
        "referral": ["The end-of-service summary for this referral has already been written"]
    }
    assert EndOfServiceSummary.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("offered", "Enter what the service offered"),
        ("recommendations", "Enter your recommendations for the referrer, or say there are none"),
        ("next_steps", "Enter the next steps for the referrer, or say there are none"),
    ],
)
def test_each_part_must_be_written(referrer, receiver, service, field, message):
    referral = completed(referrer, receiver, service)
    assert refused(receiver, referral, **{field: "   "}) == {field: [message]}


def test_only_the_receiving_service_writes_it(referrer, receiver, service):
    referral = completed(referrer, receiver, service)
    with pytest.raises(PermissionDenied):
        write_summary(referrer, referral)


def test_it_copies_first_and_last_scores_with_reliable_change_and_recovery(referrer, receiver, service):
    referral = in_treatment(referrer, receiver, service)
    record(receiver, referral, "PHQ-9", answers=[2, 2, 2, 2, 2, 1, 1, 1, 0], on=date(2026, 1, 5))  # 13
    record(receiver, referral, "GAD-7", answers=[2, 2, 2, 1, 1, 1, 1], on=date(2026, 1, 5))  # 10
    record(receiver, referral, "PHQ-9", answers=[1, 1, 1, 0, 0, 0, 0, 0, 0], on=date(2026, 3, 2))  # 3
    record(receiver, referral, "GAD-7", answers=[1, 1, 1, 0, 0, 0, 0], on=date(2026, 3, 2))  # 3
    record(receiver, referral, "WEMWBS", total=40, on=date(2026, 1, 5))
    move(receiver, referral, S.COMPLETED)
    summary = write_summary(receiver, referral)
    by_measure = {row["measure"]: row for row in summary.outcomes}
    assert by_measure["PHQ-9"] == {
        "measure": "PHQ-9",
        "scores": 2,
        "first_on": "2026-01-05",
        "first_total": 13,
        "last_on": "2026-03-02",
        "last_total": 3,
        "reliable_change": "reliable_improvement",
    }
    assert by_measure["WEMWBS"]["scores"] == 1
    assert summary.recovery["reliable_recovery"] is True


def test_it_copies_attendance_from_the_appointments_app(referrer, receiver, service):
    referral = completed(referrer, receiver, service)
    summary = write_summary(receiver, referral)
    assert summary.attendance == {
        "booked": 0,
        "attended": 0,
        "attended_late": 0,
        "did_not_attend": 0,
        "cancelled": 0,
    }


def test_without_the_appointments_app_attendance_is_not_recorded(referrer, receiver, service, monkeypatch):
    installed = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name != "throughcare.appointments" and installed(name)
    )
    referral = completed(referrer, receiver, service)
    assert write_summary(receiver, referral).attendance is None


def test_writing_is_audited_and_the_referrer_is_told(referrer, receiver, service):
    referral = completed(referrer, receiver, service)
    summary = write_summary(receiver, referral)
    event = AuditEvent.objects.get(verb="outcome.summary_written")
    assert (event.target_id, event.payload) == (
        str(summary.pk),
        {"referral": str(referral.pk), "measures": 0},
    )
    notice = Notice.objects.filter(kind=NoticeKind.STATUS_CHANGED).latest("created_at")
    assert notice.organisation_id == referrer.current_organisation_id
    assert notice.summary == f"{service.name}: end-of-service summary written"


def test_nothing_is_half_written_when_the_notice_fails(referrer, receiver, service, monkeypatch):
    referral = completed(referrer, receiver, service)
    monkeypatch.setattr(services, "notice_raise", lambda **kwargs: 1 / 0)
    events_before = AuditEvent.objects.count()
    with pytest.raises(ZeroDivisionError):
        write_summary(receiver, referral)
    assert not EndOfServiceSummary.objects.exists()
    assert AuditEvent.objects.count() == events_before
