"""Reads about organisations and accounts, already limited to what the user may see."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from throughcare.accounts.models import (
    COVERAGE_AREAS,
    ApiToken,
    CommissioningCoverage,
    Membership,
    Organisation,
    User,
    commissions,
)
from throughcare.core.permissions import Permission, has_permission


def organisations_with_member_counts() -> QuerySet[Organisation]:
    return Organisation.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__is_active=True))
    ).order_by("name")


def organisation_counts_by_kind() -> dict[str, int]:
    rows = Organisation.objects.filter(is_active=True).values("kind").annotate(n=Count("id")).order_by("kind")
    return {row["kind"]: row["n"] for row in rows}


def organisation_for(user, organisation_id) -> Organisation:
    """Administrators see any organisation; everyone else only their own. Others are 404."""
    queryset = Organisation.objects.all()
    if not has_permission(user, Permission.MANAGE_ORGANISATIONS):
        queryset = queryset.filter(id=user.current_organisation_id)
    return get_object_or_404(queryset, id=organisation_id)


def commissioning_areas_described(organisation: Organisation) -> str | None:
    """What the organisation commissions for, in words, for its page; None if it has no commissioners."""
    if not commissions(organisation.kind):
        return None
    coverage = organisation.commissioning_coverage
    if not coverage:
        return "Not set: its commissioners see England totals only"
    if coverage == CommissioningCoverage.NATIONAL:
        return "All of England (a national organisation)"
    model, _noun = COVERAGE_AREAS[CommissioningCoverage(coverage)]
    names = dict(
        model._default_manager.filter(pk__in=organisation.commissioning_area_codes).values_list("pk", "name")
    )
    return ", ".join(
        f"{names.get(code, 'Unknown area')} ({code})" for code in organisation.commissioning_area_codes
    )


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation, is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    )


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def token_for(user, token_id) -> ApiToken:
    return get_object_or_404(ApiToken, id=token_id, user=user)


def _administered(user) -> bool:
    return has_permission(user, Permission.MANAGE_ORGANISATIONS)


def membership_for(user, membership_id) -> Membership:
    """Only administrators reach a membership to change it; anyone else is told it is not there."""
    queryset = Membership.objects.select_related("user", "organisation")
    if not _administered(user):
        queryset = queryset.none()
    return get_object_or_404(queryset, id=membership_id)


def account_for(user, user_id) -> User:
    """Only administrators reach another account to close it; anyone else is told it is not there."""
    queryset = User.objects.all() if _administered(user) else User.objects.none()
    return get_object_or_404(queryset, id=user_id)
