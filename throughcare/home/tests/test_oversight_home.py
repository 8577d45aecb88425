"""Commissioners' and administrators' home: their area's aggregates, organisations and the audit trail."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from throughcare.accounts.services import organisation_set_commissioning_areas
from throughcare.accounts.tests.factories import OrganisationFactory, UserFactory
from throughcare.core.permissions import OrganisationKind, Role
from throughcare.geography.models import Icb
from throughcare.home.oversight import commissioning_area
from throughcare.insight import summary
from throughcare.insight.areas import Level

pytestmark = pytest.mark.django_db


def home_of(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def covering_icb(code: str = "E54000057", **fields):
    """A commissioning organisation an administrator set to cover one ICB (ADR 35)."""
    organisation = OrganisationFactory(kind=OrganisationKind.COMMISSIONER, **fields)
    organisation_set_commissioning_areas(
        actor=None, organisation=organisation, coverage="icb", area_codes=[code]
    )
    return organisation


def test_a_commissioners_area_is_the_first_its_organisation_commissions_for():
    icb = Icb.objects.create(code="E54000057", name="NHS Somewhere Integrated Care Board")
    # Named after the ICB, but not set to cover it: the name no longer decides (ADR 35).
    unset = OrganisationFactory(kind=OrganisationKind.COMMISSIONER, code="icb-e54000057", name=icb.name)
    national = OrganisationFactory(kind=OrganisationKind.COMMISSIONER, name="NHS England")
    organisation_set_commissioning_areas(
        actor=None, organisation=national, coverage="national", area_codes=[]
    )
    assert commissioning_area(covering_icb()).level is Level.ICB
    assert commissioning_area(covering_icb()).name == icb.name
    assert commissioning_area(unset).is_england
    assert commissioning_area(national).is_england


def test_commissioner_home_links_each_figure_to_insight_for_their_area(make_user):
    Icb.objects.create(code="E54000057", name="NHS Somewhere Integrated Care Board")
    organisation = covering_icb()
    page = home_of(make_user(Role.COMMISSIONER, organisation=organisation))
    assert "NHS Somewhere Integrated Care Board: the last 12 months" in page
    assert f"{reverse('insight:waits')}?level=icb" in page
    assert "area=E54000057" in page
    assert reverse("insight:funding") in page


def test_commissioner_home_never_shows_a_small_count(make_user, referrer, service):
    from throughcare.directory.models import ServiceCoverage
    from throughcare.geography.models import LocalAuthority
    from throughcare.referrals.tests.helpers import submitted

    icb = Icb.objects.create(code="E54000057", name="NHS Somewhere Integrated Care Board")
    LocalAuthority.objects.create(code="E06000015", name="Derby", icb=icb)
    ServiceCoverage.objects.create(service=service, local_authority_code="E06000015")
    for _ in range(3):
        submitted(referrer, service)
    organisation = covering_icb()
    page = home_of(make_user(Role.COMMISSIONER, organisation=organisation))
    figures = page[page.index("govuk-summary-list") :]
    assert '<dd class="govuk-summary-list__value">*</dd>' in figures
    assert '<dd class="govuk-summary-list__value">3</dd>' not in figures


def test_administrator_home_shows_organisations_users_and_the_last_chain_check(make_user, monkeypatch):
    import throughcare.core.audit as audit

    def whole_chain(*args, **kwargs):
        raise AssertionError("home must not walk the whole audit chain")

    monkeypatch.setattr(audit, "verify_chain", whole_chain)
    UserFactory(full_name="Nobody Placed")
    page = home_of(make_user(Role.ADMINISTRATOR))
    assert "Active organisations" in page
    assert "Users with no organisation" in page
    assert "The chain has not been checked yet" in page
    call_command("audit_seal")
    call_command("audit_verify")
    assert "found the chain intact" in home_of(make_user(Role.ADMINISTRATOR))


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADMINISTRATOR])
def test_oversight_home_query_count_is_constant(role, make_user, django_assert_max_num_queries):
    user = make_user(role)
    for _ in range(5):
        OrganisationFactory()
        UserFactory()
    client = Client()
    client.force_login(user)
    summary.catch_up()  # insight's kept facts current, as the scheduled refresh keeps them (ADR 41)
    # Session and user, the area, the figures (one query, or two with the kept version), funding, and
    # for administrators the counts and the chain's length: the same however many rows there are.
    with django_assert_max_num_queries(14):
        assert client.get(reverse("core:home")).status_code == 200
