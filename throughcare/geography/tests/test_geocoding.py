"""Geocoders: the local gazetteer on the shared data, and postcodes.io against a mock transport."""

import httpx
import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from throughcare.geography.geocoding import (
    GeocoderUnavailable,
    LocalGazetteer,
    Place,
    PostcodeError,
    PostcodeNotFound,
    PostcodesIoGeocoder,
    Precision,
    get_geocoder,
)
from throughcare.geography.models import Country, Postcode


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


class TestLocalGazetteer:
    def test_a_full_postcode_not_loaded_falls_back_to_its_district(self, geography):
        place = LocalGazetteer().locate("ls1 4dy")
        assert place == Place(
            postcode="LS1 4DY",
            district="LS1",
            latitude=pytest.approx(53.79674),
            longitude=pytest.approx(-1.54754),
            country=Country.ENGLAND,
            local_authority_code="E08000035",
            icb_code="E54000054",
            pdu_code="N55LEE",
            precision=Precision.DISTRICT,
        )

    def test_a_loaded_postcode_is_exact_and_keeps_its_own_icb(self, geography):
        Postcode.objects.create(
            postcode="M1 1AE", district="M1", latitude=53.4808, longitude=-2.2426, country=Country.ENGLAND,
            local_authority_code="E08000003", icb_code="E54000057",
        )  # fmt: skip
        place = LocalGazetteer().locate("M11AE")
        assert (place.precision, place.latitude, place.icb_code) == (Precision.POSTCODE, 53.4808, "E54000057")
        assert place.pdu_code == ""  # Manchester is split between two PDUs

    def test_a_district_on_its_own(self, geography):
        place = LocalGazetteer().locate("CH5")
        assert (place.postcode, place.country, place.local_authority_code) == (
            None,
            Country.WALES,
            "W06000005",
        )
        assert place.pdu_code == "WPTNWS"

    def test_unknown_and_malformed_postcodes_raise_different_errors(self, geography):
        with pytest.raises(PostcodeNotFound, match="We could not find the postcode district M99"):
            LocalGazetteer().locate("M99")
        with pytest.raises(PostcodeNotFound, match="enter just M99"):
            LocalGazetteer().locate("M99 1AA")
        with pytest.raises(PostcodeError) as raised:
            LocalGazetteer().locate("not a postcode")
        assert not isinstance(raised.value, PostcodeNotFound)


POSTCODE_RESULT = {
    "postcode": "M1 1AE",
    "outcode": "M1",
    "latitude": 53.480837,
    "longitude": -2.242656,
    "country": "England",
    "admin_district": "Manchester",
    "codes": {"admin_district": "E08000003", "icb": "E54000057"},
}
OUTCODE_RESULT = {"outcode": "GY1", "latitude": 49.45, "longitude": -2.54, "country": ["Channel Islands"]}


class Api:
    """A stand-in for postcodes.io: answers from a script of responses and records each request."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        status, result = answer
        return httpx.Response(status, json={"status": status, "result": result})

    def geocoder(self, **options) -> PostcodesIoGeocoder:
        client = httpx.Client(transport=httpx.MockTransport(self.handle))
        return PostcodesIoGeocoder(
            base_url="https://postcodes.test", client=client, sleep=self.sleeps.append, **options
        )


@pytest.mark.django_db
class TestPostcodesIo:
    def test_a_full_postcode(self):
        api = Api((200, POSTCODE_RESULT))
        place = api.geocoder().locate("m1 1ae")
        assert str(api.requests[0].url) == "https://postcodes.test/postcodes/M11AE"
        assert (place.postcode, place.precision, place.local_authority_code, place.icb_code) == (
            "M1 1AE",
            Precision.POSTCODE,
            "E08000003",
            "E54000057",
        )
        assert place.country == Country.ENGLAND

    def test_a_district_and_the_channel_islands(self):
        api = Api((200, OUTCODE_RESULT))
        place = api.geocoder().locate("GY1")
        assert str(api.requests[0].url) == "https://postcodes.test/outcodes/GY1"
        assert (place.postcode, place.precision, place.country) == (
            None,
            Precision.DISTRICT,
            Country.GUERNSEY,
        )

    def test_not_found_is_postcode_not_found(self):
        api = Api((404, None))
        with pytest.raises(PostcodeNotFound, match="M1 9ZZ"):
            api.geocoder().locate("M1 9ZZ")

    def test_malformed_input_never_reaches_the_api(self):
        api = Api((200, POSTCODE_RESULT))
        with pytest.raises(PostcodeError, match="too short"):
            api.geocoder().locate("M")
        assert api.requests == []

    def test_server_errors_and_timeouts_are_retried_with_growing_pauses(self):
        timeout = httpx.ReadTimeout("slow")
        api = Api((503, None), timeout, (200, POSTCODE_RESULT))
        place = api.geocoder(retries=2, backoff_seconds=0.1).locate("M1 1AE")
        assert place.postcode == "M1 1AE"
        assert len(api.requests) == 3
        assert api.sleeps == [0.1, 0.2]

    def test_after_the_last_retry_it_gives_up(self):
        api = Api((500, None))
        with pytest.raises(GeocoderUnavailable, match="after 3 tries"):
            api.geocoder(retries=2).locate("M1 1AE")
        assert len(api.requests) == 3

    def test_when_the_api_is_down_the_fallback_answers(self):
        api = Api(httpx.ConnectError("refused"))

        class Fallback:
            def locate(self, text):
                return f"local answer for {text}"

        assert api.geocoder(retries=0, fallback=Fallback()).locate("M1 1AE") == "local answer for M1 1AE"

    def test_results_are_cached_for_a_day(self):
        api = Api((200, POSTCODE_RESULT))
        geocoder = api.geocoder()
        first = geocoder.locate("M1 1AE")
        assert geocoder.locate("m11ae") == first
        assert len(api.requests) == 1


def test_get_geocoder_follows_the_setting(settings):
    settings.GEOCODER = "local"
    assert isinstance(get_geocoder(), LocalGazetteer)
    settings.GEOCODER = "postcodes_io"
    settings.POSTCODES_IO_URL = "https://postcodes.example/"
    geocoder = get_geocoder()
    assert isinstance(geocoder, PostcodesIoGeocoder)
    assert geocoder.base_url == "https://postcodes.example"
    assert isinstance(geocoder.fallback, LocalGazetteer)
    settings.GEOCODER = "guesswork"
    with pytest.raises(ImproperlyConfigured, match="'local' or 'postcodes_io'"):
        get_geocoder()
