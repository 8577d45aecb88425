"""The public form that asks a service to get in touch, and the service's list of requests.

The form is the public's: no sign-in, nothing cached, nothing the person wrote is shown back after
it is sent (the confirmation names only the service). Each client address may send a few requests an
hour (SELF_REFERRAL_RATE_LIMIT); a hidden field robots fill in is answered as a success and dropped.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from throughcare.core.client_address import client_address
from throughcare.core.permissions import Permission, permission_required
from throughcare.core.rate_limits import Limit, hit
from throughcare.people.details import PersonDetails
from throughcare.people.duplicate_checks import PossibleDuplicate
from throughcare.selfreferrals import selectors, services
from throughcare.selfreferrals.forms import AskForm, CloseForm, TakeOnForm


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
    messages.success(request, f"You have recorded that you are not taking on {self_referral.name}")
    return redirect("selfreferrals:list")


def _take_on_page(request, self_referral, form, people, status=200):
    context = {"request_": self_referral, "form": form, "people": people}
    return render(request, "selfreferrals/take_on.html", context, status=status)


@permission_required(Permission.RECEIVE_REFERRALS)
@require_http_methods(["GET", "POST"])
def take_on(request, self_referral_id):
    """Take the person who asked on: choose them from the people the service already works with, or
    add them, and their referral opens, submitted, for the service to decide on as any other."""
    self_referral = selectors.self_referral_for(request.user, self_referral_id)
    if self_referral.referral_id is not None:
        return redirect("referrals:detail", referral_id=self_referral.referral_id)
    people = selectors.people_who_may_have_asked(request.user, self_referral)
    if request.method == "GET":
        return _take_on_page(request, self_referral, TakeOnForm(people=people), people)
    form = TakeOnForm(request.POST, people=people)
    if not form.is_valid():
        return _take_on_page(request, self_referral, form, people, status=400)
    data = form.cleaned_data
    try:
        referral = services.self_referral_take_on(
            actor=request.user,
            self_referral=self_referral,
            person_id=form.person_id(),
            new_person=PersonDetails(
                given_names=data["given_names"],
                family_name=data["family_name"],
                date_of_birth=data["date_of_birth"],
                phone=self_referral.phone,
                email=self_referral.email,
            ),
            confirm_not_duplicate=data["confirm_not_duplicate"],
        )
    except PossibleDuplicate as duplicate:
        # The people it may be are ones the service already sees: offered to choose from.
        people = list(dict.fromkeys([*people, *duplicate.visible]))
        form = TakeOnForm(request.POST, people=people)
        form.is_valid()
        form.add_error("confirm_not_duplicate", f"{duplicate}: choose them above, or tick the box")
        return _take_on_page(request, self_referral, form, people, status=400)
    except ValidationError as refused:
        for name, problems in refused.message_dict.items():
            form.add_error(name if name in form.fields else None, problems[0])
        return _take_on_page(request, self_referral, form, people, status=400)
    messages.success(
        request,
        f"You have taken on {self_referral.name}. Their referral is submitted: accept it, "
        "or put them on the waiting list",
    )
    return redirect("referrals:detail", referral_id=referral.pk)
