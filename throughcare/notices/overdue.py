"""The overdue check: referrals past the receiving service's deadline are flagged to both sides.

Run it as often as you like (`manage.py send_overdue_notices`, e.g. hourly from cron): each missed
deadline is flagged once per organisation, keyed by the deadline itself, so a new deadline after
acknowledgement is flagged afresh when it too is missed.
"""

from django.db import transaction
from django.utils import timezone

from throughcare.core.templatetags.govuk_dates import govuk_datetime_text
from throughcare.notices.models import NoticeKind
from throughcare.notices.services import notice_raise
from throughcare.referrals.models import Referral
from throughcare.referrals.states import OPEN_STATES, ReferralState, Side

BATCH = 500


def raise_overdue_notices(now=None) -> int:
    """Flag every open referral whose deadline has passed; returns how many notices were raised."""
    now = now or timezone.now()
    overdue = (
        Referral.objects.filter(due_by__lt=now, state__in=OPEN_STATES)
        .select_related("service")
        .order_by("due_by", "pk")
    )
    raised = 0
    for referral in overdue.iterator(chunk_size=BATCH):
        task = "acknowledge" if referral.state == ReferralState.SUBMITTED else "decide on"
        with transaction.atomic():
            raised += len(
                notice_raise(
                    referral=referral,
                    kind=NoticeKind.OVERDUE,
                    sides=(Side.REFERRER, Side.RECEIVER),
                    summary=f"{referral.service.name} was due to {task} this referral by "
                    f"{govuk_datetime_text(referral.due_by)}",
                    dedupe_key=f"overdue:{referral.due_by.isoformat()}",
                )
            )
    return raised
