"""Home is each role's worklist: what needs doing, linked to the list it comes from, and nothing else."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from throughcare.appointments import services as appointment_services
from throughcare.appointments.tests.helpers import accepted, booked, started
from throughcare.continuity.tests.release_helpers import in_custody
from throughcare.core.permissions import Role
from throughcare.directory.models import Service
from throughcare.home.provider import SUMMARY_WITHIN_DAYS
from throughcare.home.referrer import MOVED_WITHIN_DAYS
from throughcare.notices.models import Notice, NoticeKind
from throughcare.outcomes.tests.helpers import in_treatment, record
from throughcare.referrals import services
from throughcare.referrals.models import Referral
from throughcare.referrals.states import ReferralState
from throughcare.referrals.tests.helpers import draft, service_of, submitted

pytestmark = pytest.mark.django_db
S = ReferralState
PLACEHOLDERS = ("will be listed here", "as they arrive", "Lorem", "TODO", "placeholder")


def home_of(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, title: str) -> str:
    """The text of one section of the page, from its heading to the next section."""
    start = page.index(title)
    end = page.find("</section>", start)
    return page[start:end]


# Referrers -----------------------------------------------------------------------------------------


def test_a_move_by_the_service_is_news_until_the_referrer_opens_it(client, referrer, receiver, service):
    referral = submitted(referrer, service)
    services.referral_transition(actor=receiver, referral=referral, target=S.ACCEPTED)
    moved = section(home_of(referrer), "moved since you last looked")
    assert referral.person.full_name in moved
    assert "accepted on" in moved
    assert "direction=sent&amp;worker=mine" in moved

    client.force_login(referrer)
    client.get(reverse("referrals:detail", args=[referral.pk]))
    assert referral.person.full_name not in section(home_of(referrer), "moved since you last looked")
    # A later move is news again.
    services.referral_transition(actor=receiver, referral=referral, target=S.ASSESSMENT_BOOKED)
    assert referral.person.full_name in section(home_of(referrer), "moved since you last looked")


def test_the_referrers_own_moves_are_not_news(referrer, service):
    referral = submitted(referrer, service)
    assert referral.person.full_name not in section(home_of(referrer), "moved since you last looked")


def test_each_move_by_the_other_side_is_kept_on_the_referral_for_the_home_to_read(
    referrer, receiver, service
):
    referral = submitted(referrer, service)
    assert Referral.objects.get(pk=referral.pk).other_side_moved_at is None
    services.referral_transition(actor=receiver, referral=referral, target=S.ACCEPTED)
    accepted_at = referral.transitions.get(to_state=S.ACCEPTED).at
    assert Referral.objects.get(pk=referral.pk).other_side_moved_at == accepted_at
    services.referral_transition(
        actor=referrer, referral=referral, target=S.WITHDRAWN, reason_code="person_declined"
    )
    # The referrer's own move is not the other side's: the time stays that of the acceptance.
    assert Referral.objects.get(pk=referral.pk).other_side_moved_at == accepted_at


def test_the_migration_fills_the_other_sides_last_move_from_the_history(referrer, receiver, service):
    from importlib import import_module

    from django.apps import apps

    fill = import_module(
        "throughcare.referrals.migrations.0008_referral_other_side_moved_at_and_home_indexes"
    ).fill_other_side_moved_at
    moved = submitted(referrer, service)
    services.referral_transition(actor=receiver, referral=moved, target=S.ACCEPTED)
    services.referral_transition(actor=receiver, referral=moved, target=S.ASSESSMENT_BOOKED)
    only_sent = submitted(referrer, service)
    Referral.objects.update(other_side_moved_at=None)
    fill(apps, None)
    assert Referral.objects.get(pk=moved.pk).other_side_moved_at == moved.transitions.latest("id").at
    assert Referral.objects.get(pk=only_sent.pk).other_side_moved_at is None


def test_news_older_than_the_window_is_history(referrer, receiver, service):
    referral = submitted(referrer, service)
    services.referral_transition(actor=receiver, referral=referral, target=S.ACCEPTED)
    Referral.objects.filter(pk=referral.pk).update(
        other_side_moved_at=timezone.now() - timedelta(days=MOVED_WITHIN_DAYS + 1)
    )
    assert referral.person.full_name not in section(home_of(referrer), "moved since you last looked")


def test_drafts_and_overdue_referrals_link_to_their_filtered_lists(referrer, service):
    unfinished = draft(referrer, service)
    late = submitted(referrer, service)
    Referral.objects.filter(pk=late.pk).update(due_by=timezone.now() - timedelta(hours=2))
    page = home_of(referrer)
    drafts, overdue = section(page, "Unfinished drafts"), section(page, "Overdue referrals")
    assert unfinished.person.full_name in drafts
    assert "group=draft" in drafts
    assert late.person.full_name in overdue
    assert "overdue=1" in overdue
    assert "govuk-tag--red" in overdue


def test_colleagues_and_other_organisations_referrals_are_not_mine(make_user, referrer, service):
    colleague = make_user(Role.PRACTITIONER, organisation=referrer.current_organisation)
    theirs = draft(colleague, service)
    elsewhere = draft(make_user(Role.PRACTITIONER), service)
    page = home_of(referrer)
    assert theirs.person.full_name not in page
    assert elsewhere.person.full_name not in page
    assert "You have no unfinished drafts." in page


def test_releases_in_the_next_14_days_with_gaps(referrer):
    soon = in_custody(referrer, days_to_release=5)
    later = in_custody(referrer, days_to_release=40)
    releases = section(home_of(referrer), "Releases in the next 14 days")
    assert soon.full_name in releases
    assert later.full_name not in releases
    assert reverse("continuity:release-gaps") in releases


def test_an_empty_day_says_so_plainly(referrer):
    page = home_of(referrer)
    for text in PLACEHOLDERS:
        assert text not in page
    assert "None of your referrals is overdue." in page
    assert "You have no unfinished drafts." in page


# Providers -----------------------------------------------------------------------------------------


def test_the_provider_sees_referrals_to_acknowledge_and_decide(referrer, receiver, service):
    new = submitted(referrer, service)
    acknowledged = submitted(referrer, service)
    services.referral_transition(actor=receiver, referral=acknowledged, target=S.ACKNOWLEDGED)
    waiting = section(home_of(receiver), "Referrals to acknowledge or decide")
    assert new.person.full_name in waiting
    assert "acknowledge by" in waiting
    assert acknowledged.person.full_name in waiting
    assert "decide by" in waiting
    assert "direction=received&amp;group=waiting" in waiting


def test_appointments_today_and_attendance_still_to_record(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    past = started(booked(receiver, referral, days=1), hours_ago=30)
    page = home_of(receiver)
    attendance = section(page, "Past appointments waiting for attendance")
    assert referral.person.full_name in attendance
    assert reverse("appointments:attendance", args=[past.pk]) in attendance
    later_today = timezone.now() + timedelta(minutes=1)
    booked(receiver, referral, days=0.0001)
    if timezone.localtime(later_today).date() == timezone.localdate():
        assert referral.person.full_name in section(home_of(receiver), "Today&#x27;s appointments")


def test_a_missed_appointment_needs_following_up_until_another_is_booked(referrer, receiver, service):
    referral = accepted(referrer, receiver, service)
    missed = started(booked(receiver, referral, days=1), hours_ago=5)
    appointment_services.appointment_record_attendance(
        actor=receiver, appointment=missed, outcome="did_not_attend", non_attendance_reason="unwell"
    )
    assert referral.person.full_name in section(home_of(receiver), "Missed appointments to follow up")
    booked(receiver, referral, days=2)
    follow_ups = section(home_of(receiver), "Missed appointments to follow up")
    assert referral.person.full_name not in follow_ups


def test_outcome_measures_are_due_every_four_weeks_in_treatment(referrer, receiver, service):
    never = in_treatment(referrer, receiver, service)
    recently = in_treatment(referrer, receiver, service)
    record(receiver, recently, on=timezone.localdate())
    due = section(home_of(receiver), "Outcome measures due")
    assert never.person.full_name in due
    assert "no measures recorded yet" in due
    assert recently.person.full_name not in due


def test_managers_see_listings_to_review_and_funding_ending(make_user):
    manager = make_user(Role.PROVIDER_MANAGER)
    stale = service_of(manager.current_organisation, name="Stale Listing Service")
    Service.objects.filter(pk=stale.pk).update(last_confirmed_on=None)
    ending = service_of(manager.current_organisation, name="Funding Ends Service")
    Service.objects.filter(pk=ending.pk).update(
        last_confirmed_on=timezone.localdate(), funding_ends_on=timezone.localdate() + timedelta(days=20)
    )
    listings = section(home_of(manager), "Service listings to review")
    assert "Stale Listing Service" in listings
    assert "details need confirming" in listings
    assert "Funding Ends Service" in listings
    assert "funding ends on" in listings


def test_caseworkers_do_not_see_listings(receiver):
    assert "Service listings to review" not in home_of(receiver)


def test_urgent_notices_stand_apart_and_come_first(referrer, receiver, service):
    referral = submitted(referrer, service)
    Notice.objects.create(
        organisation=receiver.current_organisation,
        referral=referral,
        kind=NoticeKind.RISK_TO_SELF,
        summary="PHQ-9 item 9 answered above zero",
    )
    Notice.objects.create(
        organisation=receiver.current_organisation,
        referral=referral,
        kind=NoticeKind.STATUS_CHANGED,
        summary="Withdrawn by the referrer",
    )
    page = home_of(receiver)
    assert page.index("govuk-warning-text") < page.index("routine-notices-title")
    assert "PHQ-9 item 9 answered above zero" in section(page, "Urgent")
    assert "PHQ-9 item 9" not in section(page, "Notices")


# Scoping and cost ----------------------------------------------------------------------------------


def _queries_for(user) -> int:
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.get(reverse("core:home"))  # warm the session and caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("core:home")).status_code == 200
    return len(captured)


def _busy_day(referrer, receiver, service, how_many: int) -> None:
    for _ in range(how_many):
        draft(referrer, service)
        referral = accepted(referrer, receiver, service)
        started(booked(receiver, referral, days=1), hours_ago=3)
        submitted(referrer, service)
        in_treatment(referrer, receiver, service)
    in_custody(referrer, days_to_release=3)


@pytest.mark.parametrize("side", ["referrer", "receiver"])
def test_home_reads_the_same_number_of_queries_however_busy(side, make_user, referrer, receiver, service):
    user = {"referrer": referrer, "receiver": receiver}[side]
    _busy_day(referrer, receiver, service, 1)
    quiet = _queries_for(user)
    _busy_day(referrer, receiver, service, 6)
    assert _queries_for(user) == quiet


def test_manager_home_query_count_is_constant(make_user, referrer):
    manager = make_user(Role.PROVIDER_MANAGER)
    service = service_of(manager.current_organisation)
    submitted(referrer, service)
    quiet = _queries_for(manager)
    for _ in range(4):
        service_of(manager.current_organisation)
        submitted(referrer, service)
    assert _queries_for(manager) == quiet


def test_home_reading_people_is_audited(referrer, service):
    from throughcare.core.models import AuditEvent

    referral = draft(referrer, service)
    home_of(referrer)
    event = AuditEvent.objects.filter(verb="home.viewed").latest("id")
    assert event.payload["referral_ids"] == [str(referral.pk)]


def test_a_new_referral_is_listed_once_on_the_providers_home(referrer, receiver, service):
    referral = submitted(referrer, service)
    page = home_of(receiver)
    assert page.count(referral.person.full_name) == 1
    assert "routine-notices-title" not in page


def test_a_finished_referral_needs_its_end_of_service_summary(referrer, receiver, service):
    from throughcare.outcomes.tests.helpers import completed, write_summary

    unwritten = completed(referrer, receiver, service)
    written = completed(referrer, receiver, service)
    write_summary(receiver, written)
    summaries = section(home_of(receiver), "End-of-service summaries to write")
    assert unwritten.person.full_name in summaries
    assert reverse("outcomes:summary", args=[unwritten.pk]) in summaries
    assert written.person.full_name not in summaries


def test_summaries_still_missing_long_after_the_close_leave_the_home(referrer, receiver, service):
    from throughcare.outcomes.tests.helpers import completed

    recent = completed(referrer, receiver, service)
    long_ago = completed(referrer, receiver, service)
    Referral.objects.filter(pk=long_ago.pk).update(
        updated_at=timezone.now() - timedelta(days=SUMMARY_WITHIN_DAYS + 1)
    )
    summaries = section(home_of(receiver), "End-of-service summaries to write")
    assert recent.person.full_name in summaries
    assert long_ago.person.full_name not in summaries
