"""The rights pages: a DPO's search, a person's rights page, subject access and who viewed the record."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.inputs import is_ascii_digits
from throughcare.core.permissions import Permission, Role, permission_required
from throughcare.people import services as people_services
from throughcare.people.details import PersonDetails
from throughcare.people.restriction import break_glass_review
from throughcare.rights import selectors
from throughcare.rights.export import subject_access_archive
from throughcare.rights.forms import CORRECTABLE, CorrectionForm
from throughcare.rights.graph import SECTION_TITLES, records_about
from throughcare.rights.models import Rectification


@permission_required(Permission.ANSWER_RIGHTS_REQUESTS)
@require_GET
def search(request):
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "rights/search.html",
        {
            "query": query,
            "people": selectors.search_for_dpo(request.user, query),
            "limit": selectors.SEARCH_LIMIT,
        },
    )


@permission_required(Permission.ANSWER_RIGHTS_REQUESTS)
@require_GET
def person(request, person_id):
    found = selectors.person_for_dpo(request.user, person_id, verb=AuditVerb.PERSON_RIGHTS_PAGE_VIEWED)
    records = records_about(found, only_ids=True)
    held = [(SECTION_TITLES.get(label, label), len(rows)) for label, rows in records.rows.items()]
    corrections = list(
        Rectification.objects.filter(person=found).select_related("corrected_by", "organisation")[:100]
    )
    return render(request, "rights/person.html", {"person": found, "held": held, "corrections": corrections})


@permission_required(Permission.ANSWER_RIGHTS_REQUESTS)
@require_POST
def export(request, person_id):
    found = selectors.person_for_dpo(request.user, person_id, verb=AuditVerb.PERSON_SUBJECT_ACCESS_REQUESTED)
    archive = subject_access_archive(actor=request.user, person=found, via="page")
    response = HttpResponse(archive, content_type="application/zip")
    filename = f"subject-access-{found.pk}-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _before(request) -> int | None:
    value = request.GET.get("before", "")
    # ASCII digits only (`isdigit` is true of "²", which `int` refuses), and within a database integer.
    return int(value) if is_ascii_digits(value) and len(value) < 19 else None


@permission_required(Permission.VIEW_RECORD_ACCESS)
@require_GET
def access_log(request, person_id):
    found = selectors.person_for_access_log(request.user, person_id)
    before = _before(request)
    page = selectors.access_page(request.user, found, before=before)
    return render(
        request,
        "rights/access_log.html",
        {
            "person": found,
            "page": page,
            "is_first_page": before is None,
            "is_dpo": request.user.current_role == Role.DPO,
        },
    )


@permission_required(Permission.ANSWER_RIGHTS_REQUESTS)
@require_http_methods(["GET", "POST"])
def correct(request, person_id):
    found = selectors.person_for_dpo(request.user, person_id, verb=AuditVerb.PERSON_CORRECTION_STARTED)
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["field_name"]
        details = replace(PersonDetails.of(found), **{name: form.cleaned_data["value"].strip()})
        try:
            people_services.person_update(
                actor=request.user, person=found, details=details, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"{CORRECTABLE[name]} has been corrected and the correction logged.")
            return redirect("rights:person", person_id=found.pk)
    current = [(label, getattr(found, name) or "Not recorded") for name, label in CORRECTABLE.items()]
    return render(
        request,
        "rights/correct.html",
        {"person": found, "form": form, "current": current},
        status=422 if form.errors else 200,
    )


@permission_required(Permission.ANSWER_RIGHTS_REQUESTS)
@require_GET
def break_glass(request):
    return render(
        request, "rights/break_glass.html", {"accesses": selectors.break_glass_to_review(request.user)}
    )


@permission_required(Permission.ANSWER_RIGHTS_REQUESTS)
@require_POST
def break_glass_reviewed(request, access_id):
    access = selectors.break_glass_for_dpo(request.user, access_id)
    try:
        break_glass_review(actor=request.user, access=access)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The access has been marked as reviewed.")
    return redirect("rights:break-glass")
