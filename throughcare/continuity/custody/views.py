"""The journey pages: thin views over the journey selectors (scoped, audited reads) and services.

Every rule is the services'; these views turn their refusals into GOV.UK error summaries with 422.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from throughcare.continuity.choices import RequirementStatus
from throughcare.continuity.court import selectors as court_selectors
from throughcare.continuity.custody import forms, selectors, services
from throughcare.continuity.custody import recall as recall_services
from throughcare.continuity.orders import services as order_services
from throughcare.core.once import one_submission
from throughcare.core.permissions import Permission, has_permission, permission_required, require_permission
from throughcare.geography.models import Pdu
from throughcare.people.selectors import person_for


def _posted(request):
    return request.POST if request.method == "POST" else None


def _form_page(request, *, form, person, heading, button, save, back_url, explanation="", success):
    """Show the form; on a valid POST call `save()`, then redirect to its result or show its errors."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, success)
            return redirect(result)
    return render(
        request,
        "continuity/form.html",
        {
            "form": form,
            "person": person,
            "heading": heading,
            "button": button,
            "back_url": back_url,
            "explanation": explanation,
        },
        status=422 if form.errors else 200,
    )


def _journey_url(person) -> str:
    return reverse("continuity:journey", kwargs={"person_id": person.pk})


def _writer(request, person_id):
    require_permission(request.user, Permission.PLAN_RELEASES)
    return person_for(request.user, person_id)


@permission_required(Permission.VIEW_PEOPLE)
@require_GET
def journey(request, person_id):
    journey_ = selectors.journey_for(request.user, person_id)
    return render(
        request,
        "continuity/journey.html",
        {
            "journey": journey_,
            "person": journey_.person,
            "can_record": has_permission(request.user, Permission.PLAN_RELEASES),
        },
    )


@require_http_methods(["GET", "POST"])
@one_submission
def reception(request, person_id):
    person = _writer(request, person_id)

    def save(form):
        services.custody_record_reception(
            actor=request.user,
            person=person,
            reception_date=form.cleaned_data["reception_date"],
            expected_release_date=form.cleaned_data["expected_release_date"],
            **form.prison_values(),
        )
        return _journey_url(person)

    return _form_page(
        request,
        form=forms.ReceptionForm(_posted(request)),
        person=person,
        heading="Record a reception into custody",
        button="Record reception",
        save=save,
        back_url=_journey_url(person),
        success=f"{person.full_name}'s reception into custody has been recorded.",
    )


@require_http_methods(["GET", "POST"])
@one_submission
def release(request, person_id):
    person = _writer(request, person_id)

    def save(form):
        services.custody_record_release(
            actor=request.user,
            person=person,
            released_on=form.cleaned_data["released_on"],
            release_type=form.cleaned_data["release_type"],
        )
        return _journey_url(person)

    return _form_page(
        request,
        form=forms.ReleaseForm(_posted(request)),
        person=person,
        heading="Record a release from custody",
        button="Record release",
        save=save,
        back_url=_journey_url(person),
        success=f"{person.full_name}'s release has been recorded.",
    )


@require_http_methods(["GET", "POST"])
@one_submission
def transfer(request, person_id):
    person = _writer(request, person_id)

    def save(form):
        services.custody_transfer(
            actor=request.user,
            person=person,
            transferred_on=form.cleaned_data["transferred_on"],
            **form.prison_values(),
        )
        return _journey_url(person)

    return _form_page(
        request,
        form=forms.TransferForm(_posted(request)),
        person=person,
        heading="Record a transfer to another prison",
        button="Record transfer",
        save=save,
        back_url=_journey_url(person),
        success=f"{person.full_name}'s transfer has been recorded.",
    )


@require_http_methods(["GET", "POST"])
@one_submission
def recall(request, person_id):
    person = _writer(request, person_id)

    def save(form):
        event = recall_services.custody_recall(
            actor=request.user,
            person=person,
            recalled_on=form.cleaned_data["recalled_on"],
            expected_release_date=form.cleaned_data["expected_release_date"],
            **form.prison_values(),
        )
        paused = event.paused_referrals.count()
        messages.info(
            request,
            f"{paused} referral{'s' if paused != 1 else ''} and {event.paused_requirements.count()} "
            "requirement(s) paused. Their services have been told.",
        )
        return _journey_url(person)

    return _form_page(
        request,
        form=forms.RecallForm(_posted(request)),
        person=person,
        heading="Record a recall to custody",
        button="Record recall",
        save=save,
        back_url=_journey_url(person),
        explanation="Their running referrals and live requirements will be paused, not closed, and their "
        "services told. Nothing is lost: a re-release offers them back.",
        success=f"{person.full_name}'s recall has been recorded.",
    )


@require_http_methods(["GET", "POST"])
@one_submission
def re_release(request, person_id):
    person = _writer(request, person_id)

    def save(form):
        result = recall_services.custody_re_release(
            actor=request.user,
            person=person,
            released_on=form.cleaned_data["released_on"],
            release_type=form.cleaned_data["release_type"],
        )
        return reverse("continuity:paused-referrals", kwargs={"event_id": result.event.pk})

    return _form_page(
        request,
        form=forms.ReleaseForm(_posted(request)),
        person=person,
        heading="Record a re-release after recall",
        button="Record re-release",
        save=save,
        back_url=_journey_url(person),
        explanation="Requirements paused by the recall become live again. You will then see the paused "
        "referrals, for their services to resume without a new assessment.",
        success=f"{person.full_name}'s re-release has been recorded.",
    )


@permission_required(Permission.VIEW_PEOPLE)
@require_GET
def paused_referrals(request, event_id):
    offer = selectors.re_release_offer_for(request.user, event_id)
    return render(
        request,
        "continuity/paused_referrals.html",
        {"offer": offer, "person": offer.person, "find_support_url": reverse("matching:find-support")},
    )


@require_http_methods(["GET", "POST"])
@one_submission
def order_create(request, person_id):
    person = _writer(request, person_id)

    def save(form):
        order = order_services.order_create(actor=request.user, person=person, **form.cleaned_data)
        return reverse("continuity:requirement-add", kwargs={"order_id": order.pk})

    return _form_page(
        request,
        form=forms.OrderForm(_posted(request)),
        person=person,
        heading="Add an order or licence",
        button="Add order",
        save=save,
        back_url=_journey_url(person),
        success="The order has been added. Add its requirements.",
    )


def _treating_services(order, *, any_service_locally: bool = False) -> tuple[list[tuple[str, str]], str]:
    """The services that can deliver a requirement near the person: in the order's probation
    delivery unit, else the person's latest, else across England."""
    area_code = order.pdu_id or court_selectors.person_area_code(order.person)
    return court_selectors.treating_service_choices(area_code, any_service_locally=any_service_locally)


@require_http_methods(["GET", "POST"])
@one_submission
def requirement_add(request, order_id):
    require_permission(request.user, Permission.PLAN_RELEASES)
    order = selectors.order_for(request.user, order_id)
    services, listed = _treating_services(order)

    def save(form):
        order_services.requirement_add(
            actor=request.user, order=order, details=order_services.RequirementDetails(**form.cleaned_data)
        )
        return _journey_url(order.person)

    return _form_page(
        request,
        form=forms.RequirementForm(_posted(request), services=services),
        person=order.person,
        heading=f"Add a requirement to the {order.get_kind_display().lower()}",
        button="Add requirement",
        save=save,
        back_url=_journey_url(order.person),
        explanation=listed,
        success="The requirement has been added.",
    )


@require_http_methods(["GET", "POST"])
@one_submission
def requirement_status(request, requirement_id):
    requirement = selectors.requirement_for(request.user, requirement_id)
    person = requirement.order.person
    back = request.GET.get("from") == "register"

    def save(form):
        order_services.requirement_set_status(
            actor=request.user, requirement=requirement, **form.cleaned_data
        )
        return reverse("continuity:register") if back else _journey_url(person)

    form = forms.StatusForm(_posted(request), initial={"status": requirement.status})
    return _form_page(
        request,
        form=form,
        person=person,
        heading=f"Change the status of the {requirement.get_kind_display().lower()}",
        button="Change status",
        save=save,
        back_url=reverse("continuity:register"),
        explanation=f"It is {requirement.get_status_display().lower()} now.",
        success="The requirement's status has been changed.",
    )


@require_http_methods(["GET", "POST"])
@one_submission
def probation_change(request, person_id):
    person = _writer(request, person_id)

    def save(form):
        services.probation_record_change(actor=request.user, person=person, **form.values())
        return _journey_url(person)

    return _form_page(
        request,
        form=forms.ProbationChangeForm(_posted(request)),
        person=person,
        heading="Record a change of probation practitioner or unit",
        button="Record change",
        save=save,
        back_url=_journey_url(person),
        success="The change has been recorded.",
    )


@require_http_methods(["GET", "POST"])
@one_submission
def licence_condition_add(request, order_id):
    require_permission(request.user, Permission.PLAN_RELEASES)
    order = selectors.order_for(request.user, order_id)
    services, listed = _treating_services(order, any_service_locally=True)

    def save(form):
        order_services.licence_condition_add(actor=request.user, order=order, **form.cleaned_data)
        return _journey_url(order.person)

    return _form_page(
        request,
        form=forms.LicenceConditionForm(_posted(request), services=services),
        person=order.person,
        heading=f"Add a health condition to the {order.get_kind_display().lower()}",
        button="Add condition",
        save=save,
        back_url=_journey_url(order.person),
        explanation=listed,
        success="The condition has been added.",
    )


@require_GET
def register(request):
    area = request.GET.get("area", "").strip()
    provider = request.GET.get("provider", "").strip()
    status = request.GET.get("status", "").strip()
    page = selectors.register_for(
        request.user, area=area, provider=provider, status=status, page_number=request.GET.get("page", 1)
    )
    query = {
        key: value for key, value in (("area", area), ("provider", provider), ("status", status)) if value
    }
    return render(
        request,
        "continuity/register.html",
        {
            "page": page,
            "rows": page.object_list,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "query_string": urlencode(query),
            "area": area,
            "provider": provider,
            "status": status,
            "areas": list(Pdu.objects.order_by("name").values_list("code", "name")),
            "providers": selectors.register_providers(request.user),
            "statuses": RequirementStatus.choices,
        },
    )
