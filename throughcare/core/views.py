"""Pages every user shares: the public statements, the audit trail and the error pages."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from throughcare.accounts.models import Organisation
from throughcare.core import audit
from throughcare.core.audit_chain import events_waiting
from throughcare.core.audit_trail import AUDIT_FILTER_PARAMETERS, AuditFilterForm, page_of
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.inputs import is_ascii_digits
from throughcare.core.models import AuditEvent, AuditVerification
from throughcare.core.permissions import Permission, permission_required


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


def _keyset_id(value: str | None) -> int | None:
    return int(value) if value and is_ascii_digits(value) and len(value) < 19 else None


@permission_required(Permission.VIEW_AUDIT)
@require_GET
def audit_list(request):
    organisations = list(Organisation.objects.order_by("name").values_list("id", "name"))
    form = AuditFilterForm(request.GET, organisations=[(str(pk), name) for pk, name in organisations])
    filters = {k: v[:100] for k, v in request.GET.items() if k in AUDIT_FILTER_PARAMETERS and v}
    # The trail names staff and the people they served, so reading it is recorded like any other read.
    audit.record(actor=request.user, verb=AuditVerb.AUDIT_TRAIL_VIEWED, payload={"filters": filters})
    valid = form.is_valid() if filters else True
    page = None
    if valid:
        events = form.filtered(AuditEvent.objects.all()) if filters else AuditEvent.objects.all()
        page = page_of(
            events, before=_keyset_id(request.GET.get("before")), after=_keyset_id(request.GET.get("after"))
        )
    context = {
        "form": form,
        "page": page,
        "filtered": bool(filters),
        "query_string": urlencode(filters),
        "verification": AuditVerification.objects.order_by("-id").first(),
        "chain_length": audit.chain_length(),
        "waiting": events_waiting(),
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
