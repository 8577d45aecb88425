"""A referral made by another NHS system, laid out as the BaRS guide lays one out: it carries no
Throughcare ids, names the service by its Directory of Services id, codes its reason in SNOMED CT,
writes unlabelled notes and a Consent without Throughcare's extensions. It imports, updates and cancels.
"""

import copy
import json

import pytest

from throughcare.people.tests.helpers import person_in, valid_nhs_number
from throughcare.referrals.fhir import systems as s
from throughcare.referrals.models import Referral
from throughcare.referrals.states import ReferralState
from throughcare.referrals.tests.fhir_helpers import api_client

pytestmark = pytest.mark.django_db
SENDER_SYSTEM = "https://fhir.example-111-provider.nhs.uk/Id/case-reference"


def _url(n: int) -> str:
    return f"urn:uuid:5a2b3c4d-0000-4000-8000-{n:012d}"


def bars_referral(
    nhs_number: str, dos_id: str, *, reason="new", status="active", note="Low mood, poor sleep"
):
    profile = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-"
    entries = {
        1: {
            "resourceType": "MessageHeader",
            "id": "5a2b3c4d-0000-4000-8000-000000000001",
            "meta": {
                "profile": [
                    "https://fhir.nhs.uk/StructureDefinition/BARSMessageHeader-servicerequest-request"
                ]
            },
            "definition": s.BARS_REFERRAL_DEFINITION,
            "eventCoding": {"system": s.BARS_EVENT_SYSTEM, "code": s.BARS_EVENT_REFERRAL},
            "reason": {"coding": [{"system": s.BARS_REASON_SYSTEM, "code": reason}]},
            "destination": [
                {
                    "endpoint": "https://throughcare.example/api/v1/referrals/fhir",
                    "receiver": {"reference": _url(6)},
                }
            ],
            "sender": {"reference": _url(5)},
            "source": {"endpoint": "https://111.example.nhs.uk/bars"},
            "focus": [{"reference": _url(2)}],
        },
        2: {
            "resourceType": "ServiceRequest",
            "identifier": [{"system": SENDER_SYSTEM, "value": "CASE-2026-0042"}],
            "basedOn": [{"reference": _url(9)}],
            "status": status,
            "intent": "plan",
            "category": [{"coding": [{"system": s.BARS_CATEGORY_SYSTEM, "code": "referral"}]}],
            "subject": {"reference": _url(3)},
            "encounter": {"reference": _url(8)},
            "authoredOn": "2026-12-01T10:00:00+00:00",
            "requester": {"reference": _url(7)},
            "performer": [{"reference": _url(10)}],
            "reasonCode": [
                {"coding": [{"system": s.SNOMED, "code": "35489007", "display": "Depressive disorder"}]}
            ],
            "note": [{"text": note}],
        },
        3: {
            "resourceType": "Patient",
            "meta": {"profile": [f"{profile}Patient"]},
            "identifier": [{"system": s.NHS_NUMBER_SYSTEM, "value": nhs_number}],
            "name": [{"family": "Testperson", "given": ["Sam"]}],
        },
        4: {"resourceType": "Practitioner", "name": [{"family": "Okafor", "given": ["Ada"]}]},
        5: {
            "resourceType": "Organization",
            "identifier": [{"system": s.ODS_CODE_SYSTEM, "value": "RYE"}],
            "name": "NHS 111",
        },
        6: {
            "resourceType": "Organization",
            "identifier": [{"system": s.ODS_CODE_SYSTEM, "value": "Y02345"}],
            "name": "Receiver",
        },
        7: {
            "resourceType": "PractitionerRole",
            "practitioner": {"reference": _url(4)},
            "organization": {"reference": _url(5)},
        },
        8: {
            "resourceType": "Encounter",
            "status": "finished",
            "class": {"system": s.ACT_CODE_SYSTEM, "code": "VR"},
            "subject": {"reference": _url(3)},
        },
        9: {
            "resourceType": "CarePlan",
            "status": "active",
            "intent": "plan",
            "subject": {"reference": _url(3)},
        },
        10: {
            "resourceType": "HealthcareService",
            "identifier": [{"system": s.DOS_SERVICE_ID_SYSTEM, "value": dos_id}],
            "active": True,
            "providedBy": {"reference": _url(6)},
        },
        11: {"resourceType": "Location", "name": "Telephone assessment"},
        12: {
            "resourceType": "Consent",
            "status": "active",
            "scope": {"coding": [{"system": s.CONSENT_SCOPE_SYSTEM, "code": s.CONSENT_SCOPE_PRIVACY}]},
            "category": [{"coding": [{"system": s.SNOMED, "code": s.CONSENT_SHARING_CODE}]}],
            "patient": {"reference": _url(3)},
            "policyRule": {"coding": [{"system": s.ACT_CODE_SYSTEM, "code": "OPTIN"}]},
        },
        13: {
            "resourceType": "QuestionnaireResponse",
            "status": "completed",
            "subject": {"reference": _url(3)},
        },
    }
    return {
        "resourceType": "Bundle",
        "meta": {
            "profile": [s.PROFILES["Bundle"]],
            "versionId": "1",
            "lastUpdated": "2026-12-01T10:00:00+00:00",
        },
        # Each message a system sends has its own identifier (new, update and cancel alike).
        "identifier": {"system": "https://111.example.nhs.uk/Id/message", "value": f"msg-{reason}-{status}"},
        "type": "message",
        "timestamp": "2026-12-01T10:00:00+00:00",
        "entry": [{"fullUrl": _url(n), "resource": resource} for n, resource in entries.items()],
    }


@pytest.fixture
def person(referrer):
    return person_in(referrer.current_organisation, nhs_number=valid_nhs_number(31))


@pytest.fixture
def dos_service(service):
    service.bars_receiver_id = "2000012345"
    service.save()
    return service


def _post(user, body):
    return api_client(user).post(
        "/api/v1/referrals/fhir", json.dumps(body), content_type="application/fhir+json"
    )


def test_it_imports_keeping_what_throughcare_holds_and_listing_the_rest(referrer, person, dos_service):
    response = _post(referrer, bars_referral(person.nhs_number, "2000012345"))
    assert response.status_code == 201, response.content
    body = response.json()
    referral = Referral.objects.get(pk=body["id"])
    assert referral.service_id == dos_service.pk
    assert referral.person_id == person.pk
    assert referral.reason_for_referral == "Low mood, poor sleep"
    assert referral.bars_sender_identifier == f"{SENDER_SYSTEM}|CASE-2026-0042"
    assert not referral.consents.exists()
    not_kept = {left["resourceType"] for left in body["not_kept"]}
    assert not_kept == {
        "Practitioner",
        "Organization",
        "PractitionerRole",
        "Encounter",
        "CarePlan",
        "HealthcareService",
        "Location",
        "Consent",
        "QuestionnaireResponse",
        "ServiceRequest.reasonCode",
    }


def test_an_unknown_dos_id_is_not_found_at_the_performer(referrer, person, dos_service):
    response = _post(referrer, bars_referral(person.nhs_number, "9999"))
    assert response.status_code == 422
    assert "Bundle.entry[1].resource.performer[0]" in json.dumps(response.json())
    assert "receiver identifier '9999'" in json.dumps(response.json())


def test_its_update_and_cancel_change_the_same_referral(referrer, person, dos_service):
    created = _post(referrer, bars_referral(person.nhs_number, "2000012345")).json()
    update = bars_referral(person.nhs_number, "2000012345", reason="update", note="Also anxious")
    response = _post(referrer, update)
    assert response.status_code == 200, response.content
    assert response.json()["id"] == created["id"]
    referral = Referral.objects.get(pk=created["id"])
    assert referral.reason_for_referral == "Also anxious"
    cancel = copy.deepcopy(bars_referral(person.nhs_number, "2000012345", reason="delete", status="revoked"))
    response = _post(referrer, cancel)
    assert response.status_code == 200, response.content
    referral.refresh_from_db()
    assert referral.state == ReferralState.WITHDRAWN
    assert Referral.objects.filter(person=person).count() == 1
