"""ADR 35: a commissioner's insight covers the areas their organisation commissions for, the areas inside
them and England totals; a national organisation's covers every area. (The refusal of another ICB's area
is in the access matrix test.)"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.accounts.models import CommissioningCoverage
from throughcare.accounts.services import organisation_set_commissioning_areas, token_issue
from throughcare.accounts.tests.factories import MembershipFactory, OrganisationFactory
from throughcare.core.permissions import Role
from throughcare.insight.areas import Level
from throughcare.insight.catalogue import ENGLAND_TOTALS_ONLY
from throughcare.insight.coverage import NOT_SET
from throughcare.insight.tests.helpers import ICB_A, ICB_B, LA_A1, PDU_A, service_in
from throughcare.matching.models import UnmetNeed

pytestmark = pytest.mark.django_db


def commissioner_covering(coverage: str, codes=()):
    organisation = OrganisationFactory(kind="commissioner")
    organisation_set_commissioning_areas(
        actor=None, organisation=organisation, coverage=coverage, area_codes=list(codes)
    )
    return MembershipFactory(organisation=organisation, role=Role.COMMISSIONER).user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user) -> Client:
    secret = token_issue(actor=None, user=user, name="test").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def icb_a(areas):
    return commissioner_covering("icb", [ICB_A])


def test_the_coverage_kinds_are_insights_levels_below_england():
    assert set(CommissioningCoverage.values) == {"national"} | {level.value for level in Level} - {"england"}


def test_a_commissioner_starts_at_their_own_icb(icb_a):
    page = signed_in(icb_a).get(reverse("insight:waits")).content.decode()
    assert "Greater Manchester ICB," in page  # the caption names the area shown
    body = api(icb_a).get(reverse("api:insight_view", kwargs={"view": "waits"})).json()
    assert body["filters"]["area"] == ICB_A


def test_areas_inside_their_own_are_theirs(icb_a):
    client = signed_in(icb_a)
    assert client.get(reverse("insight:waits"), {"level": "pdu", "area": PDU_A}).status_code == 200
    assert (
        client.get(reverse("insight:waits"), {"level": "local_authority", "area": LA_A1}).status_code == 200
    )


def test_england_comes_as_totals_without_each_icbs_row(icb_a, areas):
    UnmetNeed.objects.create(
        recorded_on=datetime.date.today(), local_authority_code=LA_A1, need_codes=["psychosis"]
    )
    service_in(LA_A1)
    england = {"level": "england"}
    page = signed_in(icb_a).get(reverse("insight:provision"), england).content.decode()
    figures = page.split("insight-filters", 1)[1].split("</form>", 1)[
        1
    ]  # after the filters, which list their own ICB
    assert "Buckinghamshire ICB" not in page
    assert "Greater Manchester ICB" not in figures
    assert ENGLAND_TOTALS_ONLY in page
    body = api(icb_a).get(reverse("api:insight_view", kwargs={"view": "missing-middle"}), england).json()
    assert [row["label"] for row in body["tables"]["unmet"]["rows"]] == ["All areas"]
    assert ENGLAND_TOTALS_ONLY in body["notes"]

    national = commissioner_covering("national")
    page = signed_in(national).get(reverse("insight:provision"), england).content.decode()
    assert "Buckinghamshire ICB" in page
    assert ENGLAND_TOTALS_ONLY not in page
    body = api(national).get(reverse("api:insight_view", kwargs={"view": "missing-middle"}), england).json()
    assert "Greater Manchester ICB" in [row["label"] for row in body["tables"]["unmet"]["rows"]]


def test_a_national_organisation_sees_every_area_and_starts_at_england(areas):
    national = commissioner_covering("national")
    client = signed_in(national)
    assert client.get(reverse("insight:waits"), {"level": "icb", "area": ICB_B}).status_code == 200
    assert "England," in client.get(reverse("insight:waits")).content.decode()


def test_a_commissioner_whose_areas_are_not_set_sees_england_totals_only(areas):
    unset = commissioner_covering("")
    client = signed_in(unset)
    page = client.get(reverse("insight:overview")).content.decode()
    assert NOT_SET in page
    assert client.get(reverse("insight:waits"), {"level": "icb", "area": ICB_A}).status_code == 404


def test_provider_managers_filter_their_own_services_by_any_area(client_for, areas):
    manager = client_for(Role.PROVIDER_MANAGER)
    assert manager.get(reverse("insight:waits"), {"level": "icb", "area": ICB_B}).status_code == 200
