import pytest

from throughcare.core.permissions import Role
from throughcare.directory.tests.factories import vocabulary_terms
from throughcare.referrals.tests.helpers import service_of


@pytest.fixture
def caseworker(make_user):
    return make_user(Role.PROVIDER_CASEWORKER)


@pytest.fixture
def open_door(caseworker):
    """A public service of the caseworker's organisation that takes self-referrals."""
    service = service_of(caseworker.current_organisation, name="Open Door Talking")
    service.terms.set(vocabulary_terms(referral_route=["self"]))
    return service
