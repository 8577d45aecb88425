"""A bounded schemathesis run over both OpenAPI documents: no server error, and every answer is one
the document declares, with the declared content type and schema.

Bounded and repeatable: a fixed number of examples per operation, derandomised (one fixed seed), so a
run takes a minute or two and finds the same things each time. Run it on PostgreSQL too (NUL bytes and
integer overflows only fail there): DATABASE_URL=postgres://... pytest throughcare/core/tests/test_api_fuzz.py
Each operation is driven through `as_strategy` (schemathesis's pytest loader does not yet support
pytest 9), and every failure found is listed before the test fails.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from throughcare.core.permissions import Role

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
BOUNDED = settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _connection_kept_between_requests():
    """As Django's test client does: a request must not close the test's connection (and with it the
    transaction that holds the test's data), which PostgreSQL would otherwise see done mid-test."""
    signals.request_started.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)


def failures_in(document: str, headers: dict | None = None) -> list[str]:
    schema = schemathesis.openapi.from_wsgi(document, WSGIHandler())
    found = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @BOUNDED
        def probe(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            probe()
        except Exception as failure:  # every operation is probed, then all are reported
            found.append(f"{operation.label}: {str(failure).strip().splitlines()[0:6]}")
    return found


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.PROVIDER_CASEWORKER, Role.COMMISSIONER])
def test_the_throughcare_api_holds_to_its_document(token_for, role):
    failures = failures_in("/api/v1/openapi.json", {"Authorization": f"Bearer {token_for(role)}"})
    assert not failures, "\n".join(failures)


def test_the_open_referral_api_holds_to_its_document():
    failures = failures_in("/openreferral/openapi.json")
    assert not failures, "\n".join(failures)
