"""Record an OPD pathway screening from the person's record: the same service as the API."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from throughcare.core.errors import add_to_form
from throughcare.core.forms import GovukForm
from throughcare.core.permissions import Permission, permission_required
from throughcare.directory.forms.fields import CodeChoiceField, GovukDateField, GovukRadios
from throughcare.people import selectors
from throughcare.people.models import OpdScreening, OpdScreeningOutcome, OpdScreeningSource
from throughcare.people.screening import opd_screening_record


class OpdScreeningForm(GovukForm):
    first_field_id = "id_screened_on-day"
    screened_on = GovukDateField(
        label="Date of the screening",
        required=True,
        error_messages={"required": "Enter the date of the screening"},
    )
    outcome = CodeChoiceField(
        label="Outcome",
        choices=OpdScreeningOutcome.choices,
        widget=GovukRadios,
        error_messages={"required": "Choose whether the person was screened in or screened out"},
    )
    source = CodeChoiceField(
        label="What did the screening come from?",
        choices=OpdScreeningSource.choices,
        widget=GovukRadios,
        error_messages={"required": "Choose what the screening came from"},
    )


@permission_required(Permission.VIEW_PEOPLE)
@require_http_methods(["GET", "POST"])
def opd_screening_add(request, person_id):
    person = selectors.person_for(request.user, person_id)
    form = OpdScreeningForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            opd_screening_record(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "OPD pathway screening recorded.")
            return redirect("people:detail", person_id=person.pk)
    latest = OpdScreening.objects.filter(person=person).first()
    context = {"form": form, "person": person, "latest": latest}
    return render(request, "people/opd_screening_add.html", context, status=422 if form.errors else 200)
