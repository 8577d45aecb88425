"""Retention for the person's own door (ADR 32, 37): links to their plan, requests to be contacted,
and their own words about services. As for referrals, the personal text is emptied and the rows
stay, so counts (accesses given, requests received and how they ended, feedback answers) are kept.

- A plan link's email address and the emails sent through it: RETENTION_PLAN_ACCESS_DAYS after the
  access ended or ran out. Its sign-in codes and sessions hold only digests and times.
- A request to be contacted (name, phone, email, what they asked for): RETENTION_SELF_REFERRAL_DAYS
  after it was closed; one taken on as a referral also goes when its referral's text does.
- Words about a service: RETENTION_REJECTED_WORDS_DAYS after they were rejected (nobody will read
  them), and any words when their referral's text goes. The three answers are never emptied.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from throughcare.feedback.models import Feedback, WordsStatus
from throughcare.myplan.models import PersonMessage, PlanAccess
from throughcare.selfreferrals.models import SelfReferral, Status

SELF_REFERRAL_TEXT = ("name", "phone", "email", "help_with", "best_time")


@dataclass(frozen=True)
class OwnDoorDue:
    plan_access_ids: list
    self_referral_ids: list
    feedback_ids: list


def due(now, referral_ids: list) -> OwnDoorDue:
    """What is past retention now, given the referrals whose text goes now too."""
    access_cutoff = now - timedelta(days=settings.RETENTION_PLAN_ACCESS_DAYS)
    accesses = PlanAccess.objects.filter(
        Q(ended_at__lt=access_cutoff) | Q(ended_at__isnull=True, expires_at__lt=access_cutoff)
    ).exclude(email="")
    request_cutoff = now - timedelta(days=settings.RETENTION_SELF_REFERRAL_DAYS)
    requests = SelfReferral.objects.filter(
        Q(status=Status.CLOSED, closed_at__lt=request_cutoff) | Q(referral__in=referral_ids)
    ).exclude(help_with="")
    words_cutoff = now - timedelta(days=settings.RETENTION_REJECTED_WORDS_DAYS)
    words = Feedback.objects.filter(
        Q(words_status=WordsStatus.REJECTED, moderated_at__lt=words_cutoff) | Q(referral__in=referral_ids)
    ).exclude(words="")
    return OwnDoorDue(
        plan_access_ids=list(accesses.values_list("pk", flat=True)),
        self_referral_ids=list(requests.values_list("pk", flat=True)),
        feedback_ids=list(words.values_list("pk", flat=True)),
    )


def empty(found: OwnDoorDue, *, apply: bool) -> dict[str, int]:
    """Empty (or, without `apply`, count) the personal text of what is due; {field: rows}."""
    work = [
        (PlanAccess.objects.filter(pk__in=found.plan_access_ids), {"email": ""}),
        (
            PersonMessage.objects.filter(access__in=found.plan_access_ids),
            dict.fromkeys(("address", "subject", "body"), ""),
        ),
        (SelfReferral.objects.filter(pk__in=found.self_referral_ids), dict.fromkeys(SELF_REFERRAL_TEXT, "")),
        (Feedback.objects.filter(pk__in=found.feedback_ids), {"words": "", "words_flags": []}),
    ]
    counts = {}
    for rows, blanks in work:
        label = rows.model._meta.label_lower
        for name, blank in blanks.items():
            holding = rows.exclude(**{name: blank})
            counts[f"{label}.{name}"] = holding.update(**{name: blank}) if apply else holding.count()
    return {key: value for key, value in counts.items() if value}
