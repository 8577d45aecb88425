"""The public form that asks a service to get in touch, and the service's list of requests.

The form is the public's: no sign-in, nothing cached, nothing the person wrote is shown back after
it is sent (the confirmation names only the service). Each client address may send a few requests an
hour (SELF_REFERRAL_RATE_LIMIT); a hidden field robots fill in is answered as a success and dropped.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from throughcare.core.client_address import client_address
from throughcare.core.permissions import Permission, permission_required
from throughcare.core.rate_limits import Limit, hit
from throughcare.selfreferrals import selectors, services
from throughcare.selfreferrals.forms import AskForm, CloseForm


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def ask(request, service_id):
    service = selectors.accepting_service(service_id)
    if request.method == "GET":
        form = AskForm(initial={"request_key": secrets.token_urlsafe(24)})
        return render(request, "selfreferrals/ask.html", {"form": form, "service": service})
    wait = hit("self-referral", client_address(request), Limit.from_setting("SELF_REFERRAL_RATE_LIMIT"))
    if wait is not None:
        response = render(request, "selfreferrals/wait.html", {"minutes": max(wait // 60, 1)}, status=429)
        response["Retry-After"] = str(wait)
        return response
    form = AskForm(request.POST)
    if form.is_valid():
        if not form.cleaned_data["website"]:
            details = {
                k: form.cleaned_data[k]
                for k in ("name", "contact_by", "phone", "email", "help_with", "best_time")
            }
            services.self_referral_receive(
                service=service, details=details, request_key=form.cleaned_data["request_key"]
            )
        return redirect("selfreferrals:asked", service_id=service.pk)
    return render(request, "selfreferrals/ask.html", {"form": form, "service": service}, status=400)


@login_not_required
@require_GET
def asked(request, service_id):
    service = selectors.accepting_service(service_id)
    return render(request, "selfreferrals/asked.html", {"service": service})


@permission_required(Permission.RECEIVE_REFERRALS)
@require_GET
def request_list(request):
    return render(
        request, "selfreferrals/list.html", {"requests": selectors.self_referrals_for(request.user)}
    )


@permission_required(Permission.RECEIVE_REFERRALS)
@require_GET
def detail(request, self_referral_id):
    self_referral = selectors.self_referral_for(request.user, self_referral_id)
    return render(request, "selfreferrals/detail.html", {"request_": self_referral, "form": CloseForm()})


@permission_required(Permission.RECEIVE_REFERRALS)
@require_POST
def contacted(request, self_referral_id):
    self_referral = selectors.self_referral_for(request.user, self_referral_id)
    services.self_referral_contacted(actor=request.user, self_referral=self_referral)
    messages.success(request, f"You have recorded that you contacted {self_referral.name}")
    return redirect("selfreferrals:detail", self_referral_id=self_referral.pk)


@permission_required(Permission.RECEIVE_REFERRALS)
@require_POST
def close(request, self_referral_id):
    self_referral = selectors.self_referral_for(request.user, self_referral_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return render(
            request, "selfreferrals/detail.html", {"request_": self_referral, "form": form}, status=400
        )
    services.self_referral_close(
        actor=request.user, self_referral=self_referral, outcome=form.cleaned_data["outcome"]
    )
    messages.success(request, f"The request from {self_referral.name} is closed")
    return redirect("selfreferrals:list")
