"""API bearer tokens: issue, revoke (with the tokens minted from them) and authenticate.

A token minted through the API by another token records that parent: it may not outlive it, and
revoking the parent revokes it too, so a short-lived credential cannot be laundered into a long one.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from throughcare.accounts.models import ApiToken, User
from throughcare.core import audit, rate_limits
from throughcare.core.audit_verbs import AuditVerb

TOKEN_PREFIX_LENGTH = 8
MAX_TOKEN_DAYS = 366


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _hash_secret(secret: str) -> str:
    # Secrets are 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


def token_issue(
    *,
    actor: User | None,
    user: User,
    name: str = "API token",
    days: int | None = None,
    parent: ApiToken | None = None,
) -> IssuedToken:
    """A new token for `user`; `parent` is the token that asked for it, when one did."""
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError({"days": f"A token must last between 1 and {MAX_TOKEN_DAYS} days."})
    if not user.is_active or user.current_membership is None:
        raise ValidationError({"user": f"{user.email} has no active membership, so cannot use the API."})
    expires_at = timezone.now() + timedelta(days=days)
    if parent is not None and expires_at > parent.expires_at:
        left = max((parent.expires_at - timezone.now()).days, 0)
        raise ValidationError(
            {
                "days": f"A token cannot outlast the token that creates it, which expires in {left} "
                f"day{'s' if left != 1 else ''}. Ask for {left} days or fewer."
            }
        )
    prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
    secret = f"tc_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=prefix,
            secret_hash=_hash_secret(secret),
            expires_at=expires_at,
            parent=parent,
        )
        payload = {"user": str(user.id), "days": days}
        if parent is not None:
            payload["parent"] = parent.prefix
        audit.record(actor=actor, verb=AuditVerb.API_TOKEN_ISSUED, target=token, payload=payload)
    return IssuedToken(token=token, secret=secret)


def _descendants(tokens: list[ApiToken]) -> list[ApiToken]:
    """Every unrevoked token minted, directly or not, from these ones: one query per generation."""
    found, generation = [], [token.pk for token in tokens]
    while generation:
        children = list(ApiToken.objects.filter(parent_id__in=generation, revoked_at__isnull=True))
        found.extend(children)
        generation = [child.pk for child in children]
    return found


def _revoke(*, actor: User | None, tokens: list[ApiToken], reason: str) -> list[ApiToken]:
    live = [token for token in tokens if token.revoked_at is None]
    live += [token for token in _descendants(live) if token.pk not in {t.pk for t in live}]
    if not live:
        return []
    now = timezone.now()
    ApiToken.objects.filter(pk__in=[token.pk for token in live]).update(revoked_at=now, updated_at=now)
    for token in live:
        token.revoked_at = now
    audit.record_many(
        actor=actor,
        entries=[
            audit.Entry(
                verb=AuditVerb.API_TOKEN_REVOKED,
                target=token,
                payload={"user": str(token.user_id), "reason": reason},
            )
            for token in live
        ],
    )
    return live


def token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Revoke a token and every token minted from it."""
    with transaction.atomic():
        _revoke(actor=actor, tokens=[token], reason="revoked")
    return token


def tokens_revoke_for_users(*, actor: User | None, user_ids, reason: str) -> int:
    """Revoke every live token of these users (deactivation, a password reset, a membership ending)."""
    with transaction.atomic():
        tokens = list(ApiToken.objects.filter(user_id__in=list(user_ids), revoked_at__isnull=True))
        return len(_revoke(actor=actor, tokens=tokens, reason=reason))


def token_authenticate(secret: str) -> User | None:
    """The user a bearer secret belongs to, when `authenticated_token` accepts it."""
    token = authenticated_token(secret)
    return token.user if token is not None else None


def _refusal(token: ApiToken, secret: str) -> str:
    """Why a known token is refused, or "" when it may be used."""
    if not secrets.compare_digest(token.secret_hash, _hash_secret(secret)):
        return "wrong secret"
    if token.revoked_at is not None:
        return "revoked"
    if not token.is_usable:
        return "expired"
    if not token.user.is_active:
        return "account closed"
    if token.parent is not None and not token.parent.is_usable:
        return "parent token revoked or expired"
    return ""


# Refusals of one token recorded per minute at most: enough to see an attack, not enough to flood
# the audit trail (whose writes are serialised) on behalf of whoever is sending them.
REFUSALS_AUDITED = rate_limits.Limit(requests=10, seconds=60)


def _record_refusal(token: ApiToken, reason: str) -> None:
    if rate_limits.hit("api-token-refusals", token.prefix, REFUSALS_AUDITED) is None:
        audit.record(actor=None, verb=AuditVerb.API_TOKEN_REFUSED, target=token, payload={"reason": reason})


def authenticated_token(secret: str) -> ApiToken | None:
    """The token a bearer secret is, if it is well formed, known, unexpired and unrevoked, its user is
    active, and the token it was minted from (if any) is still usable."""
    parts = secret.split("_")
    if len(parts) < 3 or parts[0] != "tc" or len(parts[1]) != TOKEN_PREFIX_LENGTH:
        return None
    token = ApiToken.objects.select_related("user", "parent").filter(prefix=parts[1]).first()
    if token is None:
        return None
    refusal = _refusal(token, secret)
    if refusal:
        _record_refusal(token, refusal)
        return None
    now = timezone.now()
    # Record use at most once a minute, so busy clients don't write on every request.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
