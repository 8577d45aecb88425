"""Notices: each side hears of the other's moves, overdue work is flagged once, emails carry a link only."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.notices.email import send_notice_emails
from throughcare.notices.models import Delivery, Notice, NoticeKind
from throughcare.notices.overdue import raise_overdue_notices
from throughcare.notices.selectors import notices_for
from throughcare.notices.services import notice_clear
from throughcare.referrals import services
from throughcare.referrals.models import Referral
from throughcare.referrals.states import ReferralState
from throughcare.referrals.tests.helpers import draft, submitted

pytestmark = pytest.mark.django_db
S = ReferralState


def notices_of(user):
    return list(Notice.objects.filter(organisation_id=user.current_organisation_id))


def test_submitting_tells_the_receiving_service_and_emails_its_caseworkers(referrer, receiver, service):
    referral = submitted(referrer, service, reason_for_referral="Hears voices at night")
    assert mail.outbox == []  # the outbox, not the change, sends email
    assert send_notice_emails() == (1, 1)
    [notice] = notices_of(receiver)
    assert notice.kind == NoticeKind.NEW_REFERRAL
    assert notices_of(referrer) == []
    [email] = mail.outbox
    assert email.to == [receiver.email]
    assert reverse("referrals:detail", args=[referral.pk]) in email.body
    # Nothing about the person or their health travels by email.
    for private in ("voices", referral.person.family_name, referral.person.given_names, service.name):
        assert private not in email.body
        assert private not in email.subject


def test_the_referrer_hears_of_the_services_decision(referrer, receiver, service):
    referral = submitted(referrer, service)
    services.referral_transition(actor=receiver, referral=referral, target=S.ACKNOWLEDGED)
    services.referral_transition(
        actor=receiver, referral=referral, target=S.DECLINED, reason_code="no_capacity", note="Full until May"
    )
    kinds = [(n.kind, n.summary) for n in Notice.objects.filter(organisation=referrer.current_organisation)]
    assert len(kinds) == 2
    assert {kind for kind, _ in kinds} == {NoticeKind.STATUS_CHANGED}
    assert any("declined" in summary and "no places" in summary for _, summary in kinds)


def test_once_a_caseworker_has_acted_only_they_are_emailed(referrer, receiver, service, make_user):
    colleague = make_user(Role.PROVIDER_CASEWORKER, organisation=receiver.current_organisation)
    referral = submitted(referrer, service)
    services.referral_transition(actor=receiver, referral=referral, target=S.ACKNOWLEDGED)
    from throughcare.notices.services import recipients
    from throughcare.referrals.states import Side

    assert recipients(referral, Side.RECEIVER) == [receiver.email]
    assert colleague.email not in recipients(referral, Side.RECEIVER)
    assert recipients(referral, Side.REFERRER) == [referrer.email]


def test_a_withdrawn_draft_tells_nobody(referrer, service):
    referral = draft(referrer, service)
    services.referral_transition(actor=referrer, referral=referral, target=S.WITHDRAWN)
    assert Notice.objects.count() == 0


def test_a_mail_outage_leaves_the_email_to_be_tried_again_later(referrer, receiver, service):
    referral = submitted(referrer, service)
    failing = mock.Mock(send_messages=mock.Mock(side_effect=OSError("mail server down")))
    with mock.patch("throughcare.notices.email.get_connection", return_value=failing):
        assert send_notice_emails() == (1, 0)
    referral.refresh_from_db()
    assert referral.state == S.SUBMITTED
    [notice] = Notice.objects.filter(kind=NoticeKind.NEW_REFERRAL)
    [delivery] = notice.deliveries.all()
    assert (delivery.status, delivery.attempts, delivery.failure) == ("pending", 1, "mail server down")
    assert send_notice_emails() == (0, 0)  # not due again yet
    Delivery.objects.update(next_attempt_at=timezone.now())
    assert send_notice_emails() == (0, 1)
    assert len(mail.outbox) == 1
    assert send_notice_emails() == (0, 0)  # sent once only


def test_a_notice_with_nobody_to_email_is_not_tried_again(referrer, receiver, service):
    submitted(referrer, service)
    receiver.memberships.update(is_active=False)
    assert send_notice_emails() == (1, 0)
    assert mail.outbox == []
    assert Notice.objects.get().emailed_to == 0
    assert send_notice_emails() == (0, 0)


def test_the_email_command_says_how_many_it_sent(referrer, service, capsys):
    submitted(referrer, service)
    call_command("send_notice_emails")
    assert "1 notice queued, 1 email sent." in capsys.readouterr().out


def test_overdue_referrals_are_flagged_to_both_sides_once(referrer, receiver, service):
    referral = submitted(referrer, service)
    Referral.objects.filter(pk=referral.pk).update(due_by=timezone.now() - timedelta(hours=1))
    assert raise_overdue_notices() == 2
    assert raise_overdue_notices() == 0
    overdue = Notice.objects.filter(kind=NoticeKind.OVERDUE)
    assert {n.organisation_id for n in overdue} == {
        referrer.current_organisation_id,
        receiver.current_organisation_id,
    }
    assert "acknowledge" in overdue[0].summary


def test_a_new_deadline_missed_is_flagged_again(referrer, receiver, service):
    referral = submitted(referrer, service)
    Referral.objects.filter(pk=referral.pk).update(due_by=timezone.now() - timedelta(hours=1))
    raise_overdue_notices()
    services.referral_transition(actor=receiver, referral=referral, target=S.ACKNOWLEDGED)
    Referral.objects.filter(pk=referral.pk).update(due_by=timezone.now() - timedelta(minutes=5))
    assert raise_overdue_notices() == 2


def test_referrals_not_yet_due_or_closed_are_not_flagged(referrer, receiver, service):
    submitted(referrer, service)
    closed = submitted(referrer, service)
    services.referral_transition(
        actor=receiver, referral=closed, target=S.DECLINED, reason_code="no_capacity", note="Full"
    )
    # A closed referral keeps no deadline; even one left behind is not chased.
    Referral.objects.filter(pk=closed.pk).update(due_by=timezone.now() - timedelta(days=3))
    assert raise_overdue_notices() == 0


def test_the_overdue_command_says_how_many_it_raised(referrer, service, capsys):
    referral = submitted(referrer, service)
    Referral.objects.filter(pk=referral.pk).update(due_by=timezone.now() - timedelta(hours=1))
    call_command("send_overdue_notices")
    assert "2 overdue notices raised." in capsys.readouterr().out


def test_clearing_a_notice_is_for_its_organisation_only(referrer, receiver, service):
    submitted(referrer, service)
    [notice] = notices_of(receiver)
    with pytest.raises(Http404):
        notice_clear(actor=referrer, notice_id=notice.pk)
    notice_clear(actor=receiver, notice_id=notice.pk)
    assert notices_for(receiver) == []
    assert AuditEvent.objects.filter(verb="notice.cleared", target_id=str(notice.pk)).exists()
    with pytest.raises(ValidationError, match="already"):
        notice_clear(actor=receiver, notice_id=notice.pk)


def test_urgent_notices_come_first_in_one_query(referrer, receiver, service, django_assert_num_queries):
    for _ in range(3):
        submitted(referrer, service)
    referral = submitted(referrer, service)
    Notice.objects.create(
        organisation=receiver.current_organisation,
        referral=referral,
        kind=NoticeKind.RISK_TO_SELF,
        summary="Check risk to self",
    )
    # One query for the notices and their people, whatever their number, plus the audit event's own.
    with CaptureQueriesContext(connection) as one_audit_event:
        audit.record(actor=receiver, verb="test.counted")
    with django_assert_num_queries(1 + len(one_audit_event)):
        listed = notices_for(receiver)
        names = [n.referral.person.family_name for n in listed]
    assert listed[0].kind == NoticeKind.RISK_TO_SELF
    assert len(names) == 5
    assert AuditEvent.objects.filter(verb="notices.viewed", actor=receiver).count() == 1


def test_the_worklist_shows_notices_and_clearing_returns_to_the_page(referrer, receiver, service):
    submitted(referrer, service)
    client = Client()
    client.force_login(receiver)
    page = client.get(reverse("referrals:worklist")).content.decode()
    assert "A new referral has been sent to your service" not in page  # the summary, not the email line
    [notice] = notices_of(receiver)
    assert notice.summary in page
    response = client.post(reverse("notices:clear", args=[notice.pk]), {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:worklist")
    notice.refresh_from_db()
    assert notice.cleared_by == receiver


def test_the_api_lists_and_clears_notices(referrer, receiver, service):
    from throughcare.accounts.services import token_issue

    submitted(referrer, service)
    secret = token_issue(actor=None, user=receiver, name="provider system").secret
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    [listed] = client.get("/api/v1/notices").json()
    assert listed["kind"] == NoticeKind.NEW_REFERRAL
    cleared = client.post(f"/api/v1/notices/{listed['id']}/clear").json()
    assert cleared["cleared_at"] is not None
    again = client.post(f"/api/v1/notices/{listed['id']}/clear")
    assert again.status_code == 422
    assert client.get("/api/v1/notices").json() == []
