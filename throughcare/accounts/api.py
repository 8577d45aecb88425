"""API endpoints about the caller's own account and tokens."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from throughcare.accounts.models import ApiToken
from throughcare.accounts.services import token_issue, token_revoke
from throughcare.core.permissions import ROLE_PERMISSIONS

router = Router(tags=["account"])


class OrganisationOut(Schema):
    id: str
    code: str
    name: str
    kind: str


class MeOut(Schema):
    id: str
    email: str
    full_name: str
    role: str | None
    organisation: OrganisationOut | None
    permissions: list[str]


@router.get("/me", response=MeOut, summary="Who the token belongs to, and what it may do")
def me(request):
    user = request.auth
    organisation = user.current_organisation
    role = user.current_role
    return {
        "id": str(user.id),
        "email": user.email,
        "full_name": user.full_name,
        "role": role,
        "organisation": (
            {
                "id": str(organisation.id),
                "code": organisation.code,
                "name": organisation.name,
                "kind": organisation.kind,
            }
            if organisation
            else None
        ),
        "permissions": sorted(ROLE_PERMISSIONS.get(role, ())) if role else [],
    }


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100, description="What the token is for.")
    days: int = Field(90, ge=1, le=366, description="Days until it expires.")


class TokenOut(Schema):
    prefix: str
    name: str
    expires_at: datetime
    token: str = Field(..., description="The secret. Shown once: store it now.")


@router.post("/tokens", response={201: TokenOut}, summary="Issue a new token for the caller (for rotation)")
def issue_token(request, payload: TokenIn):
    # A token minted by a token may not outlive it, and is revoked with it.
    issued = token_issue(
        actor=request.auth,
        user=request.auth,
        name=payload.name,
        days=payload.days,
        parent=getattr(request, "api_token", None),
    )
    return Status(
        201,
        {
            "prefix": issued.token.prefix,
            "name": issued.token.name,
            "expires_at": issued.token.expires_at,
            "token": issued.secret,
        },
    )


@router.delete("/tokens/{prefix}", response={204: None}, summary="Revoke one of the caller's tokens")
def revoke_token(request, prefix: str):
    token = get_object_or_404(ApiToken, prefix=prefix, user=request.auth)
    token_revoke(actor=request.auth, token=token)
    return Status(204, None)
