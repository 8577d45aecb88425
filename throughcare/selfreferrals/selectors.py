"""Reads for self-referrals: which public services take them, and a service's own requests (its
organisation's only; anything else answers 404). Reading a request is audited."""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, has_permission, require_permission
from throughcare.directory.models import Service
from throughcare.directory.models.service import ServiceStatus
from throughcare.directory.vocabularies import REFERRAL_ROUTES
from throughcare.people.models import Person
from throughcare.people.selectors import people_visible_to
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
        SelfReferral.objects.select_related("service", "referral")
        .filter(pk=self_referral_id, receiving_organisation_id=user.current_organisation_id)
        .first()
    )
    if request is None:
        raise Http404("No such request.")
    audit.record(actor=user, verb=AuditVerb.SELF_REFERRAL_VIEWED, target=request)
    return request


MATCH_LIMIT = 10


def people_who_may_have_asked(user, self_referral: SelfReferral) -> list[Person]:
    """People the service already sees (`people_visible_to`, nobody else, so the answer reveals no
    other organisation's records) whose phone, email or a name matches the request; audited."""
    digits = "".join(ch for ch in self_referral.phone if ch.isdigit())
    matches = Q(pk__in=[])
    if digits:
        matches |= Q(phone=self_referral.phone) | Q(phone=digits)
    if self_referral.email:
        matches |= Q(email__iexact=self_referral.email)
    for word in self_referral.name.split():
        if len(word) >= 2:
            matches |= (
                Q(given_names__istartswith=word)
                | Q(family_name__iexact=word)
                | Q(preferred_name__iexact=word)
            )
    people = list(
        people_visible_to(user).filter(matches).order_by("family_name", "given_names")[:MATCH_LIMIT]
    )
    audit.record(
        actor=user,
        verb=AuditVerb.SELF_REFERRAL_MATCHES_VIEWED,
        target=self_referral,
        payload={"people": [str(person.pk) for person in people]},
    )
    return people
