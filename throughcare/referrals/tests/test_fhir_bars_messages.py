"""BaRS messages from other systems: optional resources, update and cancel messages, and the answers.

The messages are built as the BaRS guide lays a referral out (MessageHeader with definition and
reason, ServiceRequest active plan in the referral category, Encounter, CarePlan, Practitioner,
PractitionerRole, HealthcareService and clinical resources Throughcare does not hold).
"""

import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome

from throughcare.core.models import AuditEvent
from throughcare.people.tests.helpers import person_in, valid_nhs_number
from throughcare.referrals.fhir import systems as s
from throughcare.referrals.models import Referral
from throughcare.referrals.states import ReferralState
from throughcare.referrals.tests.fhir_helpers import api_client, minimal_message
from throughcare.referrals.tests.helpers import draft, submitted

pytestmark = pytest.mark.django_db
PATIENT = "urn:uuid:00000000-0000-4000-8000-0000000000a1"
OPTIONAL = [
    ("Encounter", {"status": "finished", "class": {"code": "AMB"}, "subject": {"reference": PATIENT}}),
    ("CarePlan", {"status": "active", "intent": "plan", "subject": {"reference": PATIENT}}),
    ("Practitioner", {"name": [{"family": "Jones"}]}),
    ("PractitionerRole", {"active": True}),
    ("HealthcareService", {"active": True, "name": "Crisis team"}),
    ("Location", {"name": "A&E"}),
    ("Observation", {"status": "final", "code": {"text": "PHQ-9"}, "valueInteger": 14}),
    ("QuestionnaireResponse", {"status": "completed"}),
    ("Flag", {"status": "active", "code": {"text": "Lone worker risk"}, "subject": {"reference": PATIENT}}),
]


@pytest.fixture
def person(referrer):
    return person_in(referrer.current_organisation, nhs_number=valid_nhs_number(21))


def _bars_message(person, service, *, reason="new", status="active", referral_id=None, extra=()):
    message = minimal_message(nhs_number=person.nhs_number, service_id=service.pk)
    header, request = message["entry"][0]["resource"], message["entry"][1]["resource"]
    header["id"] = "b6f0c5a4-3b7e-4d2a-9c1e-000000000001"
    header["definition"] = s.BARS_REFERRAL_DEFINITION
    header["reason"]["coding"][0]["code"] = reason
    request.update(status=status, intent="plan")
    request["category"] = [{"coding": [{"system": s.BARS_CATEGORY_SYSTEM, "code": s.BARS_CATEGORY_REFERRAL}]}]
    if referral_id:
        request["identifier"] = [{"system": s.REFERRAL_ID_SYSTEM, "value": str(referral_id)}]
    for index, (kind, body) in enumerate(extra):
        message["entry"].append(
            {
                "fullUrl": f"urn:uuid:00000000-0000-4000-8000-{index:012d}",
                "resource": {"resourceType": kind, **body},
            }
        )
    return message


def _post(user, body, *, fhir=False):
    headers = {"Accept": "application/fhir+json"} if fhir else {}
    return api_client(user).post(
        "/api/v1/referrals/fhir", json.dumps(body), content_type="application/fhir+json", headers=headers
    )


def test_a_message_with_optional_resources_imports_and_lists_what_was_not_kept(referrer, service, person):
    response = _post(referrer, _bars_message(person, service, extra=OPTIONAL))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["action"] == "created"
    assert [left["resourceType"] for left in body["not_kept"]] == [kind for kind, _ in OPTIONAL]
    assert body["not_kept"][6]["location"] == "Bundle.entry[9]"
    assert "no place for Observation" in body["not_kept"][6]["reason"]
    assert Referral.objects.get(pk=body["id"]).state == ReferralState.DRAFT


def test_an_update_changes_the_draft_it_names_and_makes_no_new_one(referrer, service, person):
    referral = draft(referrer, service, person)
    message = _bars_message(person, service, reason="update", referral_id=referral.pk)
    message["entry"][1]["resource"]["note"] = [{"id": "reason-for-referral", "text": "Updated reason"}]
    before = Referral.objects.count()
    response = _post(referrer, message)
    assert response.status_code == 200, response.content
    assert response.json()["action"] == "updated"
    assert Referral.objects.count() == before
    referral.refresh_from_db()
    assert referral.reason_for_referral == "Updated reason"
    assert AuditEvent.objects.filter(verb="referral.fhir_updated", target_id=str(referral.pk)).exists()


def test_an_update_to_a_submitted_referral_is_refused_with_409(referrer, service, person):
    referral = submitted(referrer, service, person)
    response = _post(referrer, _bars_message(person, service, reason="update", referral_id=referral.pk))
    assert response.status_code == 409
    assert "Only a draft referral can be updated" in response.json()["errors"][0]["msg"]
    referral.refresh_from_db()
    assert referral.reason_for_referral != "Imported"


def test_an_update_must_name_the_referral(referrer, service, person):
    response = _post(referrer, _bars_message(person, service, reason="update"))
    assert response.status_code == 422
    assert "Bundle.entry[1].resource.identifier" in json.dumps(response.json())


@pytest.mark.parametrize(("reason", "status"), [("delete", "revoked"), ("update", "entered-in-error")])
def test_a_cancellation_withdraws_the_referral_it_names(referrer, service, person, reason, status):
    referral = submitted(referrer, service, person)
    before = Referral.objects.count()
    response = _post(
        referrer, _bars_message(person, service, reason=reason, status=status, referral_id=referral.pk)
    )
    assert response.status_code == 200, response.content
    assert response.json()["action"] == "withdrawn"
    assert Referral.objects.count() == before
    referral.refresh_from_db()
    assert referral.state == ReferralState.WITHDRAWN


def test_cancelling_a_closed_referral_is_refused_and_changes_nothing(referrer, service, person):
    referral = draft(referrer, service, person)
    cancel = _bars_message(person, service, reason="delete", status="revoked", referral_id=referral.pk)
    assert _post(referrer, cancel).status_code == 200
    assert _post(referrer, cancel).status_code == 200  # the same message again: answered as the first
    again = _bars_message(person, service, reason="delete", status="revoked", referral_id=referral.pk)
    again["entry"][0]["resource"]["id"] = "b6f0c5a4-3b7e-4d2a-9c1e-000000000002"  # a new message
    response = _post(referrer, again)
    assert response.status_code == 409
    assert "cannot be withdrawn" in response.json()["errors"][0]["msg"]


def test_a_cancellation_of_a_referral_outside_the_callers_organisation_is_not_found(
    make_user, referrer, service, person
):
    from throughcare.core.permissions import Role

    referral = draft(referrer, service, person)
    stranger = make_user(Role.PRACTITIONER)
    response = _post(
        stranger, _bars_message(person, service, reason="delete", status="revoked", referral_id=referral.pk)
    )
    assert response.status_code == 422
    assert "No referral with this id is shared" in json.dumps(response.json())
    referral.refresh_from_db()
    assert referral.state == ReferralState.DRAFT


def test_a_new_message_that_is_already_revoked_is_refused(referrer, service, person):
    response = _post(referrer, _bars_message(person, service, reason="new", status="revoked"))
    assert response.status_code == 422
    assert "send reason update or delete" in json.dumps(response.json())


def test_a_fhir_sender_gets_the_acknowledgement_message(referrer, service, person):
    response = _post(referrer, _bars_message(person, service, extra=OPTIONAL[:2]), fhir=True)
    assert response.status_code == 201
    assert response["Content-Type"] == "application/fhir+json"
    ack = Bundle.model_validate_json(response.content)
    header = ack.entry[0].resource
    assert header.eventCoding.code == s.BARS_EVENT_RESPONSE
    assert header.response.code == "ok"
    assert header.response.identifier == "b6f0c5a4-3b7e-4d2a-9c1e-000000000001"
    issues = ack.entry[1].resource.issue
    assert [i.expression for i in issues[1:]] == [["Bundle.entry[3]"], ["Bundle.entry[4]"]]


def test_a_fhir_sender_gets_an_operation_outcome_with_codes_and_paths(referrer, service, person):
    message = _bars_message(person, service)
    message["entry"][0]["resource"]["reason"]["coding"][0]["code"] = "resend"
    message["entry"][2]["resource"]["identifier"][0]["value"] = valid_nhs_number(99)
    response = _post(referrer, message, fhir=True)
    assert response.status_code == 422
    outcome = OperationOutcome.model_validate_json(response.content)
    assert {(i.code, i.expression[0]) for i in outcome.issue} == {
        ("invalid", "Bundle.entry[0].resource.reason"),
    }
    message["entry"][0]["resource"]["reason"]["coding"][0]["code"] = "new"
    outcome = OperationOutcome.model_validate_json(_post(referrer, message, fhir=True).content)
    assert [(i.code, i.expression[0]) for i in outcome.issue] == [
        ("not-found", "Bundle.entry[2].resource.identifier[0].value")
    ]


def test_a_refused_cancellation_is_a_business_rule_outcome(referrer, service, person):
    referral = draft(referrer, service, person)
    cancel = _bars_message(person, service, reason="delete", status="revoked", referral_id=referral.pk)
    _post(referrer, cancel)
    cancel["entry"][0]["resource"]["id"] = "b6f0c5a4-3b7e-4d2a-9c1e-000000000002"  # a second message
    response = _post(referrer, cancel, fhir=True)
    assert response.status_code == 409
    outcome = OperationOutcome.model_validate_json(response.content)
    assert outcome.issue[0].code == "business-rule"


def test_a_message_of_another_definition_is_refused_at_the_definition(referrer, service, person):
    message = _bars_message(person, service)
    booking = "https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request"
    message["entry"][0]["resource"]["definition"] = booking
    response = _post(referrer, message)
    assert response.status_code == 422
    assert "Bundle.entry[0].resource.definition" in json.dumps(response.json())


def test_consent_in_an_update_is_listed_as_not_kept(referrer, service, person):
    referral = draft(referrer, service, person)
    message = _bars_message(person, service, reason="update", referral_id=referral.pk)
    message["entry"].append(
        {
            "fullUrl": "urn:uuid:00000000-0000-4000-8000-0000000000d1",
            "resource": {
                "resourceType": "Consent",
                "status": "active",
                "scope": {"coding": [{"system": s.CONSENT_SCOPE_SYSTEM, "code": s.CONSENT_SCOPE_PRIVACY}]},
                "category": [{"coding": [{"system": s.SNOMED, "code": s.CONSENT_SHARING_CODE}]}],
                "patient": {"reference": PATIENT},
                "dateTime": "2026-01-05",
                "policyRule": {"coding": [{"system": s.ACT_CODE_SYSTEM, "code": "OPTIN"}]},
                "extension": [
                    {"url": s.CONSENT_METHOD_URL, "valueCode": "verbal"},
                    {"url": s.CONSENT_SHARED_WITH_URL, "valueString": "The service"},
                    {"url": s.CONSENT_PURPOSES_URL, "valueString": "Support"},
                ],
            },
        }
    )
    response = _post(referrer, message)
    assert response.status_code == 200, response.content
    assert response.json()["not_kept"] == [
        {
            "location": "Bundle.entry[3]",
            "resourceType": "Consent",
            "reason": "An update changes what the draft says, not consent: "
            "record a change of consent on the referral page",
        }
    ]
    assert not referral.consents.exists()


@pytest.mark.parametrize("status", ["on-hold", "completed"])
def test_an_update_that_changes_the_status_otherwise_is_refused_not_ignored(
    referrer, service, person, status
):
    referral = draft(referrer, service, person)
    response = _post(
        referrer, _bars_message(person, service, reason="update", status=status, referral_id=referral.pk)
    )
    assert response.status_code == 422
    assert "Bundle.entry[1].resource.status" in json.dumps(response.json())
