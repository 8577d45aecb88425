"""The hex maps: every local authority has a hexagon, shades say more by darker, withheld figures are
hatched and missing ones grey, and the provision and missing-middle pages show a map with its key."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from throughcare.core.permissions import Role
from throughcare.geography.models import LocalAuthority
from throughcare.insight import hexmap
from throughcare.insight.areas import ENGLAND_AREA, Level, find_area
from throughcare.insight.tests.helpers import ICB_A, LA_A1, LA_A2, LA_B1

FILTERS = {"level": "icb", "area": ICB_A, "from": "2025-04-01", "to": "2026-03-31"}
HEXAGON = re.compile(r'<path d="M[^"]+Z" fill="([^"]+)"[^>]*><title>([^<]+)</title></path>')


def _drawn(svg: str) -> dict[str, str]:
    """Place name -> fill, from a drawn map."""
    return {title.split(":")[0]: fill for fill, title in HEXAGON.findall(svg)}


@pytest.mark.django_db
def test_every_local_authority_the_gazetteer_imports_has_a_hexagon():
    call_command("import_geography", "--quiet")
    imported = set(LocalAuthority.objects.values_list("code", flat=True))
    assert len(imported) > 300
    assert imported <= set(hexmap.layout()), sorted(imported - set(hexmap.layout()))[:5]


def test_class_breaks_split_the_values_into_up_to_five_even_classes():
    assert hexmap.class_breaks([]) == []
    assert hexmap.class_breaks([3.0, 3.0]) == [3.0]
    assert hexmap.class_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [2, 4, 6, 8, 10]
    assert hexmap.class_breaks([1, 2]) == [1, 2]


def test_darker_is_more_hidden_is_hatched_and_missing_is_grey():
    drawing = hexmap.hex_map(
        key="t",
        title="Services <by> area",
        description="d",
        figures={"low": 1.0, "high": 9.0, "hidden": None},
        areas_of={LA_A1: "low", LA_A2: "high", LA_B1: "hidden", "E06000001": "nobody"},
        words_for=lambda value: f"{value:.0f} services",
    )
    fills = _drawn(drawing.svg)
    assert fills["Manchester"] == hexmap.SHADES[0]
    assert fills["Bolton"] == hexmap.SHADES[-1]
    assert fills["Milton Keynes"] == hexmap.HIDDEN_PATTERN
    assert fills["Hartlepool"] == hexmap.NO_FIGURE
    assert "Services &lt;by&gt; area" in drawing.svg
    assert 'role="img"' in drawing.svg
    assert [entry.words for entry in drawing.legend] == [
        "Up to 1 services",
        "More than 1 services, up to 9 services",
        "Hidden to protect privacy",
        "No figure",
    ]


def test_an_area_with_no_places_in_the_layout_draws_nothing():
    drawing = hexmap.hex_map(
        key="t", title="t", description="d", figures={"x": 1.0}, areas_of={"X99999999": "x"}, words_for=str
    )
    assert drawing.svg == ""


@pytest.mark.django_db
def test_each_local_authority_is_shaded_as_the_area_compared(areas):
    by_icb = hexmap.areas_of_each_local_authority(ENGLAND_AREA)
    assert by_icb[LA_A1] == by_icb[LA_A2] == ICB_A
    within_icb = hexmap.areas_of_each_local_authority(find_area(Level.ICB, ICB_A))
    assert within_icb == {LA_A1: LA_A1, LA_A2: LA_A2}


@pytest.mark.parametrize(("slug", "key"), [("provision", "provision-map"), ("missing-middle", "unmet-map")])
def test_the_page_shows_a_map_with_its_key_beside_the_table(client_for, areas, slug, key):
    page = client_for(Role.COMMISSIONER).get(reverse(f"insight:{slug}"), FILTERS).content.decode()
    assert f'id="map-{key}-title"' in page
    assert 'aria-label="Key to the map"' in page
    assert "No figure</li>" in page.split('aria-label="Key to the map"')[1].split("</ul>")[0]
