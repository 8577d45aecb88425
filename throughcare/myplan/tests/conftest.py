import pytest

from throughcare.core.permissions import Role
from throughcare.referrals.tests.helpers import service_of


@pytest.fixture
def practitioner(make_user):
    return make_user(Role.PRACTITIONER)


@pytest.fixture
def caseworker(make_user):
    return make_user(Role.PROVIDER_CASEWORKER)


@pytest.fixture
def service(caseworker):
    return service_of(caseworker.current_organisation)
