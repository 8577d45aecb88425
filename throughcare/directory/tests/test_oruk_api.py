"""The public Open Referral UK API: every response checked against the published UK profile schemas."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from throughcare.accounts.tests.factories import OrganisationFactory, UserFactory
from throughcare.directory.models import Service
from throughcare.directory.oruk.facts import BY_CODE as FACTS
from throughcare.directory.oruk.facts import FACTS_TAXONOMY_ID
from throughcare.directory.tests import schema_checks as schemas
from throughcare.directory.tests.factories import (
    AttributeFactory,
    DirectoryOrganisationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
    service_with_everything,
    vocabulary_terms,
)
from throughcare.directory.vocabularies import NEEDS, TIERS

API = "/openreferral"
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}
HSDS_SERVICE = "hsds-3.0/schema/compiled/service.json"

pytestmark = pytest.mark.django_db


def fetch(path: str, status: int = 200, **params) -> dict:
    response = Client().get(f"{API}{path}", params)
    assert response.status_code == status, response.content[:500]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def assert_valid(openapi_path: str, body: dict) -> None:
    """Valid against the response schema the UK profile's OpenAPI gives for this path."""
    assert schemas.problems(schemas.response_validator(openapi_path), body) == []
    if "contents" in body:
        assert set(body) == PAGE_KEYS


def assert_full_service(service: dict) -> None:
    """A fully nested service: the UK compiled schema, and HSDS 3.0 for the fields it adds back."""
    assert schemas.problems(schemas.response_validator("/services/{id}"), service) == []
    assert schemas.problems(schemas.validator(HSDS_SERVICE, strict=True), service) == []


@pytest.fixture
def everything():
    return service_with_everything()


def _operation_ids(openapi: dict) -> set[str]:
    return {
        operation["operationId"]
        for path in openapi["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict)
    }


def test_api_details_say_which_standard_and_where_the_openapi_is():
    body = fetch("/")
    assert_valid("/", body)
    assert body["version"] == "HSDS-UK-3.0"
    assert body["profile"] == "https://raw.githubusercontent.com/openreferraluk/uk-profile/main/profile"
    assert body["openapi_url"] == "http://testserver/openreferral/openapi.json"
    openapi = fetch("/openapi.json")
    standard = schemas.load("uk-profile/schema/openapi.json")
    assert _operation_ids(openapi) >= _operation_ids(standard)
    assert "Page" in openapi["components"]["schemas"]


def test_every_endpoint_answers_as_the_uk_profile_specifies(everything):
    AttributeFactory(link_type="location", link_id=everything.service_at_locations.first().location_id)
    services = fetch("/services")
    assert_valid("/services", services)
    assert services["contents"][0]["id"] == str(everything.id)

    full = fetch(f"/services/{everything.id}")
    assert_full_service(full)
    for item in fetch("/services", full="true")["contents"]:
        assert_full_service(item)

    taxonomies = fetch("/taxonomies", per_page=100)
    assert_valid("/taxonomies", taxonomies)
    taxonomy = fetch(f"/taxonomies/{NEEDS.id}")
    assert_valid("/taxonomies/{id}", taxonomy)
    assert {term["code"] for term in taxonomy["taxonomy_terms"]} == set(NEEDS.codes)

    terms = fetch("/taxonomy_terms", per_page=100)
    assert_valid("/taxonomy_terms", terms)
    assert_valid("/taxonomy_terms/{id}", fetch(f"/taxonomy_terms/{NEEDS.term_id('anxiety')}"))

    links = fetch("/service_at_locations")
    assert_valid("/service_at_locations", links)
    link = fetch(f"/service_at_locations/{links['contents'][0]['id']}")
    # The profile's OpenAPI names compiled/service.json here, but a service_at_location is what it
    # describes: checked against the profile's compiled/service_at_location.json.
    sal_schema = schemas.validator("uk-profile/schema/compiled/service_at_location.json", strict=True)
    assert schemas.problems(sal_schema, link) == []
    # The ORUK validator checks it against the schema the OpenAPI names (ADR 28): it passes that too.
    assert_valid("/service_at_locations/{id}", link)
    assert (link["name"], link["status"]) == (link["service"]["name"], link["service"]["status"])
    assert link["service"]["id"] == str(everything.id)
    assert "service_at_locations" not in link["service"]


def test_a_full_service_carries_every_related_record(everything):
    body = fetch(f"/services/{everything.id}")
    assert len(body["schedules"]) == 2
    assert {bool(s.get("service_at_location_id")) for s in body["schedules"]} == {True, False}
    assert len(body["service_at_locations"]) == 2
    hub = next(link for link in body["service_at_locations"] if link.get("description") == "Main hub")
    assert hub["location"]["addresses"][0]["postal_code"] == "LS1 4AP"
    assert hub["location"]["accessibility"][0]["description"].startswith("Step-free")
    assert body["languages"][0] == {"id": body["languages"][0]["id"], "service_id": str(everything.id)} | {
        "name": "Polish",
        "code": "pl",
    }
    assert body["contacts"][0]["phones"][0]["number"].startswith("0113")
    assert body["phones"][0]["description"] == "Main line"
    assert {f["source"] for f in body["funding"]} == {"Integrated care board grant", "National Lottery"}
    assert body["cost_options"][0]["amount"] == 0
    assert body["organization"]["name"] == everything.organisation.name


def _attribute_values(service: dict) -> dict:
    values = {}
    for attribute in service["attributes"]:
        term = attribute["taxonomy_term"]
        values.setdefault(term.get("code"), []).append(attribute.get("value", term["taxonomy"]))
    return values


def test_throughcare_fields_travel_as_attributes_of_published_terms(everything):
    body = fetch(f"/services/{everything.id}")
    values = _attribute_values(body)
    assert values["secondary"] == [TIERS.name]
    assert values["anxiety"] == [NEEDS.name]
    assert values["gender"] == ["women"]
    assert values["highest_risk_to_others"] == ["medium"]
    assert values["accepts_current_substance_use"] == ["false"]
    assert values["typical_wait_days"] == ["14"]
    assert values["capacity_available"] == ["4"]
    assert values["capacity_maximum"] == ["12"]
    assert values["funding_ends_on"] == ["2027-03-31"]
    funding = next(f for f in body["funding"] if f["source"] == "Integrated care board grant")
    assert {a["taxonomy_term"]["code"]: a["value"] for a in funding["attributes"]} == {
        "funding_starts_on": "2025-04-01",
        "funding_ends_on": "2027-03-31",
    }
    # Every term an attribute names is published, and so is its taxonomy: a client can look them up.
    for attribute in body["attributes"]:
        term = fetch(f"/taxonomy_terms/{attribute['taxonomy_term_id']}")
        assert term["name"] == attribute["taxonomy_term"]["name"]
        fetch(f"/taxonomies/{term['taxonomy_id']}")
    # The same attributes on the next request: their ids are stable.
    assert fetch(f"/services/{everything.id}")["attributes"] == body["attributes"]


def test_the_facts_taxonomy_is_published_with_every_fact():
    taxonomy = fetch(f"/taxonomies/{FACTS_TAXONOMY_ID}")
    assert {term["code"] for term in taxonomy["taxonomy_terms"]} == set(FACTS)
    assert fetch("/taxonomy_terms", taxonomy_id=str(FACTS_TAXONOMY_ID))["total_items"] == len(FACTS)


def test_paging_counts_pages_and_answers_past_the_end_with_an_empty_page():
    ServiceFactory.create_batch(7)
    third = fetch("/services", per_page=3, page=3)
    assert_valid("/services", third)
    assert (third["total_items"], third["total_pages"], third["size"]) == (7, 3, 1)
    assert (third["first_page"], third["last_page"], third["empty"]) == (False, True, False)
    beyond = fetch("/services", per_page=3, page=4)
    assert (beyond["size"], beyond["empty"], beyond["contents"]) == (0, True, [])
    first = fetch("/services")
    assert (first["size"], first["first_page"], first["last_page"]) == (7, True, True)
    names = [s["name"] for s in first["contents"]]
    assert names == sorted(names)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"per_page": 0}, "per_page"),
        ({"per_page": 101}, "per_page"),
        ({"page": 0}, "page"),
        ({"page": -1}, "page"),
        ({"page": "two"}, "page"),
        ({"taxonomy_term_id": "not-a-uuid"}, "taxonomy_term_id"),
        ({"organization_id": "123"}, "organization_id"),
        ({"modified_after": "last tuesday"}, "modified_after"),
        ({"minimal": "perhaps"}, "minimal"),
        ({"minimal": "true", "full": "true"}, "minimal"),
        ({"proximity": 1000}, "proximity"),
        ({"minimum_age": -1}, "minimum_age"),
        ({"maximum_age": "adult"}, "maximum_age"),
        ({"maximum_age": 9223372036854775808}, "maximum_age"),
        ({"day": "Funday"}, "day"),
        ({"start_time": "noon"}, "start_time"),
        ({"end_time": "25:00"}, "end_time"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(params, parameter):
    body = fetch("/services", 422, **params)
    assert body["detail"]
    assert [error["loc"] for error in body["errors"]] == [["query", parameter]]


def test_malformed_and_unknown_ids():
    for path in ("/services/", "/taxonomies/", "/taxonomy_terms/", "/service_at_locations/"):
        assert fetch(f"{path}not-a-uuid", 422)["errors"][0]["loc"] == ["path", "id"]
        assert fetch(f"{path}{uuid.uuid4()}", 404) == {"detail": "Not found."}
    assert fetch("/no-such-thing", 404) == {"detail": "Not found."}


def test_only_active_public_services_and_their_locations_are_published():
    published = ServiceAtLocationFactory()
    hidden = [
        ServiceAtLocationFactory(service__status="inactive"),
        ServiceAtLocationFactory(service__status="temporarily closed"),
        ServiceAtLocationFactory(service__is_public=False),
    ]
    assert [s["id"] for s in fetch("/services")["contents"]] == [str(published.service_id)]
    assert [s["id"] for s in fetch("/services", minimal="true")["contents"]] == [str(published.service_id)]
    assert [link["id"] for link in fetch("/service_at_locations")["contents"]] == [str(published.id)]
    for link in hidden:
        fetch(f"/services/{link.service_id}", 404)
        fetch(f"/service_at_locations/{link.id}", 404)


def test_cors_preflight_head_and_read_only_methods():
    client = Client()
    preflight = client.options(f"{API}/services", headers={"Access-Control-Request-Headers": "X-Custom"})
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert preflight["Access-Control-Allow-Headers"] == "X-Custom"
    head = client.head(f"{API}/services")
    assert (head.status_code, head.content, head["Access-Control-Allow-Origin"]) == (200, b"", "*")
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(f"{API}/services", {}, content_type="application/json")
        assert response.status_code == 405
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response.json() == {"detail": "This API is read-only: use GET."}


def test_nothing_about_people_is_read_or_published(everything):
    owner = OrganisationFactory(name="Owner Trust Internal")
    staff = UserFactory(email="confirmer@owner.example")
    everything.organisation.owner = owner
    everything.organisation.save()
    Service.objects.filter(id=everything.id).update(last_confirmed_by=staff.email)
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        bodies = [
            client.get(f"{API}{path}").content.decode()
            for path in (
                "/services",
                f"/services/{everything.id}",
                "/services?full=true",
                "/service_at_locations",
                "/taxonomy_terms",
            )
        ]
    for body in bodies:
        assert staff.email not in body
        assert str(staff.id) not in body
        assert str(owner.id) not in body
        assert owner.name not in body
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "accounts_" not in tables
    assert "core_audit" not in tables


def test_filters_by_text_organisation_and_date():
    provider = DirectoryOrganisationFactory()
    match = ServiceFactory(name="Anxiety Recovery Group", organisation=provider)
    ServiceFactory(name="Housing Advice", description="Help with anxiety about housing.")
    ServiceFactory(name="Gardening")
    found = fetch("/services", search="ANXIETY")["contents"]
    assert {s["name"] for s in found} == {"Anxiety Recovery Group", "Housing Advice"}
    assert [s["name"] for s in fetch("/services", search="anxiety group")["contents"]] == [match.name]
    assert [s["id"] for s in fetch("/services", organization_id=str(provider.id))["contents"]] == [
        str(match.id)
    ]

    Service.objects.exclude(id=match.id).update(updated_at=timezone.now() - timedelta(days=30))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert [s["id"] for s in fetch("/services", modified_after=since)["contents"]] == [str(match.id)]
    naive = (timezone.now() - timedelta(days=1)).replace(tzinfo=None).isoformat()
    assert fetch("/services", modified_after=naive)["total_items"] == 1


def test_filters_by_taxonomy_term_whatever_holds_it():
    ServiceFactory(name="Needs", tier="wellbeing", terms=vocabulary_terms(need=["trauma"]))
    other_term = TaxonomyTermFactory()
    AttributeFactory(service=ServiceFactory(name="Stored", tier=""), taxonomy_term=other_term)
    ServiceFactory(name="Waits", tier="", typical_wait_days=3)

    def names(**params):
        return {service["name"] for service in fetch("/services", **params)["contents"]}

    assert names(taxonomy_term_id=str(NEEDS.term_id("trauma"))) == {"Needs"}
    assert names(taxonomy_term_id=str(TIERS.term_id("wellbeing"))) == {"Needs"}
    assert names(taxonomy_term_id=str(other_term.id)) == {"Stored"}
    assert names(taxonomy_term_id=str(FACTS["typical_wait_days"].term_id)) == {"Waits"}
    assert names(taxonomy_term_id=str(FACTS["gender"].term_id)) == {"Needs", "Stored", "Waits"}
    assert names(taxonomy_id=str(NEEDS.id)) == {"Needs"}
    assert names(taxonomy_id=str(TIERS.id)) == {"Needs"}
    assert names(taxonomy_id=str(other_term.taxonomy_id)) == {"Stored"}
    assert names(taxonomy_term_id=str(uuid.uuid4())) == set()


def test_minimal_lists_ids_and_dates_of_everything_and_full_nests_each_service():
    ServiceFactory.create_batch(120)
    minimal = fetch("/services", minimal="true")
    assert (minimal["total_items"], minimal["size"], minimal["total_pages"]) == (120, 120, 1)
    service_list = schemas.load("uk-profile/schema/compiled/service_list.json")
    item_schema = {
        "type": "object",
        "required": ["id", "last_modified"],
        "additionalProperties": False,
        "properties": {key: service_list["properties"][key] for key in ("id", "last_modified")},
    }
    minimal_validator = type(schemas.validator(HSDS_SERVICE))(
        item_schema, format_checker=schemas.strict_formats()
    )
    for item in minimal["contents"]:
        assert list(minimal_validator.iter_errors(item)) == []
    assert fetch("/services", minimal="true", per_page=50)["total_pages"] == 3
    full = fetch("/services", full="true", per_page=2)
    assert len(full["contents"]) == 2
    for service in full["contents"]:
        assert_full_service(service)
        assert "attributes" in service


def test_taxonomy_terms_filter_by_taxonomy_parent_and_text():
    parent = TaxonomyTermFactory(name="Health")
    child = TaxonomyTermFactory(name="Mental health", taxonomy=parent.taxonomy, parent=parent)
    by_taxonomy = fetch("/taxonomy_terms", taxonomy_id=str(parent.taxonomy_id))
    assert {t["name"] for t in by_taxonomy["contents"]} == {"Health", "Mental health"}
    assert [t["id"] for t in fetch("/taxonomy_terms", parent_id=str(parent.id))["contents"]] == [
        str(child.id)
    ]
    top = fetch("/taxonomy_terms", taxonomy_id=str(parent.taxonomy_id), top_only="true")
    assert [t["id"] for t in top["contents"]] == [str(parent.id)]
    assert {t["code"] for t in fetch("/taxonomy_terms", search="psychosis")["contents"]} == {"psychosis"}
    assert fetch(f"/taxonomy_terms/{child.id}")["parent_id"] == str(parent.id)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_a_page_takes_the_same_few_queries_whatever_its_size(django_assert_max_num_queries):
    for _ in range(55):
        service_with_everything()
    client = Client()
    # Count, the page's ids off the index, then the page's rows (with what each kind of page joins).
    for path, most in (("/services?", 3), ("/services?full=true&", 20), ("/service_at_locations?", 3)):
        small, large = _queries(client, f"{API}{path}per_page=5"), _queries(client, f"{API}{path}per_page=50")
        assert small == large, path
        with django_assert_max_num_queries(most):
            client.get(f"{API}{path}per_page=50")


def test_filters_by_age_as_the_oruk_api_defines_them():
    ServiceFactory(name="Young people", minimum_age=11, maximum_age=17)
    ServiceFactory(name="Adults", minimum_age=18, maximum_age=None)
    ServiceFactory(name="Anyone", minimum_age=None, maximum_age=None)
    ServiceFactory(name="Young adults", minimum_age=18, maximum_age=25)

    def names(**params):
        return sorted(s["name"] for s in fetch("/services", **params)["contents"])

    assert names(maximum_age=17) == ["Young people"]  # no longer the adult-only services
    assert names(minimum_age=18) == ["Adults", "Young adults"]
    assert names(minimum_age=18, maximum_age=30) == ["Young adults"]
    assert fetch("/service_at_locations", maximum_age=17)["total_items"] == 0  # none has a location here


def test_filters_by_day_and_opening_times_on_one_schedule():
    from datetime import time

    from throughcare.directory.tests.factories import ScheduleFactory

    weekday = ServiceFactory(name="Weekday drop-in")
    ScheduleFactory(service=weekday, byday="MO,TU,WE", opens_at=time(9), closes_at=time(17))
    evening = ServiceFactory(name="Evening group")
    link = ServiceAtLocationFactory(service=evening)
    ScheduleFactory(service=None, service_at_location=link, byday="TH", opens_at=time(18), closes_at=time(20))
    ServiceFactory(name="No hours given")

    def names(**params):
        return sorted(s["name"] for s in fetch("/services", **params)["contents"])

    assert names(day="monday") == ["Weekday drop-in"]
    assert names(day="TH") == ["Evening group"]
    assert names(start_time="17:30") == ["Evening group"]
    assert names(end_time="17:00") == ["Weekday drop-in"]
    # Day and times are met by the same schedule, not one each.
    assert names(day="TH", end_time="17:00") == []
    assert fetch("/service_at_locations", day="TH")["total_items"] == 1


def test_the_openapi_declares_the_age_and_schedule_filters():
    operation = Client().get(f"{API}/openapi.json").json()["paths"][f"{API}/services"]["get"]
    declared = {parameter["name"] for parameter in operation["parameters"]}
    assert {"minimum_age", "maximum_age", "day", "start_time", "end_time"} <= declared


def _lists_with_repeated_ids(document, where="") -> list[str]:
    """Every list in the document whose records repeat an id: HSDS ids are keys."""
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            found += _lists_with_repeated_ids(value, f"{where}.{key}")
    elif isinstance(document, list):
        ids = [item["id"] for item in document if isinstance(item, dict) and "id" in item]
        if len(ids) != len(set(ids)):
            found.append(where)
        for index, item in enumerate(document):
            found += _lists_with_repeated_ids(item, f"{where}[{index}]")
    return found


def test_no_published_document_repeats_an_id_in_a_list(everything):
    service = ServiceFactory(tier="primary")
    service.terms.add(*vocabulary_terms(tier=["primary"]))  # the tier as a coded term too (ADR 19)
    documents = [fetch(f"/services/{service.id}"), fetch(f"/services/{everything.id}")]
    documents += [fetch("/services", full="true"), fetch("/services"), fetch("/service_at_locations")]
    for document in documents:
        assert _lists_with_repeated_ids(document) == []


def test_the_feeds_order_is_read_off_an_index_not_sorted_on_every_request():
    from django.db import connection

    ServiceFactory.create_batch(3)
    sql, params = (
        Service.objects.filter(status="active", is_public=True)
        .order_by("name", "id")
        .values_list("id", flat=True)[100:150]
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (COSTS OFF) "
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # tiny test tables: ask what it would use
        cursor.execute(explain + sql, params)
        plan = " ".join(str(column) for row in cursor.fetchall() for column in row)
    assert "service_published_idx" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # SQLite's sign of sorting every row
    assert "Sort" not in plan.split("Index")[0], plan  # PostgreSQL sorts nothing before the index


def test_an_opening_time_with_a_zone_is_read_as_the_services_own_clock(client):
    # Once a 500: a time with a zone cannot be compared with the schedule's times in the database.
    response = client.get("/openreferral/service_at_locations", {"start_time": "17:32:50Z"})
    assert response.status_code == 200
    assert client.get("/openreferral/services", {"end_time": "09:00:00+01:00"}).status_code == 200
