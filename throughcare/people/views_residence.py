"""Record where a person lives, from their record: the same service as the API."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from throughcare.core.errors import add_to_form
from throughcare.core.forms import GovukForm
from throughcare.core.permissions import Permission, permission_required
from throughcare.directory.views.signposts import signpost_for
from throughcare.people import selectors
from throughcare.people.residence import residence_record


class ResidenceForm(GovukForm):
    first_field_id = "id_postcode"
    postcode = forms.CharField(
        label="Postcode of their home or release address",
        max_length=20,
        help_text="For example, LS1 4AP, or just LS1.",
        error_messages={"required": "Enter the postcode of their home or release address"},
    )


@permission_required(Permission.VIEW_PEOPLE)
@require_http_methods(["GET", "POST"])
def residence_edit(request, person_id):
    person = selectors.person_for(request.user, person_id)
    form = ResidenceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            residence = residence_record(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            if residence.in_england:
                messages.success(request, f"Area recorded: {residence.local_authority.name}.")
                return redirect("people:detail", person_id=person.pk)
            # Kept as outside England; the page says where to look for services instead.
            context = {
                "person": person,
                "signpost": signpost_for(residence.country),
                "district": residence.district,
            }
            return render(request, "people/residence_outside_england.html", context)
    return render(
        request,
        "people/residence_edit.html",
        {"form": form, "person": person},
        status=422 if form.errors else 200,
    )
