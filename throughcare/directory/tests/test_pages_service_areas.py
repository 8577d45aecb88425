"""Choosing where a service is available by the names of areas: add, remove, regions, typed names."""

import pytest
from django.urls import reverse

from throughcare.core.models import AuditEvent
from throughcare.directory.forms.areas import AREA_CODE_FIELDS, CHOOSABLE_KINDS, REGION_PARTS
from throughcare.directory.models import ServiceCoverage
from throughcare.directory.tests.test_pages_support import (
    add_service,
    manager_of,
    provider,
    service_form_data,
)
from throughcare.geography.models import Icb, LocalAuthorityIcb
from throughcare.geography.selectors import AreaType
from throughcare.geography.tests.conftest import geography, geography_dir  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geography")]

LEEDS = "E08000035"
WEST_YORKSHIRE_ICB = "E54000054"
NORTH_EAST_AND_YORKSHIRE = "E40000012"


@pytest.fixture
def ours():
    return provider("Harbour Minds")


@pytest.fixture
def manager(client, make_user, ours):
    client.force_login(manager_of(make_user, ours[0]))
    return client


@pytest.fixture
def service(ours):
    return add_service(ours[1], name="Recovery group", radius_miles=10, capacity_unit="places")


def areas_page(service) -> str:
    return reverse("directory:service-areas", args=[service.id])


def test_every_kind_of_area_is_either_stored_or_stored_as_its_parts():
    assert set(CHOOSABLE_KINDS) == set(AreaType)
    assert set(AREA_CODE_FIELDS) | set(REGION_PARTS) == set(AreaType)
    assert not set(AREA_CODE_FIELDS) & set(REGION_PARTS)


def test_the_areas_page_lists_the_covered_areas_by_name_with_remove_buttons(manager, service):
    service.local_authorities.set([LEEDS])
    service.icbs.set([WEST_YORKSHIRE_ICB])

    page = manager.get(areas_page(service)).content.decode()

    assert '<dt class="govuk-summary-list__key">Leeds</dt>' in page
    assert "NHS West Yorkshire Integrated Care Board</dt>" in page
    assert f'name="remove_area" value="local_authority:{LEEDS}"' in page
    assert f'<input type="hidden" name="icb_codes" value="{WEST_YORKSHIRE_ICB}"' in page
    assert 'type="checkbox" name="local_authority_codes"' not in page  # no box per authority any more
    assert '<option value="pdu:N55LEE">Leeds (probation delivery unit)</option>' in page


def test_the_areas_page_reads_in_a_fixed_number_of_queries(manager, service, django_assert_max_num_queries):
    service.local_authorities.set([LEEDS])
    with django_assert_max_num_queries(20):
        assert manager.get(areas_page(service)).status_code == 200


def test_adding_a_chosen_area_is_a_step_that_saves_nothing(manager, service):
    response = manager.post(
        areas_page(service), {"area": f"local_authority:{LEEDS}", "add_area": "yes", "radius_miles": "x"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" not in page  # the unfinished distance is not judged on a step
    assert f'<input type="hidden" name="local_authority_codes" value="{LEEDS}"' in page
    assert " selected>" not in page  # the box is empty again
    assert not service.local_authorities.exists()
    assert not AuditEvent.objects.filter(verb="directory.service_updated").exists()


def test_a_name_typed_without_picking_a_suggestion_is_matched_by_name(manager, service):
    response = manager.post(
        areas_page(service), {"area": "", "area_name": "  leeds (LOCAL authority) ", "add_area": "yes"}
    )

    assert f'name="local_authority_codes" value="{LEEDS}"' in response.content.decode()


def test_a_name_that_matches_no_area_says_so_and_suggests_the_nearest(manager, service):
    response = manager.post(areas_page(service), {"area_name": "Leds", "add_area": "yes"})

    page = response.content.decode()
    assert response.status_code == 422
    assert "There is no area called “Leds”: did you mean Leeds (local authority)" in page
    assert 'href="#id_area"' in page


def test_add_with_nothing_chosen_asks_for_an_area(manager, service):
    response = manager.post(areas_page(service), {"area": "", "add_area": "yes"})

    assert "Choose an area to add" in response.content.decode()


def test_removing_an_area_takes_it_off_the_list(manager, service):
    data = {
        "local_authority_codes": [LEEDS],
        "icb_codes": [WEST_YORKSHIRE_ICB],
        "remove_area": f"icb:{WEST_YORKSHIRE_ICB}",
    }

    page = manager.post(areas_page(service), data).content.decode()

    assert f'value="{WEST_YORKSHIRE_ICB}"' not in page
    assert f'name="local_authority_codes" value="{LEEDS}"' in page


def test_choosing_an_nhs_region_covers_every_authority_in_it_once_saved(manager, service):
    region_icbs = set(Icb.objects.filter(nhs_region=NORTH_EAST_AND_YORKSHIRE).values_list("code", flat=True))
    region_authorities = set(
        LocalAuthorityIcb.objects.filter(icb__in=region_icbs).values_list("local_authority", flat=True)
    )

    response = manager.post(
        areas_page(service),
        {"area": f"nhs_region:{NORTH_EAST_AND_YORKSHIRE}", "radius_miles": "10"},  # Save, without Add first
    )

    assert response.status_code == 302
    assert set(service.icbs.values_list("code", flat=True)) == region_icbs
    covered = set(
        ServiceCoverage.objects.filter(service=service).values_list("local_authority_code", flat=True)
    )
    assert covered == region_authorities
    assert LEEDS in covered


def test_saving_the_areas_page_changes_only_where_it_is_available(manager, service):
    response = manager.post(
        areas_page(service), {"local_authority_codes": [LEEDS], "covers_england": "on", "radius_miles": ""}
    )

    service.refresh_from_db()
    assert response.status_code == 302
    assert (service.covers_england, service.radius_miles) == (True, None)
    assert list(service.local_authorities.values_list("code", flat=True)) == [LEEDS]
    assert (service.name, service.capacity_unit) == ("Recovery group", "places")
    assert AuditEvent.objects.filter(verb="directory.service_updated", target_id=str(service.id)).exists()


def test_saving_nowhere_at_all_is_refused_in_words(manager, service):
    response = manager.post(areas_page(service), {"radius_miles": ""})

    page = response.content.decode()
    assert response.status_code == 422
    assert page.count("Say where the service is available") == 2
    assert 'href="#id_covers_england"' in page
    service.refresh_from_db()
    assert service.radius_miles == 10


def test_another_organisations_areas_page_answers_404(manager):
    theirs = add_service(provider("Another Charity")[1], name="Their group", covers_england=True)

    assert manager.get(areas_page(theirs)).status_code == 404


def test_the_service_page_adds_an_area_as_a_step_keeping_what_was_typed(manager):
    data = service_form_data(
        name="", description="Half written", area=f"icb:{WEST_YORKSHIRE_ICB}", add_area="yes"
    )

    page = manager.post(reverse("directory:service-create"), data).content.decode()

    assert "There is a problem" not in page
    assert "Half written" in page
    assert f'name="icb_codes" value="{WEST_YORKSHIRE_ICB}"' in page
