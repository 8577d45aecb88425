"""Every change to organisations, accounts and tokens: validated, in a transaction, audited."""

import re

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from throughcare.accounts.models import ODS_CODE_VALIDATOR, Membership, Organisation, User
from throughcare.accounts.tokens import (  # noqa: F401 (re-exported: callers import them from here)
    IssuedToken,
    token_authenticate,
    token_issue,
    token_revoke,
    tokens_revoke_for_users,
)
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import ROLES_BY_ORGANISATION_KIND, OrganisationKind, Role
from throughcare.core.validation import raise_model_errors


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
            verb=AuditVerb.ORGANISATION_CREATED,
            target=organisation,
            payload={"code": code, "kind": kind} | ({"ods_code": ods_code} if ods_code else {}),
        )
    return organisation


def organisation_rename(*, actor: User, organisation: Organisation, name: str) -> Organisation:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the organisation's new name."})
    if len(name) > 200:
        raise ValidationError({"name": "The organisation's name must be 200 characters or fewer."})
    return _organisation_change(actor, organisation, "name", name, verb=AuditVerb.ORGANISATION_RENAMED)


def organisation_set_directory_source(
    *, actor: User, organisation: Organisation, source: str
) -> Organisation:
    """The Open Referral feed allowed to update this organisation's own directory listings on import."""
    source = source.strip()
    if source and not re.match(r"^https://[^\s/?#]+[^\s]*$", source):
        raise ValidationError(
            {
                "directory_source": "Enter the feed's web address starting https://, like https://example.org/openreferral."
            }
        )
    if len(source) > 500:
        raise ValidationError({"directory_source": "The feed's web address must be 500 characters or fewer."})
    return _organisation_change(
        actor, organisation, "directory_source", source, verb=AuditVerb.ORGANISATION_DIRECTORY_SOURCE_CHANGED
    )


def area_codes_from_text(text: str) -> list[str]:
    """Codes typed one after another (commas, spaces or new lines between), in capitals, each once."""
    return list(dict.fromkeys(code.upper() for code in re.split(r"[\s,;]+", text or "") if code))


def organisation_set_commissioning_areas(
    *, actor: User | None, organisation: Organisation, coverage: str, area_codes: list[str]
) -> Organisation:
    """What the organisation commissions for: national, or areas of one kind (ADR 35); audited with
    the old and new areas (gazetteer codes, not personal data)."""
    area_codes = [] if coverage in ("", "national") else list(dict.fromkeys(area_codes))
    wanted = {"coverage": coverage, "areas": area_codes}
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        previous = {"coverage": locked.commissioning_coverage, "areas": locked.commissioning_area_codes}
        if wanted == previous:
            return locked
        locked.commissioning_coverage, locked.commissioning_area_codes = coverage, area_codes
        raise_model_errors(locked, order=("commissioning_coverage", "commissioning_area_codes"))
        locked.save(update_fields=["commissioning_coverage", "commissioning_area_codes", "updated_at"])
        audit.record(
            actor=actor,
            verb=AuditVerb.ORGANISATION_COMMISSIONING_AREAS_CHANGED,
            target=locked,
            payload={"from": previous, "to": wanted},
        )
    organisation.commissioning_coverage, organisation.commissioning_area_codes = coverage, area_codes
    return locked
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        organisation.commissioning_coverage, organisation.commissioning_area_codes = coverage, area_codes
        raise_model_errors(organisation, order=("commissioning_coverage", "commissioning_area_codes"))
        organisation.save(update_fields=["commissioning_coverage", "commissioning_area_codes", "updated_at"])
        audit.record(
            actor=actor,
            verb=AuditVerb.ORGANISATION_COMMISSIONING_AREAS_CHANGED,
            target=organisation,
            payload={"from": previous, "to": wanted},
        )
    return organisation


def _organisation_change(actor: User, organisation: Organisation, field: str, value: str, *, verb: AuditVerb):
    """Change one field of the organisation, audited with its old and new value; nothing when unchanged."""
    previous = getattr(organisation, field)
    if value == previous:
        return organisation
    with transaction.atomic():
        setattr(organisation, field, value)
        organisation.save(update_fields=[field, "updated_at"])
        audit.record(actor=actor, verb=verb, target=organisation, payload={"from": previous, "to": value})
    return organisation


def organisation_deactivate(*, actor: User, organisation: Organisation) -> Organisation:
    """Close an organisation: its members lose access through it at once (sessions and tokens)."""
    if not organisation.is_active:
        return organisation
    with transaction.atomic():
        _refuse_if_no_administrator_left(
            _active_administrators().exclude(organisation=organisation), field="organisation"
        )
        organisation.is_active = False
        organisation.save(update_fields=["is_active", "updated_at"])
        member_ids = list(
            Membership.objects.filter(organisation=organisation, is_active=True).values_list(
                "user_id", flat=True
            )
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.ORGANISATION_DEACTIVATED,
            target=organisation,
            payload={"members": len(member_ids)},
        )
        _end_access(actor=actor, user_ids=member_ids, reason="organisation deactivated")
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
            verb=AuditVerb.USER_CREATED,
            target=user,
            organisation_id=organisation.id,
            payload={"organisation": organisation.code, "role": role},
        )
    return user


def user_invite(
    *, actor: User | None, email: str, full_name: str, organisation: Organisation, role: str
) -> User:
    """Create an account without a password and email its owner a one-time link to choose one."""
    with transaction.atomic():
        user = user_create(
            actor=actor, email=email, full_name=full_name, organisation=organisation, role=role
        )
        audit.record(actor=actor, verb=AuditVerb.USER_INVITED, target=user, organisation_id=organisation.id)
    # Sent once the account is committed; a failed send leaves the account, and a new link can be
    # asked for through "I have forgotten my password".
    send_invitation(user=user, organisation=organisation, role=role)
    return user


def send_invitation(*, user: User, organisation: Organisation, role: str) -> None:
    """The invitation email: the password-reset link (one-time, expiring) under another heading."""
    site = settings.THROUGHCARE_SITE_URL.rstrip("/")
    link = site + reverse(
        "accounts:reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "link": link,
        "organisation": organisation.name,
        "role": Role(role).label.lower(),
        "reset_link": site + reverse("accounts:reset-request"),
        "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
    }
    body = render_to_string("accounts/email/invitation_body.txt", context)
    EmailMessage(subject="Your Throughcare account", body=body, to=[user.email]).send()


ADMINISTRATOR_NEEDED = (
    "This would leave nobody able to administer Throughcare. Make someone else an administrator first."
)


def _active_administrators():
    return Membership.objects.filter(
        role=Role.ADMINISTRATOR, is_active=True, user__is_active=True, organisation__is_active=True
    )


def _refuse_if_no_administrator_left(remaining, *, field: str) -> None:
    """Refuse a change after which `remaining` (the administrators it leaves) would be none."""
    if not remaining.exists():
        raise ValidationError({field: ADMINISTRATOR_NEEDED})


def _end_sessions(user_ids) -> int:
    """Sign these users out everywhere now, rather than when their session next expires."""
    wanted = {str(user_id) for user_id in user_ids}
    if not wanted:
        return 0
    live = Session.objects.filter(expire_date__gt=timezone.now())
    ended = [session.pk for session in live if session.get_decoded().get("_auth_user_id") in wanted]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def _end_access(*, actor: User | None, user_ids, reason: str) -> None:
    """End these users' sessions and revoke their API tokens, within the caller's transaction."""
    user_ids = list(user_ids)
    _end_sessions(user_ids)
    tokens_revoke_for_users(actor=actor, user_ids=user_ids, reason=reason)


def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    organisation = membership.organisation
    if role not in ROLES_BY_ORGANISATION_KIND.get(organisation.kind, frozenset()):
        raise ValidationError(
            {"role": f"Choose a role that a {organisation.get_kind_display().lower()} can have."}
        )
    if role == membership.role:
        return membership
    with transaction.atomic():
        if membership.role == Role.ADMINISTRATOR:
            _refuse_if_no_administrator_left(_active_administrators().exclude(pk=membership.pk), field="role")
        previous, membership.role = membership.role, role
        membership.save(update_fields=["role", "updated_at"])
        audit.record(
            actor=actor,
            verb=AuditVerb.MEMBERSHIP_ROLE_CHANGED,
            target=membership,
            organisation_id=organisation.id,
            payload={"user": str(membership.user_id), "from": previous, "to": role},
        )
    return membership


def membership_end(*, actor: User, membership: Membership) -> Membership:
    """End a user's membership: their access through it, sessions and API tokens end at once."""
    if not membership.is_active:
        return membership
    with transaction.atomic():
        _refuse_if_no_administrator_left(
            _active_administrators().exclude(pk=membership.pk), field="membership"
        )
        membership.is_active = False
        membership.save(update_fields=["is_active", "updated_at"])
        audit.record(
            actor=actor,
            verb=AuditVerb.MEMBERSHIP_ENDED,
            target=membership,
            organisation_id=membership.organisation_id,
            payload={"user": str(membership.user_id), "role": membership.role},
        )
        _end_access(actor=actor, user_ids=[membership.user_id], reason="membership ended")
    return membership


def user_deactivate(*, actor: User, user: User) -> User:
    """Close an account: it cannot sign in, its sessions end and its API tokens are revoked at once."""
    if not user.is_active:
        return user
    with transaction.atomic():
        _refuse_if_no_administrator_left(_active_administrators().exclude(user=user), field="user")
        user.is_active = False
        user.save(update_fields=["is_active", "updated_at"])
        audit.record(actor=actor, verb=AuditVerb.USER_DEACTIVATED, target=user)
        _end_access(actor=actor, user_ids=[user.pk], reason="user deactivated")
    return user
