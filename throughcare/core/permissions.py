"""Who may do what: roles, the permissions each role holds, and the one place they are checked.

Deny by default: a permission not listed for a role is refused. Scope (which records a user may
see) is applied by selectors on top of these permissions; out-of-scope records answer 404.
"""

from enum import StrEnum
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    PROVIDER_CASEWORKER = "provider_caseworker", "Provider caseworker"
    PROVIDER_MANAGER = "provider_manager", "Provider manager"
    COMMISSIONER = "commissioner", "Commissioner"
    ADMINISTRATOR = "administrator", "Administrator"
    DPO = "dpo", "Data protection officer"


class OrganisationKind(models.TextChoices):
    PROBATION = "probation", "Probation service"
    PRISON = "prison", "Prison"
    NHS_PROVIDER = "nhs_provider", "NHS provider"
    VCSE_PROVIDER = "vcse_provider", "Voluntary, community or social enterprise provider"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    COMMISSIONER = "commissioner", "Commissioner (ICB, NHS England, PCC or HMPPS)"
    LIAISON_AND_DIVERSION = "liaison_and_diversion", "Liaison and diversion service"
    COURT = "court", "Court"
    # The other programmes people in the justice system meet (issue 16): each refers by its own route.
    INTEGRATED_OFFENDER_MANAGEMENT = "iom_team", "Integrated Offender Management (IOM) team"
    CFO_EVOLUTION = "cfo_evolution_provider", "CFO Evolution provider"
    CRS_PROVIDER = "crs_provider", "Commissioned Rehabilitative Services (CRS) provider"
    OUT_OF_COURT_DISPOSAL = "out_of_court_disposal", "Out of court disposal service"
    PLATFORM = "platform", "Throughcare service team"


class Permission(StrEnum):
    VIEW_DIRECTORY = "view_directory"
    MANAGE_OWN_SERVICES = "manage_own_services"
    FIND_SUPPORT = "find_support"
    VIEW_PEOPLE = "view_people"
    MAKE_REFERRALS = "make_referrals"
    RECEIVE_REFERRALS = "receive_referrals"
    PLAN_RELEASES = "plan_releases"
    VIEW_INSIGHT = "view_insight"
    VIEW_OWN_SERVICE_INSIGHT = "view_own_service_insight"
    MANAGE_ORGANISATIONS = "manage_organisations"
    VIEW_AUDIT = "view_audit"
    USE_API = "use_api"
    # Who read or changed a person's record: for the lead organisation's staff and its DPO.
    VIEW_RECORD_ACCESS = "view_record_access"
    # Subject access, rectification and retention: the DPO's rights pages, never casework.
    ANSWER_RIGHTS_REQUESTS = "answer_rights_requests"
    # Read people's own words about a service before anyone else, and publish or reject them.
    MODERATE_FEEDBACK = "moderate_feedback"
    # Download what people say, disclosure-controlled, for a Lived Experience Advisory Council (ADR 45):
    # commissioners for their own areas, provider managers and DPOs for their own services.
    EXPORT_FEEDBACK_FOR_COUNCILS = "export_feedback_for_councils"


_P = Permission
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.PRACTITIONER: frozenset(
        {
            _P.VIEW_DIRECTORY,
            _P.FIND_SUPPORT,
            _P.VIEW_PEOPLE,
            _P.MAKE_REFERRALS,
            _P.PLAN_RELEASES,
            _P.VIEW_RECORD_ACCESS,
            _P.USE_API,
        }
    ),
    Role.PROVIDER_CASEWORKER: frozenset(
        {
            _P.VIEW_DIRECTORY,
            _P.FIND_SUPPORT,
            _P.VIEW_PEOPLE,
            _P.RECEIVE_REFERRALS,
            _P.VIEW_RECORD_ACCESS,
            _P.USE_API,
        }
    ),
    Role.PROVIDER_MANAGER: frozenset(
        {
            _P.VIEW_DIRECTORY,
            _P.MANAGE_OWN_SERVICES,
            _P.VIEW_PEOPLE,
            _P.RECEIVE_REFERRALS,
            _P.VIEW_OWN_SERVICE_INSIGHT,
            _P.EXPORT_FEEDBACK_FOR_COUNCILS,
            _P.VIEW_RECORD_ACCESS,
            _P.USE_API,
        }
    ),
    # Commissioners see aggregates only: no permission here reaches a person.
    Role.COMMISSIONER: frozenset(
        {_P.VIEW_DIRECTORY, _P.VIEW_INSIGHT, _P.EXPORT_FEEDBACK_FOR_COUNCILS, _P.USE_API}
    ),
    # Administrators run the service: organisations, accounts and the audit trail, not people's records.
    Role.ADMINISTRATOR: frozenset({_P.VIEW_DIRECTORY, _P.MANAGE_ORGANISATIONS, _P.VIEW_AUDIT, _P.USE_API}),
    # An organisation's data protection officer reaches people only through the rights pages.
    # They also moderate people's words about their organisation's services (ADR 37): words that may
    # name someone are a data protection judgement, and a DPO does no casework to link them to.
    Role.DPO: frozenset(
        {
            _P.VIEW_DIRECTORY,
            _P.VIEW_RECORD_ACCESS,
            _P.ANSWER_RIGHTS_REQUESTS,
            _P.MODERATE_FEEDBACK,
            _P.EXPORT_FEEDBACK_FOR_COUNCILS,
        }
    ),
}

PERSONAL_DATA_PERMISSIONS = frozenset(
    {
        _P.VIEW_PEOPLE,
        _P.MAKE_REFERRALS,
        _P.RECEIVE_REFERRALS,
        _P.PLAN_RELEASES,
        _P.VIEW_RECORD_ACCESS,
        _P.ANSWER_RIGHTS_REQUESTS,
        _P.MODERATE_FEEDBACK,
    }
)
# Casework: what a data protection officer must never hold (they answer requests, not support people).
CASEWORK_PERMISSIONS = frozenset({_P.VIEW_PEOPLE, _P.MAKE_REFERRALS, _P.RECEIVE_REFERRALS, _P.PLAN_RELEASES})

_K = OrganisationKind
ROLES_BY_ORGANISATION_KIND: dict[str, frozenset[str]] = {
    _K.PROBATION: frozenset({Role.PRACTITIONER, Role.DPO}),
    _K.PRISON: frozenset({Role.PRACTITIONER, Role.DPO}),
    _K.LIAISON_AND_DIVERSION: frozenset({Role.PRACTITIONER, Role.DPO}),
    _K.COURT: frozenset({Role.PRACTITIONER, Role.DPO}),
    _K.INTEGRATED_OFFENDER_MANAGEMENT: frozenset({Role.PRACTITIONER, Role.DPO}),
    _K.OUT_OF_COURT_DISPOSAL: frozenset({Role.PRACTITIONER, Role.DPO}),
    # Commissioned providers: they work with people and refer on, and may run services of their own.
    _K.CFO_EVOLUTION: frozenset(
        {Role.PROVIDER_CASEWORKER, Role.PROVIDER_MANAGER, Role.PRACTITIONER, Role.DPO}
    ),
    _K.CRS_PROVIDER: frozenset(
        {Role.PROVIDER_CASEWORKER, Role.PROVIDER_MANAGER, Role.PRACTITIONER, Role.DPO}
    ),
    _K.NHS_PROVIDER: frozenset(
        {Role.PROVIDER_CASEWORKER, Role.PROVIDER_MANAGER, Role.PRACTITIONER, Role.DPO}
    ),
    _K.VCSE_PROVIDER: frozenset(
        {Role.PROVIDER_CASEWORKER, Role.PROVIDER_MANAGER, Role.PRACTITIONER, Role.DPO}
    ),
    _K.LOCAL_AUTHORITY: frozenset(
        {Role.PROVIDER_CASEWORKER, Role.PROVIDER_MANAGER, Role.COMMISSIONER, Role.DPO}
    ),
    _K.COMMISSIONER: frozenset({Role.COMMISSIONER}),
    _K.PLATFORM: frozenset({Role.ADMINISTRATOR}),
}


def role_allows(role: str | None, permission: Permission) -> bool:
    return role is not None and permission in ROLE_PERMISSIONS.get(role, frozenset())


def has_permission(user, permission: Permission) -> bool:
    """The single check: does this signed-in user's current role hold the permission?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return role_allows(user.current_role, permission)


def require_permission(user, permission: Permission) -> None:
    if not has_permission(user, permission):
        raise PermissionDenied(f"Your role does not allow this ({permission}).")


def permission_required(permission: Permission):
    """View decorator: 403 with a GOV.UK page when the user's role lacks the permission."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_permission(request.user, permission)
            return view(request, *args, **kwargs)

        wrapped.required_permission = permission  # type: ignore[attr-defined]  # read by the access matrix
        return wrapped

    return decorator
