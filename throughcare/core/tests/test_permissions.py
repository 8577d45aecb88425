import pytest

from throughcare.core.permissions import (
    CASEWORK_PERMISSIONS,
    PERSONAL_DATA_PERMISSIONS,
    ROLE_PERMISSIONS,
    ROLES_BY_ORGANISATION_KIND,
    OrganisationKind,
    Permission,
    Role,
    has_permission,
)


def test_every_role_and_organisation_kind_is_in_the_tables():
    assert set(ROLE_PERMISSIONS) == set(Role.values)
    assert set(ROLES_BY_ORGANISATION_KIND) == set(OrganisationKind.values)


def test_commissioners_can_never_reach_personal_data():
    assert not ROLE_PERMISSIONS[Role.COMMISSIONER] & PERSONAL_DATA_PERMISSIONS


def test_administrators_run_the_service_but_do_not_see_people():
    assert not ROLE_PERMISSIONS[Role.ADMINISTRATOR] & PERSONAL_DATA_PERMISSIONS


def test_data_protection_officers_answer_rights_requests_but_do_no_casework():
    assert not ROLE_PERMISSIONS[Role.DPO] & CASEWORK_PERMISSIONS
    holders = {role for role, held in ROLE_PERMISSIONS.items() if Permission.ANSWER_RIGHTS_REQUESTS in held}
    assert holders == {Role.DPO}


def test_only_provider_managers_maintain_services():
    holders = {
        role
        for role, permissions in ROLE_PERMISSIONS.items()
        if Permission.MANAGE_OWN_SERVICES in permissions
    }
    assert holders == {Role.PROVIDER_MANAGER}


@pytest.mark.django_db
def test_anonymous_inactive_and_memberless_users_hold_nothing(make_user):
    from django.contrib.auth.models import AnonymousUser

    user = make_user(Role.PRACTITIONER)
    assert has_permission(user, Permission.FIND_SUPPORT)
    assert not has_permission(AnonymousUser(), Permission.FIND_SUPPORT)
    user.memberships.update(is_active=False)
    del user.current_membership
    assert not has_permission(user, Permission.FIND_SUPPORT)
    user.memberships.update(is_active=True)
    del user.current_membership
    user.is_active = False
    assert not has_permission(user, Permission.FIND_SUPPORT)
