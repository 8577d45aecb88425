"""Every change to organisations, accounts and tokens: validated, in a transaction, audited."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.utils import timezone

from throughcare.accounts.models import ODS_CODE_VALIDATOR, ApiToken, Membership, Organisation, User
from throughcare.core import audit
from throughcare.core.permissions import ROLES_BY_ORGANISATION_KIND, OrganisationKind, Role

TOKEN_PREFIX_LENGTH = 8


def organisation_create(
    *, actor: User | None, code: str, name: str, kind: str, ods_code: str = ""
) -> Organisation:
    errors = {}
    code = code.strip()
    # ODS codes are written in capitals; "rx4 " is taken as RX4, anything else of the wrong form is refused.
    ods_code = ods_code.strip().upper()
    if ods_code:
        try:
            ODS_CODE_VALIDATOR(ods_code)
        except ValidationError:
            errors["ods_code"] = "Enter an ODS code of 3 to 10 letters and numbers only, like RX4 or Y02345."
    try:
        validate_slug(code)
    except ValidationError:
        errors["code"] = "Enter a code using only letters, numbers, hyphens and underscores."
    if not name.strip():
        errors["name"] = "Enter the organisation's name."
    if kind not in OrganisationKind.values:
        errors["kind"] = f"Choose a kind of organisation from: {', '.join(OrganisationKind.values)}."
    if "code" not in errors and Organisation.objects.filter(code__iexact=code).exists():
        errors["code"] = f"An organisation with code {code} already exists."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        organisation = Organisation.objects.create(code=code, name=name.strip(), kind=kind, ods_code=ods_code)
        audit.record(
            actor=actor,
            verb="organisation.created",
            target=organisation,
            payload={"code": code, "kind": kind} | ({"ods_code": ods_code} if ods_code else {}),
        )
    return organisation


def user_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    organisation: Organisation,
    role: str,
    password: str | None = None,
    validate_password_strength: bool = True,
) -> User:
    """Create an account and its membership together. Without a password the user must reset it."""
    errors = {}
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = "Enter an email address in the correct format, like name@example.org."
    if not full_name.strip():
        errors["full_name"] = "Enter the person's full name."
    if role not in Role.values:
        errors["role"] = f"Choose a role from: {', '.join(Role.values)}."
    elif role not in ROLES_BY_ORGANISATION_KIND.get(organisation.kind, frozenset()):
        errors["role"] = (
            f"A {organisation.get_kind_display().lower()} cannot have the role {Role(role).label.lower()}."
        )
    if "email" not in errors and User.objects.filter(email__iexact=email).exists():
        errors["email"] = f"An account for {email} already exists."
    if password and validate_password_strength and "email" not in errors:
        try:
            validate_password(password, User(email=email, full_name=full_name))
        except ValidationError as exc:
            errors["password"] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, full_name=full_name.strip())
        if not password:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Membership.objects.create(user=user, organisation=organisation, role=role)
        audit.record(
            actor=actor,
            verb="user.created",
            target=user,
            organisation_id=organisation.id,
            payload={"organisation": organisation.code, "role": role},
        )
    return user


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _hash_secret(secret: str) -> str:
    # Secrets are 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


def token_issue(
    *, actor: User | None, user: User, name: str = "API token", days: int | None = None
) -> IssuedToken:
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= 366:
        raise ValidationError({"days": "A token must last between 1 and 366 days."})
    if not user.is_active or user.current_membership is None:
        raise ValidationError({"user": f"{user.email} has no active membership, so cannot use the API."})
    prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
    secret = f"tc_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=prefix,
            secret_hash=_hash_secret(secret),
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit.record(
            actor=actor, verb="api_token.issued", target=token, payload={"user": str(user.id), "days": days}
        )
    return IssuedToken(token=token, secret=secret)


def token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit.record(
            actor=actor, verb="api_token.revoked", target=token, payload={"user": str(token.user_id)}
        )
    return token


def token_authenticate(secret: str) -> User | None:
    """The user a bearer secret belongs to, if it is well formed, known, unexpired and unrevoked."""
    parts = secret.split("_")
    if len(parts) < 3 or parts[0] != "tc" or len(parts[1]) != TOKEN_PREFIX_LENGTH:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not secrets.compare_digest(token.secret_hash, _hash_secret(secret)):
        return None
    if not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    # Record use at most once a minute, so busy clients don't write on every request.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def record_sign_in(*, user: User) -> None:
    audit.record(actor=user, verb="user.signed_in", target=user)


def record_sign_out(*, user: User) -> None:
    audit.record(actor=user, verb="user.signed_out", target=user)


def record_failed_sign_in(*, email: str, locked_out: bool) -> None:
    """A failed attempt names the address tried, so repeated attacks on one account can be seen."""
    audit.record(
        actor=None,
        verb="user.sign_in_locked_out" if locked_out else "user.sign_in_failed",
        target_type="accounts.user",
        target_id="",
        payload={"email": email.strip().lower()[:254]},
    )


def record_password_reset_requested(*, email: str) -> None:
    audit.record(
        actor=None,
        verb="user.password_reset_requested",
        target_type="accounts.user",
        payload={"email": email.strip().lower()[:254]},
    )


def record_password_reset(*, user: User) -> None:
    audit.record(actor=None, verb="user.password_reset", target=user)
