"""Helpers for the journey tests: a person in custody or released, and referrals at each stage."""

from datetime import date

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.continuity.custody import recall as recall_services
from throughcare.continuity.custody import services
from throughcare.continuity.orders.services import RequirementDetails, order_create
from throughcare.people.tests.helpers import person_in
from throughcare.referrals import services as referral_services
from throughcare.referrals.tests.helpers import draft, submitted

RECEIVED = date(2025, 3, 1)
RELEASED = date(2025, 9, 1)
RECALLED = date(2025, 11, 1)
RE_RELEASED = date(2026, 1, 10)


def a_prison(**fields):
    return OrganisationFactory(kind="prison", **fields)


def released_person(practitioner, prison=None):
    """A person in the practitioner's team, received on RECEIVED and released on licence on RELEASED."""
    person = person_in(practitioner.current_organisation)
    services.custody_record_reception(
        actor=practitioner, person=person, prison=prison or a_prison(), reception_date=RECEIVED
    )
    services.custody_record_release(
        actor=practitioner, person=person, released_on=RELEASED, release_type="licence"
    )
    return person


def referral_at(state, practitioner, caseworker, service, person):
    """A referral from the practitioner to the caseworker's service, moved by the service to `state`."""
    if state == "draft":
        return draft(practitioner, service, person)
    referral = submitted(practitioner, service, person)
    moves = {
        "submitted": [],
        "acknowledged": ["acknowledged"],
        "waitlisted": ["waitlisted"],
        "accepted": ["accepted"],
        "assessment_booked": ["accepted", "assessment_booked"],
        "in_treatment": ["accepted", "assessment_booked", "in_treatment"],
        "completed": ["accepted", "assessment_booked", "in_treatment", "completed"],
    }[state]
    for target in moves:
        referral_services.referral_transition(actor=caseworker, referral=referral, target=target)
    return referral


def community_order(
    practitioner,
    person,
    *,
    provider_organisation=None,
    service=None,
    kinds=("mhtr_secondary",),
    **requirement,
):
    return order_create(
        actor=practitioner,
        person=person,
        kind="community_order",
        starts_on=date(2025, 10, 1),
        issued_by="Leeds Magistrates' Court",
        requirements=[
            RequirementDetails(
                kind=kind,
                service_id=str(service.pk) if service else None,
                provider_organisation=provider_organisation,
                **requirement,
            )
            for kind in kinds
        ],
    )


def requirement_treated_by(practitioner, provider_organisation):
    """An MHTR, treated by a service of `provider_organisation`, on the order of a person in the
    practitioner's team (for the access matrix)."""
    from throughcare.referrals.tests.helpers import service_of

    person = person_in(practitioner.current_organisation)
    order = community_order(practitioner, person, service=service_of(provider_organisation))
    return order.requirements.get()


def re_release_of(practitioner):
    """A re-release after recall of a person in the practitioner's team (for the access matrix)."""
    person = released_person(practitioner)
    recall_services.custody_recall(
        actor=practitioner, person=person, recalled_on=RECALLED, prison_name="HMP Hull"
    )
    return recall_services.custody_re_release(
        actor=practitioner, person=person, released_on=RE_RELEASED, release_type="licence"
    ).event
