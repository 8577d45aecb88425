"""Lockout is per account; an address is paused only far later, behind a known number of proxies;
nothing typed into the sign-in form is stored as typed unless it names an account."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from throughcare.core.client_address import client_address
from throughcare.core.models import AuditEvent

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("accounts:sign-in")


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """Every attempt of a test falls in one counting window of the per-address limit."""
    from throughcare.core import rate_limits

    monkeypatch.setattr(rate_limits, "_now", lambda: 1_800_000_010.0)


def _sign_in(client, email, password="a-test-password-1", **extra):
    return client.post(SIGN_IN, {"username": email, "password": password}, **extra)


def test_failures_across_accounts_from_one_address_do_not_lock_out_everyone(client, make_user):
    victims = [make_user("practitioner") for _ in range(settings.AXES_FAILURE_LIMIT + 1)]
    for victim in victims:
        _sign_in(client, victim.email, "wrong-password")
    colleague = make_user("practitioner")
    response = _sign_in(Client(), colleague.email)
    assert response.status_code == 302


def test_an_address_failing_across_many_accounts_is_paused_at_its_own_higher_limit(settings, make_user):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT + 2
    client = Client()
    for n in range(settings.SIGN_IN_ADDRESS_FAILURE_LIMIT):
        _sign_in(client, f"nobody{n}@test.throughcare.example", "wrong-password")
    response = _sign_in(client, make_user("practitioner").email)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    # Another address is unaffected.
    other = _sign_in(Client(REMOTE_ADDR="10.9.9.9"), make_user("practitioner").email)
    assert other.status_code == 302


def test_behind_a_trusted_proxy_each_client_address_counts_separately(settings, make_user):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 2
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for n in range(2):
        _sign_in(proxy, f"x{n}@test.throughcare.example", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.7")
    locked = _sign_in(proxy, make_user("practitioner").email, HTTP_X_FORWARDED_FOR="203.0.113.7")
    fine = _sign_in(proxy, make_user("practitioner").email, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert (locked.status_code, fine.status_code) == (429, 302)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.1"),  # no trusted proxy: the header is the client's own claim
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client prepended a lie
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # fewer hops than proxies: trust nothing
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_the_client_address_is_read_behind_the_configured_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_a_password_typed_into_the_email_box_is_not_stored(client):
    typed = "Correct-Horse-Battery-Staple-1"
    _sign_in(client, typed, "anything")
    event = AuditEvent.objects.get(verb="user.sign_in_failed")
    stored = str(event.payload) + event.target_id + event.target_type
    assert typed.lower() not in stored.lower()
    assert len(event.payload["unknown_identifier_digest"]) == 16


def test_the_same_unknown_identifier_gives_the_same_digest_so_attacks_can_be_grouped(client):
    for _ in range(2):
        _sign_in(client, "someone@nowhere.example", "wrong")
    _sign_in(client, "someone-else@nowhere.example", "wrong")
    digests = [e.payload["unknown_identifier_digest"] for e in AuditEvent.objects.order_by("id")]
    assert digests[0] == digests[1] != digests[2]


def test_a_reset_request_for_an_unknown_address_stores_no_address(client):
    client.post(reverse("accounts:reset-request"), {"email": "ghost@test.throughcare.example"})
    event = AuditEvent.objects.get(verb="user.password_reset_requested")
    assert "ghost" not in str(event.payload)


def test_a_lockout_is_audited_against_the_account(client, make_user):
    user = make_user("practitioner")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _sign_in(client, user.email, "wrong")
    event = AuditEvent.objects.filter(verb="user.sign_in_locked_out").first()
    assert event.target_id == str(user.id)


@pytest.mark.parametrize(
    "incoming", ["<script>", "a" * 65, "has space", "semi;colon", "new\\nline", "ünïcode"]
)
def test_an_incoming_request_id_that_is_not_an_id_is_replaced(client, incoming):
    response = client.get(reverse("core:accessibility"), headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32


def test_a_well_formed_request_id_is_kept(client):
    response = client.get(reverse("core:accessibility"), headers={"X-Request-ID": "proxy-1234.abcd_EF"})
    assert response["X-Request-ID"] == "proxy-1234.abcd_EF"


def test_an_account_is_locked_after_failures_from_many_addresses_in_any_case(make_user):
    user = make_user("practitioner", email="spread@test.throughcare.example")
    for n in range(settings.AXES_FAILURE_LIMIT):
        typed = user.email.upper() if n % 2 else user.email
        _sign_in(Client(REMOTE_ADDR=f"10.1.0.{n + 1}"), typed, "wrong-password")
    response = _sign_in(Client(REMOTE_ADDR="10.1.1.1"), user.email)
    assert response.status_code == 429
