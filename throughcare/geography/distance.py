"""Distances on the Earth's surface, in miles, and the box a database can filter on first.

Haversine on a sphere is within about 0.5% of the true (ellipsoidal) distance: plenty for
"services within 10 miles". A bounding box lets a query use plain indexed comparisons before
the exact distance is worked out for the few rows left.
"""

import math
from collections.abc import Callable

EARTH_RADIUS_MILES = 3958.7613  # mean radius (IUGG), 6,371.0088 km
# Widens the box by about 0.1 mm so floating-point rounding never leaves an edge point outside.
SLACK_DEGREES = 1e-9


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points given in decimal degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    # min() guards against rounding taking `a` a hair above 1 for antipodal points.
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(min(1.0, a)))


def miles_from(lat1: float, lon1: float) -> Callable[[float, float], float]:
    """`haversine_miles` from one fixed point, for measuring many points from it: the same arithmetic
    in the same order, so the same answers to the last bit, with the fixed point's share worked out
    once and no call to another function per point (matching measures hundreds per request)."""
    phi1 = math.radians(lat1)
    cos_phi1 = math.cos(phi1)
    radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt
    diameter = 2 * EARTH_RADIUS_MILES

    def miles(lat2: float, lon2: float) -> float:
        phi2 = radians(lat2)
        a = sin((phi2 - phi1) / 2) ** 2 + cos_phi1 * cos(phi2) * sin(radians(lon2 - lon1) / 2) ** 2
        return diameter * asin(sqrt(min(1.0, a)))

    return miles


def bounding_box(lat: float, lon: float, miles: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a box holding every point within `miles` of (lat, lon).

    The box is a little generous, never short. Near a pole, or when the circle would wrap round
    the 180th meridian, the longitude span becomes the whole circle (-180 to 180), which is
    generous but always right; the UK never gets near either.
    """
    if miles < 0:
        raise ValueError("The distance must be zero or more miles.")
    angular = miles / EARTH_RADIUS_MILES  # radians along a great circle
    phi = math.radians(lat)
    min_lat = max(-90.0, math.degrees(phi - angular) - SLACK_DEGREES)
    max_lat = min(90.0, math.degrees(phi + angular) + SLACK_DEGREES)
    if min_lat <= -90 or max_lat >= 90:
        # The circle reaches a pole, so it holds points of every longitude.
        return (min_lat, max_lat, -180.0, 180.0)
    # The widest longitude reached by a circle of angular radius r around latitude phi is
    # asin(sin r / cos phi) (J. Matuschek, "Finding Points Within a Distance of a Latitude/Longitude").
    ratio = math.sin(angular) / math.cos(phi)
    if ratio >= 1:
        return (min_lat, max_lat, -180.0, 180.0)
    d_lambda = math.degrees(math.asin(ratio)) + SLACK_DEGREES
    min_lon, max_lon = lon - d_lambda, lon + d_lambda
    if min_lon < -180 or max_lon > 180:
        # Wrapping round the antimeridian would need two boxes; one covering all longitudes will do.
        return (min_lat, max_lat, -180.0, 180.0)
    return (min_lat, max_lat, min_lon, max_lon)
