"""A bounded schemathesis run over both OpenAPI documents, with every check schemathesis has.

Each operation gets schema-valid (positive) and schema-breaking (negative) requests, and then a
stateful run follows the documents' links (create a person, then their custody and orders; a
referral, then its consent, notes, appointments and outcomes) from data seeded for the callers.
Every check runs on every answer: no server error, only declared statuses, content types, headers
and schemas, invalid data refused, valid data accepted, no use after delete, created resources
available, auth not ignored, required headers and unsupported methods answered properly.

Bounded and repeatable: a fixed number of examples, derandomised (one fixed seed), so a run takes
about two minutes of CPU per database and finds the same things each time. CI runs it on SQLite and on
PostgreSQL (NUL bytes and integer overflows only fail there). Each operation is driven through
`as_strategy` and the state machine through hypothesis (schemathesis's pytest loader does not yet
support pytest 9); every failure found is listed before the test fails.
"""

import itertools
import re

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.stateful import run_state_machine_as_test
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from throughcare.core.permissions import Role
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.tests.helpers import service_of, submitted

load_all_checks()
ALL_CHECKS = list(CHECKS.get_all())
EXAMPLES_PER_OPERATION = 4
STATEFUL_RUNS = 12
STATEFUL_STEPS = 6
BOUNDED = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)

# Operations that rightly refuse some schema-valid requests, for a rule no JSON Schema can state, so
# `positive_data_acceptance` (valid data must get 2xx, 401, 403, 404 or 409) cannot hold for them.
# Every other check still runs on them. Keep this list to what truly cannot be written in a schema.
RULES_BEYOND_A_SCHEMA = {
    "POST /api/v1/tokens": "a new token cannot outlast the token that asks for it, so the days allowed "
    "depend on the caller's own token",
    "POST /api/v1/people": "an NHS number's Modulus 11 check digit and a PNC number's check letter; a date "
    "of birth between 10 and 120 years ago (relative to today)",
    "POST /api/v1/matches": "a postcode must be one that exists (looked up in the geography held), or the "
    "profile online only",
    "POST /api/v1/referrals/fhir": "a FHIR message must hold a MessageHeader and a ServiceRequest whose "
    "references resolve within the bundle",
    "GET /openreferral/services": "`minimal` and `full` cannot both be asked for, `proximity` needs a "
    "`postcode`, which must exist, and `modified_after` must be an ISO 8601 date or time",
    "GET /openreferral/service_at_locations": "`proximity` needs a `postcode`, which must exist, and "
    "`modified_after` must be an ISO 8601 date or time",
    "GET /api/v1/referrals": "which `direction` a caller may ask for depends on their role, and a received "
    "list has no drafts",
    "POST /api/v1/referrals/{referral_id}/outcomes": "which of `answers` (PHQ-9, GAD-7, CORE-10) or `total` "
    "(WEMWBS, SWEMWBS) is required depends on the measure",
    "POST /api/v1/people/{person_id}/care-team": "the organisation must be one Throughcare holds (by its "
    "code), and a named member of staff an account that works for it",
    "POST /api/v1/referrals/{referral_id}/end-of-service-summary": "a summary is written only once the "
    "referral is completed or ended early, which depends on the referral's state, not the request",
    "PUT /api/v1/people/{person_id}/residence": "the postcode must be one that exists (looked up in the "
    "geography held)",
    "GET /api/v1/court/treatment-availability": "the area must be a code the geography holds",
    "GET /api/v1/insight/{view}": "the area must be a code the geography holds at its level, and the "
    "period at most 10 years with `to` on or after `from`; a commissioner's area must lie within their "
    "organisation's (ADR 35), else 404",
}

# An operation with no parameters and no body has no negative data to send.
NOTHING_TO_BREAK = {
    ("GET /openreferral/", GenerationMode.NEGATIVE),
    ("GET /api/v1/me", GenerationMode.NEGATIVE),
    ("GET /api/v1/worklist", GenerationMode.NEGATIVE),
    ("GET /api/v1/notices", GenerationMode.NEGATIVE),
}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _connection_kept_between_requests():
    """As Django's test client does: a request must not close the test's connection (and with it the
    transaction that holds the test's data), which PostgreSQL would otherwise see done mid-test."""
    signals.request_started.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)


@pytest.fixture
def casework(users_by_role):
    """A person and a submitted referral both sides can see, so that lists lead somewhere."""
    referrer = users_by_role[Role.PRACTITIONER]
    receiver = users_by_role[Role.PROVIDER_CASEWORKER]
    person = person_in(referrer.current_organisation, actor=referrer)
    return submitted(referrer, service_of(receiver.current_organisation), person=person)


IDEMPOTENCY_KEY = re.compile(r"[!-~]{1,200}")
_requests = itertools.count()


def _one_key_per_request(case) -> None:
    """Keep a generated Idempotency-Key valid but unique: the API rightly refuses a key reused for a
    different request (422, as the IETF Idempotency-Key draft says), a rule about earlier requests that
    no schema can state, and small generated keys ("0") repeat often."""
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and IDEMPOTENCY_KEY.fullmatch(key):
        case.headers["Idempotency-Key"] = f"{key}-{next(_requests)}"


def _without_undone_negation(case, checks: list, headers: dict | None) -> list:
    """A negative case whose broken part is the Authorization header is sent with the caller's real
    credentials (given headers win), so what reaches the API is not the negative request generated:
    `negative_data_rejection` cannot judge it. Missing and bad credentials are `ignored_auth`'s to test."""
    data = case.meta.phase.data if case.meta is not None else None
    negated = {getattr(data, "parameter", None)} | {m.parameter for m in getattr(data, "mutations", ()) or ()}
    if headers and "Authorization" in negated:
        return [check for check in checks if check is not negative_data_rejection]
    return checks


def _checks_for(label: str) -> list:
    if label in RULES_BEYOND_A_SCHEMA:
        return [check for check in ALL_CHECKS if check is not positive_data_acceptance]
    return ALL_CHECKS


def _first_lines(failure: BaseException) -> str:
    lines = [line.strip() for line in str(failure).splitlines() if line.strip()]
    return " | ".join(lines[:10])


def operation_failures(schema, headers: dict | None) -> tuple[list[str], int]:
    """Each operation, with positive and then negative data: (failures, requests made)."""
    found, made = [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _probe(operation, mode, headers, made)()
            except Unsatisfiable as failure:
                if (operation.label, mode) not in NOTHING_TO_BREAK:
                    found.append(f"{operation.label} ({mode.value}): {_first_lines(failure)}")
            except (Exception, FailureGroup) as failure:  # every operation is probed, then all reported
                found.append(f"{operation.label} ({mode.value}): {_first_lines(failure)}")
    return found, len(made)


def _probe(operation, mode, headers: dict | None, made: list):
    checks = _checks_for(operation.label)

    @given(case=operation.as_strategy(generation_mode=mode))
    @BOUNDED
    def probe(case):
        made.append(case.operation.label)
        _one_key_per_request(case)
        # Sent as given headers, so that `ignored_auth` knows them from generated credentials.
        case.call_and_validate(headers=headers, checks=_without_undone_negation(case, checks, headers))

    return probe


def stateful_failures(schema, headers: dict | None) -> tuple[list[str], int]:
    """Follow the document's links from seeded data: (failures, requests made)."""
    made = 0

    class Flows(schema.as_state_machine()):
        def before_call(self, case):
            _one_key_per_request(case)

        def get_call_kwargs(self, case):
            return {"headers": headers} if headers else {}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            nonlocal made
            made += 1
            case.validate_response(
                response,
                checks=_checks_for(case.operation.label),
                headers=headers,
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    try:
        run_state_machine_as_test(
            Flows,
            settings=settings(
                BOUNDED,
                max_examples=STATEFUL_RUNS,
                stateful_step_count=STATEFUL_STEPS,
                phases=[Phase.generate],
            ),
        )
    except (Exception, FailureGroup) as failure:
        return [f"stateful: {_first_lines(failure)}"], made
    return [], made


def fuzz(document: str, headers: dict | None = None) -> None:
    schema = schemathesis.openapi.from_wsgi(document, WSGIHandler())
    failures, made = operation_failures(schema, headers)
    stateful, made_stateful = stateful_failures(schema, headers)
    print(f"{document}: {made} requests by operation, {made_stateful} stateful, {len(ALL_CHECKS)} checks")
    assert made, "no operation was probed"
    assert made_stateful, "the stateful run made no requests"
    assert not failures + stateful, "\n".join(failures + stateful)


def test_every_check_runs():
    names = {check.__name__ for check in ALL_CHECKS}
    assert {
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "positive_data_acceptance",
        "missing_required_header",
        "unsupported_method",
        "use_after_free",
        "ensure_resource_availability",
        "ignored_auth",
    } <= names


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.PROVIDER_CASEWORKER, Role.COMMISSIONER])
def test_the_throughcare_api_holds_to_its_document(token_for, casework, role):
    fuzz("/api/v1/openapi.json", {"Authorization": f"Bearer {token_for(role)}"})


def test_the_open_referral_api_holds_to_its_document(casework):
    fuzz("/openreferral/openapi.json")
