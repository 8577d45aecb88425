"""A few demonstration journeys, so that after `make run` each part of Throughcare has something to show.

Referrals at several stages (one waiting to be acknowledged, one with an assessment booked, one in
treatment with a PHQ-9), and someone in custody due for release with a release plan started. Each
is made through the ordinary services, as the demo users, so it is validated and audited and raises
the notices a real one would. Dates are relative to the day the demo is seeded.
"""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from throughcare.accounts.models import User
from throughcare.appointments import services as appointments
from throughcare.continuity import release_services
from throughcare.continuity import services as custody
from throughcare.directory.models import RiskLevel, Service
from throughcare.notices.models import Notice
from throughcare.outcomes import services as outcomes
from throughcare.people.models import Person
from throughcare.referrals import services as referrals
from throughcare.referrals.services import ReferralDetails
from throughcare.referrals.states import ReferralState

_S = ReferralState


def _first_service(owner_code: str) -> Service | None:
    """The owner's first active service with room to take someone on."""
    return (
        Service.objects.filter(organisation__owner__code=owner_code, status="active")
        .filter(Q(capacity_available__isnull=True) | Q(capacity_available__gt=0))
        .order_by("name")
        .first()
    )


def _sent(practitioner, person, service, **details) -> object:
    referral = referrals.referral_create_draft(
        actor=practitioner,
        person_id=person.pk,
        service_id=service.pk,
        details=ReferralDetails(
            reason_for_referral="Low mood and poor sleep since release; wants to talk to someone.",
            need_codes=["depression", "anxiety"],
            risk_summary="Low risk of harm to others. No current risk to self.",
            risk_to_self="None known.",
            gp_details="Registered with a practice near home.",
            medication="None.",
            current_substance_use="None.",
            contact_preferences="Through their probation practitioner, weekday afternoons.",
            # The same answers, structured, for the services' hard rules (referrals/eligibility.py).
            uses_substances=False,
            risk_to_others_level=RiskLevel.LOW,
            at_risk_to_self=False,
            **details,
        ),
    )
    referrals.consent_record(
        actor=practitioner,
        referral=referral,
        given_on=timezone.localdate(),
        how_obtained="verbal",
        shared_with=service.name,
        purposes="To be offered support for their mental health",
    )
    referrals.referral_submit(actor=practitioner, referral=referral)
    return referral


def _move(actor, referral, *targets) -> None:
    for target in targets:
        referrals.referral_transition(actor=actor, referral=referral, target=target)


def seed_demo_journeys(ctx, demo_email) -> None:
    users = {
        local: User.objects.get(email=demo_email(local))
        for local in ("practitioner", "navigator", "caseworker", "nhs-caseworker")
    }
    people = {person.family_name: person for person in Person.objects.filter(merged_into__isnull=True)}
    charity, trust = _first_service("demo-vcse"), _first_service("demo-nhs")
    if charity is None or trust is None or not {"Example", "Sample", "Placeholder"} <= people.keys():
        return  # a directory or caseload without the demo's own entries: nothing to hang journeys on
    practitioner, navigator = users["practitioner"], users["navigator"]

    # Waiting for the charity to acknowledge it.
    _sent(practitioner, people["Sample"], charity, interpreter_language="Somali")

    # Accepted by the charity, with the assessment booked for next week.
    assessed = _sent(practitioner, people["Example"], charity)
    _move(users["caseworker"], assessed, _S.ACKNOWLEDGED, _S.ACCEPTED)
    next_week = timezone.localdate() + timedelta(days=7)
    appointments.appointment_book(
        actor=users["caseworker"],
        referral=assessed,
        starts_at=timezone.make_aware(datetime.combine(next_week, time(14, 0))),
        duration_minutes=60,
        mode="in_person",
        purpose="assessment",
        location="Harbour Minds drop-in centre",
    )

    # In treatment with the NHS trust, with a first PHQ-9.
    treated = _sent(practitioner, people["Example"], trust)
    _move(users["nhs-caseworker"], treated, _S.ACCEPTED, _S.ASSESSMENT_BOOKED, _S.IN_TREATMENT)
    outcomes.outcome_record(
        actor=users["nhs-caseworker"],
        referral=treated,
        measure="PHQ-9",
        occasion="first",
        recorded_on=timezone.localdate(),
        answers=[2, 2, 1, 2, 1, 1, 1, 0, 0],
    )

    # In custody at the demo prison, due out in three weeks, with the release plan started.
    in_custody = people["Placeholder"]
    custody.custody_record_reception(
        actor=navigator,
        person=in_custody,
        reception_date=timezone.localdate() - timedelta(days=120),
        prison=navigator.current_organisation,
        expected_release_date=timezone.localdate() + timedelta(weeks=3),
    )
    release_services.release_plan_start(actor=navigator, person=in_custody)
    # The demo's addresses are fictional: its notices show in Throughcare but are never emailed.
    Notice.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())
    ctx.counts["demo journeys"] = 4
