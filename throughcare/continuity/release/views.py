"""Release planning pages: the caseload, a person's plan, changing an item, and the plan for the person.

Thin views over `release.selectors` (scoped, audited reads) and `release.services`; refusals become a
GOV.UK error summary with 422.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from throughcare.accounts.models import Organisation
from throughcare.appointments.models import Appointment
from throughcare.continuity.release import selectors, services
from throughcare.continuity.release.forms import PlanItemForm
from throughcare.continuity.release.plain import plain_sentences
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import OrganisationKind, Permission, has_permission, permission_required
from throughcare.core.templatetags.govuk_dates import govuk_datetime_text
from throughcare.people.selectors import person_for


def _plan_url(person) -> str:
    return reverse("continuity:release-plan", kwargs={"person_id": person.pk})


def _whole_number(value, default: int, *, largest: int) -> int:
    try:
        return min(max(int(value), 1), largest)
    except (TypeError, ValueError):
        return default


def _weeks_ahead(typed: str | None) -> tuple[str, str]:
    """The weeks asked for, as typed, and a message when they are not a whole number in range.

    Until they are, the caseload shows the usual weeks, and the box keeps what was typed.
    """
    text = (typed or "").strip()
    if not text:
        return str(selectors.CASELOAD_WEEKS), ""
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= selectors.MAX_WEEKS):
        return text, f"Enter weeks ahead as a whole number from 1 to {selectors.MAX_WEEKS}, like 12"
    return str(int(text)), ""


@permission_required(Permission.PLAN_RELEASES)
@require_GET
def caseload(request, *, gaps_only=False):
    own = selectors.own_prison(request.user)
    prison = request.GET.get("prison", "").strip() if own is None else str(own.pk)
    weeks_error = ""
    if gaps_only:
        days, weeks = selectors.GAPS_DAYS, None
    else:
        weeks, weeks_error = _weeks_ahead(request.GET.get("weeks"))
        days = (selectors.CASELOAD_WEEKS if weeks_error else int(weeks)) * 7
    prisons = Organisation.objects.filter(kind=OrganisationKind.PRISON, is_active=True).order_by("name")
    if prison and not (_is_uuid(prison) and prisons.filter(pk=prison).exists()):
        prison = ""
    page = selectors.caseload_for(
        request.user,
        prison_id=prison or None,
        days=days,
        gaps_only=gaps_only,
        page=_whole_number(request.GET.get("page"), 1, largest=10_000),
    )
    kept = {"weeks": weeks, "prison": prison} if not (gaps_only or weeks_error) else {"prison": prison}
    return render(
        request,
        "continuity/release_caseload.html",
        {
            "rows": page.rows,
            "page": page,
            "query_string": urlencode({name: value for name, value in kept.items() if value}),
            "gaps_only": gaps_only,
            "weeks": weeks,
            "weeks_error": weeks_error,
            "prison": prison,
            "own_prison": own,
            "prisons": list(prisons.values_list("pk", "name")) if own is None else [],
        },
        status=422 if weeks_error else 200,
    )


def _is_uuid(value: str) -> bool:
    from uuid import UUID

    try:
        UUID(value)
    except ValueError:
        return False
    return True


@permission_required(Permission.VIEW_PEOPLE)
@require_GET
def plan(request, person_id):
    plan_ = selectors.plan_for(request.user, person_id)
    return render(
        request,
        "continuity/release_plan.html",
        {
            "plan": plan_,
            "person": plan_.person,
            "can_plan": has_permission(request.user, Permission.PLAN_RELEASES),
        },
    )


@permission_required(Permission.PLAN_RELEASES)
@require_POST
def plan_start(request, person_id):
    person = person_for(request.user, person_id)
    try:
        services.release_plan_start(actor=request.user, person=person)
    except ValidationError as exc:
        plan_ = selectors.plan_of(person)
        return render(
            request,
            "continuity/release_plan.html",
            {"plan": plan_, "person": person, "can_plan": True, "start_errors": exc.messages},
            status=422,
        )
    messages.success(request, f"{person.full_name}'s release plan has been started.")
    return redirect(_plan_url(person))


def _appointments_of(person) -> list[tuple[str, str]]:
    rows = (
        Appointment.objects.filter(referral__person=person)
        .select_related("referral__service")
        .order_by("starts_at")
    )
    return [(str(a.pk), f"{govuk_datetime_text(a.starts_at)}, {a.referral.service.name}") for a in rows[:50]]


@require_http_methods(["GET", "POST"])
def plan_item(request, item_id):
    item = selectors.plan_item_for(request.user, item_id)
    person = item.episode.person
    form = PlanItemForm(
        request.POST if request.method == "POST" else None, item=item, appointments=_appointments_of(person)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.release_plan_item_update(actor=request.user, item=item, change=form.change())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"{item.get_kind_display()} has been updated.")
            return redirect(_plan_url(person))
    return render(
        request,
        "continuity/form.html",
        {
            "form": form,
            "person": person,
            "heading": item.get_kind_display(),
            "button": "Save",
            "back_url": _plan_url(person),
            "explanation": "",
        },
        status=422 if form.errors else 200,
    )


@permission_required(Permission.VIEW_PEOPLE)
@require_GET
def plan_print(request, person_id):
    plan_ = selectors.plan_for(request.user, person_id, verb=AuditVerb.RELEASE_PLAN_PRINTED)
    return render(
        request,
        "continuity/release_plan_print.html",
        {"plan": plan_, "person": plan_.person, "sentences": plain_sentences(plan_)},
    )


@permission_required(Permission.VIEW_PEOPLE)
@require_GET
def plan_printable(request, person_id):
    """The plan in plain words on a page of its own, for the person to take away: no staff header,
    navigation or account line, and at most two A4 pages for a typical plan."""
    plan_ = selectors.plan_for(request.user, person_id, verb=AuditVerb.RELEASE_PLAN_PRINTED)
    return render(
        request,
        "continuity/release_plan_printable.html",
        {
            "plan": plan_,
            "person": plan_.person,
            "sentences": plain_sentences(plan_),
            "today": timezone.localdate(),
        },
    )
