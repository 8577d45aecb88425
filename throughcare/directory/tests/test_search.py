"""The directory search selector: place, distance, filters, ranking and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from throughcare.directory import search
from throughcare.directory.search import Filters, Only, Reach, Sort
from throughcare.directory.tests.test_pages_support import add_service, authority_of, provider
from throughcare.geography.models import Country
from throughcare.geography.postcodes import PostcodeError, PostcodeNotFound
from throughcare.geography.tests.conftest import geography, geography_dir  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geography")]


@pytest.fixture
def organisation():
    return provider()[1]


def names(results) -> list[str]:
    return [hit.service.name for hit in results.page.object_list]


def test_a_postcode_and_need_find_services_within_the_distance_nearest_first(organisation):
    add_service(organisation, name="Bradford anxiety group", at=("BD1",), need_codes=["anxiety"])
    add_service(organisation, name="Headingley anxiety group", at=("LS6",), need_codes=["anxiety"])
    add_service(organisation, name="Leeds psychosis team", at=("LS2",), need_codes=["psychosis"])
    add_service(organisation, name="Manchester anxiety group", at=("M1",), need_codes=["anxiety"])

    results = search.search(Filters(need_codes=("anxiety",)), postcode="ls1 4ap", miles=10)

    assert names(results) == ["Headingley anxiety group", "Bradford anxiety group"]
    first, second = results.page.object_list
    assert first.reach == second.reach == Reach.NEARBY
    assert 1 < first.distance_miles < 2
    assert 8 < second.distance_miles < 9
    assert results.place.postcode == "LS1 4AP"


def test_a_service_is_listed_once_at_its_nearest_location(organisation):
    add_service(organisation, name="Two hubs", at=("BD1", "LS6"))
    results = search.search(Filters(), postcode="LS1", miles=10)
    [hit] = results.page.object_list
    assert hit.distance_miles < 2
    assert hit.location.postal_code == "LS6"


def test_area_wide_services_follow_nearby_ones_local_before_england(organisation):
    add_service(organisation, name="A national helpline", covers_england=True, delivery_codes=["phone"])
    add_service(organisation, name="B Leeds-wide outreach", local_authority_codes=[authority_of("LS1")])
    add_service(
        organisation, name="C Halifax service", local_authority_codes=[authority_of("HX1")], at=("HX1",)
    )
    add_service(organisation, name="Z nearby group", at=("LS6",))

    results = search.search(Filters(), postcode="LS1 4AP", miles=10)

    assert names(results) == ["Z nearby group", "B Leeds-wide outreach", "A national helpline"]
    assert [hit.reach for hit in results.page.object_list] == [Reach.NEARBY, Reach.AREA, Reach.ENGLAND]
    assert results.page.object_list[2].remote
    assert results.counts == {"nearby": 1, "area": 2}


def test_a_nearby_service_whose_areas_leave_the_place_out_is_flagged_not_hidden(organisation):
    add_service(
        organisation,
        name="Bradford residents only",
        local_authority_codes=[authority_of("BD1")],
        at=("LS28",),
    )
    add_service(organisation, name="Five miles round its hub", radius_miles=3, at=("LS28",))
    add_service(organisation, name="Covers Leeds", local_authority_codes=[authority_of("LS1")], at=("LS28",))

    hits = {
        hit.service.name: hit for hit in search.search(Filters(), postcode="LS1", miles=10).page.object_list
    }

    assert hits["Bradford residents only"].covers_place is False
    assert hits["Five miles round its hub"].covers_place is False
    assert hits["Covers Leeds"].covers_place is True


@pytest.mark.parametrize(
    ("postcode", "nation"),
    [
        ("CF10 1AA", Country.WALES),
        ("EH1 1YZ", Country.SCOTLAND),
        ("BT1 1AA", Country.NORTHERN_IRELAND),
        ("IM1 1AA", Country.ISLE_OF_MAN),
        ("JE2 3AB", Country.JERSEY),
        ("GY1 1AA", Country.GUERNSEY),
    ],
)
def test_a_postcode_outside_england_returns_no_english_services(organisation, postcode, nation):
    add_service(organisation, name="Across England", covers_england=True)
    results = search.search(Filters(), postcode=postcode)
    assert results.elsewhere == nation
    assert results.page is None


@pytest.mark.parametrize(
    ("postcode", "message"),
    [("L", "too short"), ("QA1 1AA", "no postcode starts with Q"), ("LS1 1A!", "only letters, numbers")],
)
def test_a_malformed_postcode_says_what_is_wrong(postcode, message):
    with pytest.raises(PostcodeError, match=message):
        search.search(Filters(), postcode=postcode)


def test_an_unknown_postcode_district_is_not_found():
    with pytest.raises(PostcodeNotFound):
        search.search(Filters(), postcode="LS99 1AA")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(tier="specialist"), {"Specialist"}),
        (Filters(referral_route_codes=("self",)), {"Self-referral"}),
        (Filters(delivery_codes=("online", "phone")), {"Online", "Specialist"}),
        (
            Filters(only=frozenset({Only.SUBSTANCE_USE})),
            {"Self-referral", "Online", "Specialist", "Open all ages"},
        ),
        (Filters(only=frozenset({Only.WOMEN_ONLY})), {"Women only"}),
        (Filters(only=frozenset({Only.PLACES})), {"Self-referral"}),
        (
            Filters(only=frozenset({Only.OPEN_REFERRALS, Only.NO_GP_REGISTRATION})),
            {"Self-referral", "Online", "Women only"},
        ),
        (
            Filters(age=17),
            {"Self-referral", "Online", "Specialist", "Open all ages"},
        ),
        (Filters(keyword="peer"), {"Online"}),
        (
            Filters(status=""),
            {"Self-referral", "Online", "Specialist", "Women only", "Open all ages", "Closed"},
        ),
    ],
)
def test_filters_apply_in_sql(organisation, filters, expected):
    add_service(
        organisation,
        name="Self-referral",
        at=("LS6",),
        referral_route_codes=["self"],
        capacity_available=2,
        capacity_maximum=5,
    )
    add_service(
        organisation, name="Online", at=("LS6",), delivery_codes=["online"], description="Peer support online"
    )
    add_service(
        organisation,
        name="Specialist",
        at=("LS6",),
        tier="specialist",
        delivery_codes=["phone"],
        statutory_referrals_only=True,
    )
    add_service(
        organisation,
        name="Women only",
        at=("LS6",),
        gender="women",
        accepts_current_substance_use=False,
        minimum_age=18,
        requires_gp_registration=False,
    )
    add_service(
        organisation,
        name="Open all ages",
        at=("LS6",),
        requires_gp_registration=True,
        capacity_available=0,
        capacity_maximum=5,
    )
    add_service(organisation, name="Closed", at=("LS6",), status="inactive", requires_gp_registration=True)

    found = {hit.service.name for hit in search.search(filters, postcode="LS1").page.object_list}

    assert found == expected


def test_sorting_by_wait_and_by_name(organisation):
    add_service(organisation, name="Bee", at=("LS6",), typical_wait_days=30)
    add_service(organisation, name="Ant", at=("BD1",), typical_wait_days=7)
    add_service(organisation, name="Cat", at=("LS2",))
    assert names(search.search(Filters(), postcode="LS1", sort=Sort.WAIT)) == ["Ant", "Bee", "Cat"]
    assert names(search.search(Filters(), postcode="LS1", sort=Sort.NAME)) == ["Ant", "Bee", "Cat"]
    assert names(search.search(Filters(), postcode="LS1", sort=Sort.NEAREST)) == ["Cat", "Bee", "Ant"]
    assert names(search.search(Filters(), sort=Sort.WAIT)) == ["Ant", "Bee", "Cat"]


def test_without_a_postcode_every_matching_service_is_listed_by_name(organisation):
    add_service(organisation, name="Far away", at=("M1",))
    add_service(organisation, name="Across England", covers_england=True)
    results = search.search(Filters())
    assert names(results) == ["Across England", "Far away"]
    assert all(hit.distance_miles is None for hit in results.page.object_list)


def test_results_are_paginated(organisation):
    for n in range(25):
        add_service(organisation, name=f"Group {n:02d}", at=("LS6",))
    first = search.search(Filters(), postcode="LS1", per_page=20)
    second = search.search(Filters(), postcode="LS1", page=2, per_page=20)
    assert first.page.paginator.count == 25
    assert len(first.page.object_list) == 20
    assert names(second) == [f"Group {n:02d}" for n in range(20, 25)]


def _queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


# With a postcode: geocoding (postcode, district), the box, the nearby services' facts, area-wide and
# England-wide services, then the page's services, their delivery terms, their nearest locations and
# (when a nearby service's areas are unclear) whether it names areas. Without one: count, page, services
# and terms.
@pytest.mark.parametrize(("postcode", "at_most"), [("LS1 4AP", 10), ("", 4)])
def test_the_number_of_queries_does_not_grow_with_the_results(organisation, postcode, at_most):
    def run():
        results = search.search(
            Filters(need_codes=("anxiety",), delivery_codes=("group",)), postcode=postcode
        )
        for hit in results.page.object_list:
            assert hit.service.organisation.name
            assert hit.remote in (True, False)

    add_service(organisation, name="One", at=("LS6",), need_codes=["anxiety"], delivery_codes=["group"])
    add_service(
        organisation, name="Area", covers_england=True, need_codes=["anxiety"], delivery_codes=["group"]
    )
    few = _queries(run)
    for n in range(12):
        add_service(
            organisation,
            name=f"More {n}",
            at=("LS6", "BD1"),
            need_codes=["anxiety"],
            delivery_codes=["group", "online"],
            local_authority_codes=[authority_of("LS1")] if n % 2 else [],
            radius_miles=None if n % 2 else 50,
        )
    assert _queries(run) == few
    assert few <= at_most


def test_every_yes_or_no_filter_constrains_a_column():
    assert set(search.ONLY_COLUMNS) == set(Only)
