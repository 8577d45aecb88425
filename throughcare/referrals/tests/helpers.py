"""Helpers for the referral tests: a service a provider receives referrals for, and referrals to it."""

from datetime import date

from throughcare.directory.tests.factories import DirectoryOrganisationFactory, ServiceFactory
from throughcare.people.tests.helpers import person_in
from throughcare.referrals import services
from throughcare.referrals.services import ReferralDetails


def service_of(organisation, **fields):
    """A service whose directory entry `organisation` owns, so it receives referrals through Throughcare."""
    return ServiceFactory(organisation=DirectoryOrganisationFactory(owner=organisation), **fields)


def complete_details(**overrides) -> ReferralDetails:
    values = {
        "reason_for_referral": "Low mood since release; wants to talk to someone.",
        "need_codes": ["depression"],
        "risk_summary": "Low risk to others; no current risk to self.",
        "contact_preferences": "Phone, afternoons.",
    }
    values.update(overrides)
    return ReferralDetails(**values)


def draft(referrer, service, person=None, **details):
    person = person or person_in(referrer.current_organisation)
    return services.referral_create_draft(
        actor=referrer, person_id=person.pk, service_id=service.pk, details=complete_details(**details)
    )


def give_consent(referrer, referral):
    return services.consent_record(
        actor=referrer,
        referral=referral,
        given_on=date(2026, 1, 5),
        how_obtained="verbal",
        shared_with="The receiving service",
        purposes="To offer support",
    )


def submitted(referrer, service, person=None, **details):
    referral = draft(referrer, service, person, **details)
    give_consent(referrer, referral)
    services.referral_submit(actor=referrer, referral=referral)
    return referral
