"""Exporting a referral as a BaRS-shaped FHIR message: its shape, what it shares, access and audit."""

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people.tests.helpers import person_in, valid_nhs_number
from throughcare.referrals import services
from throughcare.referrals.fhir import systems as s
from throughcare.referrals.fhir.build import build_bundle
from throughcare.referrals.fhir.exchange import referral_message_for
from throughcare.referrals.tests.fhir_helpers import api_client
from throughcare.referrals.tests.helpers import draft, give_consent, submitted

pytestmark = pytest.mark.django_db


def _message(user, referral) -> dict:
    return json.loads(referral_message_for(user, referral.pk))


def _resources(message, kind: str) -> list[dict]:
    return [e["resource"] for e in message["entry"] if e["resource"]["resourceType"] == kind]


def _one(message, kind: str) -> dict:
    (resource,) = _resources(message, kind)
    return resource


def _references(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield item
            else:
                yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


@pytest.fixture
def person(referrer):
    return person_in(
        referrer.current_organisation,
        nhs_number=valid_nhs_number(7),
        gender="woman",
        prison_number="A1234BC",
        phone="07700 900123",
        email="person@example.org",
    )


def test_the_message_header_comes_first_with_the_bars_referral_event(referrer, service, person):
    message = _message(referrer, draft(referrer, service, person))
    assert message["resourceType"] == "Bundle"
    assert message["type"] == "message"
    header = message["entry"][0]["resource"]
    assert header["resourceType"] == "MessageHeader"
    assert header["eventCoding"] == {
        "system": s.BARS_EVENT_SYSTEM,
        "code": s.BARS_EVENT_REFERRAL,
        "display": "Referral - Request",
    }


def test_the_header_focuses_on_the_service_request_for_this_referral(referrer, service, person):
    referral = draft(referrer, service, person)
    message = _message(referrer, referral)
    (focus,) = message["entry"][0]["resource"]["focus"]
    target = next(e for e in message["entry"] if e["fullUrl"] == focus["reference"])
    assert target["resource"]["resourceType"] == "ServiceRequest"
    assert target["fullUrl"] == f"urn:uuid:{referral.pk}"
    assert target["resource"]["identifier"] == [{"system": s.REFERRAL_ID_SYSTEM, "value": str(referral.pk)}]


def test_every_reference_resolves_inside_the_bundle(referrer, service, person):
    referral = draft(referrer, service, person)
    give_consent(referrer, referral)
    message = _message(referrer, referral)
    urls = {e["fullUrl"] for e in message["entry"]}
    references = list(_references(message["entry"]))
    assert len(references) >= 8
    assert set(references) <= urls
    assert len(urls) == len(message["entry"])


def test_the_export_parses_with_fhir_resources(referrer, service, person):
    referral = draft(referrer, service, person)
    give_consent(referrer, referral)
    parsed = Bundle.model_validate_json(referral_message_for(referrer, referral.pk))
    assert [e.resource.get_resource_type() for e in parsed.entry] == [
        "MessageHeader",
        "ServiceRequest",
        "Patient",
        "Organization",
        "Organization",
        "HealthcareService",
        "PractitionerRole",
        "Practitioner",
        "Encounter",
        "CarePlan",
        "Consent",
    ]


def test_the_patient_carries_only_what_the_referral_shares(referrer, service, person):
    message = _message(referrer, draft(referrer, service, person))
    patient = _one(message, "Patient")
    assert patient["identifier"] == [{"system": s.NHS_NUMBER_SYSTEM, "value": person.nhs_number}]
    assert patient["name"] == [{"use": "official", "family": person.family_name, "given": ["Sam"]}]
    assert patient["birthDate"] == "1990-05-17"
    assert patient["gender"] == "female"
    assert set(patient) == {"resourceType", "id", "meta", "identifier", "name", "gender", "birthDate"}
    text = json.dumps(message)
    for private in ("A1234BC", "07700 900123", "person@example.org"):
        assert private not in text


def test_a_person_without_an_nhs_number_is_sent_without_one(referrer, service):
    message = _message(referrer, draft(referrer, service))
    assert "identifier" not in _one(message, "Patient")


def test_the_service_request_maps_the_shared_fields(referrer, service, person):
    referral = draft(
        referrer,
        service,
        person,
        need_codes=["depression", "anxiety"],
        medication="Sertraline 50mg",
        in_custody=True,
        release_date=date(2026, 3, 31),
    )
    request = _one(_message(referrer, referral), "ServiceRequest")
    # BaRS: a referral being sent is an active plan, in the BaRS referral category.
    assert request["status"] == "active"
    assert request["intent"] == "plan"
    assert request["category"][0]["coding"][0] == {
        "system": s.BARS_CATEGORY_SYSTEM,
        "code": s.BARS_CATEGORY_REFERRAL,
        "display": "Referral",
    }
    assert request["subject"] == {"reference": f"urn:uuid:{person.pk}"}
    assert request["performer"][0]["identifier"] == {"system": s.SERVICE_ID_SYSTEM, "value": str(service.pk)}
    assert [c["coding"][0]["code"] for c in request["reasonCode"]] == ["anxiety", "depression"]
    assert {c["coding"][0]["system"] for c in request["reasonCode"]} == {s.NEEDS_SYSTEM}
    notes = {n["id"]: n["text"] for n in request["note"]}
    assert notes == {
        "reason-for-referral": referral.reason_for_referral,
        "risk-summary": referral.risk_summary,
        "medication": "Sertraline 50mg",
        "contact-preferences": referral.contact_preferences,
        "in-custody": "yes",
        "release-date": "2026-03-31",
    }


def test_a_submitted_referral_is_an_active_request(referrer, service, person):
    request = _one(_message(referrer, submitted(referrer, service, person)), "ServiceRequest")
    assert request["status"] == "active"


def test_both_organisations_and_the_referrer_are_named(referrer, service, person):
    message = _message(referrer, draft(referrer, service, person))
    organisations = {o["name"] for o in _resources(message, "Organization")}
    assert organisations == {referrer.current_organisation.name, service.organisation.owner.name}
    role = _one(message, "PractitionerRole")
    assert role["practitioner"]["display"] == referrer.full_name
    assert role["organization"]["reference"] == f"urn:uuid:{referrer.current_organisation_id}"


def test_an_ods_shaped_organisation_code_is_sent_as_an_ods_code(make_user, service):
    practitioner = make_user(Role.PRACTITIONER, organisation=OrganisationFactory(code="rxh01"))
    message = _message(practitioner, draft(practitioner, service))
    referrer_org = next(
        o for o in _resources(message, "Organization") if o["id"] == str(practitioner.current_organisation_id)
    )
    assert {"system": s.ODS_CODE_SYSTEM, "value": "RXH01"} in referrer_org["identifier"]


def test_a_slug_code_is_not_passed_off_as_an_ods_code(referrer, service, person):
    message = _message(referrer, draft(referrer, service, person))
    systems = {i["system"] for o in _resources(message, "Organization") for i in o["identifier"]}
    assert systems == {s.ORGANISATION_CODE_SYSTEM}


def test_consent_is_sent_while_it_stands(referrer, service, person):
    referral = draft(referrer, service, person)
    consent = give_consent(referrer, referral)
    sent = _one(_message(referrer, referral), "Consent")
    assert sent["status"] == "active"
    assert sent["patient"] == {"reference": f"urn:uuid:{person.pk}"}
    assert sent["dateTime"] == "2026-01-05"
    assert sent["scope"]["coding"][0]["code"] == s.CONSENT_SCOPE_PRIVACY
    assert sent["category"][0]["coding"][0]["code"] == s.CONSENT_SHARING_CODE
    assert sent["policyRule"]["coding"][0]["code"] == s.CONSENT_POLICY_OPT_IN
    assert sent["provision"]["type"] == "permit"
    assert (
        sent["provision"]["actor"][0]["reference"]["reference"]
        == f"urn:uuid:{referral.receiving_organisation_id}"
    )
    assert {e["url"]: e.get("valueCode") or e.get("valueString") for e in sent["extension"]} == {
        s.CONSENT_METHOD_URL: "verbal",
        s.CONSENT_SHARED_WITH_URL: consent.shared_with,
        s.CONSENT_PURPOSES_URL: consent.purposes,
    }


def test_no_consent_is_sent_before_it_is_recorded(referrer, service, person):
    assert _resources(_message(referrer, draft(referrer, service, person)), "Consent") == []


def test_withdrawn_consent_is_not_sent(referrer, service, person):
    referral = submitted(referrer, service, person)
    services.referral_withdraw_consent(actor=referrer, referral=referral, note="Changed their mind")
    assert _resources(_message(referrer, referral), "Consent") == []


def test_the_export_is_audited_without_what_the_referral_says(referrer, service, person):
    referral = draft(referrer, service, person)
    _message(referrer, referral)
    event = AuditEvent.objects.get(verb="referral.fhir_exported")
    assert event.target_id == str(referral.pk)
    assert set(event.payload) == {"side", "message", "consent"}
    assert referral.reason_for_referral not in json.dumps(event.payload)


def test_the_export_reads_a_fixed_number_of_queries(referrer, service, person, django_assert_max_num_queries):
    referral = draft(referrer, service, person)
    give_consent(referrer, referral)
    # The referral with what it names, its consent, then the audit event (savepoint, chain head, row).
    with django_assert_max_num_queries(7):
        referral_message_for(referrer, referral.pk)


def test_building_does_not_touch_the_database(referrer, service, person, django_assert_num_queries):
    referral = draft(referrer, service, person)
    loaded = (
        type(referral)
        .objects.select_related(
            "person", "service", "referring_organisation", "receiving_organisation", "created_by"
        )
        .get(pk=referral.pk)
    )
    with django_assert_num_queries(0):
        build_bundle(loaded, None)


# Over the API and as a page.


def test_the_api_answers_fhir_json_to_either_side(referrer, receiver, service, person):
    referral = submitted(referrer, service, person)
    for user in (referrer, receiver):
        response = api_client(user).get(f"/api/v1/referrals/{referral.pk}/fhir")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/fhir+json"
        assert response.json()["entry"][1]["resource"]["id"] == str(referral.pk)


def test_another_organisation_gets_404(make_user, referrer, service, person):
    referral = submitted(referrer, service, person)
    outsider = make_user(Role.PRACTITIONER)
    assert api_client(outsider).get(f"/api/v1/referrals/{referral.pk}/fhir").status_code == 404
    assert not AuditEvent.objects.filter(verb="referral.fhir_exported").exists()


def test_the_receiver_does_not_see_a_draft(referrer, receiver, service, person):
    referral = draft(referrer, service, person)
    assert api_client(receiver).get(f"/api/v1/referrals/{referral.pk}/fhir").status_code == 404


def test_a_commissioner_gets_403(make_user, referrer, service, person):
    referral = submitted(referrer, service, person)
    commissioner = make_user(Role.COMMISSIONER)
    assert api_client(commissioner).get(f"/api/v1/referrals/{referral.pk}/fhir").status_code == 403


def test_without_a_token_the_api_answers_401(referrer, service, person):
    referral = submitted(referrer, service, person)
    assert Client().get(f"/api/v1/referrals/{referral.pk}/fhir").status_code == 401


def test_the_page_link_downloads_the_same_message(referrer, service, person):
    referral = draft(referrer, service, person)
    client = Client()
    client.force_login(referrer)
    page = client.get(reverse("referrals:detail", kwargs={"referral_id": referral.pk}))
    url = reverse("referrals:fhir", kwargs={"referral_id": referral.pk})
    assert f'href="{url}"' in page.content.decode()
    assert "Download as FHIR (NHS BaRS)" in page.content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/fhir+json"
    assert download["Content-Disposition"] == f'attachment; filename="referral-{referral.pk}.fhir.json"'
    assert json.loads(download.content)["entry"][1]["fullUrl"] == f"urn:uuid:{referral.pk}"


def test_the_page_is_404_outside_the_referral(make_user, referrer, service, person):
    referral = submitted(referrer, service, person)
    client = Client()
    client.force_login(make_user(Role.PROVIDER_MANAGER))
    assert client.get(reverse("referrals:fhir", kwargs={"referral_id": referral.pk})).status_code == 404


def test_the_openapi_documents_both_operations():
    schema = Client().get("/api/v1/openapi.json").json()
    export = schema["paths"]["/api/v1/referrals/{referral_id}/fhir"]["get"]
    assert "application/fhir+json" in export["responses"]["200"]["content"]
    imported = schema["paths"]["/api/v1/referrals/fhir"]["post"]
    assert "application/fhir+json" in imported["requestBody"]["content"]
    assert {"201", "422"} <= set(imported["responses"])
