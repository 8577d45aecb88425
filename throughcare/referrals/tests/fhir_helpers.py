"""Helpers for the FHIR referral message tests: a minimal valid message, and the API clients."""

from django.test import Client

from throughcare.accounts.services import token_issue
from throughcare.referrals.fhir import systems as s

PATIENT_URL = "urn:uuid:00000000-0000-4000-8000-0000000000a1"
REQUEST_URL = "urn:uuid:00000000-0000-4000-8000-0000000000b1"


def minimal_message(*, nhs_number: str, service_id, birth_date: str | None = None) -> dict:
    """The least a referral message needs: header, request, patient with an NHS number, the service."""
    patient = {
        "resourceType": "Patient",
        "identifier": [{"system": s.NHS_NUMBER_SYSTEM, "value": nhs_number}],
    }
    if birth_date:
        patient["birthDate"] = birth_date
    return {
        "resourceType": "Bundle",
        "type": "message",
        "entry": [
            {
                "fullUrl": "urn:uuid:00000000-0000-4000-8000-0000000000c1",
                "resource": {
                    "resourceType": "MessageHeader",
                    "eventCoding": {"system": s.BARS_EVENT_SYSTEM, "code": s.BARS_EVENT_REFERRAL},
                    "reason": {"coding": [{"system": s.BARS_REASON_SYSTEM, "code": s.BARS_REASON_NEW}]},
                    "source": {"endpoint": "https://referrer.example/fhir"},
                    "focus": [{"reference": REQUEST_URL}],
                },
            },
            {
                "fullUrl": REQUEST_URL,
                "resource": {
                    "resourceType": "ServiceRequest",
                    "status": "active",
                    "intent": "order",
                    "subject": {"reference": PATIENT_URL},
                    "performer": [{"identifier": {"system": s.SERVICE_ID_SYSTEM, "value": str(service_id)}}],
                    "note": [{"id": "reason-for-referral", "text": "Imported"}],
                },
            },
            {"fullUrl": PATIENT_URL, "resource": patient},
        ],
    }


def api_client(user) -> Client:
    secret = token_issue(actor=None, user=user, name="test").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})
