"""A token cannot launder its lifetime: children are bounded by and die with their parent; a password
reset or a closed account revokes every token."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from throughcare.accounts.models import ApiToken
from throughcare.accounts.services import token_authenticate, token_issue, token_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(make_user):
    return make_user("practitioner", email="tok@test.throughcare.example")


def _api(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _mint(secret: str, days: int):
    return _api(secret).post(
        "/api/v1/tokens", {"name": "child", "days": days}, content_type="application/json"
    )


def test_a_one_day_token_cannot_mint_a_longer_lived_one(user):
    parent = token_issue(actor=None, user=user, days=1).secret
    response = _mint(parent, 366)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["loc"] == ["body", "days"]
    assert "cannot outlast the token that creates it" in error["msg"]
    assert ApiToken.objects.count() == 1


def test_a_minted_token_records_its_parent_and_dies_with_it(user):
    parent = token_issue(actor=None, user=user, days=30)
    child_secret = _mint(parent.secret, 7).json()["token"]
    grandchild_secret = _mint(child_secret, 1).json()["token"]
    child = ApiToken.objects.get(prefix=child_secret.split("_")[1])
    assert child.parent_id == parent.token.id
    token_revoke(actor=None, token=parent.token)
    assert token_authenticate(child_secret) is None
    assert token_authenticate(grandchild_secret) is None


def test_a_child_is_refused_while_its_parent_is_unusable_even_if_not_yet_marked(user):
    parent = token_issue(actor=None, user=user, days=30)
    child_secret = _mint(parent.secret, 7).json()["token"]
    ApiToken.objects.filter(pk=parent.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert token_authenticate(child_secret) is None


def test_tokens_issued_from_the_page_have_no_parent_and_may_last_the_maximum(user):
    issued = token_issue(actor=None, user=user, days=366)
    assert issued.token.parent is None


def test_a_password_reset_revokes_every_token(client, user):
    secrets = [token_issue(actor=None, user=user).secret for _ in range(2)]
    client.post(reverse("accounts:reset-request"), {"email": user.email})
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    password = "a-fresh-password-for-tokens-9"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    assert [token_authenticate(secret) for secret in secrets] == [None, None]
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (lambda issued: (issued.secret + "x", None), "wrong secret"),
        (lambda issued: (issued.secret, token_revoke(actor=None, token=issued.token)), "revoked"),
        (
            lambda issued: (
                issued.secret,
                ApiToken.objects.filter(pk=issued.token.pk).update(expires_at=timezone.now()),
            ),
            "expired",
        ),
    ],
)
def test_a_refused_token_is_audited_without_the_secret(user, spoil, reason):
    from throughcare.core.models import AuditEvent

    issued = token_issue(actor=None, user=user)
    secret, _ = spoil(issued)
    assert _api(secret).get("/api/v1/me").status_code == 401
    event = AuditEvent.objects.get(verb="api_token.refused")
    assert event.target_id == str(issued.token.id)
    assert event.payload == {"reason": reason}
    assert issued.secret.split("_", 2)[2] not in str(event.payload)  # the random part may hold "_"


def test_refusals_are_audited_at_most_ten_a_minute_per_token(user, monkeypatch):
    from throughcare.core import rate_limits
    from throughcare.core.models import AuditEvent

    monkeypatch.setattr(rate_limits, "_now", lambda: 1_800_000_000.0)  # one window throughout
    issued = token_issue(actor=None, user=user)
    for _ in range(15):
        _api(issued.secret + "x").get("/api/v1/me")
    assert AuditEvent.objects.filter(verb="api_token.refused").count() == 10
