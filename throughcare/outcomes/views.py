"""The outcome pages: record a measure (choose it, then enter it) and write the end-of-service summary.

Thin views over `selectors` (scoped, audited reads) and `services` (every rule): refusals come back
as GOV.UK error summaries with 422. The referral page shows the results through the
`referral_outcomes` template tag.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from throughcare.core.errors import add_to_form
from throughcare.core.once import one_submission
from throughcare.outcomes import selectors, services
from throughcare.outcomes.forms import ChooseMeasureForm, MeasurementForm, SummaryForm
from throughcare.outcomes.measures import ITEMISED_MEASURES, TOTAL_ONLY_MEASURES
from throughcare.outcomes.models import MeasureCode
from throughcare.outcomes.progress import recovery_words
from throughcare.referrals.selectors import referral_for, referral_in_scope
from throughcare.referrals.services import require_receiver


def _receiver_only(request, referral_id, what: str):
    referral = referral_in_scope(request.user, referral_id)
    require_receiver(request.user, referral, what)
    return referral


def _back_to_referral(referral_id) -> str:
    return reverse("referrals:detail", kwargs={"referral_id": referral_id}) + "#outcomes"


@require_http_methods(["GET", "POST"])
@one_submission
def outcome_record(request, referral_id):
    referral = _receiver_only(request, referral_id, "records outcome measures")
    outcomes = selectors.outcomes_for(request.user, referral_id)
    if not outcomes.can_record:
        messages.info(request, "Outcome measures cannot be recorded on this referral now.")
        return redirect(_back_to_referral(referral.pk))
    view = referral_for(request.user, referral_id)
    code = request.POST.get("measure") or request.GET.get("measure")
    if code not in MeasureCode.values:
        chooser = ChooseMeasureForm({"measure": code} if code is not None else None)
        status = 422 if code is not None and not chooser.is_valid() else 200
        return render(
            request, "outcomes/choose_measure.html", {"form": chooser, "referral": view}, status=status
        )
    form = MeasurementForm(request.POST if request.method == "POST" else None, measure=code)
    if request.method == "POST" and form.is_valid():
        try:
            measurement = services.outcome_record(
                actor=request.user,
                referral=referral,
                measure=code,
                occasion=form.cleaned_data["occasion"],
                recorded_on=form.cleaned_data["recorded_on"],
                answers=form.answers(),
                total=form.total(),
            )
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            message = f"{code} recorded: total {measurement.total}."
            if measurement.risk_to_self:
                message += " A risk to self notice has been sent to both sides."
            messages.success(request, message)
            return redirect(_back_to_referral(referral.pk))
    context = {
        "form": form,
        "referral": view,
        "measure": ITEMISED_MEASURES.get(code) or TOTAL_ONLY_MEASURES[code],
    }
    return render(request, "outcomes/record_form.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@one_submission
def summary_write(request, referral_id):
    referral = _receiver_only(request, referral_id, "writes the end-of-service summary")
    outcomes = selectors.outcomes_for(request.user, referral_id)
    if not outcomes.can_write_summary:
        messages.info(
            request,
            "The end-of-service summary is written once, when the referral is completed or ended early.",
        )
        return redirect(_back_to_referral(referral.pk))
    view = referral_for(request.user, referral_id)
    form = SummaryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.summary_write(actor=request.user, referral=referral, **form.cleaned_data)
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "End-of-service summary written. The referrer has been told.")
            return redirect(_back_to_referral(referral.pk))
    context = {
        "form": form,
        "referral": view,
        "changes": [table.change for table in outcomes.tables],
        "recovery_words": recovery_words(outcomes.recovery),
        "attendance": selectors.attendance_rows(services.attendance_for(referral.pk)),
    }
    return render(request, "outcomes/summary_form.html", context, status=422 if form.errors else 200)
