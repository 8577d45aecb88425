"""Staff give a person access to their own plan on their phone, see who has it, and end it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from throughcare.core.permissions import Permission, permission_required
from throughcare.myplan import selectors, services
from throughcare.myplan.forms import GiveAccessForm


@permission_required(Permission.PLAN_RELEASES)
@require_http_methods(["GET", "POST"])
def give_access(request, person_id):
    person, accesses = selectors.accesses_for(request.user, person_id)
    form = GiveAccessForm(request.POST or None, initial={"email": person.email})
    if request.method == "POST" and form.is_valid():
        services.plan_access_grant(actor=request.user, person=person, email=form.cleaned_data["email"])
        messages.success(request, f"We have emailed {person.full_name} a link to their plan")
        return redirect("myplan-staff:give", person_id=person.pk)
    now = timezone.now()
    return render(
        request,
        "myplan/give_access.html",
        {
            "person": person,
            "form": form,
            "accesses": accesses,
            "live": [access for access in accesses if access.is_live(now)],
            "now": now,
        },
        status=400 if form.errors else 200,
    )


@permission_required(Permission.PLAN_RELEASES)
@require_POST
def end_access(request, access_id):
    access = selectors.access_for(request.user, access_id)
    if access.is_live(timezone.now()):
        services.plan_access_end(actor=request.user, access=access)
        messages.success(request, f"{access.person.full_name} can no longer see their plan on their phone")
    return redirect("myplan-staff:give", person_id=access.person_id)
