"""Find support: enter a person's needs and circumstances, see what fits, why, and why not."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from throughcare.core.permissions import Permission, has_permission, permission_required
from throughcare.directory.views.signposts import signpost_for
from throughcare.matching.engine import match
from throughcare.matching.forms import FindSupportForm


@permission_required(Permission.FIND_SUPPORT)
@require_http_methods(["GET", "POST"])
def find_support(request):
    # POST, because a search that finds nothing records an unmet need.
    form = FindSupportForm(request.POST or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome = match(actor=request.user, profile=form.profile(), sort=form.cleaned_data["sort"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, " ".join(messages))
    context = {
        "form": form,
        "outcome": outcome,
        # Only roles that make referrals are offered "Refer to this service" on each result.
        "can_refer": has_permission(request.user, Permission.MAKE_REFERRALS),
        "signpost": signpost_for(outcome.outside_country) if outcome and outcome.outside_country else None,
    }
    return render(request, "matching/find_support.html", context, status=422 if form.errors else 200)
