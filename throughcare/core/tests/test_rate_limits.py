"""Request limits: the public Open Referral API per client address, the JSON API per token."""

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from throughcare.accounts.services import token_issue

pytestmark = pytest.mark.django_db
SERVICES = "/openreferral/services"


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """Every request of a test falls in one counting window, whatever the clock says."""
    from throughcare.core import rate_limits

    monkeypatch.setattr(rate_limits, "_now", lambda: 1_800_000_010.0)


def test_the_open_referral_api_answers_429_with_retry_after_past_its_limit(settings):
    settings.OPENREFERRAL_RATE_LIMIT = (3, 60)
    client = Client(REMOTE_ADDR="192.0.2.10")
    statuses = [client.get(SERVICES).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(SERVICES)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert refused.json()["detail"].startswith("Too many requests: try again in")
    # Another address has its own allowance.
    assert Client(REMOTE_ADDR="192.0.2.11").get(SERVICES).status_code == 200


def test_a_limit_of_zero_turns_it_off(settings):
    settings.OPENREFERRAL_RATE_LIMIT = (0, 60)
    client = Client()
    assert {client.get(SERVICES).status_code for _ in range(5)} == {200}


def test_each_api_token_has_its_own_allowance(settings, make_user):
    settings.API_TOKEN_RATE_LIMIT = (2, 60)
    user = make_user("practitioner")
    first, second = (token_issue(actor=None, user=user).secret for _ in range(2))
    api = Client(headers={"Authorization": f"Bearer {first}"})
    assert [api.get("/api/v1/me").status_code for _ in range(3)] == [200, 200, 429]
    refused = api.get("/api/v1/me")
    assert refused.json()["detail"].startswith("Too many requests")
    assert int(refused["Retry-After"]) >= 1
    assert Client(headers={"Authorization": f"Bearer {second}"}).get("/api/v1/me").status_code == 200


def test_bad_tokens_do_not_spend_a_real_tokens_allowance(settings, make_user):
    settings.API_TOKEN_RATE_LIMIT = (2, 60)
    issued = token_issue(actor=None, user=make_user("practitioner"))
    forged = Client(headers={"Authorization": f"Bearer tc_{issued.token.prefix}_forged"})
    assert {forged.get("/api/v1/me").status_code for _ in range(5)} == {401}
    real = Client(headers={"Authorization": f"Bearer {issued.secret}"})
    assert real.get("/api/v1/me").status_code == 200


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "tc_rate_limits"}
    }
)
def test_the_count_works_in_a_cache_shared_between_workers(settings):
    """Two clients standing for two workers: a database cache is one shared store, as Redis would be."""
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    settings.OPENREFERRAL_RATE_LIMIT = (2, 60)
    caches["default"].clear()
    worker_one, worker_two = Client(REMOTE_ADDR="192.0.2.20"), Client(REMOTE_ADDR="192.0.2.20")
    assert worker_one.get(SERVICES).status_code == 200
    assert worker_two.get(SERVICES).status_code == 200
    assert worker_one.get(SERVICES).status_code == 429
