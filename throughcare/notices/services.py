"""Raising and clearing notices, and emailing the people who work the referral.

Callers (referral moves, appointments, outcome measures, recall) say what happened and to which
side; this module decides who hears: the organisation on that side sees the notice in Throughcare,
and the people working the referral there get an email with only the kind of notice and a link.
Emails are not sent here: `notices.email.send_notice_emails` sends what committed notices are
waiting for, so a refused change never emails, and a slow or failing mail service never holds up
or undoes the change it is about.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from throughcare.accounts.models import Membership
from throughcare.core import audit
from throughcare.core.permissions import ROLE_PERMISSIONS, Permission
from throughcare.notices.models import Notice, NoticeKind
from throughcare.referrals.models import Referral, ReferralTransition
from throughcare.referrals.states import Side

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
    actor=None,
    dedupe_key: str = "",
) -> list[Notice]:
    """Tell each of `sides` about the referral. Call inside the change's own transaction.

    With a `dedupe_key`, a notice an organisation already has is not raised again (a job re-run).
    One audit event records every notice raised by the call.
    """
    if kind not in NoticeKind.values:
        raise ValueError(f"Unknown notice kind {kind!r}")
    raised = []
    for side in dict.fromkeys(sides):
        organisation_id = _organisation_of(referral, side)
        if organisation_id is None:
            continue
        if (
            dedupe_key
            and Notice.objects.filter(
                organisation_id=organisation_id, referral=referral, dedupe_key=dedupe_key
            ).exists()
        ):
            continue
        notice = Notice(
            organisation_id=organisation_id,
            referral=referral,
            kind=kind,
            summary=summary[:300],
            raised_by=actor,
            dedupe_key=dedupe_key,
        )
        if dedupe_key and not _saved_once(notice):
            continue  # raised by a concurrent run of the same job
        raised.append(notice)
    if not dedupe_key:
        # Nothing can clash without a key: every side's notice goes in with one insert.
        Notice.objects.bulk_create(raised)
    if raised:
        audit.record(
            actor=actor,
            verb="notice.raised",
            target=referral,
            payload={
                "kind": kind,
                "notices": [str(notice.pk) for notice in raised],
                "organisations": [str(notice.organisation_id) for notice in raised],
            },
        )
    return raised


def notice_clear(*, actor, notice_id) -> Notice:
    """Mark a notice dealt with, for the whole organisation it was for."""
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update()
            .filter(pk=notice_id, organisation_id=getattr(actor, "current_organisation_id", None))
            .first()
        )
        if notice is None:
            raise Http404("No such notice.")
        if notice.cleared_at is not None:
            raise ValidationError({"notice": "This notice has already been marked as dealt with"})
        notice.cleared_at = timezone.now()
        notice.cleared_by = actor
        notice.save(update_fields=["cleared_at", "cleared_by", "updated_at"])
        audit.record(actor=actor, verb="notice.cleared", target=notice, payload={"kind": notice.kind})
    return notice
