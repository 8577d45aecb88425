"""The order pages: add an order, its requirements and licence conditions, change a requirement's
status, and the MHTR register. Thin views over the order selectors (scoped, audited reads) and services.
"""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from throughcare.continuity.choices import RequirementStatus
from throughcare.continuity.court import selectors as court_selectors
from throughcare.continuity.orders import forms, selectors
from throughcare.continuity.orders import services as order_services
from throughcare.continuity.pages import form_page, journey_url, posted
from throughcare.continuity.scope import writable_person
from throughcare.core.once import one_submission
from throughcare.core.permissions import Permission, require_permission
from throughcare.geography.models import Pdu


@require_http_methods(["GET", "POST"])
@one_submission
def order_create(request, person_id):
    person = writable_person(request.user, person_id)

    def save(form):
        order = order_services.order_create(actor=request.user, person=person, **form.cleaned_data)
        return reverse("continuity:requirement-add", kwargs={"order_id": order.pk})

    return form_page(
        request,
        form=forms.OrderForm(posted(request)),
        person=person,
        heading="Add an order or licence",
        button="Add order",
        save=save,
        back_url=journey_url(person),
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
        return journey_url(order.person)

    return form_page(
        request,
        form=forms.RequirementForm(posted(request), services=services),
        person=order.person,
        heading=f"Add a requirement to the {order.get_kind_display().lower()}",
        button="Add requirement",
        save=save,
        back_url=journey_url(order.person),
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
        return reverse("continuity:register") if back else journey_url(person)

    form = forms.StatusForm(posted(request), initial={"status": requirement.status})
    return form_page(
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
def licence_condition_add(request, order_id):
    require_permission(request.user, Permission.PLAN_RELEASES)
    order = selectors.order_for(request.user, order_id)
    services, listed = _treating_services(order, any_service_locally=True)

    def save(form):
        order_services.licence_condition_add(actor=request.user, order=order, **form.cleaned_data)
        return journey_url(order.person)

    return form_page(
        request,
        form=forms.LicenceConditionForm(posted(request), services=services),
        person=order.person,
        heading=f"Add a health condition to the {order.get_kind_display().lower()}",
        button="Add condition",
        save=save,
        back_url=journey_url(order.person),
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
