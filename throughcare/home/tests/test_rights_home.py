"""The data protection officer's home: the way into rights requests, and no API tokens offered."""

import pytest
from django.urls import reverse

from throughcare.core.permissions import Role
from throughcare.home.tests.test_home import home_of
from throughcare.people.tests.helpers import person_in

pytestmark = pytest.mark.django_db


def test_a_dpo_home_leads_to_the_rights_requests_of_the_people_their_organisation_holds(make_user):
    dpo = make_user(Role.DPO)
    assert "Your organisation holds nobody&#x27;s record yet." in home_of(dpo)
    person_in(dpo.current_organisation)
    person_in(dpo.current_organisation)
    page = home_of(dpo)
    assert "People whose records your organisation holds" in page
    assert "(2)" in page
    assert f'href="{reverse("rights:search")}"' in page


def test_api_tokens_are_offered_only_to_roles_that_may_use_the_api(make_user):
    tokens = f'href="{reverse("accounts:token-list")}"'
    assert tokens not in home_of(make_user(Role.DPO))
    assert tokens in home_of(make_user(Role.PRACTITIONER))
