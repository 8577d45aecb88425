"""Recall pauses running referrals and live requirements in one transaction; re-release brings the
requirements back and lists the referrals for their services to resume, with no re-assessment."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from throughcare.continuity.custody import recall as recall_services
from throughcare.continuity.custody import services
from throughcare.continuity.models import CustodyEpisode, JourneyEvent, Requirement
from throughcare.continuity.tests.helpers import (
    RE_RELEASED,
    RECALLED,
    RECEIVED,
    RELEASED,
    a_prison,
    community_order,
    referral_at,
    released_person,
)
from throughcare.core.models import AuditEvent
from throughcare.people.tests.helpers import person_in
from throughcare.referrals import services as referral_services
from throughcare.referrals.models import Referral, ReferralTransition
from throughcare.referrals.tests.helpers import service_of

pytestmark = pytest.mark.django_db

RUNNING = ["accepted", "assessment_booked", "in_treatment"]


@pytest.fixture
def person(practitioner):
    return released_person(practitioner)


def _recall(actor, person, **overrides):
    values = {"recalled_on": RECALLED, "prison": a_prison(name="HMP Hull")}
    values.update(overrides)
    return recall_services.custody_recall(actor=actor, person=person, **values)


def _re_release(actor, person, **overrides):
    values = {"released_on": RE_RELEASED, "release_type": "licence"}
    values.update(overrides)
    return recall_services.custody_re_release(actor=actor, person=person, **values)


def _five_open_referrals(practitioner, caseworker, person):
    services_ = [service_of(caseworker.current_organisation) for _ in range(5)]
    states = ["accepted", "assessment_booked", "in_treatment", "in_treatment", "accepted"]
    return [
        referral_at(s, practitioner, caseworker, svc, person)
        for s, svc in zip(states, services_, strict=True)
    ]


def test_recall_pauses_five_open_referrals_as_throughcare_with_the_reason(practitioner, caseworker, person):
    referrals = _five_open_referrals(practitioner, caseworker, person)
    event = _recall(practitioner, person)
    assert set(Referral.objects.filter(pk__in=[r.pk for r in referrals]).values_list("state", flat=True)) == {
        "paused"
    }
    pauses = ReferralTransition.objects.filter(to_state="paused")
    assert pauses.count() == 5
    assert {(t.side, t.reason_code, t.actor_id) for t in pauses} == {
        ("system", "returned_to_custody", practitioner.pk)
    }
    assert set(event.paused_referrals.all()) == set(referrals)


def test_recall_opens_a_recall_episode(practitioner, person):
    event = _recall(practitioner, person)
    assert (event.episode.started_by, event.episode.reception_date, event.episode.prison_name) == (
        "recall",
        RECALLED,
        "HMP Hull",
    )


def test_recall_pauses_live_requirements_and_leaves_finished_ones(practitioner, caseworker, service, person):
    order = community_order(practitioner, person, service=service, kinds=("mhtr_secondary", "drr", "atr"))
    mhtr, drr, atr = (order.requirements.get(kind=kind) for kind in ("mhtr_secondary", "drr", "atr"))
    Requirement.objects.filter(pk=atr.pk).update(status="completed")
    event = _recall(practitioner, person)
    statuses = dict(Requirement.objects.values_list("kind", "status"))
    assert statuses == {"mhtr_secondary": "paused", "drr": "paused", "atr": "completed"}
    assert set(event.paused_requirements.all()) == {mhtr, drr}


@pytest.mark.parametrize("state", ["draft", "completed"])
def test_recall_leaves_drafts_and_finished_referrals_alone(practitioner, caseworker, service, person, state):
    referral = referral_at(state, practitioner, caseworker, service, person)
    event = _recall(practitioner, person)
    assert Referral.objects.get(pk=referral.pk).state == state
    assert not event.paused_referrals.exists()


@pytest.mark.parametrize("state", ["submitted", "acknowledged", "waitlisted"])
def test_recall_leaves_referrals_awaiting_a_decision_open_and_says_so(
    practitioner, caseworker, service, person, state
):
    referral = referral_at(state, practitioner, caseworker, service, person)
    event = _recall(practitioner, person)
    assert Referral.objects.get(pk=referral.pk).state == state
    assert event.detail["referrals_left_open"] == [str(referral.pk)]


def test_recall_tells_the_providers_through_the_hook(practitioner, caseworker, service, person):
    referral = referral_at("in_treatment", practitioner, caseworker, service, person)
    event = _recall(practitioner, person)
    notified = AuditEvent.objects.get(verb="custody.providers_notified", target_id=str(event.pk))
    assert notified.payload["organisations"] == [str(caseworker.current_organisation_id)]
    assert notified.payload["referrals"] == [str(referral.pk)]


def test_recall_audits_the_change(practitioner, person):
    event = _recall(practitioner, person)
    assert AuditEvent.objects.filter(verb="custody.recalled", target_id=str(event.episode_id)).exists()


def test_a_failing_recall_writes_nothing(practitioner, caseworker, service, person):
    referrals = _five_open_referrals(practitioner, caseworker, person)
    community_order(practitioner, person, service=service)
    before = (ReferralTransition.objects.count(), AuditEvent.objects.count())
    with (
        mock.patch.object(
            recall_services, "notify_providers_of_recall", side_effect=RuntimeError("mail down")
        ),
        pytest.raises(RuntimeError),
    ):
        _recall(practitioner, person)
    assert set(Referral.objects.filter(pk__in=[r.pk for r in referrals]).values_list("state", flat=True)) != {
        "paused"
    }
    assert not Referral.objects.filter(state="paused").exists()
    assert not Requirement.objects.filter(status="paused").exists()
    assert CustodyEpisode.objects.filter(person=person).count() == 1
    assert not JourneyEvent.objects.filter(kind="recall").exists()
    assert (ReferralTransition.objects.count(), AuditEvent.objects.count()) == before


def test_recall_of_someone_never_released_is_refused(practitioner):
    person = person_in(practitioner.current_organisation)
    with pytest.raises(ValidationError) as excinfo:
        _recall(practitioner, person)
    assert "has no release recorded, so cannot be recalled" in " ".join(
        excinfo.value.message_dict["recalled_on"]
    )


def test_recall_of_someone_in_custody_is_refused(practitioner):
    person = person_in(practitioner.current_organisation)
    services.custody_record_reception(
        actor=practitioner, person=person, prison=a_prison(), reception_date=RECEIVED
    )
    with pytest.raises(ValidationError) as excinfo:
        _recall(practitioner, person)
    assert "is already in custody" in " ".join(excinfo.value.message_dict["recalled_on"])


def test_recall_before_the_release_is_refused(practitioner, person):
    with pytest.raises(ValidationError) as excinfo:
        _recall(practitioner, person, recalled_on=RELEASED - timedelta(days=1))
    assert "on or after their release on 1 September 2025" in " ".join(
        excinfo.value.message_dict["recalled_on"]
    )
    assert not JourneyEvent.objects.filter(kind="recall").exists()


def test_re_release_makes_paused_requirements_live_again(practitioner, caseworker, service, person):
    order = community_order(practitioner, person, service=service, kinds=("mhtr_secondary", "drr"))
    started = order.requirements.get(kind="drr")
    Requirement.objects.filter(pk=started.pk).update(status="active", first_appointment_on=order.starts_on)
    _recall(practitioner, person)
    result = _re_release(practitioner, person)
    statuses = dict(Requirement.objects.values_list("kind", "status"))
    assert statuses == {"mhtr_secondary": "awaiting_start", "drr": "active"}
    assert {r.kind for r in result.resumed_requirements} == {"mhtr_secondary", "drr"}


def test_re_release_lists_the_paused_referrals_for_their_services_to_resume(practitioner, caseworker, person):
    referrals = _five_open_referrals(practitioner, caseworker, person)
    recall = _recall(practitioner, person)
    result = _re_release(practitioner, person)
    assert set(result.referrals_to_resume) == set(referrals)
    assert result.event.follows == recall
    # Nothing is re-assessed or re-opened by the re-release itself: the services resume them.
    assert set(Referral.objects.values_list("state", flat=True)) == {"paused"}


def test_the_receiving_service_resumes_a_paused_referral_where_it_was(
    practitioner, caseworker, service, person
):
    referral = referral_at("in_treatment", practitioner, caseworker, service, person)
    _recall(practitioner, person)
    _re_release(practitioner, person)
    referral_services.referral_transition(actor=caseworker, referral=referral, target="in_treatment")
    assert Referral.objects.get(pk=referral.pk).state == "in_treatment"
    assert not ReferralTransition.objects.filter(
        referral=referral, to_state="assessment_booked", from_state="paused"
    ).exists()


def test_re_release_does_not_offer_referrals_already_resumed(practitioner, caseworker, service, person):
    referral = referral_at("accepted", practitioner, caseworker, service, person)
    recall = _recall(practitioner, person)
    referral_services.referral_transition(actor=caseworker, referral=referral, target="accepted")
    assert recall_services.paused_by(recall) == []
    assert _re_release(practitioner, person).referrals_to_resume == []


def test_re_release_closes_the_recall_episode(practitioner, person):
    recall = _recall(practitioner, person)
    _re_release(practitioner, person)
    recall.episode.refresh_from_db()
    assert (recall.episode.actual_release_date, recall.episode.ended_by) == (RE_RELEASED, "re_released")


def test_re_release_of_someone_not_recalled_is_refused(practitioner, person):
    with pytest.raises(ValidationError) as excinfo:
        _re_release(practitioner, person)
    assert "not in custody on a recall" in " ".join(excinfo.value.message_dict["released_on"])


def test_re_release_before_the_recall_is_refused(practitioner, person):
    _recall(practitioner, person)
    with pytest.raises(ValidationError) as excinfo:
        _re_release(practitioner, person, released_on=RECALLED - timedelta(days=1))
    assert "on or after the date they were received" in " ".join(excinfo.value.message_dict["released_on"])


def test_a_plain_release_of_a_recalled_person_is_refused(practitioner, person):
    _recall(practitioner, person)
    with pytest.raises(ValidationError) as excinfo:
        services.custody_record_release(
            actor=practitioner, person=person, released_on=RE_RELEASED, release_type="licence"
        )
    assert "record a re-release" in " ".join(excinfo.value.message_dict["released_on"])


def test_the_system_pause_refuses_a_referral_awaiting_a_decision(practitioner, caseworker, service, person):
    from throughcare.referrals.states import TransitionError

    referral = referral_at("submitted", practitioner, caseworker, service, person)
    with pytest.raises(TransitionError):
        referral_services.referrals_pause_for_custody(on_behalf_of=practitioner, referrals=[referral])
    assert Referral.objects.get(pk=referral.pk).state == "submitted"


def test_the_system_pause_records_history_and_audit_as_throughcare(practitioner, caseworker, service, person):
    referral = referral_at("assessment_booked", practitioner, caseworker, service, person)
    [transition] = referral_services.referrals_pause_for_custody(
        on_behalf_of=practitioner, referrals=[referral], note="Recalled"
    )
    assert (transition.side, transition.reason_code, transition.note) == (
        "system",
        "returned_to_custody",
        "Recalled",
    )
    audit = AuditEvent.objects.filter(verb="referral.transitioned", target_id=str(referral.pk)).last()
    assert audit.payload["side"] == "system"
    assert audit.actor_id == practitioner.pk
    assert audit.payload["transition"] == transition.pk == referral.transitions.last().pk


def test_pausing_a_batch_with_one_refused_referral_pauses_none(practitioner, caseworker, service, person):
    from throughcare.referrals.states import TransitionError

    running = referral_at("in_treatment", practitioner, caseworker, service, person)
    waiting = referral_at("submitted", practitioner, caseworker, service, person)
    with pytest.raises(TransitionError):
        referral_services.referrals_pause_for_custody(on_behalf_of=practitioner, referrals=[running, waiting])
    assert Referral.objects.get(pk=running.pk).state == "in_treatment"
    assert not ReferralTransition.objects.filter(to_state="paused").exists()


def test_recall_takes_the_same_number_of_queries_for_one_referral_or_six(
    practitioner, caseworker, service, person, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    one = referral_at("in_treatment", practitioner, caseworker, service, person)
    with CaptureQueriesContext(connection) as single:
        _recall(practitioner, person)
    _re_release(practitioner, person)
    referral_services.referral_transition(actor=caseworker, referral=one, target="in_treatment")
    _five_open_referrals(practitioner, caseworker, person)
    with django_assert_num_queries(len(single.captured_queries)):
        event = _recall(practitioner, person, recalled_on=RE_RELEASED)
    assert event.paused_referrals.count() == 6


def test_a_recall_pausing_five_referrals_takes_no_more_than_seventeen_queries(
    practitioner, caseworker, person, django_assert_max_num_queries
):
    # The access check and the person's lock are one query, the pauses share the recall's transaction
    # (no savepoint of their own), and each kind of row a recall writes goes in with one statement:
    # fifteen, and here two more for the savepoint the test's own transaction turns the recall's into.
    # More would be a round trip the recall regained. A prison Throughcare does not know, as in
    # bench/bench_continuity.py: a known one also gets its place in the team (prison_places tests).
    _five_open_referrals(practitioner, caseworker, person)
    with django_assert_max_num_queries(17):
        event = _recall(practitioner, person, prison=None, prison_name="HMP Elsewhere")
    assert event.paused_referrals.count() == 5


def test_recall_pauses_each_referral_with_its_own_audit_event_and_notices(practitioner, caseworker, person):
    from throughcare.core.audit import verify_chain
    from throughcare.notices.models import Notice

    referrals = _five_open_referrals(practitioner, caseworker, person)
    _recall(practitioner, person)
    audited = AuditEvent.objects.filter(verb="referral.transitioned", payload__to="paused")
    assert sorted(audited.values_list("target_id", flat=True)) == sorted(str(r.pk) for r in referrals)
    custody_notices = Notice.objects.filter(kind="returned_to_custody")
    assert custody_notices.count() == 10  # both sides of each referral
    assert AuditEvent.objects.filter(verb="notice.raised", payload__kind="returned_to_custody").count() == 5
    assert verify_chain().intact


@pytest.mark.parametrize(
    ("referrals", "requirements", "words"),
    [
        (1, 1, "1 referral and 1 requirement paused."),
        (0, 2, "0 referrals and 2 requirements paused."),
        (3, 0, "3 referrals and 0 requirements paused."),
    ],
)
def test_the_recall_message_counts_in_words_that_agree(referrals, requirements, words):
    from throughcare.continuity.custody.views import paused_message

    assert paused_message(referrals, requirements).startswith(words)
    assert "(s)" not in paused_message(referrals, requirements)
