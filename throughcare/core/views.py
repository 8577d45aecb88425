"""Pages every user shares: home, the public statements, the audit trail and the error pages."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from throughcare.accounts.selectors import members_of, organisation_counts_by_kind
from throughcare.core import audit
from throughcare.core.audit import verify_chain
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import OrganisationKind, Permission, Role, permission_required

HOME_TEMPLATES = {
    Role.ADMINISTRATOR: "core/home_administrator.html",
    Role.COMMISSIONER: "core/home_commissioner.html",
}


@require_GET
def home(request):
    user = request.user
    role = user.current_role
    context = {
        "role": role,
        "recent_activity": AuditEvent.objects.filter(actor=user).order_by("-id")[:5],
    }
    if role is None:
        return render(request, "core/home_no_role.html", context)
    if role == Role.ADMINISTRATOR:
        context["chain_length"] = audit.chain_length()
    if role in {Role.ADMINISTRATOR, Role.COMMISSIONER}:
        counts = organisation_counts_by_kind()
        context["organisation_counts"] = [
            (label, counts.get(kind, 0)) for kind, label in OrganisationKind.choices
        ]
    else:
        context["team"] = members_of(user.current_organisation)
    return render(request, HOME_TEMPLATES.get(role, "core/home_team.html"), context)


@login_not_required
@require_GET
def accessibility(request):
    return render(request, "core/accessibility.html")


@login_not_required
@require_GET
def privacy(request):
    return render(
        request,
        "core/privacy.html",
        {
            "controller": settings.PRIVACY_CONTROLLER,
            "controller_address": settings.PRIVACY_CONTROLLER_ADDRESS,
            "dpo_contact": settings.PRIVACY_DPO_CONTACT,
            "lawful_bases": settings.PRIVACY_LAWFUL_BASES,
            "draft_referral_days": settings.RETENTION_DRAFT_REFERRAL_DAYS,
            "closed_referral_years": settings.RETENTION_CLOSED_REFERRAL_YEARS,
        },
    )


@permission_required(Permission.VIEW_AUDIT)
@require_GET
def audit_list(request):
    verb = request.GET.get("verb", "").strip()
    # The trail names staff and what they touched, so reading it is recorded like any other read.
    audit.record(
        actor=request.user,
        verb="audit_trail.viewed",
        payload={"verb": verb, "page": request.GET.get("page", "1")},
    )
    events = AuditEvent.objects.order_by("-id")
    if verb:
        events = events.filter(verb=verb)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    report = verify_chain() if request.GET.get("verify") == "1" else None
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "query_string": urlencode({"verb": verb}) if verb else "",
        "verb": verb,
        "report": report,
    }
    return render(request, "core/audit_list.html", context)


def _error_page(request, template: str, status: int, **context):
    # API clients get JSON errors even for URLs the API does not know.
    if request.path.startswith("/api/"):
        detail = {404: "Not found.", 500: "Something went wrong on our side."}.get(status, "Bad request.")
        return JsonResponse({"detail": detail, **context}, status=status)
    return render(request, template, context, status=status)


@login_not_required
@require_GET
def api_index(request):
    return JsonResponse(
        {"name": "Throughcare API", "version": "1", "openapi_url": request.build_absolute_uri("openapi.json")}
    )


@login_not_required
def bad_request(request, exception=None):
    return _error_page(request, "errors/400.html", 400)


@login_not_required
def forbidden(request, exception=None):
    return _error_page(request, "errors/403.html", 403)


@login_not_required
def not_found(request, exception=None):
    return _error_page(request, "errors/404.html", 404)


@login_not_required
def server_error(request):
    return _error_page(request, "errors/500.html", 500, request_id=getattr(request, "request_id", ""))


@login_not_required
def csrf_failure(request, reason=""):
    return _error_page(request, "errors/csrf.html", 403, session_minutes=settings.SESSION_COOKIE_AGE // 60)
