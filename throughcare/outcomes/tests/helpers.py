"""Helpers for the outcome tests: referrals taken on by the service, and measures recorded on them."""

from datetime import date

from throughcare.outcomes import services
from throughcare.referrals import services as referral_services
from throughcare.referrals.states import ReferralState
from throughcare.referrals.tests.helpers import submitted

S = ReferralState
LOW_PHQ9 = [0, 0, 1, 0, 1, 0, 0, 0, 0]  # total 2, item 9 at zero
LOW_GAD7 = [0, 1, 0, 0, 1, 0, 0]  # total 2


def move(actor, referral, *targets, reason_code=""):
    for target in targets:
        referral_services.referral_transition(
            actor=actor, referral=referral, target=target, reason_code=reason_code
        )
    return referral


def in_treatment(referrer, receiver, service):
    """A referral the receiving service has accepted, assessed and started treating."""
    return move(receiver, submitted(referrer, service), S.ACCEPTED, S.ASSESSMENT_BOOKED, S.IN_TREATMENT)


def completed(referrer, receiver, service):
    return move(receiver, in_treatment(referrer, receiver, service), S.COMPLETED)


def ended_early(referrer, receiver, service):
    referral = in_treatment(referrer, receiver, service)
    return move(receiver, referral, S.ENDED_EARLY, reason_code="did_not_attend")


def record(
    receiver, referral, measure="PHQ-9", *, answers=None, total=None, on=date(2026, 3, 2), occasion="first"
):
    if answers is None and total is None:
        answers = {"PHQ-9": LOW_PHQ9, "GAD-7": LOW_GAD7, "CORE-10": [0] * 10}.get(measure)
    return services.outcome_record(
        actor=receiver,
        referral=referral,
        measure=measure,
        occasion=occasion,
        recorded_on=on,
        answers=answers,
        total=total,
    )


def write_summary(receiver, referral, **texts):
    values = {
        "offered": "Eight sessions of guided self-help.",
        "recommendations": "Keep in touch with the GP.",
        "next_steps": "None from us.",
    }
    values.update(texts)
    return services.summary_write(actor=receiver, referral=referral, **values)
