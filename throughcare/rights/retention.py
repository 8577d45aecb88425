"""The retention schedule: free text about a person is removed from old referrals; the rows stay.

Drafts never sent are cleared RETENTION_DRAFT_REFERRAL_DAYS after they were started; ended referrals
RETENTION_CLOSED_REFERRAL_YEARS after their last move. Only the free text that can say who someone is
or what happened to them is emptied: states, dates, services, organisations, need codes and scores
stay, so every aggregate figure (referrals, waits, declines, outcomes) is the same before and after.
Rows are emptied with `update()`, which leaves `updated_at` alone, so figures by date are unchanged too.
The audit event names referrals by id and counts fields: no personal data enters the trail.
Not yet emptied: notes on a referral's moves (ReferralTransition), which refuses changes by design.

Mobile numbers given for reminders by text are held only while the person's access to their plan
is live: ending it, or stopping texts, empties them at once (myplan), and this schedule empties any
left on an access that simply ran out, with the number on the texts sent to it.

The person's own door (plan links, requests to be contacted, their words) follows `retention_own_door`.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from throughcare.appointments.models import Appointment, Concern
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.myplan.models import PersonMessage, PlanAccess
from throughcare.notices.models import Channel, Delivery, Notice
from throughcare.outcomes.models import EndOfServiceSummary
from throughcare.referrals.models import Consent, Referral
from throughcare.referrals.states import TERMINAL_STATES, ReferralState
from throughcare.rights import retention_own_door

# Per model: how to reach it from a referral, and its free-text fields about the person.
PERSONAL_TEXT: list[tuple[type, str, tuple[str, ...]]] = [
    (
        Referral,
        "pk",
        (
            "reason_for_referral",
            "risk_summary",
            "risk_to_self",
            "current_substance_use",
            "gp_details",
            "medication",
            "contact_preferences",
            "release_date_unknown_reason",
        ),
    ),
    (Consent, "referral", ("shared_with", "purposes")),
    (Appointment, "referral", ("location", "outcome_note", "change_reason")),
    (Concern, "referral", ("note",)),
    (EndOfServiceSummary, "referral", ("offered", "recommendations", "next_steps")),
    (Notice, "referral", ("summary",)),
    (Delivery, "notice__referral", ("address", "subject", "body")),
]


@dataclass(frozen=True)
class RetentionReport:
    draft_referral_ids: list
    closed_referral_ids: list
    fields_emptied: dict[str, int]
    dry_run: bool
    own_door: retention_own_door.OwnDoorDue

    @property
    def referral_count(self) -> int:
        return len(self.draft_referral_ids) + len(self.closed_referral_ids)


def due_drafts(now) -> QuerySet[Referral]:
    cutoff = now - timedelta(days=settings.RETENTION_DRAFT_REFERRAL_DAYS)
    return Referral.objects.filter(state=ReferralState.DRAFT, created_at__lt=cutoff)


def due_closed(now) -> QuerySet[Referral]:
    cutoff = now - timedelta(days=365 * settings.RETENTION_CLOSED_REFERRAL_YEARS)
    return (
        Referral.objects.filter(state__in=TERMINAL_STATES)
        .annotate(last_move=Max("transitions__at"))
        .filter(Q(last_move__lt=cutoff) | Q(last_move__isnull=True, updated_at__lt=cutoff))
    )


def _emptied_counts(referral_ids: list, *, apply: bool) -> dict[str, int]:
    counts = {}
    for model, path, fields in PERSONAL_TEXT:
        rows = model._default_manager.filter(**{f"{path}__in": referral_ids})
        for name in fields:
            holding = rows.exclude(**{name: ""})
            counts[f"{model._meta.label_lower}.{name}"] = (
                holding.update(**{name: ""}) if apply else holding.count()
            )
    return {key: value for key, value in counts.items() if value}


def _numbers_of_ended_accesses(now, *, apply: bool) -> dict[str, int]:
    """Mobile numbers left on accesses that ended or ran out, and on the texts sent to them."""
    over = PlanAccess.objects.filter(Q(ended_at__isnull=False) | Q(expires_at__lte=now))
    numbers = over.exclude(mobile_number="")
    texts = PersonMessage.objects.filter(access__in=over, channel=Channel.TEXT).exclude(address="")
    counts = {
        "myplan.planaccess.mobile_number": (
            numbers.update(mobile_number="", reminders_by=Channel.EMAIL) if apply else numbers.count()
        ),
        "myplan.personmessage.address": texts.update(address="") if apply else texts.count(),
    }
    return {key: value for key, value in counts.items() if value}


def apply_retention(*, actor=None, dry_run: bool = False, now=None) -> RetentionReport:
    """Empty the personal free text of referrals past their retention period; audited unless a dry run."""
    now = now or timezone.now()
    with transaction.atomic():
        drafts = list(due_drafts(now).values_list("pk", flat=True))
        closed = list(due_closed(now).values_list("pk", flat=True))
        own_door = retention_own_door.due(now, drafts + closed)
        counts = _emptied_counts(drafts + closed, apply=not dry_run)
        counts |= _numbers_of_ended_accesses(now, apply=not dry_run)
        counts |= retention_own_door.empty(own_door, apply=not dry_run)
        report = RetentionReport(
            draft_referral_ids=drafts,
            closed_referral_ids=closed,
            fields_emptied=counts,
            dry_run=dry_run,
            own_door=own_door,
        )
        if not dry_run and counts:
            audit.record(
                actor=actor,
                verb=AuditVerb.RETENTION_APPLIED,
                target_type="referrals.referral",
                payload={
                    "draft_referrals": [str(pk) for pk in drafts],
                    "closed_referrals": [str(pk) for pk in closed],
                    "plan_accesses": [str(pk) for pk in own_door.plan_access_ids],
                    "self_referrals": [str(pk) for pk in own_door.self_referral_ids],
                    "feedback": [str(pk) for pk in own_door.feedback_ids],
                    "fields_emptied": counts,
                },
            )
    return report
