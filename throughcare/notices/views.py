from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from throughcare.notices.services import notice_clear


@require_POST
def clear(request, notice_id: UUID):
    try:
        notice_clear(actor=request.user, notice_id=notice_id)
        messages.success(request, "Notice marked as dealt with")
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("referrals:worklist")
    return redirect(back)
