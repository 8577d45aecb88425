"""The FHIR answers to a referral message: the acknowledgement, or an OperationOutcome of what is wrong.

A sender that asks for `application/fhir+json` (as BaRS senders do) gets FHIR back: on success a
message Bundle whose MessageHeader answers the incoming one (`response.identifier` its id,
`response.code` ok) with an OperationOutcome saying what was done and listing, as information, each
entry that was not kept; on failure an OperationOutcome with one issue per problem, its issue type
and the FHIRPath `expression` where it is.
"""

import uuid

from django.conf import settings
from django.utils import timezone

from throughcare.referrals.fhir import systems as s
from throughcare.referrals.fhir.checks import Problem

ACTIONS = {
    "created": "The referral was received and saved as a draft for you to check and submit",
    "updated": "The draft referral was updated",
    "withdrawn": "The referral was withdrawn",
}


def _meta(kind: str, now) -> dict:
    return {"profile": [s.PROFILES[kind]], "lastUpdated": now.isoformat()}


def operation_outcome(problems: list[Problem]) -> dict:
    now = timezone.now()
    return {
        "resourceType": "OperationOutcome",
        "id": str(uuid.uuid4()),
        "meta": _meta("OperationOutcome", now),
        "issue": [
            {
                "severity": "error",
                "code": problem.code,
                "diagnostics": problem.message,
                "expression": [problem.location],
            }
            for problem in problems
        ],
    }


def acknowledgement(received, *, referral_url: str) -> dict:
    """The response message to a referral message Throughcare acted on."""
    now = timezone.now()
    header_id, outcome_id = uuid.uuid4(), uuid.uuid4()
    outcome = {
        "resourceType": "OperationOutcome",
        "id": str(outcome_id),
        "meta": _meta("OperationOutcome", now),
        "issue": [
            {
                "severity": "information",
                "code": "informational",
                "diagnostics": f"{ACTIONS[received.action]}: {referral_url}",
            },
            *[
                {
                    "severity": "information",
                    "code": "informational",
                    "diagnostics": f"Not kept ({left['resourceType']}): {left['reason']}",
                    "expression": [left["location"]],
                }
                for left in received.not_kept
            ],
        ],
    }
    header = {
        "resourceType": "MessageHeader",
        "id": str(header_id),
        "meta": {"profile": [s.RESPONSE_HEADER_PROFILE], "lastUpdated": now.isoformat()},
        "eventCoding": {"system": s.BARS_EVENT_SYSTEM, "code": s.BARS_EVENT_RESPONSE},
        "source": {
            "name": "Throughcare",
            "endpoint": f"{settings.THROUGHCARE_SITE_URL}/api/v1/referrals/fhir",
        },
        "response": {
            "identifier": received.message_id or str(uuid.UUID(int=0)),
            "code": "ok",
            "details": {"reference": f"urn:uuid:{outcome_id}"},
        },
        "focus": [{"reference": f"urn:uuid:{outcome_id}"}],
    }
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"profile": [s.PROFILES["Bundle"]], "lastUpdated": now.isoformat(), "versionId": "1"},
        "identifier": {"system": f"{s.THROUGHCARE_BASE}/Id/message", "value": str(header_id)},
        "type": "message",
        "timestamp": now.isoformat(),
        "entry": [
            {"fullUrl": f"urn:uuid:{header_id}", "resource": header},
            {"fullUrl": f"urn:uuid:{outcome_id}", "resource": outcome},
        ],
    }
