import pytest

from throughcare.core.permissions import Role
from throughcare.referrals.tests.helpers import service_of


@pytest.fixture
def referrer(make_user):
    return make_user(Role.PRACTITIONER)


@pytest.fixture
def receiver(make_user):
    return make_user(Role.PROVIDER_CASEWORKER)


@pytest.fixture
def service(receiver):
    return service_of(receiver.current_organisation)
