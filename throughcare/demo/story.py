"""Steps of a demo journey, each one an ordinary service call made as a demo user at a past moment.

Every step runs on the demo clock (`clock.clock_at`), so a referral sent five weeks ago really was
submitted then: its deadlines, history, notices and audit events say so. Days are counted back from
the real today (negative: in the future). A journey calls its steps in the order they happened.
"""

from datetime import timedelta

from throughcare.appointments import services as appointments
from throughcare.continuity.custody import recall
from throughcare.continuity.custody import services as custody
from throughcare.continuity.orders.services import RequirementDetails, order_create
from throughcare.continuity.release import services as release_services
from throughcare.demo.clock import clock_at, day, moment
from throughcare.directory.models import RiskLevel
from throughcare.geography.models import Pdu
from throughcare.outcomes import services as outcomes
from throughcare.referrals import services as referrals
from throughcare.referrals.services import ReferralDetails
from throughcare.referrals.states import ReferralState

_S = ReferralState

DEFAULT_DETAILS = {
    "risk_summary": "Low risk of serious harm to others (OASys). No current concerns about risk to children.",
    "risk_to_self": "No current thoughts of self-harm; one overdose in 2019, none since.",
    "gp_details": "Registered with a practice near home.",
    "medication": "None.",
    "current_substance_use": "None reported.",
    # The same answers, structured, for the services' hard rules (referrals/eligibility.py).
    "uses_substances": False,
    "risk_to_others_level": RiskLevel.LOW,
    "at_risk_to_self": False,
}


def send(referrer, person, service, days_ago: int, reason: str, needs: list[str], **details):
    """Drafted, consented to and submitted on one day, as most referrals are."""
    with clock_at(moment(days_ago, 9, 30)):
        referral = draft(referrer, person, service, reason, needs, **details)
        referrals.consent_record(
            actor=referrer,
            referral=referral,
            given_on=day(days_ago),
            how_obtained="verbal" if days_ago % 2 else "written",
            shared_with=f"{service.name} and {referrer.current_organisation.name}",
            purposes="To be offered support for their mental health and to keep the referrer updated",
        )
        referrals.referral_submit(actor=referrer, referral=referral)
    return referral


def draft(referrer, person, service, reason: str, needs: list[str], **details):
    values = DEFAULT_DETAILS | {
        "contact_preferences": person.get_contact_preference_display()
        or "Through their probation practitioner",
        "interpreter_language": person.interpreter_language,
    }
    return referrals.referral_create_draft(
        actor=referrer,
        person_id=person.pk,
        service_id=service.pk,
        details=ReferralDetails(reason_for_referral=reason, need_codes=needs, **(values | details)),
    )


def move(actor, referral, target, days_ago: int, hour: int = 11, **kwargs) -> None:
    with clock_at(moment(days_ago, hour)):
        referrals.referral_transition(actor=actor, referral=referral, target=target, **kwargs)


def book(actor, referral, days_ago: int, *, starts_in_days_ago: int, hour: int = 14, purpose="treatment"):
    """Booked on one day for a later one; booking on an accepted referral books the assessment."""
    with clock_at(moment(days_ago, 16)):
        return appointments.appointment_book(
            actor=actor,
            referral=referral,
            starts_at=moment(starts_in_days_ago, hour),
            duration_minutes=60 if purpose == "assessment" else 50,
            mode="in_person" if hour < 16 else "video",
            purpose=purpose,
            location="" if hour >= 16 else f"{referral.service.name}, ground floor interview room",
        )


def attend(actor, appointment, outcome: str = "attended", reason: str = "", note: str = "") -> None:
    """Recorded an hour after it started, as a caseworker would between sessions."""
    with clock_at(appointment.starts_at + timedelta(hours=1)):
        appointments.appointment_record_attendance(
            actor=actor, appointment=appointment, outcome=outcome, non_attendance_reason=reason, note=note
        )


def sessions(actor, referral, days_ago: list[int], *, missed: tuple[int, ...] = ()) -> None:
    """Weekly sessions that happened: each booked a week before and attended (or missed)."""
    for n, when in enumerate(days_ago):
        appointment = book(actor, referral, when + 7, starts_in_days_ago=when, hour=10 + n % 5)
        if n in missed:
            attend(actor, appointment, "did_not_attend", "no_reason_given")
        else:
            attend(actor, appointment, "attended_late" if n == 2 else "attended")


def measure(actor, referral, code: str, occasion: str, days_ago: int, answers: list[int]) -> None:
    with clock_at(moment(days_ago, 15)):
        outcomes.outcome_record(
            actor=actor,
            referral=referral,
            measure=code,
            occasion=occasion,
            recorded_on=day(days_ago),
            answers=answers,
        )


def summarise(actor, referral, days_ago: int, offered: str, recommendations: str, next_steps: str) -> None:
    with clock_at(moment(days_ago, 16)):
        outcomes.summary_write(
            actor=actor,
            referral=referral,
            offered=offered,
            recommendations=recommendations,
            next_steps=next_steps,
        )


def received(actor, person, days_ago: int, prison, release_in_days: int):
    with clock_at(moment(days_ago, 18)):
        return custody.custody_record_reception(
            actor=actor,
            person=person,
            reception_date=day(days_ago),
            prison=prison if not isinstance(prison, str) else None,
            prison_name=prison if isinstance(prison, str) else "",
            expected_release_date=day(-release_in_days),
        )


def released(actor, person, days_ago: int, release_type: str = "licence") -> None:
    with clock_at(moment(days_ago, 9)):
        custody.custody_record_release(
            actor=actor, person=person, released_on=day(days_ago), release_type=release_type
        )


def recalled(actor, person, days_ago: int, prison, release_in_days: int) -> None:
    with clock_at(moment(days_ago, 17)):
        recall.custody_recall(
            actor=actor,
            person=person,
            recalled_on=day(days_ago),
            prison=prison,
            expected_release_date=day(-release_in_days),
        )


def re_released(actor, person, days_ago: int) -> None:
    with clock_at(moment(days_ago, 9)):
        recall.custody_re_release(
            actor=actor, person=person, released_on=day(days_ago), release_type="licence"
        )


def plan(actor, person, days_ago: int, done: dict[str, dict]) -> None:
    """Start the release plan, then settle the items in `done` (kind -> what was arranged)."""
    with clock_at(moment(days_ago, 11)):
        items = {item.kind: item for item in release_services.release_plan_start(actor=actor, person=person)}
        for kind, change in done.items():
            release_services.release_plan_item_update(
                actor=actor,
                item=items[kind],
                change=release_services.ItemChange(owner_side=items[kind].owner_side, **change),
            )


def community_order(
    actor, person, days_ago: int, kind: str, service, *, court: str, pdu_code: str, started: bool
):
    """A community order made in the delivery unit `pdu_code`, with one treatment requirement at
    `service` (first seen a fortnight on, if `started`)."""
    with clock_at(moment(days_ago, 12)):
        return order_create(
            actor=actor,
            person=person,
            kind="community_order",
            starts_on=day(days_ago),
            ends_on=day(days_ago - 365),
            issued_by=court,
            pdu=Pdu.objects.filter(code=pdu_code).first(),
            requirements=[
                RequirementDetails(
                    kind=kind,
                    service_id=service.pk,
                    ends_on=day(days_ago - 180),
                    first_appointment_on=day(days_ago - 14) if started else None,
                )
            ],
        )
