"""Record an OPD pathway screening from the person's record: the same service as the API."""

from django.urls import reverse
from django.views.decorators.http import require_http_methods

from throughcare.core.form_pages import form_page, posted
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

    def save(form):
        opd_screening_record(actor=request.user, person=person, **form.cleaned_data)
        return reverse("people:detail", args=[person.pk])

    return form_page(
        request,
        form=OpdScreeningForm(posted(request)),
        template="people/opd_screening_add.html",
        context={"person": person, "latest": OpdScreening.objects.filter(person=person).first()},
        save=save,
        success="OPD pathway screening recorded.",
    )
