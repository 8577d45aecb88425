"""Staff give a person access to their own plan on their phone, see who has it, and end it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from throughcare.core.permissions import Permission, permission_required
from throughcare.myplan import selectors, services
from throughcare.myplan.forms import GiveAccessForm, TextRemindersForm
from throughcare.myplan.reminders import reminders_choose
from throughcare.notices.models import Channel


def _page(request, person, accesses, *, form, text_form=None):
    now = timezone.now()
    live = [access for access in accesses if access.is_live(now)]
    if text_form is None:
        text_form = TextRemindersForm(number_known=any(access.by_text for access in live))
    return render(
        request,
        "myplan/give_access.html",
        {
            "person": person,
            "form": form,
            "text_form": text_form,
            "accesses": accesses,
            "live": live,
            "now": now,
        },
        status=400 if form.errors or text_form.errors else 200,
    )


def _give_form(person, data=None) -> GiveAccessForm:
    return GiveAccessForm(data, initial={"channel": Channel.EMAIL.value, "email": person.email})


@permission_required(Permission.PLAN_RELEASES)
@require_http_methods(["GET", "POST"])
def give_access(request, person_id):
    person, accesses = selectors.accesses_for(request.user, person_id)
    form = _give_form(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        channel = Channel(form.cleaned_data["channel"])
        try:
            services.plan_access_grant(
                actor=request.user,
                person=person,
                channel=channel,
                email=form.cleaned_data["email"],
                mobile_number=form.cleaned_data["mobile_number"],
            )
        except ValidationError as refused:
            for field, problems in refused.message_dict.items():
                form.add_error(field if field in form.fields else None, problems[0])
        else:
            how = "texted" if channel == Channel.TEXT else "emailed"
            messages.success(request, f"We have {how} {person.full_name} a link to their plan")
            return redirect("myplan-staff:give", person_id=person.pk)
    return _page(request, person, accesses, form=form)


@permission_required(Permission.PLAN_RELEASES)
@require_POST
def text_reminders(request, access_id):
    """Staff set up reminders by text for the person, with the person's agreement."""
    access = selectors.access_for(request.user, access_id)
    if not access.is_live(timezone.now()):
        return redirect("myplan-staff:give", person_id=access.person_id)
    text_form = TextRemindersForm(request.POST, number_known=access.by_text)
    if text_form.is_valid():
        try:
            reminders_choose(
                access=access,
                by=Channel.TEXT,
                mobile_number=text_form.cleaned_data.get("mobile_number", ""),
                actor=request.user,
            )
        except ValidationError as refused:
            for field, problems in refused.message_dict.items():
                text_form.add_error(field if field in text_form.fields else None, problems[0])
        else:
            messages.success(request, f"{access.person.full_name} will get reminders by text")
            return redirect("myplan-staff:give", person_id=access.person_id)
    person, accesses = selectors.accesses_for(request.user, access.person_id)
    return _page(request, person, accesses, form=_give_form(person), text_form=text_form)


@permission_required(Permission.PLAN_RELEASES)
@require_POST
def end_access(request, access_id):
    access = selectors.access_for(request.user, access_id)
    if access.is_live(timezone.now()):
        services.plan_access_end(actor=request.user, access=access)
        messages.success(request, f"{access.person.full_name} can no longer see their plan on their phone")
    return redirect("myplan-staff:give", person_id=access.person_id)
