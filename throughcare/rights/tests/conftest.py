import pytest

from throughcare.appointments.tests.helpers import accepted, booked
from throughcare.core.permissions import Role


@pytest.fixture
def dpo(make_user, referrer):
    """The data protection officer of the referring (lead) organisation."""
    return make_user(Role.DPO, organisation=referrer.current_organisation)


@pytest.fixture
def supported(referrer, receiver, service):
    """A person with a referral accepted by the receiver and an appointment booked: records in many tables."""
    referral = accepted(referrer, receiver, service)
    booked(receiver, referral)
    return referral.person
