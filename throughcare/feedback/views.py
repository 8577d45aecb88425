"""The person says how a service treated them (from their own plan); staff see the summary, and
download it for a Lived Experience Advisory Council."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from throughcare.core.csv_safety import SafeWriter
from throughcare.core.permissions import Permission, permission_required
from throughcare.feedback import moderation, selectors, services
from throughcare.feedback.council import COLUMNS, council_export
from throughcare.feedback.flags import FlagKind
from throughcare.feedback.forms import FeedbackForm, ModerateForm
from throughcare.feedback.models import QUESTIONS, Feedback
from throughcare.insight.coverage import filters_in_coverage
from throughcare.insight.views import _filter_context as insight_filter_context
from throughcare.myplan.selectors import person_session
from throughcare.myplan.views import _link_ended, person_page


@person_page
@require_http_methods(["GET", "POST"])
def give(request, referral_id):
    session = person_session(request)
    if session is None:
        return redirect("myplan:signed-out")
    referral = selectors.own_referral_for_feedback(session, referral_id)
    if referral is None:
        return _link_ended(request)
    if Feedback.objects.filter(referral=referral).exists():
        return render(request, "feedback/thanks.html", {"service": referral.service})
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers = {name: form.cleaned_data[name] for name, _q, _s in QUESTIONS}
        services.feedback_give(
            access=session.access, referral=referral, answers=answers, words=form.cleaned_data["words"]
        )
        return render(request, "feedback/thanks.html", {"service": referral.service})
    return render(
        request,
        "feedback/give.html",
        {"form": form, "service": referral.service, "questions": [form[name] for name, _q, _s in QUESTIONS]},
        status=400 if form.errors else 200,
    )


@require_GET
def summary(request):
    summaries = selectors.summaries_for(request.user)
    return render(request, "feedback/summary.html", {"summaries": summaries})


@permission_required(Permission.MODERATE_FEEDBACK)
@require_GET
def moderation_queue(request):
    return render(
        request, "feedback/moderation.html", {"waiting": moderation.words_waiting_for(request.user)}
    )


@permission_required(Permission.MODERATE_FEEDBACK)
@require_http_methods(["GET", "POST"])
def moderate(request, feedback_id):
    feedback = moderation.words_to_moderate(request.user, feedback_id)
    form = ModerateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_words_moderate(
                actor=request.user,
                feedback=feedback,
                decision=form.cleaned_data["decision"],
                reject_reason=form.cleaned_data["reject_reason"],
            )
        except ValidationError as refused:
            for name, problems in refused.message_dict.items():
                form.add_error(name if name in form.fields else None, problems[0])
        else:
            published = form.cleaned_data["decision"] == "publish"
            messages.success(
                request, "The words are published" if published else "The words will not be published"
            )
            return redirect("feedback:moderation")
    flags = [(FlagKind(flag["kind"]).label, flag["text"]) for flag in feedback.words_flags]
    return render(
        request,
        "feedback/moderate.html",
        {"feedback": feedback, "form": form, "flags": flags},
        status=400 if form.errors else 200,
    )


@permission_required(Permission.EXPORT_FEEDBACK_FOR_COUNCILS)
@require_GET
def council(request):
    """Choose an area and months, then download the CSV (`?format=csv`) with the same filters."""
    result, coverage = filters_in_coverage(request.user, request.GET)
    context = {**insight_filter_context(result, coverage), "columns": COLUMNS}
    if not result.is_valid:
        return render(request, "feedback/council.html", context, status=422)
    if request.GET.get("format") != "csv":
        return render(request, "feedback/council.html", context)
    export = council_export(request.user, result.filters)
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(COLUMNS)
    for row in export.rows():
        writer.writerow(row)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filters = result.filters
    name = f"what-people-say-{filters.area.code}-{filters.date_from:%Y-%m}-to-{filters.date_to:%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
