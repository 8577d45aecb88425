"""Restricting a record to named people, and break-glass access for the rest of the team."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from throughcare.core.permissions import Permission, permission_required
from throughcare.people import selectors
from throughcare.people.restriction import (
    break_glass_open,
    nameable_users,
    person_restrict,
    person_unrestrict,
)
from throughcare.people.services import steers_team


def _uuids(values: list[str]) -> list[UUID]:
    found = []
    for value in values:
        try:
            found.append(UUID(value))
        except ValueError:
            continue  # a forged value: counted as a stranger below
    return found


@permission_required(Permission.VIEW_PEOPLE)
@require_http_methods(["GET", "POST"])
def restrict(request, person_id):
    person = selectors.person_for(request.user, person_id)
    selectors.require_care_team_member(request.user, person)
    candidates = [m for m in nameable_users(person) if m.user_id != request.user.pk]
    restriction = getattr(person, "restriction", None)
    named = {str(pk) for pk in restriction.named_users.values_list("pk", flat=True)} if restriction else set()
    errors = {}
    if request.method == "POST":
        try:
            if request.POST.get("action") == "lift":
                person_unrestrict(actor=request.user, person=person)
                messages.success(request, f"{person.full_name}'s record is no longer restricted.")
            else:
                chosen = request.POST.getlist("users")
                users = list(get_user_model().objects.filter(pk__in=_uuids(chosen)))
                if len(users) != len(set(chosen)):
                    raise ValidationError(
                        {"users": "Choose only people in organisations in this person's team"}
                    )
                person_restrict(actor=request.user, person=person, users=users)
                messages.success(
                    request, f"Only the people you named can now see {person.full_name}'s record."
                )
        except ValidationError as exc:
            errors = exc.message_dict
            named = set(request.POST.getlist("users"))
        else:
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/restrict.html",
        {
            "person": person,
            "candidates": candidates,
            "named": named,
            "restricted": restriction is not None,
            "may_restrict": steers_team(request.user, person),
            "errors": errors,
        },
        status=422 if errors else 200,
    )


@permission_required(Permission.VIEW_PEOPLE)
@require_http_methods(["GET", "POST"])
def break_glass(request, person_id):
    person = selectors.break_glass_candidate(request.user, person_id)
    reason, errors = "", {}
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            break_glass_open(actor=request.user, person=person, reason=reason)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(
                request,
                "You can see this record for a limited time. Your data protection officer has been told.",
            )
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/break_glass.html",
        {"person_id": person.pk, "reason": reason, "errors": errors},
        status=422 if errors else 200,
    )
