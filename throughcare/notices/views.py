from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from throughcare.core.inputs import safe_next_url
from throughcare.notices.selectors import LIST_LIMIT, notices_for
from throughcare.notices.services import notice_clear
from throughcare.referrals.selectors import require_referral_role


@require_GET
def notice_list(request):
    """Every notice the organisation has not dealt with yet, urgent ones apart and first."""
    require_referral_role(request.user)
    notices = notices_for(request.user, limit=LIST_LIMIT)
    context = {
        "urgent_notices": [notice for notice in notices if notice.is_urgent],
        "routine_notices": [notice for notice in notices if not notice.is_urgent],
        "limit": LIST_LIMIT,
        "at_limit": len(notices) == LIST_LIMIT,
    }
    return render(request, "notices/list.html", context)


@require_POST
def clear(request, notice_id: UUID):
    try:
        notice_clear(actor=request.user, notice_id=notice_id)
        messages.success(request, "Notice marked as dealt with")
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    return redirect(safe_next_url(request, reverse("referrals:worklist")))
