"""Retention and subject access for the person's own door: plan links, requests to be contacted and
people's own words. The text goes after its period; the rows, answers and outcomes stay."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from throughcare.core.models import AuditEvent
from throughcare.directory.tests.factories import vocabulary_terms
from throughcare.feedback.models import Feedback, WordsStatus
from throughcare.feedback.services import feedback_give, feedback_words_moderate
from throughcare.myplan.models import PersonMessage, PlanAccess
from throughcare.myplan.tests.helpers import give
from throughcare.people.details import PersonDetails
from throughcare.referrals.tests.helpers import submitted
from throughcare.rights.export import subject_access_archive
from throughcare.rights.retention import apply_retention
from throughcare.selfreferrals.models import SelfReferral, Status
from throughcare.selfreferrals.services import (
    self_referral_close,
    self_referral_receive,
    self_referral_take_on,
)

pytestmark = pytest.mark.django_db
ALL_YES = {"listened": "yes", "respected": "yes", "recommend": "yes"}


def _request(service, key: str) -> SelfReferral:
    service.terms.set(vocabulary_terms(referral_route=["self"]))
    details = {"name": "Jay Marlowe", "contact_by": "phone", "phone": "07700 900982", "help_with": "Low."}
    request, _ = self_referral_receive(service=service, details=details, request_key=key)
    return request


def test_an_ended_plan_links_email_and_messages_go_after_their_period(referrer, settings):
    settings.RETENTION_PLAN_ACCESS_DAYS = 90
    from throughcare.people.tests.helpers import person_in

    ended = give(referrer, person_in(referrer.current_organisation), email="ended@example.com")
    live = give(referrer, person_in(referrer.current_organisation), email="live@example.com")
    PlanAccess.objects.filter(pk=ended.pk).update(ended_at=timezone.now())
    assert apply_retention(now=timezone.now() + timedelta(days=89)).own_door.plan_access_ids == []

    report = apply_retention(now=timezone.now() + timedelta(days=91))

    assert report.own_door.plan_access_ids == [ended.pk]
    assert PlanAccess.objects.get(pk=ended.pk).email == ""
    assert set(PersonMessage.objects.filter(access=ended).values_list("body", flat=True)) == {""}
    assert PlanAccess.objects.get(pk=live.pk).email == "live@example.com"
    assert PersonMessage.objects.filter(access=live).exclude(body="").exists()
    event = AuditEvent.objects.get(verb="retention.applied")
    assert event.payload["plan_accesses"] == [str(ended.pk)]
    assert "ended@example.com" not in json.dumps(event.payload)


def test_a_closed_request_loses_its_words_and_keeps_its_outcome(receiver, service, settings):
    settings.RETENTION_SELF_REFERRAL_DAYS = 180
    closed = _request(service, "closed")
    waiting = _request(service, "waiting")
    self_referral_close(actor=receiver, self_referral=closed, outcome="signposted")

    report = apply_retention(now=timezone.now() + timedelta(days=181))

    assert report.own_door.self_referral_ids == [closed.pk]
    closed.refresh_from_db()
    assert (closed.name, closed.phone, closed.help_with) == ("", "", "")
    assert (closed.status, closed.outcome) == (Status.CLOSED, "signposted")
    waiting.refresh_from_db()
    assert waiting.help_with == "Low."


def test_rejected_words_go_after_their_period_and_answers_stay(
    referrer, receiver, service, settings, make_user
):
    from throughcare.core.permissions import Role
    from throughcare.people.tests.helpers import person_in

    settings.RETENTION_REJECTED_WORDS_DAYS = 30
    moderator = make_user(Role.DPO, organisation=receiver.current_organisation)
    given = []
    for words in ("Ring Dave on 07700 900 982.", "They were kind."):
        person = person_in(referrer.current_organisation)
        referral = submitted(referrer, service, person=person)
        given.append(
            feedback_give(access=give(referrer, person), referral=referral, answers=ALL_YES, words=words)
        )
    feedback_words_moderate(actor=moderator, feedback=given[0], decision="reject", reject_reason="identifies")
    feedback_words_moderate(actor=moderator, feedback=given[1], decision="publish")

    report = apply_retention(now=timezone.now() + timedelta(days=31))

    assert report.own_door.feedback_ids == [given[0].pk]
    rejected = Feedback.objects.get(pk=given[0].pk)
    assert (rejected.words, rejected.words_flags, rejected.listened) == ("", [], "yes")
    assert rejected.words_status == WordsStatus.REJECTED
    assert Feedback.objects.get(pk=given[1].pk).words == "They were kind."


def test_a_dry_run_names_the_new_tables_and_changes_nothing(receiver, service, settings, capsys):
    settings.RETENTION_SELF_REFERRAL_DAYS = 0
    request = _request(service, "dry")
    self_referral_close(actor=receiver, self_referral=request, outcome="no_reply")
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert "1 requests to be contacted" in out
    assert "Would empty selfreferrals.selfreferral.help_with on 1 record" in out
    request.refresh_from_db()
    assert request.help_with == "Low."
    call_command("apply_retention")
    request.refresh_from_db()
    assert request.help_with == ""


def test_the_subject_access_export_has_the_request_they_were_taken_on_from(receiver, service, make_user):
    from throughcare.core.permissions import Role

    request = _request(service, "export")
    referral = self_referral_take_on(
        actor=receiver,
        self_referral=request,
        new_person=PersonDetails("Jay", "Marlowe", timezone.localdate().replace(year=1991)),
    )
    person = referral.person
    dpo = make_user(Role.DPO, organisation=receiver.current_organisation)
    with zipfile.ZipFile(io.BytesIO(subject_access_archive(actor=dpo, person=person, via="test"))) as archive:
        data = json.loads(archive.read("record.json"))
    [row] = data["sections"]["selfreferrals.selfreferral"]["rows"]
    assert row["help_with"] == "Low."
    assert data["sections"]["selfreferrals.selfreferral"]["title"].startswith("Their own requests")
