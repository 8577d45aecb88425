"""A risk item answered above zero tells both sides at once; a refused entry tells nobody anything."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from throughcare.core.models import AuditEvent
from throughcare.notices.email import send_notice_emails
from throughcare.notices.models import Notice, NoticeKind
from throughcare.outcomes import services
from throughcare.outcomes.models import OutcomeMeasurement
from throughcare.outcomes.tests.helpers import in_treatment, record

pytestmark = pytest.mark.django_db
ITEM_9_AT_ONE = [3, 3, 2, 2, 1, 1, 1, 1, 1]  # total 15, moderately severe
HEALTH_WORDS = ["PHQ", "question", "depress", "suicid", "self-harm", "15", "score", "moderately"]


@pytest.fixture
def referral(referrer, receiver, service):
    return in_treatment(referrer, receiver, service)


def test_phq9_question_9_above_zero_raises_a_notice_to_both_sides(referrer, receiver, referral):
    Notice.objects.all().delete()  # the moves to treatment raised their own
    measurement = record(receiver, referral, answers=ITEM_9_AT_ONE, on=date(2026, 3, 2))
    assert measurement.risk_to_self is True
    notices = Notice.objects.filter(kind=NoticeKind.RISK_TO_SELF)
    assert {n.organisation_id for n in notices} == {
        referrer.current_organisation_id,
        receiver.current_organisation_id,
    }
    assert {n.summary for n in notices} == {
        "PHQ-9 question 9 answered above zero on 2 March 2026: check risk to self"
    }
    assert all(n.raised_by == receiver for n in notices)


def test_each_side_gets_an_email_with_only_a_link(referrer, receiver, referral):
    send_notice_emails()  # what earlier steps raised
    mail.outbox.clear()
    record(receiver, referral, answers=ITEM_9_AT_ONE)
    send_notice_emails()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([referrer.email, receiver.email])
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert f"/referrals/{referral.pk}/" in text
        text = text.replace(str(referral.pk), "")  # an id may contain any digits: check the rest
        assert referral.person.family_name not in text
        for word in HEALTH_WORDS:
            assert word.lower() not in text.lower(), word


def test_core10s_risk_item_raises_the_notice_too(receiver, referral):
    record(receiver, referral, "CORE-10", answers=[0, 4, 4, 0, 0, 2, 0, 0, 0, 0], on=date(2026, 3, 9))
    summaries = set(Notice.objects.filter(kind=NoticeKind.RISK_TO_SELF).values_list("summary", flat=True))
    assert summaries == {"CORE-10 question 6 answered above zero on 9 March 2026: check risk to self"}


def test_question_9_at_zero_raises_nothing(receiver, referral):
    record(receiver, referral, answers=[3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert not Notice.objects.filter(kind=NoticeKind.RISK_TO_SELF).exists()


def test_a_refused_entry_raises_no_notice(receiver, referral):
    with pytest.raises(ValidationError):
        record(receiver, referral, answers=[3, 3, 3, 3, 3, 3, 3, 3, 1], on=None)
    assert not Notice.objects.filter(kind=NoticeKind.RISK_TO_SELF).exists()


def test_nothing_is_half_written_when_the_notice_fails(receiver, referral, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("notice store unavailable")

    monkeypatch.setattr(services, "notice_raise", broken)
    events_before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        record(receiver, referral, answers=ITEM_9_AT_ONE)
    assert not OutcomeMeasurement.objects.exists()
    assert AuditEvent.objects.count() == events_before
