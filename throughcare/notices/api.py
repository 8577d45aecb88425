"""Notices under /api/v1/: what a provider's or referrer's own system should pick up and act on."""

from datetime import datetime
from uuid import UUID

from ninja import Field, Router, Schema

from throughcare.notices.selectors import notices_for
from throughcare.notices.services import notice_clear
from throughcare.referrals.selectors import require_referral_role

router = Router(tags=["notices"])


class NoticeOut(Schema):
    id: UUID
    referral_id: UUID
    kind: str = Field(..., description="new_referral, status_changed, overdue, did_not_attend, ...")
    summary: str
    urgent: bool
    created_at: datetime
    cleared_at: datetime | None = None


def _out(notice) -> dict:
    return {
        "id": notice.id,
        "referral_id": notice.referral_id,
        "kind": notice.kind,
        "summary": notice.summary,
        "urgent": notice.is_urgent,
        "created_at": notice.created_at,
        "cleared_at": notice.cleared_at,
    }


@router.get("/notices", response=list[NoticeOut], summary="Your organisation's notices not yet dealt with")
def list_notices(request):
    require_referral_role(request.auth)
    return [_out(notice) for notice in notices_for(request.auth)]


@router.post("/notices/{notice_id}/clear", response=NoticeOut, summary="Mark a notice as dealt with")
def clear_notice(request, notice_id: UUID):
    require_referral_role(request.auth)
    return _out(notice_clear(actor=request.auth, notice_id=notice_id))
