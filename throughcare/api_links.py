"""The resource flows of the Throughcare API, as OpenAPI links: what each answer makes possible next.

Create a person, then record their custody, orders and referrals; create a referral, then consent,
submit, move it on, book appointments, write notes and record outcomes. Generated clients and
stateful fuzzing (core/tests/test_api_fuzz.py) follow them to reach deep paths with real ids.
"""

from throughcare.core.openapi_document import Flow

V1 = "/api/v1"
PERSON = f"{V1}/people/{{person_id}}"
REFERRAL = f"{V1}/referrals/{{referral_id}}"
APPOINTMENT = f"{V1}/appointments/{{appointment_id}}"

_PERSON_OPERATIONS = (
    f"GET {PERSON}",
    f"POST {PERSON}/care-team",
    f"GET {PERSON}/opd-screenings",
    f"POST {PERSON}/opd-screenings",
    f"GET {PERSON}/custody-episodes",
    f"POST {PERSON}/custody-episodes",
    f"POST {PERSON}/release",
    f"POST {PERSON}/transfer",
    f"POST {PERSON}/recall",
    f"POST {PERSON}/re-release",
    f"GET {PERSON}/orders",
    f"POST {PERSON}/orders",
    f"GET {PERSON}/journey-events",
    f"POST {PERSON}/probation-changes",
)
_REFERRAL_OPERATIONS = (
    f"GET {REFERRAL}",
    f"POST {REFERRAL}/consent",
    f"POST {REFERRAL}/submit",
    f"POST {REFERRAL}/transitions",
    f"GET {REFERRAL}/notes",
    f"POST {REFERRAL}/notes",
    f"GET {REFERRAL}/fhir",
    f"GET {REFERRAL}/appointments",
    f"POST {REFERRAL}/appointments",
    f"GET {REFERRAL}/outcomes",
    f"POST {REFERRAL}/outcomes",
    f"GET {REFERRAL}/end-of-service-summary",
    f"POST {REFERRAL}/end-of-service-summary",
)
_APPOINTMENT_OPERATIONS = (
    f"POST {APPOINTMENT}/attendance",
    f"POST {APPOINTMENT}/reschedule",
    f"POST {APPOINTMENT}/cancel",
)
_EPISODE_OPERATIONS = (
    f"GET {V1}/custody-episodes/{{episode_id}}/release-plan",
    f"POST {V1}/custody-episodes/{{episode_id}}/release-plan",
)

FLOWS = (
    Flow(f"POST {V1}/tokens", 201, "$response.body#/prefix", "prefix", (f"DELETE {V1}/tokens/{{prefix}}",)),
    Flow(f"POST {V1}/people", 201, "$response.body#/id", "person_id", _PERSON_OPERATIONS),
    Flow(f"GET {V1}/people", 200, "$response.body#/0/id", "person_id", _PERSON_OPERATIONS),
    Flow(f"GET {PERSON}", 200, "$response.body#/id", "person_id", _PERSON_OPERATIONS),
    Flow(f"POST {V1}/referrals", 201, "$response.body#/id", "referral_id", _REFERRAL_OPERATIONS),
    Flow(f"GET {V1}/referrals", 200, "$response.body#/results/0/id", "referral_id", _REFERRAL_OPERATIONS),
    Flow(f"GET {V1}/worklist", 200, "$response.body#/0/id", "referral_id", _REFERRAL_OPERATIONS),
    Flow(
        f"POST {REFERRAL}/appointments", 201, "$response.body#/id", "appointment_id", _APPOINTMENT_OPERATIONS
    ),
    Flow(
        f"POST {APPOINTMENT}/reschedule", 201, "$response.body#/id", "appointment_id", _APPOINTMENT_OPERATIONS
    ),
    Flow(
        f"POST {REFERRAL}/notes",
        201,
        "$response.body#/id",
        "note_id",
        (f"PUT {REFERRAL}/notes/{{note_id}}",),
    ),
    Flow(f"POST {PERSON}/custody-episodes", 201, "$response.body#/id", "episode_id", _EPISODE_OPERATIONS),
    Flow(f"GET {PERSON}/custody-episodes", 200, "$response.body#/0/id", "episode_id", _EPISODE_OPERATIONS),
    Flow(
        f"POST {V1}/custody-episodes/{{episode_id}}/release-plan",
        201,
        "$response.body#/0/id",
        "item_id",
        (f"POST {V1}/release-plan-items/{{item_id}}",),
    ),
    Flow(
        f"POST {PERSON}/orders",
        201,
        "$response.body#/id",
        "order_id",
        (f"POST {V1}/orders/{{order_id}}/licence-conditions",),
    ),
    Flow(
        f"POST {PERSON}/orders",
        201,
        "$response.body#/requirements/0/id",
        "requirement_id",
        (f"POST {V1}/requirements/{{requirement_id}}/status",),
    ),
    Flow(
        f"GET {V1}/mhtr-register",
        200,
        "$response.body#/0/id",
        "requirement_id",
        (f"POST {V1}/requirements/{{requirement_id}}/status",),
    ),
    Flow(
        f"GET {V1}/notices",
        200,
        "$response.body#/0/id",
        "notice_id",
        (f"POST {V1}/notices/{{notice_id}}/clear",),
    ),
)
