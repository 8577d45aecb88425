"""The kept referral facts (ADR 41) never drift from the referrals: after random histories and random
changes, each caught up on the way, they equal the facts worked out afresh from the moves, and the
figures read from them equal each view's own query over the raw referrals."""

import datetime
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from throughcare.appointments.models import Appointment
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.models import AuditEvent
from throughcare.insight import summary
from throughcare.insight.areas import Level
from throughcare.insight.models import ReferralFacts
from throughcare.insight.queries.common import cohort, decline_reason, people_placed_by_service, was_accepted
from throughcare.insight.queries.declines import decisions_and_declines, outside_criteria_by_rule
from throughcare.insight.queries.equity import journeys_by_group, journeys_by_group_and_gender
from throughcare.insight.queries.facts import cohort_figures
from throughcare.insight.queries.missing_middle_index import missing_middle_of
from throughcare.insight.queries.provision import _people_by_child
from throughcare.insight.queries.release_forecast import decision_days_by_tier
from throughcare.insight.queries.waits import access
from throughcare.insight.tests.helpers import ICB_A, LA_A1, LA_A2, LA_B1, at, referrals, service_in
from throughcare.people.models import Person
from throughcare.referrals.models import OutsideCriteria, Referral, ReferralTransition
from throughcare.referrals.reasons import ReasonCode

START = datetime.date(2025, 4, 1)
STATES = ("submitted", "accepted", "declined", "completed", "withdrawn", "paused", "waitlisted")
MOVES = ("accepted", "declined", "waitlisted", "assessment_booked")
REASONS = ("", ReasonCode.OUTSIDE_CRITERIA_NEEDS_TOO_HIGH, ReasonCode.OUTSIDE_CRITERIA_NEEDS_TOO_LOW)
STATUSES = ("booked", "attended", "attended_late", "did_not_attend")


def _day(rng) -> datetime.date:
    return START + datetime.timedelta(days=rng.randrange(420))  # some after the period too


def _random_referrals(rng, services, count):
    made = []
    for _ in range(count):
        home = rng.choice(("", LA_A1, LA_A2, LA_B1))
        made += referrals(
            rng.choice(services),
            1,
            state=rng.choice(STATES),
            ethnicity=rng.choice(("", "white_british", "black_african", "asian_indian")),
            gender=rng.choice(("woman", "man", "non_binary", "prefer_not_to_say", "not_known")),
            submitted_on=_day(rng),
            home=home,
            home_country="" if home else rng.choice(("", "WLS")),
        )
    # Some people have several referrals, so people are counted once however many they have.
    people = list(Person.objects.filter(referrals__in=made))
    for referral in rng.sample(made, len(made) // 3):
        referral.person = rng.choice(people)
        referral.save(update_fields=["person", "updated_at"])
    for referral in rng.sample(made, len(made) // 4):  # sent outside one or two of the rules
        for rule in rng.sample(("age", "womens_pathway", "substance_use"), rng.randint(1, 2)):
            OutsideCriteria.objects.create(
                referral=referral,
                rule_code=rule,
                rule_text="As the referrer was shown it",
                recorded_by=referral.created_by,
                recorded_at=referral.submitted_at,
            )
    return made


def _random_changes(rng, made, count):
    """Moves, state changes and appointments, as the referral and appointment services make them."""
    for referral in rng.sample(made, count):
        to_state = rng.choice(MOVES)
        ReferralTransition.objects.create(
            referral=referral,
            from_state=referral.state,
            to_state=to_state,
            side="receiver",
            reason_code=rng.choice(REASONS) if to_state == "declined" else "",
            at=at(referral.submitted_at.date() + datetime.timedelta(days=rng.randrange(60))),
        )
        referral.state = rng.choice(STATES)
        referral.save()
        if rng.random() < 0.5:
            Appointment.objects.create(
                referral=referral,
                starts_at=timezone.now(),
                duration_minutes=30,
                mode="in_person",
                purpose="assessment",
                status=rng.choice(STATUSES),
                booked_by=referral.created_by,
            )
    for appointment in Appointment.objects.order_by("?")[:3]:
        appointment.status = rng.choice(STATUSES)
        appointment.save()


def _kept_rows() -> set:
    return set(
        ReferralFacts.objects.values_list(
            "referral_id", "accepted", "decided", "days_to_decision", "decline_reason", "seen"
        )
    )


def _afresh_rows() -> set:
    return {
        (id_, bool(accepted), bool(decided), None if days is None else int(days), reason, bool(seen))
        for id_, accepted, decided, days, reason, seen, _ in summary._facts_of(Referral.objects.all())
    }


def _raw_missing_middle(filters):
    rows = (
        cohort(filters)
        .annotate(accepted=was_accepted(), reason=decline_reason())
        .values_list("person_id", "service__tier", "reason", "accepted")
    )
    return missing_middle_of(rows)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kept_facts_equal_the_facts_worked_out_afresh_after_random_changes(filters_for, seed):
    rng = random.Random(seed)
    services = [
        service_in(LA_A1, tier="primary"),
        service_in(LA_A2, tier="specialist"),
        service_in(LA_B1, tier="secondary"),
        service_in(tier="wellbeing"),  # all of England
    ]
    made = _random_referrals(rng, services, 30)
    for round_ in range(4):
        if round_:
            _random_changes(rng, made, 8)
        for level, code in ((Level.ICB, ICB_A), (Level.ENGLAND, None)):
            # Each month's figures are kept from the round before, unless the changes touched it.
            filters = filters_for(level, code)
            shared = cohort_figures(filters)  # catches up first
            assert _kept_rows() == _afresh_rows()
            assert shared.access == access(filters)
            assert (shared.declines, shared.decisions) == decisions_and_declines(filters)
            assert shared.journeys == journeys_by_group(filters)
            assert shared.missing_middle == _raw_missing_middle(filters)
            assert shared.journeys_by_gender == journeys_by_group_and_gender(filters)
            assert shared.outside_criteria == outside_criteria_by_rule(filters)
            assert shared.people_by_child == _people_by_child(filters)
            assert shared.placed_by_service == people_placed_by_service(filters)
            assert shared.decision_days_by_tier == decision_days_by_tier(
                filters.area, filters.date_from, filters.date_to
            )


def test_the_refresh_works_out_again_a_change_stamped_before_the_last_catch_up(filters_for):
    """A change committed late, stamped before a catch-up recorded a newer one, is still caught up:
    each catch-up works out again the referrals stamped within GRACE before the watermark."""
    made = referrals(service_in(LA_A1), 2, state="submitted", submitted_on=START)
    summary.catch_up()
    filters = filters_for(Level.ICB, ICB_A)
    cohort_figures(filters)
    late = made[0]
    Referral.objects.filter(pk=late.pk).update(state="completed")  # as if committed after the stamp
    assert summary.freshness().is_current  # nothing newer to see
    assert _kept_rows() != _afresh_rows()
    assert cohort_figures(filters).access.funnel.completed == 0  # kept, as the facts are
    call_command("refresh_insight_facts", stdout=StringIO())
    assert _kept_rows() == _afresh_rows()
    assert cohort_figures(filters).access.funnel.completed == 1  # the late change's month read again


def test_rebuilding_builds_every_referrals_facts_from_scratch_and_is_recorded(filters_for):
    made = referrals(
        service_in(LA_A1), 3, state="declined", submitted_on=START, moves=[("declined", "", START)]
    )
    summary.catch_up()
    ReferralFacts.objects.filter(referral=made[0]).update(decline_reason="tampered")
    out = StringIO()
    call_command("rebuild_insight_facts", stdout=out)
    assert "Insight facts rebuilt for 3 referrals" in out.getvalue()
    assert _kept_rows() == _afresh_rows()
    assert AuditEvent.objects.filter(verb=AuditVerb.INSIGHT_FACTS_REBUILT, payload__referrals=3).exists()


def test_facts_not_yet_built_are_built_by_the_first_view(filters_for):
    referrals(service_in(LA_A1), 2, state="completed", submitted_on=START)
    assert summary.freshness().included is None or not summary.freshness().is_current
    assert cohort_figures(filters_for(Level.ICB, ICB_A)).access.funnel.submitted == 2
    assert summary.freshness().is_current
