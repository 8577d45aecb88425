import pytest
from django.test import Client

from throughcare.matching.models import UnmetNeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(token_for):
    return lambda role: Client(headers={"Authorization": f"Bearer {token_for(role)}"})


def _post(client, body):
    return client.post("/api/v1/matches", body, content_type="application/json")


def test_matches_are_ranked_with_reasons_and_exclusions_with_rule_codes(api, leeds_directory):
    response = _post(
        api("practitioner"),
        {
            "postcode": "LS1 4AP",
            "need_codes": ["substance_use", "depression"],
            "uses_substances": True,
            "referral_routes": ["probation"],
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["place"] == "Leeds"
    assert body["matches"][0]["service"]["name"] == "Dual Diagnosis Recovery Group"
    assert set(body["matches"][0]["score_parts"]) == {
        "needs",
        "tier",
        "distance",
        "wait",
        "preferences",
        "continuity",
    }
    rules = {e["service"]["name"]: e["rules"] for e in body["exclusions"]}
    substance_rule = {"code": "substance_use", "text": "Excludes people currently using drugs or alcohol"}
    assert substance_rule in rules["Talking Therapies"]
    assert body["unmet_need_recorded"] is False
    _assert_documented_shape(body)


def _assert_documented_shape(body: dict) -> None:
    """The answer is exactly what the OpenAPI says (MatchesOut): nothing missing, nothing extra."""
    from throughcare.matching.api import MatchesOut

    assert MatchesOut.model_validate(body).model_dump(mode="json") == body


def test_nothing_fitting_is_recorded_and_said(api, leeds_directory):
    body = _post(api("practitioner"), {"postcode": "LS1", "need_codes": ["eating_disorder"]}).json()
    assert body["matches"] == []
    assert body["unmet_need_recorded"] is True
    _assert_documented_shape(body)
    assert UnmetNeed.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"need_codes": ["telepathy"]}, "need_codes", "Unknown need code: telepathy"),
        ({"age": 400}, "age", "Enter an age from 10 to 110"),
        ({"travel_miles": 0}, "travel_miles", "more than 0 and up to 100 miles"),
        ({"travel_miles": 5000}, "travel_miles", "more than 0 and up to 100 miles"),
        ({"postcode": "NOT A POSTCODE"}, "postcode", ""),
        ({"postcode": "ZZ99 9ZZ"}, "postcode", ""),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_records_nothing(
    api, leeds_directory, change, field, message
):
    response = _post(api("practitioner"), {"postcode": "LS1", "need_codes": ["anxiety"], **change})
    assert response.status_code == 422
    errors = {e["loc"][-1]: e["msg"] for e in response.json()["errors"]}
    assert field in errors
    assert message in errors[field]
    assert not UnmetNeed.objects.exists()


def test_commissioners_cannot_match_people(api, leeds_directory):
    assert _post(api("commissioner"), {"postcode": "LS1", "need_codes": ["anxiety"]}).status_code == 403


def test_the_schema_is_in_the_openapi(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/matches" in spec["paths"]
