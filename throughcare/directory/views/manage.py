"""A provider manager's own services: the list, create, edit and confirm. Other organisations' answer 404."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from throughcare.core.inputs import safe_next_url
from throughcare.core.permissions import Permission, permission_required
from throughcare.core.versions import posted_version, version_of
from throughcare.directory import selectors, services
from throughcare.directory.details import ServiceDetails
from throughcare.directory.forms import ServiceAreasForm, ServiceForm
from throughcare.directory.forms.areas import CHOOSABLE_KINDS
from throughcare.directory.models import Service, ServiceStatus
from throughcare.directory.views import wording
from throughcare.geography.choosing import AreaOptions

FUNDING_WARNING_MONTHS = 3


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 May -> 31 August)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class ServiceRow:
    service: Service
    status: str
    tier: str
    capacity: str
    wait: str
    is_stale: bool
    funding_ends_soon: bool


@permission_required(Permission.MANAGE_OWN_SERVICES)
@require_GET
def your_services(request):
    stale_before = selectors.stale_before()
    funding_warning_date = months_after(timezone.localdate(), FUNDING_WARNING_MONTHS)
    rows = [
        ServiceRow(
            service=service,
            status=ServiceStatus(service.status).label
            if service.status in ServiceStatus.values
            else service.status,
            tier=wording.tier_name(service.tier) or "Not decided",
            capacity=wording.capacity_text(service),
            wait=wording.wait_text(service.typical_wait_days),
            is_stale=service.last_confirmed_on is None or service.last_confirmed_on < stale_before,
            funding_ends_soon=service.funding_ends_on is not None
            and service.funding_ends_on <= funding_warning_date,
        )
        for service in selectors.services_managed_by(request.user).order_by("name")
    ]
    locations = selectors.locations_managed_by(request.user).order_by("name", "postal_code")
    return render(
        request,
        "directory/manage/your_services.html",
        {
            "rows": rows,
            "stale": [row for row in rows if row.is_stale],
            "funding_ending": [row for row in rows if row.funding_ends_soon],
            "stale_after_days": (timezone.localdate() - stale_before).days,
            "funding_warning_months": FUNDING_WARNING_MONTHS,
            "locations": locations,
        },
    )


def _service_form_page(request, service: Service | None):
    areas = AreaOptions.load(CHOOSABLE_KINDS)
    if request.method == "POST":
        form = ServiceForm(request.POST, areas=areas)
        if form.is_valid():
            try:
                saved = _save(request, form.details(), service)
            except ValidationError as exc:
                form.add_service_errors(exc)
                if service is not None:  # the next save knows of any other change
                    service.refresh_from_db(fields=["updated_at"])
            else:
                if service is None:
                    messages.success(request, f"{saved.name} has been added. Now add where it is delivered.")
                    return redirect("directory:service-locations", service_id=saved.id)
                messages.success(request, f"{saved.name} has been updated.")
                return redirect("directory:your-services")
    else:
        details = services.details_of(service) if service else ServiceDetails(name="")
        form = ServiceForm(areas=areas, initial=ServiceForm.initial_from(details))
    return render(
        request,
        "directory/manage/service_form.html",
        {"form": form, "service": service, "version": version_of(service) if service else ""},
        status=422 if form.errors else 200,
    )


@permission_required(Permission.MANAGE_OWN_SERVICES)
@require_http_methods(["GET", "POST"])
def service_areas(request, service_id):
    """Where a service is available, on a page of its own: the quick way to change only that."""
    service = selectors.service_for_manager(request.user, service_id)
    areas = AreaOptions.load(CHOOSABLE_KINDS)
    if request.method == "POST":
        form = ServiceAreasForm(request.POST, areas=areas)
        if form.is_valid():
            try:
                services.service_update(
                    actor=request.user,
                    service=service,
                    details=form.applied_to(services.details_of(service)),
                    expected_version=posted_version(request),
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
                service.refresh_from_db(fields=["updated_at"])
            else:
                messages.success(request, f"Where {service.name} is available has been updated.")
                return redirect("directory:your-services")
    else:
        form = ServiceAreasForm(
            areas=areas, initial=ServiceAreasForm.initial_from(services.details_of(service))
        )
    return render(
        request,
        "directory/manage/service_areas.html",
        {"form": form, "service": service, "version": version_of(service)},
        status=422 if form.errors else 200,
    )


def _save(request, details: ServiceDetails, service: Service | None) -> Service:
    if service is not None:
        return services.service_update(
            actor=request.user, service=service, details=details, expected_version=posted_version(request)
        )
    # One transaction, so a refused service does not leave a new directory organisation behind.
    with transaction.atomic():
        organisation = services.directory_organisation_for(
            actor=request.user, owner=request.user.current_organisation
        )
        return services.service_create(actor=request.user, organisation=organisation, details=details)


@permission_required(Permission.MANAGE_OWN_SERVICES)
@require_http_methods(["GET", "POST"])
def service_create(request):
    return _service_form_page(request, None)


@permission_required(Permission.MANAGE_OWN_SERVICES)
@require_http_methods(["GET", "POST"])
def service_edit(request, service_id):
    return _service_form_page(request, selectors.service_for_manager(request.user, service_id))


@permission_required(Permission.MANAGE_OWN_SERVICES)
@require_POST
def service_confirm(request, service_id):
    service = selectors.service_for_manager(request.user, service_id)
    services.service_confirm(actor=request.user, service=service)
    messages.success(request, f"{service.name} is confirmed as still right.")
    return redirect(safe_next_url(request, reverse("directory:your-services")))
