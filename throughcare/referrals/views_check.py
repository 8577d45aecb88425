"""Check your answers, then send: the last step of a draft referral (GOV.UK "check answers" pattern).

The page shows what will be shared, with whom and under what consent, each with a way to change it,
and sends only from there. The send itself is `services.referral_submit`, which checks everything
again in its own transaction: the page never decides what is ready.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from throughcare.core.permissions import Permission, permission_required
from throughcare.directory.vocabularies import NEEDS
from throughcare.referrals import selectors, services
from throughcare.referrals.states import ReferralState, Side, TransitionError

# Where each field is changed on the draft form, and what the summary calls it, in the form's order.
SHARED_FIELDS = (
    ("reason_for_referral", "Reason for the referral"),
    ("need_codes", "Needs"),
    ("risk_summary", "Risk to others"),
    ("risk_to_self", "Risk to self"),
    ("current_substance_use", "Current drug or alcohol use"),
    ("gp_details", "GP details"),
    ("medication", "Medication"),
    ("contact_preferences", "Contact preferences"),
    ("interpreter_language", "Interpreter"),
    ("in_custody", "In custody"),
)


@permission_required(Permission.MAKE_REFERRALS)
@require_http_methods(["GET", "POST"])
def referral_check_answers(request, referral_id):
    referral = selectors.referral_in_scope(request.user, referral_id)
    if services.side_of(request.user, referral) != Side.REFERRER:
        raise Http404("No such referral.")
    if referral.state != ReferralState.DRAFT:
        messages.info(request, "This referral has already been sent.")
        return redirect("referrals:detail", referral_id=referral.pk)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            services.referral_submit(actor=request.user, referral=referral)
        except ValidationError as refused:
            errors = [(field, " ".join(texts)) for field, texts in refused.message_dict.items()]
        except TransitionError as refused:
            errors = [("target", str(refused))]
        else:
            messages.success(request, f"Referral sent to {referral.service.name}.")
            return redirect("referrals:detail", referral_id=referral.pk)
    view = selectors.referral_for(request.user, referral_id)
    consent = referral.consents.filter(withdrawn_at__isnull=True).order_by("-given_on", "-created_at").first()
    missing = services.missing_to_submit(referral)
    context = {
        "referral": view,
        "rows": _rows(view, missing),
        "consent": consent,
        "missing": missing,
        "errors": errors,
        "ready": consent is not None and not missing,
    }
    return render(request, "referrals/check_answers.html", context, status=422 if errors else 200)


def _rows(view, missing: dict) -> list[dict]:
    rows = []
    for name, label in SHARED_FIELDS:
        value = getattr(view, name)
        if name == "need_codes":
            value = ", ".join(NEEDS.label(code) for code in value)
        elif name == "in_custody":
            value = _custody(view)
        elif name == "interpreter_language":
            value = value or "Not needed"
        anchor = "release_date-day" if name == "in_custody" else name
        rows.append(
            {
                "name": name,
                "label": label,
                "value": value or "Not given",
                "anchor": f"id_{anchor}",
                "missing": missing.get(name) or (missing.get("release_date") if name == "in_custody" else ""),
            }
        )
    return rows


def _custody(view) -> str:
    if not view.in_custody:
        return "No"
    if view.release_date:
        return f"Yes, expected release {view.release_date:%-d %B %Y}"
    if view.release_date_unknown_reason:
        return f"Yes, release date not known: {view.release_date_unknown_reason}"
    return "Yes"
