"""Home: each role's worklist, built from the sections in `referrer`, `provider` and `oversight`."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.navigation import other_pages_for
from throughcare.core.permissions import Permission, Role, has_permission
from throughcare.home.oversight import administration, headline_figures
from throughcare.home.provider import provider_sections
from throughcare.home.referrer import referrer_sections
from throughcare.home.rights import rights_sections
from throughcare.notices.models import NoticeKind
from throughcare.notices.selectors import notices_for


@require_GET
def home(request):
    user = request.user
    role = user.current_role
    if role is None:
        return render(request, "home/no_role.html")
    # Pages the role may use beyond its navigation's six, so each stays two clicks away.
    others = {"other_pages": other_pages_for(request)}
    if role == Role.ADMINISTRATOR:
        return render(request, "home/administrator.html", {**administration(user), **others})
    if role == Role.COMMISSIONER:
        area, _, figures = headline_figures(user)
        return render(request, "home/commissioner.html", {"area": area, "figures": figures, **others})
    return _caseworking_home(request, others)


def _caseworking_home(request, others: dict):
    """Referrers' and providers' home: notices (urgent apart, first), then each side's sections."""
    user = request.user
    sections = [*referrer_sections(user), *provider_sections(user), *rights_sections(user)]
    notices = notices_for(user, exclude_kinds=_listed_elsewhere(user)) if _works_referrals(user) else []
    referral_ids = sorted({item.referral_id for s in sections for item in s.items if item.referral_id})
    if referral_ids:
        # The page names people: reading it is recorded like reading the lists it summarises.
        audit.record(
            actor=user,
            verb=AuditVerb.HOME_VIEWED,
            target_type="referrals.referral",
            payload={"referral_ids": referral_ids},
        )
    context = {
        "sections": sections,
        "urgent_notices": [notice for notice in notices if notice.is_urgent],
        "routine_notices": [notice for notice in notices if not notice.is_urgent],
        **others,
    }
    return render(request, "home/caseworking.html", context)


def _listed_elsewhere(user) -> frozenset:
    """Kinds of notice a receiving service's home already lists as work ("Referrals to acknowledge or
    decide", with its overdue tag), so they are not shown twice."""
    if has_permission(user, Permission.RECEIVE_REFERRALS) and not has_permission(
        user, Permission.MAKE_REFERRALS
    ):
        return frozenset({NoticeKind.NEW_REFERRAL, NoticeKind.OVERDUE})
    return frozenset()


def _works_referrals(user) -> bool:
    return has_permission(user, Permission.MAKE_REFERRALS) or has_permission(
        user, Permission.RECEIVE_REFERRALS
    )
