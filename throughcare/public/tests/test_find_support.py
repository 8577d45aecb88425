"""Find support: the public search and service pages, with no sign-in and no staff chrome."""

import gzip
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from throughcare.core.readability import reading_age
from throughcare.directory.models import Service
from throughcare.directory.tests.factories import vocabulary_terms
from throughcare.directory.tests.test_pages_support import add_service, provider
from throughcare.geography.tests.conftest import geography, geography_dir  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geography")]
FIND = reverse("public:find-support")


@pytest.fixture
def near_leeds():
    _owner, organisation = provider()
    talking = add_service(
        organisation, name="Talking Space", at=("LS1",), description="Talk about how you feel."
    )
    talking.terms.set(vocabulary_terms(need=["depression"], referral_route=["self"]))
    recovery = add_service(organisation, name="Recovery Cafe", at=("LS2",))
    recovery.terms.set(vocabulary_terms(need=["substance_use"]))
    hidden = add_service(organisation, name="Staff-only line", at=("LS1",), is_public=False)
    hidden.terms.set(vocabulary_terms(need=["depression"]))
    return {"talking": talking, "recovery": recovery, "hidden": hidden}


def names(response) -> list[str]:
    return re.findall(
        r'<h2 class="govuk-heading-m govuk-!-margin-bottom-1"><a [^>]*>([^<]+)</a>', response.content.decode()
    )


def test_anyone_can_search_by_postcode_and_need_in_plain_words(near_leeds):
    response = Client().get(FIND, {"where": "LS1 4AP", "need": "feeling-low"})
    assert response.status_code == 200
    assert names(response) == ["Talking Space"]
    assert "You can contact them yourself" in response.content.decode()


def test_a_town_name_works_as_well_as_a_postcode(near_leeds):
    response = Client().get(FIND, {"where": "leeds"})
    assert response.status_code == 200
    assert set(names(response)) == {"Talking Space", "Recovery Cafe"}


def test_only_services_listed_for_the_public_appear(near_leeds):
    response = Client().get(FIND, {"where": "LS1"})
    assert "Staff-only line" not in response.content.decode()
    page = Client().get(reverse("public:service", args=[near_leeds["hidden"].pk]))
    assert page.status_code == 404
    Service.objects.filter(pk=near_leeds["talking"].pk).update(status="inactive")
    assert Client().get(reverse("public:service", args=[near_leeds["talking"].pk])).status_code == 404


def test_outside_england_the_page_points_to_that_nations_services(near_leeds):
    response = Client().get(FIND, {"where": "CF10 1AA"})
    page = response.content.decode()
    assert "Support in Wales" in page
    assert "111.wales.nhs.uk" in page
    assert names(response) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"where": ""}, "Enter a postcode or the name of a town or city"),
        ({"where": "Atlantis"}, "We could not find &#x27;Atlantis&#x27;. Enter a postcode, like LS1 4AP"),
        ({"where": "LS1", "need": "nonsense"}, "Choose what you would like help with from the list"),
        ({"where": "x" * 61}, "Enter a postcode or town name of 60 letters or fewer"),
    ],
)
def test_bad_input_gets_a_specific_message(near_leeds, params, message):
    response = Client().get(FIND, params)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert page.count(message) == 2  # once in the summary, once by the field


def test_a_service_page_says_how_to_get_in_and_how_far_it_is(near_leeds):
    service = near_leeds["talking"]
    service.phones.create(number="0113 496 0000")
    page = Client().get(reverse("public:service", args=[service.pk]), {"from": "LS1 4AP"}).content.decode()
    assert "You can contact them yourself" in page
    assert 'href="tel:01134960000"' in page
    assert "miles away" in page
    assert "You do not need a GP to use this service." in page


def _pages(near_leeds) -> dict[str, str]:
    client = Client()
    return {
        "start": client.get(FIND).content.decode(),
        "results": client.get(FIND, {"where": "LS1", "need": "feeling-low"}).content.decode(),
        "service": client.get(reverse("public:service", args=[near_leeds["talking"].pk])).content.decode(),
        "error": client.get(FIND, {"where": "Atlantis"}).content.decode(),
    }


def test_every_page_carries_crisis_help_and_no_staff_chrome_or_scripts(near_leeds):
    for name, page in _pages(near_leeds).items():
        assert 'href="tel:111"' in page, name
        assert 'href="tel:116123"' in page, name
        assert 'href="tel:999"' in page, name
        assert "<script" not in page, name
        assert "Sign out" not in page, name
        assert "govuk-service-navigation" not in page, name


def _own_words(page: str) -> str:
    """The page's main text in Throughcare's own words: providers' descriptions are theirs."""
    main = page[page.index("<main") : page.index("</main>")]
    main = re.sub(r"<p [^>]*data-provider-text[^>]*>.*?</p>", " ", main, flags=re.S)
    main = re.sub(r"</(p|li|h1|h2|h3|label|legend|div|a)>", ". ", main)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def test_every_page_reads_at_a_reading_age_of_9_or_below(near_leeds):
    for name, page in _pages(near_leeds).items():
        assert reading_age(_own_words(page)) <= 9, name


def test_pages_are_small_enough_for_a_phone_on_a_slow_connection(near_leeds):
    stylesheet = Path(settings.BASE_DIR) / "static" / "dist" / "throughcare.css"
    if not stylesheet.exists():
        pytest.fail("Build the front-end assets first (make setup).")
    css = len(gzip.compress(stylesheet.read_bytes()))
    for name, page in _pages(near_leeds).items():
        # What a phone downloads before any image: the page and its one stylesheet, compressed.
        assert len(gzip.compress(page.encode())) + css < 100_000, name


def test_results_take_the_same_queries_however_many_services_match(near_leeds, django_assert_max_num_queries):
    _owner, organisation = provider("More Minds")
    client = Client()
    client.get(FIND, {"where": "LS1"})
    for number in range(8):
        extra = add_service(organisation, name=f"Extra {number}", at=("LS1",))
        extra.terms.set(vocabulary_terms(need=["anxiety"], referral_route=["self"]))
    with django_assert_max_num_queries(14):
        response = client.get(FIND, {"where": "LS1"})
    assert len(names(response)) == 10


def test_too_many_pages_from_one_address_are_refused_with_a_readable_429(near_leeds, settings):
    settings.FIND_SUPPORT_RATE_LIMIT = (3, 60)
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        assert client.get(FIND, {"where": "LS1"}).status_code == 200
    refused = client.get(reverse("public:service", args=[near_leeds["talking"].pk]))
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    page = refused.content.decode()
    assert "Please wait a moment" in page
    assert 'href="tel:116123"' in page  # crisis help is never withheld
    assert Client(REMOTE_ADDR="203.0.113.10").get(FIND).status_code == 200  # others carry on
