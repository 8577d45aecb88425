from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from throughcare.accounts.models import ApiToken
from throughcare.accounts.services import token_authenticate, token_issue, token_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(make_user):
    return make_user("practitioner")


def test_an_issued_token_authenticates_its_user_and_only_its_hash_is_kept(user):
    issued = token_issue(actor=None, user=user, name="case system")
    assert token_authenticate(issued.secret) == user
    stored = ApiToken.objects.get()
    assert issued.secret not in (stored.secret_hash, stored.prefix)
    assert stored.last_used_at is not None


@pytest.mark.parametrize("secret", ["", "tc_", "tc_short_x", "Bearer x", "tc_abcdefgh_wrong-secret"])
def test_malformed_or_unknown_tokens_do_not_authenticate(user, secret):
    token_issue(actor=None, user=user)
    assert token_authenticate(secret) is None


def test_a_tampered_secret_with_a_real_prefix_does_not_authenticate(user):
    issued = token_issue(actor=None, user=user)
    assert token_authenticate(issued.secret + "x") is None


def test_expired_and_revoked_tokens_do_not_authenticate(user):
    expired = token_issue(actor=None, user=user)
    ApiToken.objects.filter(pk=expired.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert token_authenticate(expired.secret) is None
    revoked = token_issue(actor=None, user=user)
    token_revoke(actor=None, token=revoked.token)
    assert token_authenticate(revoked.secret) is None


def test_a_deactivated_user_loses_api_access(user):
    issued = token_issue(actor=None, user=user)
    user.is_active = False
    user.save()
    assert token_authenticate(issued.secret) is None


def test_token_lifetime_is_bounded(user):
    with pytest.raises(ValidationError, match="between 1 and 366 days"):
        token_issue(actor=None, user=user, days=0)


def test_issue_and_revoke_commands(user, capsys):
    call_command("issue_token", user.email, "--days", "7")
    secret = capsys.readouterr().out.strip()
    assert token_authenticate(secret) == user
    call_command("revoke_token", secret.split("_")[1])
    assert token_authenticate(secret) is None


def test_issue_command_names_an_unknown_user():
    with pytest.raises(CommandError, match="No user has the email address"):
        call_command("issue_token", "nobody@example.org")
