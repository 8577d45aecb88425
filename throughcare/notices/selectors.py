"""Notices for the signed-in user's organisation: what has happened that someone there should see."""

from django.db.models import Case, IntegerField, Value, When

from throughcare.core import audit
from throughcare.notices.models import URGENT_KINDS, Notice

INBOX_LIMIT = 50
# The notices page shows this many, urgent first; past it, the oldest routine ones wait their turn.
LIST_LIMIT = 500


def notices_for(user, *, referral_id=None, limit: int = INBOX_LIMIT, exclude_kinds=()) -> list[Notice]:
    """Uncleared notices for the user's organisation, urgent first, then newest, in one query.

    A notice belongs to the organisation it was raised for, which is on one side of the referral, so
    listing them reveals nothing beyond what that organisation may already see. Notices name the
    person, so a list that shows any is a read of personal data and is audited.
    """
    organisation_id = getattr(user, "current_organisation_id", None)
    if organisation_id is None:
        return []
    notices = Notice.objects.filter(organisation_id=organisation_id, cleared_at__isnull=True)
    if referral_id is not None:
        notices = notices.filter(referral_id=referral_id)
    if exclude_kinds:
        notices = notices.exclude(kind__in=list(exclude_kinds))
    urgency = Case(When(kind__in=URGENT_KINDS, then=Value(0)), default=Value(1), output_field=IntegerField())
    listed = list(
        notices.select_related("referral__person")
        .annotate(urgency=urgency)
        .order_by("urgency", "-created_at")[:limit]
    )
    if listed:
        audit.record(
            actor=user,
            verb="notices.viewed",
            payload={"notices": [str(notice.pk) for notice in listed]},
        )
    return listed
