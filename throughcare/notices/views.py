from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from throughcare.core.inputs import safe_next_url
from throughcare.notices.services import notice_clear


@require_POST
def clear(request, notice_id: UUID):
    try:
        notice_clear(actor=request.user, notice_id=notice_id)
        messages.success(request, "Notice marked as dealt with")
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    return redirect(safe_next_url(request, reverse("referrals:worklist")))
