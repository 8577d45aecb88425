"""A provider manager's locations, and which of them each of their services is delivered at."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from throughcare.core.permissions import Permission, permission_required
from throughcare.directory import selectors, services
from throughcare.directory.forms import LinkLocationForm, LocationForm
from throughcare.directory.models import ServiceAtLocation


@permission_required(Permission.MANAGE_OWN_SERVICES)
@require_http_methods(["GET", "POST"])
def service_locations(request, service_id):
    service = selectors.service_for_manager(request.user, service_id)
    links = list(
        ServiceAtLocation.objects.filter(service=service)
        .select_related("location")
        .order_by("location__name")
    )
    linked = {link.location_id for link in links}
    others = [
        location
        for location in selectors.locations_managed_by(request.user).order_by("name")
        if location.id not in linked
    ]
    form = LinkLocationForm(request.POST if request.method == "POST" else None, locations=others)
    if form.is_valid():
        location = selectors.location_for_manager(request.user, form.cleaned_data["location"])
        try:
            services.service_location_link(actor=request.user, service=service, location=location)
        except ValidationError as exc:
            form.add_error("location", " ".join(exc.messages))
        else:
            messages.success(request, f"{service.name} is now listed at {location.name}.")
            return redirect("directory:service-locations", service_id=service.id)
    return render(
        request,
        "directory/manage/service_locations.html",
        {"service": service, "links": links, "form": form, "others": others},
        status=422 if form.errors else 200,
    )


@permission_required(Permission.MANAGE_OWN_SERVICES)
@require_POST
def service_location_unlink(request, service_id, location_id):
    service = selectors.service_for_manager(request.user, service_id)
    link = get_object_or_404(
        ServiceAtLocation.objects.select_related("location"), service=service, location_id=location_id
    )
    services.service_location_unlink(actor=request.user, link=link)
    messages.success(request, f"{service.name} is no longer listed at {link.location.name}.")
    return redirect("directory:service-locations", service_id=service.id)


def _service_to_link(request):
    """The service a new location is for, when the manager came from that service's page."""
    raw = request.POST.get("service") or request.GET.get("service")
    if not raw:
        return None
    try:
        service_id = uuid.UUID(raw)
    except ValueError:
        raise Http404("No such service.") from None
    return selectors.service_for_manager(request.user, service_id)


@permission_required(Permission.MANAGE_OWN_SERVICES)
@require_http_methods(["GET", "POST"])
def location_create(request):
    service = _service_to_link(request)
    form = LocationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            # One transaction: a location that cannot be placed leaves nothing behind, organisation included.
            with transaction.atomic():
                organisation = services.directory_organisation_for(
                    actor=request.user, owner=request.user.current_organisation
                )
                location = services.location_create(
                    actor=request.user, organisation=organisation, details=form.details()
                )
                if service is not None:
                    services.service_location_link(actor=request.user, service=service, location=location)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"{location.name} has been added.")
            if service is not None:
                return redirect("directory:service-locations", service_id=service.id)
            return redirect("directory:your-services")
    return render(
        request,
        "directory/manage/location_form.html",
        {"form": form, "service": service, "location": None},
        status=422 if form.errors else 200,
    )


@permission_required(Permission.MANAGE_OWN_SERVICES)
@require_http_methods(["GET", "POST"])
def location_edit(request, location_id):
    location = selectors.location_for_manager(request.user, location_id)
    if request.method == "POST":
        form = LocationForm(request.POST)
        if form.is_valid():
            try:
                services.location_update(actor=request.user, location=location, details=form.details())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"{location.name} has been updated.")
                return redirect("directory:your-services")
    else:
        form = LocationForm(initial=LocationForm.initial_from(location))
    return render(
        request,
        "directory/manage/location_form.html",
        {"form": form, "service": None, "location": location},
        status=422 if form.errors else 200,
    )
