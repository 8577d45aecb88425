"""The person says how a service treated them (from their own plan); staff see the summary."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from throughcare.feedback import selectors, services
from throughcare.feedback.forms import FeedbackForm
from throughcare.feedback.models import QUESTIONS, Feedback
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
