"""Record and end the other programmes a person is in, from their record: the services in programmes.py."""

from django.urls import reverse
from django.views.decorators.http import require_http_methods

from throughcare.core.form_pages import form_page, posted
from throughcare.core.forms import GovukForm
from throughcare.core.permissions import Permission, permission_required
from throughcare.directory.forms.fields import CodeChoiceField, GovukDateField, GovukRadios
from throughcare.people import selectors
from throughcare.people.models import PROGRAMME_MESSAGE, Programme
from throughcare.people.programmes import membership_of, programme_end, programme_start, programmes_of


class ProgrammeStartForm(GovukForm):
    first_field_id = "id_programme"
    programme = CodeChoiceField(
        label="Which programme are they in?",
        choices=Programme.choices,
        widget=GovukRadios,
        error_messages={"required": PROGRAMME_MESSAGE},
    )
    started_on = GovukDateField(
        label="When did they start it?",
        required=True,
        error_messages={"required": "Enter the date they started the programme"},
    )


class ProgrammeEndForm(GovukForm):
    first_field_id = "id_ended_on-day"
    ended_on = GovukDateField(
        label="When did they leave it?",
        required=True,
        error_messages={"required": "Enter the date they left the programme"},
    )


@permission_required(Permission.VIEW_PEOPLE)
@require_http_methods(["GET", "POST"])
def programme_add(request, person_id):
    person = selectors.person_for(request.user, person_id)

    def save(form):
        programme_start(actor=request.user, person=person, **form.cleaned_data)
        return reverse("people:detail", args=[person.pk])

    current = [m for m in programmes_of(person) if m.is_current]
    return form_page(
        request,
        form=ProgrammeStartForm(posted(request)),
        template="people/programme_add.html",
        context={"person": person, "current": current},
        save=save,
        success="Programme recorded.",
    )


@permission_required(Permission.VIEW_PEOPLE)
@require_http_methods(["GET", "POST"])
def programme_end_view(request, person_id, membership_id):
    person = selectors.person_for(request.user, person_id)
    membership = membership_of(person, membership_id)

    def save(form):
        programme_end(actor=request.user, membership=membership, **form.cleaned_data)
        return reverse("people:detail", args=[person.pk])

    return form_page(
        request,
        form=ProgrammeEndForm(posted(request)),
        template="people/programme_end.html",
        context={"person": person, "membership": membership},
        save=save,
        success=f"{membership.get_programme_display()} ended.",
    )
