"""How far a service is, in the reasons a match gives: never "0.0 miles away"."""

from types import SimpleNamespace

import pytest

from throughcare.matching.scoring import _distance


@pytest.mark.parametrize(
    ("miles", "words"),
    [
        (0.0, "Under 0.1 miles away (LS1 4AP)"),
        (0.04, "Under 0.1 miles away (LS1 4AP)"),
        (2.26, "2.3 miles away (LS1 4AP)"),
    ],
)
def test_a_nearby_service_is_said_to_be_near_in_words(miles, words):
    service = SimpleNamespace(distance_miles=miles, nearest_postcode="LS1 4AP", remote=False)

    _value, reasons = _distance(SimpleNamespace(travel_miles=10), service)

    assert reasons == [words]
