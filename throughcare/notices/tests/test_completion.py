"""A notice clears itself when what it asked for is done; risk notices wait for a person."""

from datetime import timedelta

import pytest
from django.utils import timezone

from throughcare.appointments import services as appointment_services
from throughcare.appointments.tests.helpers import accepted, booked, started
from throughcare.core.models import AuditEvent
from throughcare.notices.completion import ANSWERED_BY
from throughcare.notices.models import Notice, NoticeKind
from throughcare.notices.overdue import raise_overdue_notices
from throughcare.notices.selectors import notices_for
from throughcare.referrals import services
from throughcare.referrals.models import Referral
from throughcare.referrals.states import ReferralState
from throughcare.referrals.tests.helpers import submitted

pytestmark = pytest.mark.django_db
S = ReferralState


def uncleared(user, kind) -> list[Notice]:
    return list(
        Notice.objects.filter(
            organisation_id=user.current_organisation_id, kind=kind, cleared_at__isnull=True
        )
    )


def test_every_kind_says_what_clears_it():
    assert set(ANSWERED_BY) == set(NoticeKind.values)


def test_a_new_referral_notice_clears_when_the_service_acknowledges(referrer, receiver, service):
    referral = submitted(referrer, service)
    [notice] = uncleared(receiver, NoticeKind.NEW_REFERRAL)
    services.referral_transition(actor=receiver, referral=referral, target=S.ACKNOWLEDGED)
    assert uncleared(receiver, NoticeKind.NEW_REFERRAL) == []
    notice.refresh_from_db()
    assert notice.cleared_by == receiver
    event = AuditEvent.objects.filter(verb="notice.cleared").latest("id")
    assert event.target_id == str(notice.pk)
    assert event.payload["answered_by"] == "referral.transitioned"


def test_a_new_referral_notice_clears_when_the_service_decides_straight_away(referrer, receiver, service):
    referral = submitted(referrer, service)
    services.referral_transition(actor=receiver, referral=referral, target=S.ACCEPTED)
    assert uncleared(receiver, NoticeKind.NEW_REFERRAL) == []


def _overdue(referral):
    Referral.objects.filter(pk=referral.pk).update(due_by=timezone.now() - timedelta(hours=1))
    referral.refresh_from_db()
    raise_overdue_notices()
    return referral


def test_an_overdue_acknowledgement_clears_on_both_sides_when_acknowledged(referrer, receiver, service):
    referral = _overdue(submitted(referrer, service))
    assert len(uncleared(receiver, NoticeKind.OVERDUE)) == 1
    assert len(uncleared(referrer, NoticeKind.OVERDUE)) == 1
    services.referral_transition(actor=receiver, referral=referral, target=S.ACKNOWLEDGED)
    assert uncleared(receiver, NoticeKind.OVERDUE) == []
    assert uncleared(referrer, NoticeKind.OVERDUE) == []


def test_an_overdue_decision_clears_when_decided_not_when_another_move_keeps_the_deadline(
    referrer, receiver, service
):
    referral = submitted(referrer, service)
    services.referral_transition(actor=receiver, referral=referral, target=S.ACKNOWLEDGED)
    referral = _overdue(referral)
    assert len(uncleared(receiver, NoticeKind.OVERDUE)) == 1
    services.referral_transition(
        actor=receiver, referral=referral, target=S.DECLINED, reason_code="no_capacity", note="Full until May"
    )
    assert uncleared(receiver, NoticeKind.OVERDUE) == []


def test_a_missed_appointment_clears_when_a_later_one_is_attended(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    missed = started(booked(receiver, referral, days=1), hours_ago=30)
    appointment_services.appointment_record_attendance(
        actor=receiver, appointment=missed, outcome="did_not_attend", non_attendance_reason="unwell"
    )
    assert len(uncleared(referrer, NoticeKind.DID_NOT_ATTEND)) == 1
    later = started(booked(receiver, referral, days=2), hours_ago=2)
    appointment_services.appointment_record_attendance(actor=receiver, appointment=later, outcome="attended")
    assert uncleared(referrer, NoticeKind.DID_NOT_ATTEND) == []


def test_newer_news_replaces_older_news_of_the_same_kind(referrer, receiver, service):
    referral = submitted(referrer, service)
    services.referral_transition(actor=receiver, referral=referral, target=S.ACCEPTED)
    services.referral_transition(actor=receiver, referral=referral, target=S.ASSESSMENT_BOOKED)
    [latest] = uncleared(referrer, NoticeKind.STATUS_CHANGED)
    assert "assessment booked" in latest.summary


def test_a_risk_to_self_notice_waits_for_a_person(referrer, receiver, service):
    referral = submitted(referrer, service)
    Notice.objects.create(
        organisation=receiver.current_organisation,
        referral=referral,
        kind=NoticeKind.RISK_TO_SELF,
        summary="PHQ-9 item 9 answered above zero",
    )
    services.referral_transition(actor=receiver, referral=referral, target=S.ACCEPTED)
    services.referral_transition(
        actor=referrer, referral=referral, target=S.WITHDRAWN, reason_code="person_declined"
    )
    assert len(uncleared(receiver, NoticeKind.RISK_TO_SELF)) == 1


def test_urgent_notices_are_listed_first(referrer, receiver, service):
    referral = submitted(referrer, service)
    Notice.objects.create(
        organisation=receiver.current_organisation,
        referral=referral,
        kind=NoticeKind.RISK_TO_SELF,
        summary="Risk",
    )
    services.referral_transition(
        actor=referrer, referral=referral, target=S.WITHDRAWN, reason_code="other", note="Moved away"
    )
    listed = notices_for(receiver)
    assert listed[0].kind == NoticeKind.RISK_TO_SELF
    assert all(not notice.is_urgent for notice in listed[1:])
