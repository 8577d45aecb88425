"""Restricted records and break-glass access (issue 15): who may set them, open them and review them.

The lead organisation restricts a record to named users (the one restricting is always named, so it
cannot lock itself out). Anyone else in the team who must see it opens it with a reason, for
BREAK_GLASS_MINUTES; each opening waits on the data protection officers' list until one reviews it.
Reasons stay on the rows, never in the audit trail, which names only ids.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from throughcare.accounts.models import Membership
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import ROLE_PERMISSIONS, Permission
from throughcare.people.models import BreakGlassAccess, Person, Restriction
from throughcare.people.services import NOT_LEAD, steers_team

SEEING_ROLES = [role for role, granted in ROLE_PERMISSIONS.items() if Permission.VIEW_PEOPLE in granted]


def nameable_users(person: Person):
    """Active users who may be named: those in an organisation in the person's current team who see people."""
    organisations = person.care_team.filter(ended_on__isnull=True).values("organisation_id")
    memberships = Membership.objects.filter(
        organisation_id__in=organisations, is_active=True, user__is_active=True, role__in=SEEING_ROLES
    )
    return memberships.select_related("user", "organisation").order_by("organisation__name", "user__email")


def person_restrict(*, actor, person: Person, users: list) -> Restriction:
    """Restrict the record to `users` and the actor (or change who is named). Only the lead may."""
    if not steers_team(actor, person):
        raise ValidationError({"users": NOT_LEAD.replace("who leads it", "who may see this record")})
    allowed = {m.user_id for m in nameable_users(person)}
    strangers = [u for u in users if u.pk not in allowed]
    if strangers:
        raise ValidationError({"users": "Choose only people in organisations in this person's team"})
    named = {u.pk for u in users} | ({actor.pk} if getattr(actor, "pk", None) else set())
    with transaction.atomic():
        restriction, created = Restriction.objects.get_or_create(person=person, defaults={"set_by": actor})
        restriction.named_users.set(named)
        audit.record(
            actor=actor,
            verb=AuditVerb.PERSON_RESTRICTED if created else AuditVerb.PERSON_RESTRICTION_CHANGED,
            target=person,
            payload={"named_users": sorted(str(pk) for pk in named)},
        )
    return restriction


def person_unrestrict(*, actor, person: Person) -> None:
    if not steers_team(actor, person):
        raise ValidationError({"users": "Only the organisation that leads the team can lift a restriction"})
    with transaction.atomic():
        deleted, _ = Restriction.objects.filter(person=person).delete()
        if deleted:
            audit.record(actor=actor, verb=AuditVerb.PERSON_RESTRICTION_LIFTED, target=person)


def break_glass_open(*, actor, person: Person, reason: str) -> BreakGlassAccess:
    """Open a restricted record (found through selectors.break_glass_candidate) for a while, with a reason."""
    reason = " ".join(reason.split())
    if len(reason) < 10:
        raise ValidationError(
            {"reason": "Say why you need to see this record now, in at least 10 characters"}
        )
    if len(reason) > 1000:
        raise ValidationError({"reason": "The reason must be 1,000 characters or fewer"})
    expires_at = timezone.now() + timedelta(minutes=settings.BREAK_GLASS_MINUTES)
    with transaction.atomic():
        access = BreakGlassAccess.objects.create(
            person=person,
            user=actor,
            organisation_id=actor.current_organisation_id,
            reason=reason,
            expires_at=expires_at,
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.PERSON_BREAK_GLASS_OPENED,
            target=person,
            payload={"access": str(access.id), "expires_at": expires_at.isoformat()},
        )
    return access


def break_glass_review(*, actor, access: BreakGlassAccess) -> BreakGlassAccess:
    """The DPO has looked at why the record was opened (found through rights' break_glass_to_review)."""
    with transaction.atomic():
        access = BreakGlassAccess.objects.select_for_update().get(pk=access.pk)
        if access.reviewed_at is not None:
            raise ValidationError({"access": "This access has already been reviewed"})
        access.reviewed_at, access.reviewed_by = timezone.now(), actor
        access.save(update_fields=["reviewed_at", "reviewed_by", "updated_at"])
        audit.record(
            actor=actor,
            verb=AuditVerb.PERSON_BREAK_GLASS_REVIEWED,
            target=access.person,
            payload={"access": str(access.id), "user": str(access.user_id)},
        )
    return access
