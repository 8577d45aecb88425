"""Feedback in aggregate only: per service, how many answered and the share who said yes to each
question, every figure through the disclosure rule. Providers see their own services; commissioners
see every service. No one's answers are shown one by one; people's own words only once a moderator
published them, and only for a service whose count of answers is itself published (not hidden as
small), so a few words cannot be tied to the one or two people who gave them."""

from dataclasses import dataclass

from django.db.models import Count, Q

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.disclosure import Disclosed, disclose_count, disclose_share
from throughcare.core.permissions import Permission, has_permission, require_permission
from throughcare.feedback.models import QUESTIONS, Answer, Feedback, WordsStatus
from throughcare.referrals.models import Referral

LEVEL = "service"
WORDS_PER_SERVICE = 3


@dataclass
class ServiceSummary:
    service: str
    answered: Disclosed
    shares: list[tuple[str, Disclosed]]
    words: list[str]


def answered_count(count: int) -> Disclosed:
    """How many answered about one service, published by the disclosure rule (1 to 7 hidden)."""
    return disclose_count(count, level=LEVEL)


def words_may_be_shown(answered: Disclosed) -> bool:
    """Published words appear only beside a published count, so a few cannot be tied to one person."""
    return not answered.is_suppressed


def own_referral_for_feedback(session, referral_id) -> Referral | None:
    """One of the signed-in person's own referrals that has reached the service; None otherwise."""
    return (
        Referral.objects.select_related("service")
        .filter(pk=referral_id, person=session.access.person)
        .exclude(state="draft")
        .first()
    )


def summaries_for(user) -> list[ServiceSummary]:
    if not (
        has_permission(user, Permission.VIEW_INSIGHT)
        or has_permission(user, Permission.VIEW_OWN_SERVICE_INSIGHT)
    ):
        require_permission(user, Permission.VIEW_INSIGHT)
    rows = Feedback.objects.all()
    if not has_permission(user, Permission.VIEW_INSIGHT):
        rows = rows.filter(service__organisation__owner_id=user.current_organisation_id)
    counts = {name: Count("id", filter=Q(**{name: Answer.YES})) for name, _q, _s in QUESTIONS}
    grouped = rows.values("service_id", "service__name").annotate(answered=Count("id"), **counts)
    summaries = []
    words = _published_words(rows)
    for row in grouped.order_by("service__name"):
        answered = answered_count(row["answered"])
        shares = [
            (summary, disclose_share(row[name], row["answered"], level=LEVEL, published_base=answered))
            for name, _question, summary in QUESTIONS
        ]
        said = words.get(row["service_id"], []) if words_may_be_shown(answered) else []
        summaries.append(
            ServiceSummary(service=row["service__name"], answered=answered, shares=shares, words=said)
        )
    audit.record(actor=user, verb=AuditVerb.FEEDBACK_SUMMARY_VIEWED, payload={"services": len(summaries)})
    return summaries


def _published_words(rows) -> dict:
    """The latest published words for each service, WORDS_PER_SERVICE at most, in one query."""
    published = rows.filter(words_status=WordsStatus.PUBLISHED).order_by("service_id", "-moderated_at")
    words: dict = {}
    for service_id, text in published.values_list("service_id", "words")[:500]:
        kept = words.setdefault(service_id, [])
        if len(kept) < WORDS_PER_SERVICE:
            kept.append(text)
    return words
