"""Reads for self-referrals: which public services take them, and a service's own requests (its
organisation's only; anything else answers 404). Reading a request is audited."""

from django.http import Http404
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, has_permission, require_permission
from throughcare.directory.models import Service
from throughcare.directory.models.service import ServiceStatus
from throughcare.directory.vocabularies import REFERRAL_ROUTES
from throughcare.selfreferrals.models import SelfReferral, Status

LIST_LIMIT = 200


def takes_self_referrals(service) -> bool:
    """A service people may ask through Throughcare: it takes self-referrals and a Throughcare
    organisation runs it (someone is there to see the request). Its terms should be prefetched."""
    routes = {term.code for term in service.terms.all() if term.taxonomy_id == REFERRAL_ROUTES.id}
    return "self" in routes and service.organisation.owner_id is not None


def accepting_service(service_id) -> Service:
    service = (
        Service.objects.select_related("organisation")
        .prefetch_related("terms")
        .filter(pk=service_id, is_public=True, status=ServiceStatus.ACTIVE)
        .first()
    )
    if service is None or not takes_self_referrals(service):
        raise Http404("No such service.")
    return service


def waiting_count(user) -> int:
    """How many requests to the user's organisation are still waiting for contact (a count, no one's
    details, so not audited); 0 for roles that do not receive referrals."""
    if not has_permission(user, Permission.RECEIVE_REFERRALS):
        return 0
    return SelfReferral.objects.filter(
        receiving_organisation_id=user.current_organisation_id, status=Status.NEW
    ).count()


def self_referrals_for(user) -> list[SelfReferral]:
    """The open requests to the user's organisation's services, soonest deadline first; audited."""
    require_permission(user, Permission.RECEIVE_REFERRALS)
    requests = list(
        SelfReferral.objects.filter(receiving_organisation_id=user.current_organisation_id)
        .exclude(status=Status.CLOSED)
        .select_related("service")
        .order_by("contact_by_deadline")[:LIST_LIMIT]
    )
    now = timezone.now()
    for request in requests:
        request.is_overdue = request.status == Status.NEW and request.contact_by_deadline < now
    audit.record(
        actor=user,
        verb=AuditVerb.SELF_REFERRAL_LIST_VIEWED,
        target_type="selfreferrals.selfreferral",
        payload={"ids": [str(request.pk) for request in requests]},
    )
    return requests


def self_referral_for(user, self_referral_id) -> SelfReferral:
    require_permission(user, Permission.RECEIVE_REFERRALS)
    request = (
        SelfReferral.objects.select_related("service")
        .filter(pk=self_referral_id, receiving_organisation_id=user.current_organisation_id)
        .first()
    )
    if request is None:
        raise Http404("No such request.")
    audit.record(actor=user, verb=AuditVerb.SELF_REFERRAL_VIEWED, target=request)
    return request
