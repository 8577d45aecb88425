"""ADR 35: administrators set, on the organisation's pages, the areas a commissioning organisation covers;
the model checks them against the gazetteer, and each change is audited."""

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.accounts.services import organisation_set_commissioning_areas
from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import OrganisationKind, Role
from throughcare.core.validation import model_errors
from throughcare.insight.tests.helpers import ICB_A, ICB_B, LA_A1, build_areas

pytestmark = pytest.mark.django_db


@pytest.fixture
def icb(db):
    build_areas()
    return OrganisationFactory(kind=OrganisationKind.COMMISSIONER, name="Demo ICB commissioning")


@pytest.fixture
def admin_client(make_user):
    client = Client()
    client.force_login(make_user(Role.ADMINISTRATOR))
    return client


def _areas_url(organisation) -> str:
    return reverse("accounts:organisation-areas", args=[organisation.id])


def test_an_administrator_sets_the_icbs_an_organisation_covers(admin_client, icb):
    response = admin_client.post(
        _areas_url(icb),
        {"commissioning_coverage": "icb", "commissioning_area_codes": f"{ICB_A.lower()}, {ICB_B}"},
    )
    assert response.status_code == 302
    icb.refresh_from_db()
    assert (icb.commissioning_coverage, icb.commissioning_area_codes) == ("icb", [ICB_A, ICB_B])
    event = AuditEvent.objects.get(verb="organisation.commissioning_areas_changed")
    assert event.payload == {
        "from": {"coverage": "", "areas": []},
        "to": {"coverage": "icb", "areas": [ICB_A, ICB_B]},
    }
    page = admin_client.get(reverse("accounts:organisation-detail", args=[icb.id])).content.decode()
    assert f"Greater Manchester ICB ({ICB_A})" in page


def test_every_problem_is_named_in_govuk_words_and_nothing_is_written(admin_client, icb):
    cases = {
        ("icb", "E54999999"): "There is no ICB with the code E54999999",
        ("icb", ""): "Enter the code of each ICB the organisation covers",
        ("local_authority", ICB_A): f"There is no local authority with the code {ICB_A}",
        ("galaxy", ""): "Choose what the organisation commissions for from the list",
    }
    for (coverage, codes), message in cases.items():
        response = admin_client.post(
            _areas_url(icb), {"commissioning_coverage": coverage, "commissioning_area_codes": codes}
        )
        assert response.status_code == 422, (coverage, codes)
        assert message in response.content.decode(), (coverage, codes)
        assert "govuk-error-summary" in response.content.decode()
    icb.refresh_from_db()
    assert icb.commissioning_coverage == ""
    assert not AuditEvent.objects.filter(verb="organisation.commissioning_areas_changed").exists()


def test_the_model_refuses_area_codes_without_areas_to_cover(icb):
    icb.commissioning_area_codes = [ICB_A]
    assert model_errors(icb) == {
        "commissioning_area_codes": "Leave the area codes empty unless the organisation covers areas"
    }


def test_a_national_organisation_keeps_no_area_codes(icb):
    organisation_set_commissioning_areas(
        actor=None, organisation=icb, coverage="national", area_codes=[LA_A1]
    )
    icb.refresh_from_db()
    assert (icb.commissioning_coverage, icb.commissioning_area_codes) == ("national", [])


def test_an_organisation_without_commissioners_covers_no_areas(admin_client):
    build_areas()
    probation = OrganisationFactory(kind=OrganisationKind.PROBATION)
    response = admin_client.post(
        _areas_url(probation), {"commissioning_coverage": "icb", "commissioning_area_codes": ICB_A}
    )
    assert response.status_code == 422
    assert "Only an organisation with commissioners covers areas" in response.content.decode()
    page = admin_client.get(reverse("accounts:organisation-detail", args=[probation.id])).content.decode()
    assert _areas_url(probation) not in page


def test_saving_the_same_areas_again_records_nothing(icb):
    for _ in range(2):
        organisation_set_commissioning_areas(actor=None, organisation=icb, coverage="icb", area_codes=[ICB_A])
    assert AuditEvent.objects.filter(verb="organisation.commissioning_areas_changed").count() == 1
