"""Notices for the signed-in user's organisation: what has happened that someone there should see."""

from django.db.models import Case, IntegerField, Q, Value, When

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, has_permission
from throughcare.notices.models import URGENT_KINDS, Notice
from throughcare.referrals.states import ReferralState

INBOX_LIMIT = 50
# The notices page shows this many, urgent first; past it, the oldest routine ones wait their turn.
LIST_LIMIT = 500


def notices_visible_to(user) -> Q:
    """Notices about referrals the user may open, by the rule referrals' `side_of` applies: the
    receiving side needs RECEIVE_REFERRALS (and never sees a draft), the referring side
    MAKE_REFERRALS. A notice names its person, so anyone else in the organisation sees none."""
    organisation_id = getattr(user, "current_organisation_id", None)
    visible = Q(pk__in=[])
    if organisation_id is None:
        return visible
    if has_permission(user, Permission.RECEIVE_REFERRALS):
        visible |= Q(referral__receiving_organisation_id=organisation_id) & ~Q(
            referral__state=ReferralState.DRAFT
        )
    if has_permission(user, Permission.MAKE_REFERRALS):
        visible |= Q(referral__referring_organisation_id=organisation_id)
    return visible & Q(organisation_id=organisation_id)


def notices_for(user, *, referral_id=None, limit: int = INBOX_LIMIT, exclude_kinds=()) -> list[Notice]:
    """Uncleared notices for the user's organisation, urgent first, then newest, in one query.

    A notice belongs to the organisation it was raised for, which is on one side of the referral, so
    listing them reveals nothing beyond what that organisation may already see. Notices name the
    person, so a list that shows any is a read of personal data and is audited.
    """
    organisation_id = getattr(user, "current_organisation_id", None)
    if organisation_id is None:
        return []
    notices = Notice.objects.filter(notices_visible_to(user), cleared_at__isnull=True)
    if referral_id is not None:
        notices = notices.filter(referral_id=referral_id)
    if exclude_kinds:
        notices = notices.exclude(kind__in=list(exclude_kinds))
    urgency = Case(When(kind__in=URGENT_KINDS, then=Value(0)), default=Value(1), output_field=IntegerField())
    listed: list[Notice] = list(
        notices.select_related("referral__person")
        .annotate(urgency=urgency)
        .order_by("urgency", "-created_at")[:limit]
    )
    if listed:
        audit.record(
            actor=user,
            verb=AuditVerb.NOTICES_VIEWED,
            payload={"notices": [str(notice.pk) for notice in listed]},
        )
    return listed
