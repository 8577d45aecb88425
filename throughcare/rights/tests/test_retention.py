import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from throughcare.core.audit import verify_chain
from throughcare.core.models import AuditEvent
from throughcare.outcomes.tests.helpers import completed
from throughcare.referrals.models import Consent, Referral
from throughcare.referrals.tests.helpers import draft, give_consent, submitted
from throughcare.rights.retention import apply_retention

pytestmark = pytest.mark.django_db


def _figures():
    return list(
        Referral.objects.values("state", "service_id", "submitted_at").annotate(n=Count("id")).order_by()
    )


def test_old_drafts_lose_their_personal_text_and_every_figure_stays_the_same(referrer, service, settings):
    settings.RETENTION_DRAFT_REFERRAL_DAYS = 90
    old = draft(referrer, service)
    give_consent(referrer, old)
    running = submitted(referrer, service)
    reason = old.reason_for_referral
    before = _figures()

    report = apply_retention(now=timezone.now() + timedelta(days=91))

    old.refresh_from_db()
    assert report.draft_referral_ids == [old.pk]
    assert old.reason_for_referral == ""
    assert old.state == "draft"
    assert Consent.objects.get(referral=old).purposes == ""
    running.refresh_from_db()
    assert running.reason_for_referral == reason  # still open: kept
    assert _figures() == before
    event = AuditEvent.objects.get(verb="retention.applied")
    assert reason not in json.dumps(event.payload)
    assert event.payload["draft_referrals"] == [str(old.pk)]
    assert verify_chain().intact


def test_ended_referrals_wait_the_configured_years(referrer, receiver, service, settings):
    settings.RETENTION_CLOSED_REFERRAL_YEARS = 2
    ended = completed(referrer, receiver, service)
    assert apply_retention(now=timezone.now() + timedelta(days=365)).referral_count == 0
    report = apply_retention(now=timezone.now() + timedelta(days=2 * 365 + 1))
    assert report.closed_referral_ids == [ended.pk]
    ended.refresh_from_db()
    assert ended.reason_for_referral == ""
    assert ended.state == "completed"


def test_a_dry_run_changes_nothing_and_says_what_would_go(referrer, service, settings, capsys):
    settings.RETENTION_DRAFT_REFERRAL_DAYS = 0
    old = draft(referrer, service)
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert "1 draft referrals older than 0 days" in out
    assert "Would empty referrals.referral.reason_for_referral on 1 record" in out
    old.refresh_from_db()
    assert old.reason_for_referral != ""
    assert not AuditEvent.objects.filter(verb="retention.applied").exists()
    call_command("apply_retention")
    call_command("apply_retention")
    assert "Nothing to remove" in capsys.readouterr().out
    assert AuditEvent.objects.filter(verb="retention.applied").count() == 1
