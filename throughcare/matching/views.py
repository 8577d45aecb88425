"""Find support: enter a person's needs and circumstances, see what fits, why, and why not."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from throughcare.core.errors import add_to_form
from throughcare.core.permissions import Permission, has_permission, permission_required
from throughcare.directory.views.signposts import signpost_for
from throughcare.matching.engine import match
from throughcare.matching.forms import FindSupportForm, initial_from_person
from throughcare.people.selectors import person_for
from throughcare.referrals.prefill import remember_find_support


def _person_from(request):
    """The person the search is for, when it starts from their record: read through their team (audited)."""
    person_id = request.POST.get("person") or request.GET.get("person")
    if not person_id:
        return None
    try:
        UUID(str(person_id))
    except ValueError:
        raise Http404("No such person.") from None
    return person_for(request.user, person_id)


@permission_required(Permission.FIND_SUPPORT)
@require_http_methods(["GET", "POST"])
def find_support(request):
    # POST, because a search that finds nothing records an unmet need.
    person = _person_from(request)
    initial = initial_from_person(person) if person else None
    form = FindSupportForm(request.POST or None, initial=initial)
    outcome = None
    if request.method == "POST" and form.is_valid():
        person_id = str(person.pk) if person else ""
        try:
            outcome = match(
                actor=request.user,
                profile=form.profile(),
                sort=form.cleaned_data["sort"],
                person_id=person_id,
            )
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            if has_permission(request.user, Permission.MAKE_REFERRALS):
                # A referral made from these results starts from these answers (referrals/prefill.py).
                remember_find_support(request.session, form.profile(), person_id=person_id)
    context = {
        "form": form,
        "outcome": outcome,
        "person": person,
        # Only roles that make referrals are offered "Refer to this service" on each result.
        "can_refer": has_permission(request.user, Permission.MAKE_REFERRALS),
        "signpost": signpost_for(outcome.outside_country) if outcome and outcome.outside_country else None,
    }
    return render(request, "matching/find_support.html", context, status=422 if form.errors else 200)
