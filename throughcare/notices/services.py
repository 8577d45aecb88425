"""Raising and clearing notices, and emailing the people who work the referral.

Callers (referral moves, appointments, outcome measures, recall) say what happened and to which
side; this module decides who hears: the organisation on that side sees the notice in Throughcare,
and the people working the referral there get an email with only the kind of notice and a link.
Emails are not sent here: `notices.email.send_notice_emails` sends what committed notices are
waiting for, so a refused change never emails, and a slow or failing mail service never holds up
or undoes the change it is about.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from throughcare.accounts.models import Membership
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import ROLE_PERMISSIONS, Permission
from throughcare.notices.completion import notices_settle_superseded
from throughcare.notices.models import Notice, NoticeKind
from throughcare.notices.selectors import notices_visible_to
from throughcare.referrals.models import Referral, ReferralTransition
from throughcare.referrals.states import Side

if TYPE_CHECKING:
    from throughcare.accounts.models import User

RECEIVING_ROLES = [
    role for role, granted in ROLE_PERMISSIONS.items() if Permission.RECEIVE_REFERRALS in granted
]


def _organisation_of(referral: Referral, side: str):
    return referral.referring_organisation_id if side == Side.REFERRER else referral.receiving_organisation_id


def recipients(referral: Referral, side: str) -> list[str]:
    """Email addresses of the people working the referral on `side`, still members there.

    The referrer who made it hears for the referring side. On the receiving side, whoever has acted
    on it; before anyone has, every caseworker and manager there, since someone must pick it up.
    """
    organisation_id = _organisation_of(referral, side)
    members = Membership.objects.filter(organisation_id=organisation_id, is_active=True, user__is_active=True)
    if side == Side.REFERRER:
        members = members.filter(user_id=referral.created_by_id)
    else:
        actors = set(
            ReferralTransition.objects.filter(
                referral=referral, side=Side.RECEIVER, actor__isnull=False
            ).values_list("actor_id", flat=True)
        )
        members = members.filter(user_id__in=actors) if actors else members.filter(role__in=RECEIVING_ROLES)
    return sorted(set(members.values_list("user__email", flat=True)))


def _saved_once(notice: Notice) -> bool:
    """Save a keyed notice unless the same key is already there; False when it was."""
    try:
        with transaction.atomic():
            notice.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def notice_raise(
    *,
    referral: Referral,
    kind: str,
    sides: Iterable[str],
    summary: str,
    actor: "User | None" = None,
    dedupe_key: str = "",
) -> list[Notice]:
    """Tell each of `sides` about the referral. Call inside the change's own transaction.

    With a `dedupe_key`, a notice an organisation already has is not raised again (a job re-run).
    One audit event records every notice raised by the call.
    """
    if not dedupe_key:
        return notices_raise_each(
            [NoticeRaise(referral=referral, kind=kind, sides=tuple(sides), summary=summary)], actor=actor
        )
    _check_kind(kind)
    raised = []
    for notice in _notices_for(NoticeRaise(referral, kind, tuple(sides), summary), actor, dedupe_key):
        if Notice.objects.filter(
            organisation_id=notice.organisation_id, referral=referral, dedupe_key=dedupe_key
        ).exists():
            continue
        if not _saved_once(notice):
            continue  # raised by a concurrent run of the same job
        raised.append(notice)
    if raised:
        audit.record(
            actor=actor, verb=AuditVerb.NOTICE_RAISED, target=referral, payload=_audit_payload(kind, raised)
        )
    return raised


@dataclass(frozen=True)
class NoticeRaise:
    """One referral's news for `notices_raise_each`: what kind, to which sides, in a line."""

    referral: Referral
    kind: str
    sides: tuple[str, ...]
    summary: str


def notices_raise_each(
    raises: list[NoticeRaise], *, actor: "User | None" = None, audit_entries: list[audit.Entry] | None = None
) -> list[Notice]:
    """Raise several referrals' notices together: one insert, and one audit event per referral.

    For changes that move many referrals at once (a recall). Nothing is keyed, so nothing can clash.
    The audit events are recorded here, or added to `audit_entries` when the caller records them
    with the rest of its change.
    """
    by_referral = []
    for each in raises:
        _check_kind(each.kind)
        by_referral.append((each, _notices_for(each, actor, "")))
    raised = [notice for _, notices in by_referral for notice in notices]
    Notice.objects.bulk_create(raised)
    entries = [
        audit.Entry(
            verb=AuditVerb.NOTICE_RAISED, target=each.referral, payload=_audit_payload(each.kind, notices)
        )
        for each, notices in by_referral
        if notices
    ]
    # Newer news makes older news of the same kind stale: it clears itself.
    notices_settle_superseded(raised, actor=actor, audit_entries=entries)
    if audit_entries is None:
        audit.record_many(actor=actor, entries=entries)
    else:
        audit_entries.extend(entries)
    return raised


def _check_kind(kind: str) -> None:
    if kind not in NoticeKind.values:
        raise ValueError(f"Unknown notice kind {kind!r}")


def _notices_for(each: NoticeRaise, actor: "User | None", dedupe_key: str) -> list[Notice]:
    """Unsaved notices, one for each side's organisation (a side with none hears nothing)."""
    notices = []
    for side in dict.fromkeys(each.sides):
        organisation_id = _organisation_of(each.referral, side)
        if organisation_id is not None:
            notices.append(
                Notice(
                    organisation_id=organisation_id,
                    referral=each.referral,
                    kind=each.kind,
                    summary=each.summary[:300],
                    raised_by=actor,
                    dedupe_key=dedupe_key,
                )
            )
    return notices


def _audit_payload(kind: str, raised: list[Notice]) -> dict:
    return {
        "kind": kind,
        "notices": [str(notice.pk) for notice in raised],
        "organisations": [str(notice.organisation_id) for notice in raised],
    }


def notice_clear(*, actor: "User | None", notice_id) -> Notice:
    """Mark a notice dealt with, for the whole organisation it was for; only someone who may see it
    (notices_visible_to) may, and anyone else is told it is not there."""

    with transaction.atomic():
        notice = Notice.objects.select_for_update().filter(notices_visible_to(actor), pk=notice_id).first()
        if notice is None:
            raise Http404("No such notice.")
        if notice.cleared_at is not None:
            raise ValidationError({"notice": "This notice has already been marked as dealt with"})
        notice.cleared_at = timezone.now()
        notice.cleared_by = actor
        notice.save(update_fields=["cleared_at", "cleared_by", "updated_at"])
        audit.record(actor=actor, verb=AuditVerb.NOTICE_CLEARED, target=notice, payload={"kind": notice.kind})
    return notice
