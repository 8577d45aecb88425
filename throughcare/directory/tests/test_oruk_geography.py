"""Postcode and proximity on the Open Referral API, through the real geocoder and distance functions."""

import pytest
from django.test import Client

from throughcare.directory import services as directory_services
from throughcare.directory.tests import schema_checks as schemas
from throughcare.directory.tests.factories import LocationFactory, ServiceAtLocationFactory
from throughcare.geography.models import Country, LocalAuthority, PostcodeDistrict

pytestmark = pytest.mark.django_db

LEEDS = (53.7997, -1.5492)
BRADFORD = (53.7960, -1.7594)  # about 8.6 miles west of Leeds
MANCHESTER = (53.4794, -2.2453)  # about 36 miles south-west of Leeds
CARDIFF = (51.4816, -3.1791)


@pytest.fixture(autouse=True)
def gazetteer(settings):
    settings.GEOCODER = "local"
    leeds = LocalAuthority.objects.create(code="E08000035", name="Leeds", nation=Country.ENGLAND)
    manchester = LocalAuthority.objects.create(code="E08000003", name="Manchester", nation=Country.ENGLAND)
    cardiff = LocalAuthority.objects.create(code="W06000015", name="Cardiff", nation=Country.WALES)
    for code, (latitude, longitude), authority in (
        ("LS1", LEEDS, leeds),
        ("M1", MANCHESTER, manchester),
        ("CF10", CARDIFF, cardiff),
    ):
        PostcodeDistrict.objects.create(
            code=code,
            latitude=latitude,
            longitude=longitude,
            country=authority.nation,
            local_authority=authority,
        )
    return {"leeds": leeds, "manchester": manchester}


def _at(name: str, place: tuple[float, float], **service_fields):
    link = ServiceAtLocationFactory(
        service__name=name,
        location=LocationFactory(latitude=place[0], longitude=place[1]),
        **{f"service__{key}": value for key, value in service_fields.items()},
    )
    return link


@pytest.fixture
def services(gazetteer):
    found = {
        "leeds_only": _at("Leeds only", LEEDS, covers_england=False),
        "bradford_near": _at("Bradford, 10 miles", BRADFORD, covers_england=False, radius_miles=10),
        "manchester_radius": _at("Manchester, 50 miles", MANCHESTER, covers_england=False, radius_miles=50),
        "manchester_only": _at("Manchester only", MANCHESTER, covers_england=False),
        "england": _at("All England", MANCHESTER, covers_england=True),
    }
    found["leeds_only"].service.local_authorities.set([gazetteer["leeds"]])
    found["manchester_only"].service.local_authorities.set([gazetteer["manchester"]])
    for link in found.values():
        directory_services.rebuild_coverage(link.service)
    return found


def names(path: str, status: int = 200, **params) -> list[str]:
    response = Client().get(f"/openreferral{path}", params)
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert schemas.problems(schemas.response_validator(path), body) == []
    if path == "/services":
        return [service["name"] for service in body["contents"]]
    return [link["service"]["name"] for link in body["contents"]]


def test_a_postcode_alone_finds_what_covers_it(services):
    assert names("/services", postcode="LS1 4AP") == [
        "All England",
        "Bradford, 10 miles",
        "Leeds only",
        "Manchester, 50 miles",
    ]
    assert names("/services", postcode="m1") == ["All England", "Manchester only", "Manchester, 50 miles"]
    # Wales: not covered by services for all of England, and too far for anyone's radius.
    assert names("/services", postcode="CF10 1AA") == []
    assert names("/service_at_locations", postcode="LS1") == [
        "All England",
        "Bradford, 10 miles",
        "Leeds only",
        "Manchester, 50 miles",
    ]


def test_proximity_is_metres_from_the_postcode_nearest_first(services):
    assert names("/services", postcode="LS1", proximity=1000) == ["Leeds only"]
    assert names("/services", postcode="LS1", proximity=16_000) == ["Leeds only", "Bradford, 10 miles"]
    within_40_miles = names("/services", postcode="LS1", proximity=64_374)
    assert within_40_miles[:2] == ["Leeds only", "Bradford, 10 miles"]
    assert set(within_40_miles[2:]) == {"All England", "Manchester, 50 miles", "Manchester only"}
    assert names("/service_at_locations", postcode="LS1", proximity=16_000) == [
        "Leeds only",
        "Bradford, 10 miles",
    ]
    paged = Client().get(
        "/openreferral/services", {"postcode": "LS1", "proximity": 64_374, "per_page": 2, "page": 2}
    )
    assert paged.json()["total_items"] == 5
    assert [s["name"] for s in paged.json()["contents"]] == within_40_miles[2:4]


def test_minimal_and_full_lists_honour_place_too(services):
    minimal = Client().get(
        "/openreferral/services", {"postcode": "LS1", "proximity": 1000, "minimal": "true"}
    )
    assert [item["id"] for item in minimal.json()["contents"]] == [str(services["leeds_only"].service_id)]
    full = Client().get("/openreferral/services", {"postcode": "LS1", "proximity": 1000, "full": "true"})
    assert full.json()["contents"][0]["service_at_locations"][0]["location"]["latitude"] == LEEDS[0]


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"postcode": "QQ1 1AA"}, "no postcode starts with Q"),
        ({"postcode": "LS1 4A!"}, "only letters, numbers and a space"),
        ({"postcode": "LS99"}, "could not find"),
        ({"postcode": "LS1", "proximity": 0}, "metres"),
        ({"postcode": "LS1", "proximity": -5}, "metres"),
        ({"postcode": "LS1", "proximity": 10_000_000}, "metres"),
        ({"postcode": "LS1", "proximity": "far"}, "number"),
    ],
)
def test_a_postcode_or_proximity_that_cannot_be_used_is_422(services, params, says):
    for path in ("/services", "/service_at_locations"):
        response = Client().get(f"/openreferral{path}", params)
        assert response.status_code == 422
        assert response["Access-Control-Allow-Origin"] == "*"
        error = response.json()["errors"][0]
        assert error["loc"][-1] in params
        assert says in error["msg"]


def test_a_postcode_service_that_cannot_be_reached_is_503(services, monkeypatch):
    from throughcare.directory.oruk import filters
    from throughcare.geography.geocoding import GeocoderUnavailable

    class Unreachable:
        def locate(self, text):
            raise GeocoderUnavailable("postcodes.io did not answer")

    monkeypatch.setattr(filters, "get_geocoder", Unreachable)
    response = Client().get("/openreferral/services", {"postcode": "LS1"})
    assert response.status_code == 503
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "try again later" in response.json()["detail"]
