"""Reads of the directory, limited to what the user may see or change."""

from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from throughcare.core.permissions import Permission, has_permission
from throughcare.directory.models import Location, Service


def stale_before():
    """Entries not confirmed since this date are shown as needing a check."""
    return timezone.localdate() - timedelta(days=settings.DIRECTORY_STALE_AFTER_DAYS)


def services_managed_by(user) -> QuerySet[Service]:
    """A provider manager's own organisation's services; nothing for anyone else."""
    if not has_permission(user, Permission.MANAGE_OWN_SERVICES):
        return Service.objects.none()
    return Service.objects.filter(organisation__owner_id=user.current_organisation_id)


def service_for_manager(user, service_id) -> Service:
    """One of the user's own services, or 404 (another organisation's service is not revealed)."""
    return get_object_or_404(services_managed_by(user).select_related("organisation"), id=service_id)


def locations_managed_by(user) -> QuerySet[Location]:
    if not has_permission(user, Permission.MANAGE_OWN_SERVICES):
        return Location.objects.none()
    return Location.objects.filter(organisation__owner_id=user.current_organisation_id)


def location_for_manager(user, location_id) -> Location:
    return get_object_or_404(locations_managed_by(user), id=location_id)


def service_for_viewing(user, service_id) -> Service:
    """Any directory entry, for roles that may view the directory. The directory holds no personal data."""
    if not has_permission(user, Permission.VIEW_DIRECTORY):
        return get_object_or_404(Service.objects.none(), id=service_id)
    return get_object_or_404(Service.objects.select_related("organisation"), id=service_id)
