"""Issue 21's hostile inputs, each answered with a specific 4xx or message rather than a server error.

Every test here sends one input that used to reach a 500, a traceback, or the database (where
PostgreSQL refuses a NUL byte), or that was accepted when it should have been refused.
"""

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.continuity.models import CustodyEpisode
from throughcare.continuity.tests.helpers import a_prison
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.directory.tests.factories import ServiceFactory
from throughcare.people.models import Person
from throughcare.people.tests.helpers import person_in, valid_nhs_number
from throughcare.referrals.models import Referral
from throughcare.referrals.tests.fhir_helpers import api_client, minimal_message
from throughcare.referrals.tests.helpers import draft

pytestmark = pytest.mark.django_db

SUPERSCRIPT_NHS = "²²²²²²²²²²"
# 943 476 5919, a valid number, in Arabic-Indic digits.
ARABIC_INDIC_NHS = "".join(chr(0x0660 + int(digit)) for digit in "9434765919")
PERSON = {"given_names": "Rowan", "family_name": "Ash", "date_of_birth": "1988-02-03"}


def _json(client, url, body, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data, content_type="application/json", **extra)


@pytest.fixture
def api(users_by_role):
    return api_client(users_by_role[Role.PRACTITIONER])


@pytest.fixture
def practitioner(users_by_role):
    return users_by_role[Role.PRACTITIONER]


# 1. Superscript and Arabic-Indic digits in identifiers.


@pytest.mark.parametrize("number", [SUPERSCRIPT_NHS, ARABIC_INDIC_NHS])
def test_an_nhs_number_in_other_digits_is_refused_by_the_people_api(api, number):
    response = _json(api, "/api/v1/people", {**PERSON, "nhs_number": number})
    assert response.status_code == 422
    assert "only digits" in response.json()["errors"][0]["msg"]
    assert not Person.objects.exists()


def test_an_nhs_number_of_superscript_digits_is_no_match_in_the_people_search(client_for):
    response = client_for(Role.PRACTITIONER).get(reverse("people:list"), {"q": SUPERSCRIPT_NHS})
    assert response.status_code == 200


def test_a_prison_number_in_arabic_indic_digits_is_refused(api):
    response = _json(api, "/api/v1/people", {**PERSON, "prison_number": "A\u0661\u0662\u0663\u0664BC"})
    assert response.status_code == 422
    assert "A1234BC" in response.json()["errors"][0]["msg"]


def test_fhir_import_refuses_an_nhs_number_of_superscript_digits(practitioner):
    service = ServiceFactory()
    message = minimal_message(nhs_number=SUPERSCRIPT_NHS, service_id=service.pk)
    response = _json(api_client(practitioner), "/api/v1/referrals/fhir", message)
    assert response.status_code == 422
    assert "only digits" in json.dumps(response.json())


# 2 and 3. Body size and nesting depth.


def test_a_body_over_the_upload_limit_is_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = _json(api, "/api/v1/people", {**PERSON, "communication_notes": "x" * 2000})
    assert response.status_code == 413
    assert "at most 1,000 bytes" in response.json()["detail"]


def test_a_form_over_the_upload_limit_is_413_with_a_page(client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client_for(Role.PRACTITIONER).post(reverse("people:create"), {"given_names": "x" * 2000})
    assert response.status_code == 413
    assert "at most 1,000 bytes" in response.content.decode()


def test_a_fhir_bundle_nested_100000_deep_is_400(practitioner):
    body = '{"resourceType": "Bundle", "entry": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = _json(api_client(practitioner), "/api/v1/referrals/fhir", body)
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_brackets_inside_strings_do_not_count_as_nesting(api):
    response = _json(api, "/api/v1/people", {**PERSON, "communication_notes": "[" * 500})
    assert response.status_code == 201, response.content


# 4. A FHIR resourceType that is an object; text/plain; 10,000 extra entries.


def test_a_fhir_resource_type_that_is_an_object_is_422_naming_its_place(practitioner):
    message = minimal_message(nhs_number=valid_nhs_number(3), service_id=ServiceFactory().pk)
    message["entry"][2]["resource"]["resourceType"] = {"no": "thanks"}
    response = _json(api_client(practitioner), "/api/v1/referrals/fhir", message)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][-1] == "Bundle.entry[2].resource.resourceType"


def test_a_bundle_resource_type_that_is_an_object_is_422(practitioner):
    response = _json(api_client(practitioner), "/api/v1/referrals/fhir", {"resourceType": {}, "entry": []})
    assert response.status_code == 422
    assert "not 'a JSON object'" in json.dumps(response.json())


def test_fhir_sent_as_text_plain_is_415(practitioner):
    message = minimal_message(nhs_number=valid_nhs_number(3), service_id=ServiceFactory().pk)
    response = api_client(practitioner).post(
        "/api/v1/referrals/fhir", json.dumps(message), content_type="text/plain"
    )
    assert response.status_code == 415
    assert "application/fhir+json" in response.json()["detail"]


def test_a_bundle_with_10000_extra_organizations_is_refused_by_its_entry_count(practitioner):
    message = minimal_message(nhs_number=valid_nhs_number(3), service_id=ServiceFactory().pk)
    message["entry"] += [{"resource": {"resourceType": "Organization", "name": "Extra"}}] * 10_000
    response = _json(api_client(practitioner), "/api/v1/referrals/fhir", message)
    assert response.status_code == 422
    assert "at most 50 entries: this one has 10,003" in json.dumps(response.json())
    assert not Referral.objects.exists()


# 5. Insight filters far in the future.


@pytest.mark.parametrize("slug", ["provision", "waits", "declines", "equity", "funding", "demand"])
def test_an_insight_period_ending_in_9999_is_a_message_on_the_page(client_for, slug):
    response = client_for(Role.COMMISSIONER).get(reverse(f"insight:{slug}"), {"to": "9999-12-31"})
    assert response.status_code == 422
    assert "The end date must be in 2100 or earlier." in response.content.decode()


def test_an_insight_period_ending_in_9999_is_a_4xx_in_the_api(token_for):
    client = Client(headers={"Authorization": f"Bearer {token_for(Role.COMMISSIONER)}"})
    response = client.get("/api/v1/insight/waits", {"to": "9999-12-31"})
    assert response.status_code in (400, 422)
    assert "2100 or earlier" in json.dumps(response.json())


# 6. Custody dates in years 1 and 9999, and other dates outside their range.


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_custody_dates_in_years_1_and_9999_are_refused_by_the_api(api, practitioner, day):
    person = person_in(practitioner.current_organisation)
    a_prison(code="hmp-leeds")
    response = _json(
        api,
        f"/api/v1/people/{person.pk}/custody-episodes",
        {"prison_code": "hmp-leeds", "reception_date": day},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][-1] == "reception_date"
    assert (
        "1 January 1950" in response.json()["errors"][0]["msg"]
        or "2100" in response.json()["errors"][0]["msg"]
    )
    assert not CustodyEpisode.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_consent_dates_in_years_1_and_9999_are_refused_by_the_api(practitioner, service, day):
    referral = draft(practitioner, service)
    response = _json(
        api_client(practitioner),
        f"/api/v1/referrals/{referral.pk}/consent",
        {"given_on": day, "how_obtained": "verbal", "shared_with": "The service", "purposes": "Support"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][-1] == "given_on"


def test_a_consent_date_in_year_9999_is_refused_on_the_page(client_for, users_by_role, service):
    referral = draft(users_by_role[Role.PRACTITIONER], service)
    response = client_for(Role.PRACTITIONER).post(
        reverse("referrals:consent", args=[referral.pk]),
        {"given_on_day": "1", "given_on_month": "1", "given_on_year": "9999", "how_obtained": "verbal"},
    )
    assert "Date consent was given must be on or before 31 December 2100" in response.content.decode()


def test_a_date_typed_in_arabic_indic_digits_is_refused_on_the_page(client_for, users_by_role, service):
    referral = draft(users_by_role[Role.PRACTITIONER], service)
    response = client_for(Role.PRACTITIONER).post(
        reverse("referrals:consent", args=[referral.pk]),
        {"given_on_day": "\u0665", "given_on_month": "1", "given_on_year": "2026", "how_obtained": "verbal"},
    )
    assert "Date consent was given must be a real date" in response.content.decode()


# 7. A page number past any database integer.


def test_an_open_referral_page_number_past_a_64_bit_integer_is_422(client):
    response = client.get("/openreferral/services", {"page": "9223372036854775808"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "page"]
    assert "1,000,000" in response.json()["errors"][0]["msg"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_mhtr_register_api_bounds_its_page_number(api):
    assert api.get("/api/v1/mhtr-register", {"page": "9223372036854775808"}).status_code == 422


def test_the_people_api_bounds_its_page_number(api):
    response = api.get("/api/v1/people", {"page": "9223372036854775808"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][-1] == "page"


@pytest.mark.parametrize("page", ["9223372036854775808", "²", "٣"])
def test_the_referrals_api_refuses_a_page_past_its_bound_or_in_other_digits(api, page):
    response = api.get("/api/v1/referrals", {"page": page})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"loc": ["query", "page"], "msg": f"Page must be a whole number from 1 to 1,000,000; '{page}' is not"}
    ]


# 8. next=not-a-url on POST forms.


def test_confirming_a_service_with_next_not_a_url_goes_to_the_fallback(client_for, users_by_role):
    from throughcare.directory.tests.factories import DirectoryOrganisationFactory

    manager = users_by_role[Role.PROVIDER_MANAGER]
    service = ServiceFactory(organisation=DirectoryOrganisationFactory(owner=manager.current_organisation))
    response = client_for(Role.PROVIDER_MANAGER).post(
        reverse("directory:service-confirm", args=[service.pk]), {"next": "not-a-url"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:your-services")


@pytest.fixture
def notice_clear_url(referrer, service):
    from throughcare.notices.models import Notice
    from throughcare.referrals.tests.helpers import submitted

    submitted(referrer, service)
    return reverse("notices:clear", args=[Notice.objects.get().pk])


def test_clearing_a_notice_with_next_not_a_url_goes_to_the_worklist(receiver, notice_clear_url):
    client = Client()
    client.force_login(receiver)
    response = client.post(notice_clear_url, {"next": "not-a-url"})
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:worklist")


def test_a_local_next_path_is_still_followed(receiver, notice_clear_url):
    client = Client()
    client.force_login(receiver)
    assert client.post(notice_clear_url, {"next": "/people/"})["Location"] == "/people/"


# 9 and 10. NUL and other control characters, in forms, bodies, searches and filters.


def test_a_nul_in_an_api_body_is_400_naming_the_field(api):
    response = _json(api, "/api/v1/people", {**PERSON, "family_name": "Ash\u0000"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["loc"] == ["body", "family_name"]
    assert "NUL byte" in response.json()["detail"]
    assert not Person.objects.exists()


def test_a_nul_deep_in_a_fhir_bundle_is_400_with_its_path(practitioner):
    message = minimal_message(nhs_number=valid_nhs_number(3), service_id=ServiceFactory().pk)
    message["entry"][1]["resource"]["note"][0]["text"] = "bad\u0000"
    response = _json(api_client(practitioner), "/api/v1/referrals/fhir", message)
    assert response.status_code == 400
    assert response.json()["errors"][0]["loc"] == ["body", "entry", 1, "resource", "note", 0, "text"]


def test_a_lone_surrogate_in_an_api_body_is_400(api):
    response = _json(api, "/api/v1/people", '{"given_names": "\\ud800", "family_name": "Ash"}')
    assert response.status_code == 400


def test_a_nul_in_an_audited_search_never_reaches_the_audit_payload(client_for):
    before = AuditEvent.objects.count()
    response = client_for(Role.PRACTITIONER).get(reverse("people:list"), {"q": "Ash\x00"})
    assert response.status_code == 400
    assert "contains a NUL byte" in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_a_nul_in_a_form_field_is_a_page_naming_the_field(client_for):
    response = client_for(Role.PRACTITIONER).post(
        reverse("people:create"), {"given_names": "Rowan", "family_name": "Ash\x00"}
    )
    assert response.status_code == 400
    assert "What you entered in “family_name” contains a NUL byte" in response.content.decode()
    assert not Person.objects.exists()


def test_another_control_character_in_a_query_is_refused_by_name(client):
    response = client.get("/openreferral/services", {"search": "mind\x1b"})
    assert response.status_code == 400
    assert "U+001B" in response.json()["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_tabs_and_new_lines_in_text_are_kept(api):
    response = _json(api, "/api/v1/people", {**PERSON, "communication_notes": "Line one\r\n\tLine two"})
    assert response.status_code == 201, response.content


# 11. modified_after with an offset over 15:59, or a number.


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2026-01-01T00:00:00+16:00", "offset over 14 hours"),
        ("0.5", "ISO 8601 date or time"),
        ("0001-01-01T00:00:00+01:00", "on or after 1 January 1900"),
    ],
)
def test_modified_after_gets_a_specific_422(client, value, words):
    response = client.get("/openreferral/services", {"modified_after": value})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "modified_after"]
    assert words in response.json()["errors"][0]["msg"]


def test_modified_after_with_an_offset_is_read_in_utc(client):
    ServiceFactory()
    response = client.get("/openreferral/services", {"modified_after": "2000-01-01T10:00:00+14:00"})
    assert response.status_code == 200


def test_the_custody_api_documents_its_date_range(api):
    schema = api.get("/api/v1/openapi.json").json()["components"]["schemas"]["ReceptionIn"]
    assert schema["properties"]["reception_date"]["x-earliest"] == date(1950, 1, 1).isoformat()


@pytest.mark.parametrize("url", ["/api/v1/openapi.json", "/openreferral/openapi.json"])
def test_every_operation_documents_its_error_answers(api, url):
    schema = api.get(url).json()
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
    signed_in = url.startswith("/api/")
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            wanted = {"400", "404", "422"} | ({"401", "403"} if signed_in else set())
            assert wanted <= set(operation["responses"]), (method, path)


def test_posts_document_the_idempotency_key(api):
    operation = api.get("/api/v1/openapi.json").json()["paths"]["/api/v1/people"]["post"]
    assert "Idempotency-Key" in [parameter["name"] for parameter in operation["parameters"]]


def test_a_waiting_list_place_past_a_database_integer_is_refused_by_name(referrer, receiver, service):
    from django.core.exceptions import ValidationError

    from throughcare.referrals import services as referral_services
    from throughcare.referrals.tests.helpers import submitted

    referral = submitted(referrer, service)
    with pytest.raises(ValidationError) as refused:
        referral_services.referral_transition(
            actor=receiver, referral=referral, target="waitlisted", waitlist_position=2**40
        )
    assert refused.value.message_dict["waitlist_position"] == [
        "The place on the waiting list must be 1,000,000 or less"
    ]


@pytest.mark.parametrize("before", ["²", "\u0663", "99999999999999999999999"])
def test_the_audit_list_reads_a_cursor_in_other_digits_or_past_an_integer_as_none(client_for, before):
    # `"²".isdigit()` is true and `int("²")` fails: once a 500, now the first page.
    response = client_for(Role.ADMINISTRATOR).get(reverse("core:audit-list"), {"before": before})
    assert response.status_code == 200
