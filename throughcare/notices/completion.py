"""Notices that clear themselves: each kind of notice asks for something, and clears once it is done.

| kind                | what it asks for                  | cleared when                                   |
|---------------------|-----------------------------------|------------------------------------------------|
| new_referral        | acknowledge or decide             | the referral leaves "submitted"                |
| overdue             | meet the deadline it names        | that deadline is no longer the referral's own  |
|                     |                                   | (acknowledged, decided, or the referral closed) |
| did_not_attend      | follow up the missed appointment  | a later appointment is attended, or it closes  |
| status_changed,     | know the latest news              | newer news of the same kind arrives            |
| appointment_changed |                                   |                                                |
| returned_to_custody | know the person was recalled      | only by a person (it changes the plan)         |
| concern,            | act on a risk                     | only by a person: nobody's risk is cleared by  |
| risk_to_self        |                                   | a change of state                              |

`ANSWERED_BY` below is that table as data; a test fails if a kind is missing from it.
"""

from collections.abc import Callable, Iterable

from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.notices.models import Notice, NoticeKind
from throughcare.referrals.states import TERMINAL_STATES, ReferralState

# News a newer notice of the same kind makes stale, for the same organisation and referral.
SUPERSEDED_KINDS = frozenset({NoticeKind.STATUS_CHANGED, NoticeKind.APPOINTMENT_CHANGED})
# Cleared only by a person marking them dealt with.
CLEARED_BY_PEOPLE = frozenset({NoticeKind.RETURNED_TO_CUSTODY, NoticeKind.CONCERN, NoticeKind.RISK_TO_SELF})


def _overdue_deadline_met(notice: Notice, referral) -> bool:
    current = f"overdue:{referral.due_by.isoformat()}" if referral.due_by else ""
    return referral.state in TERMINAL_STATES or notice.dedupe_key != current


# For kinds a referral's move can answer: does the referral, as it now stands, answer the notice?
ANSWERED_BY_MOVE: dict[str, Callable[[Notice, object], bool]] = {
    NoticeKind.NEW_REFERRAL: lambda notice, referral: referral.state != ReferralState.SUBMITTED,
    NoticeKind.OVERDUE: _overdue_deadline_met,
    NoticeKind.DID_NOT_ATTEND: lambda notice, referral: referral.state in TERMINAL_STATES,
}
ANSWERED_BY = {
    **dict.fromkeys(ANSWERED_BY_MOVE, "a move of the referral"),
    **dict.fromkeys(SUPERSEDED_KINDS, "newer news of the same kind"),
    **dict.fromkeys(CLEARED_BY_PEOPLE, "a person"),
}


def _clear(notices: list[Notice], *, actor, answered_by: str, audit_entries: list[audit.Entry] | None):
    """Mark the notices cleared in one UPDATE, with one audit event for each."""
    if not notices:
        return
    now = timezone.now()
    Notice.objects.filter(pk__in=[notice.pk for notice in notices]).update(
        cleared_at=now,
        cleared_by=actor if getattr(actor, "is_authenticated", False) else None,
        updated_at=now,
    )
    # One event per notice, as a person clearing one records: the notice is the target.
    entries = [
        audit.Entry(
            verb=AuditVerb.NOTICE_CLEARED,
            target=notice,
            payload={"kind": notice.kind, "referral": str(notice.referral_id), "answered_by": answered_by},
        )
        for notice in notices
    ]
    if audit_entries is None:
        audit.record_many(actor=actor, entries=entries)
    else:
        audit_entries.extend(entries)


def notices_settle_moves(
    referrals: Iterable, *, actor, audit_entries: list[audit.Entry] | None = None
) -> int:
    """Clear the notices the referrals' moves have answered (one query to find them, one to clear).

    Call in the moves' transaction, with the referrals as they now stand."""
    by_id = {referral.pk: referral for referral in referrals}
    if not by_id:
        return 0
    open_notices = Notice.objects.filter(
        referral_id__in=list(by_id), kind__in=list(ANSWERED_BY_MOVE), cleared_at__isnull=True
    ).only("pk", "referral_id", "kind", "dedupe_key")
    answered = [n for n in open_notices if ANSWERED_BY_MOVE[n.kind](n, by_id[n.referral_id])]
    _clear(answered, actor=actor, answered_by="referral.transitioned", audit_entries=audit_entries)
    return len(answered)


def notices_settle_superseded(fresh: list[Notice], *, actor, audit_entries=None) -> int:
    """Clear older news of the kinds in SUPERSEDED_KINDS that `fresh` notices replace."""
    keys = {(n.organisation_id, n.referral_id, n.kind) for n in fresh if n.kind in SUPERSEDED_KINDS}
    if not keys:
        return 0
    candidates = Notice.objects.filter(
        referral_id__in={referral for _, referral, _ in keys},
        kind__in=list(SUPERSEDED_KINDS),
        cleared_at__isnull=True,
    ).exclude(pk__in=[n.pk for n in fresh])
    stale = [
        n
        for n in candidates.only("pk", "organisation_id", "referral_id", "kind")
        if (n.organisation_id, n.referral_id, n.kind) in keys
    ]
    _clear(stale, actor=actor, answered_by="newer news", audit_entries=audit_entries)
    return len(stale)


def notices_settle_attended(referral, *, actor) -> int:
    """A later appointment was attended: the missed one has been followed up."""
    missed = list(
        Notice.objects.filter(
            referral=referral, kind=NoticeKind.DID_NOT_ATTEND, cleared_at__isnull=True
        ).only("pk", "referral_id", "kind")
    )
    _clear(missed, actor=actor, answered_by="appointment.attendance_recorded", audit_entries=None)
    return len(missed)
