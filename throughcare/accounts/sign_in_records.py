"""Audit events for signing in, out and resetting passwords, with nothing typed as a secret kept.

A failed sign-in names the account when the identifier is one, so repeated attacks on an account can
be seen. An identifier that is no account's (often a password typed into the email box) is kept only
as a keyed digest: equal attempts can be grouped, but what was typed cannot be read back.
"""

from django.db import transaction
from django.utils.crypto import salted_hmac

from throughcare.accounts.models import User
from throughcare.accounts.tokens import tokens_revoke_for_users
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb

_DIGEST_SALT = "throughcare.accounts.unknown-sign-in-identifier"


def _identifier(typed: str) -> dict:
    """How an attempt's identifier is recorded: the account it names, or a digest of what was typed."""
    normalised = typed.strip().lower()[:254]
    user = User.objects.filter(email__iexact=normalised).only("pk").first() if normalised else None
    if user is not None:
        return {"target": user}
    digest = salted_hmac(_DIGEST_SALT, normalised).hexdigest()[:16] if normalised else ""
    return {"target_type": "accounts.user", "payload": {"unknown_identifier_digest": digest}}


def record_sign_in(*, user: User) -> None:
    audit.record(actor=user, verb=AuditVerb.USER_SIGNED_IN, target=user)


def record_sign_out(*, user: User) -> None:
    audit.record(actor=user, verb=AuditVerb.USER_SIGNED_OUT, target=user)


def record_failed_sign_in(*, email: str, locked_out: bool) -> None:
    audit.record(
        actor=None,
        verb=AuditVerb.USER_SIGN_IN_LOCKED_OUT if locked_out else AuditVerb.USER_SIGN_IN_FAILED,
        **_identifier(email),
    )


def record_password_reset_requested(*, email: str) -> None:
    audit.record(actor=None, verb=AuditVerb.USER_PASSWORD_RESET_REQUESTED, **_identifier(email))


def record_password_reset(*, user: User) -> None:
    """A new password ends the old one's reach: every API token of the account is revoked with it."""
    with transaction.atomic():
        audit.record(actor=None, verb=AuditVerb.USER_PASSWORD_RESET, target=user)
        tokens_revoke_for_users(actor=None, user_ids=[user.pk], reason="password reset")


def lockout_username(request, credentials=None) -> str | None:
    """The account django-axes counts failures against: the email as typed, trimmed and lower-cased,
    so that changing the case of an address does not reset its count."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = getattr(request, "POST", {}).get("username")
    return typed.strip().lower()[:254] if typed else None
