"""Both OpenAPI documents tell the truth: codes from the domain's own lists, the input guard's text
rule, date ranges, the insight filters, and links along the resource flows (core/openapi_document.py)."""

import re

import pytest

from throughcare.core.inputs import CONTROL_CHARACTER, TEXT_PATTERN, WORDS_PATTERN
from throughcare.core.permissions import Role
from throughcare.directory.vocabularies import NEEDS
from throughcare.insight.areas import Level
from throughcare.insight.catalogue import VIEWS
from throughcare.referrals.reasons import ReasonCode
from throughcare.referrals.states import ReferralState
from throughcare.referrals.tests.fhir_helpers import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def main(users_by_role):
    return api_client(users_by_role[Role.PRACTITIONER]).get("/api/v1/openapi.json").json()


@pytest.fixture
def open_referral(client):
    return client.get("/openreferral/openapi.json").json()


def _parameters(document, method, path):
    return {p["name"]: p["schema"] for p in document["paths"][path][method].get("parameters", [])}


def test_codes_are_listed_from_the_domains_own_lists(main):
    schemas = main["components"]["schemas"]
    transition = schemas["TransitionIn"]["properties"]
    assert transition["target"]["enum"] == list(ReferralState.values)
    assert transition["reason_code"]["enum"] == ["", *ReasonCode.values]
    assert schemas["ReferralIn"]["properties"]["need_codes"]["items"]["enum"] == [
        code for code, _name, _description in NEEDS.terms
    ]


def test_required_text_must_hold_words(main):
    consent = main["components"]["schemas"]["ConsentIn"]["properties"]
    assert consent["shared_with"]["minLength"] == 1
    assert not re.search(consent["shared_with"]["pattern"], "   ")
    assert re.search(WORDS_PATTERN, " a ")


def test_every_free_text_in_a_request_carries_the_input_guards_rule(main):
    person = main["components"]["schemas"]["PersonIn"]
    assert person["properties"]["phone"]["pattern"] == TEXT_PATTERN
    assert person["propertyNames"] == {"pattern": TEXT_PATTERN}
    # The rule is the guard's: what one refuses, the other does.
    for character in ("\x00", "\x1b", "\x7f", "\t", "\n", "é"):
        assert bool(re.fullmatch(TEXT_PATTERN, character)) is not bool(CONTROL_CHARACTER.search(character))


def test_dates_carry_their_range_as_a_pattern_of_years(main):
    reception = main["components"]["schemas"]["ReceptionIn"]["properties"]["reception_date"]
    assert re.search(reception["pattern"], "1950-01-01")
    assert re.search(reception["pattern"], "2100-12-31")
    assert not re.search(reception["pattern"], "1949-12-31")
    assert not re.search(reception["pattern"], "9999-12-31")


def test_the_insight_filters_are_documented(main):
    parameters = _parameters(main, "get", "/api/v1/insight/{view}")
    assert parameters["view"]["enum"] == list(VIEWS)
    assert parameters["level"]["enum"] == ["", *Level]
    assert {"area", "from", "to"} <= set(parameters)
    assert parameters["to"]["anyOf"][1]["x-latest"] == "2100-12-31"


def test_open_referral_pages_are_bounded_in_the_document(open_referral):
    parameters = _parameters(open_referral, "get", "/openreferral/services")
    assert (parameters["page"]["minimum"], parameters["page"]["maximum"]) == (1, 1_000_000)


def test_a_created_person_leads_to_their_custody_orders_and_details(main):
    links = main["paths"]["/api/v1/people"]["post"]["responses"]["201"]["links"]
    targets = {link["operationId"] for link in links.values()}
    assert {"throughcare_people_api_get_person", "throughcare_continuity_orders_api_create_order"} <= targets
    assert all(link["parameters"] == {"person_id": "$response.body#/id"} for link in links.values())


def test_every_link_names_an_operation_and_a_parameter_it_has(main, open_referral):
    for document in (main, open_referral):
        operations = {
            operation["operationId"]: operation
            for item in document["paths"].values()
            for operation in item.values()
            if isinstance(operation, dict)
        }
        linked = 0
        for item in document["paths"].values():
            for operation in item.values():
                for response in operation.get("responses", {}).values():
                    for link in response.get("links", {}).values():
                        target = operations[link["operationId"]]
                        names = {p["name"] for p in target.get("parameters", [])}
                        assert set(link["parameters"]) <= names, link
                        linked += 1
        assert linked
