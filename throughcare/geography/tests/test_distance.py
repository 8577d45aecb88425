import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from throughcare.geography.distance import EARTH_RADIUS_MILES, bounding_box, haversine_miles, miles_from

MANCHESTER = (53.4794, -2.2453)  # St Peter's Square
LEEDS = (53.7997, -1.5492)  # City Square
LONDON = (51.5072, -0.1276)  # Charing Cross
EDINBURGH = (55.9533, -3.1883)

latitudes = st.floats(min_value=-89.9, max_value=89.9, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)
radii = st.floats(min_value=0, max_value=500, allow_nan=False)


@pytest.mark.parametrize(
    ("a", "b", "miles"),
    [(MANCHESTER, LEEDS, 36), (LONDON, MANCHESTER, 163), (LONDON, EDINBURGH, 332)],
)
def test_known_distances(a, b, miles):
    assert haversine_miles(*a, *b) == pytest.approx(miles, abs=1)


def test_distance_is_zero_to_itself_and_half_the_globe_to_the_antipode():
    assert haversine_miles(*LEEDS, *LEEDS) == 0
    assert haversine_miles(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_MILES)


@given(latitudes, longitudes, latitudes, longitudes)
def test_distance_is_symmetric_and_bounded(lat1, lon1, lat2, lon2):
    there = haversine_miles(lat1, lon1, lat2, lon2)
    assert there == pytest.approx(haversine_miles(lat2, lon2, lat1, lon1), abs=1e-6)
    assert 0 <= there <= math.pi * EARTH_RADIUS_MILES + 1e-6


def _destination(lat: float, lon: float, bearing: float, miles: float) -> tuple[float, float]:
    """The point `miles` from (lat, lon) along `bearing` (radians), on the same sphere."""
    phi, lam, d = math.radians(lat), math.radians(lon), miles / EARTH_RADIUS_MILES
    phi2 = math.asin(math.sin(phi) * math.cos(d) + math.cos(phi) * math.sin(d) * math.cos(bearing))
    lam2 = lam + math.atan2(
        math.sin(bearing) * math.sin(d) * math.cos(phi), math.cos(d) - math.sin(phi) * math.sin(phi2)
    )
    lon2 = (math.degrees(lam2) + 540) % 360 - 180
    return math.degrees(phi2), lon2


def _inside(box, lat, lon) -> bool:
    min_lat, max_lat, min_lon, max_lon = box
    return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon


@settings(max_examples=500)
@given(latitudes, longitudes, radii, st.floats(0, 2 * math.pi), st.floats(0, 1))
def test_every_point_within_the_distance_is_inside_the_box(lat, lon, miles, bearing, fraction):
    box = bounding_box(lat, lon, miles)
    point = _destination(lat, lon, bearing, miles * fraction)
    assert haversine_miles(lat, lon, *point) <= miles + 1e-6
    assert _inside(box, *point)


@given(latitudes, longitudes, radii, latitudes, longitudes)
def test_any_point_within_the_distance_is_inside_the_box(lat, lon, miles, other_lat, other_lon):
    if haversine_miles(lat, lon, other_lat, other_lon) <= miles:
        assert _inside(bounding_box(lat, lon, miles), other_lat, other_lon)


def test_the_box_is_tight_around_britain():
    min_lat, max_lat, min_lon, max_lon = bounding_box(*LEEDS, 10)
    assert max_lat - min_lat == pytest.approx(2 * 10 / 69.09, rel=1e-3)
    assert (max_lon - min_lon) / 2 == pytest.approx(10 / (69.09 * math.cos(math.radians(LEEDS[0]))), rel=1e-2)
    assert _inside((min_lat, max_lat, min_lon, max_lon), *LEEDS)


def test_the_box_takes_every_longitude_near_a_pole_or_across_the_date_line():
    assert bounding_box(89.95, 10, 20)[2:] == (-180.0, 180.0)
    assert bounding_box(-89.95, 10, 20)[2:] == (-180.0, 180.0)
    assert bounding_box(0, 179.99, 20)[2:] == (-180.0, 180.0)


def test_a_negative_distance_is_refused():
    with pytest.raises(ValueError, match="zero or more"):
        bounding_box(*LEEDS, -1)


@settings(max_examples=300)
@given(lat1=latitudes, lon1=longitudes, lat2=latitudes, lon2=longitudes)
def test_measuring_from_one_point_gives_the_same_miles_to_the_last_bit(lat1, lon1, lat2, lon2):
    # Matching picks each service's nearest location by these, so a tie must stay a tie.
    assert miles_from(lat1, lon1)(lat2, lon2) == haversine_miles(lat1, lon1, lat2, lon2)
