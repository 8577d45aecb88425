"""The person's own pages: open the link, get a code, see the plan, sign out or stop the access.

No staff sign-in and no staff pages: these views are login_not_required and use the person's own
session (its own cookie, limited to /my-plan/). Nothing is cached, since every page is about
someone. Each client address may load a limited number of sign-in pages (PLAN_SIGN_IN_RATE_LIMIT).
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.client_address import client_address
from throughcare.core.mobile_numbers import masked as masked_number
from throughcare.core.rate_limits import Limit, RateLimitedError, hit
from throughcare.myplan import printing, selectors, services
from throughcare.myplan import reminders as reminder_services
from throughcare.myplan.forms import CodeForm, RemindersForm
from throughcare.notices.models import Channel

COOKIE_PATH = "/my-plan/"


def sign_in_limited(view):
    @wraps(view)
    def limited(request, *args, **kwargs):
        wait = hit("plan-sign-in", client_address(request), Limit.from_setting("PLAN_SIGN_IN_RATE_LIMIT"))
        if wait is not None:
            response = render(request, "myplan/wait.html", {"minutes": max(wait // 60, 1)}, status=429)
            response["Retry-After"] = str(wait)
            return response
        return view(request, *args, **kwargs)

    return limited


def person_page(view):
    """Login-free for staff sign-in, never cached."""
    return login_not_required(never_cache(view))


def masked(email: str) -> str:
    """'jo@example.com' -> 'j***@example.com': enough to recognise, not enough to learn it."""
    name, _at, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"


def sent_to(access) -> str:
    """Where the person's codes go, masked: '07*** ***982' or 'j***@example.com'."""
    return masked_number(access.mobile_number) if access.by_text else masked(access.email)


def _link_ended(request):
    return render(request, "myplan/link_ended.html", status=404)


@person_page
@require_http_methods(["GET", "POST"])
@sign_in_limited
def start(request, secret):
    access = selectors.live_access(secret)
    if access is None:
        return _link_ended(request)
    wait_minutes = None
    if request.method == "POST":
        try:
            services.code_send(access=access)
        except RateLimitedError as exc:
            wait_minutes = max(exc.retry_after // 60, 1)
        else:
            return redirect("myplan:code", secret=secret)
    return render(
        request,
        "myplan/start.html",
        {"sent_to": sent_to(access), "by_text": access.by_text, "wait_minutes": wait_minutes},
        status=429 if wait_minutes else 200,
    )


@person_page
@require_http_methods(["GET", "POST"])
@sign_in_limited
def enter_code(request, secret):
    access = selectors.live_access(secret)
    if access is None:
        return _link_ended(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session_secret = services.code_check(access=access, code=form.cleaned_data["code"])
        except services.WrongCodeError:
            form.add_error("code", "The code is not right, or it is too old. Check it, or get a new code")
        except services.LockedOutError:
            return render(request, "myplan/locked.html", {"secret": secret}, status=429)
        else:
            response = redirect("myplan:plan")
            response.set_cookie(
                selectors.SESSION_COOKIE,
                session_secret,
                path=COOKIE_PATH,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
            return response
    return render(
        request,
        "myplan/code.html",
        {
            "form": form,
            "secret": secret,
            "sent_to": sent_to(access),
            "by_text": access.by_text,
            "code_minutes": settings.PLAN_CODE_MINUTES,
        },
        status=400 if form.errors else 200,
    )


@person_page
@require_GET
def plan(request):
    session = selectors.person_session(request)
    if session is None:
        return redirect("myplan:signed-out")
    return render(request, "myplan/plan.html", {"plan": selectors.own_plan(session)})


@person_page
@require_GET
def print_plan(request):
    """The plan on a page of its own for printing: large type, one thing a line, in date order."""
    session = selectors.person_session(request)
    if session is None:
        return redirect("myplan:signed-out")
    plan_ = selectors.own_plan(session, verb=AuditVerb.PLAN_ACCESS_PLAN_PRINTED)
    timeline = printing.timeline(plan_)
    context = {
        "plan": plan_,
        "timeline": timeline,
        "who_to_call": printing.who_to_call(plan_, timeline),
        "today": timezone.localdate(),
    }
    return render(request, "myplan/print.html", context)


def _signed_out(response):
    response.delete_cookie(selectors.SESSION_COOKIE, path=COOKIE_PATH, samesite="Lax")
    return response


@person_page
@require_POST
def sign_out(request):
    session = selectors.person_session(request)
    if session is not None:
        services.person_sign_out(session=session)
    return _signed_out(redirect("myplan:signed-out"))


@person_page
@require_http_methods(["GET", "POST"])
def stop(request):
    session = selectors.person_session(request)
    if session is None:
        return redirect("myplan:signed-out")
    if request.method == "POST":
        services.plan_access_stop(session=session)
        return _signed_out(redirect(reverse("myplan:signed-out") + "?stopped=1"))
    return render(request, "myplan/stop.html")


@person_page
@require_GET
def signed_out(request):
    return render(request, "myplan/signed_out.html", {"stopped": request.GET.get("stopped") == "1"})


def _current_choice(access) -> str:
    if access.reminders_since is None:
        return "none"
    return access.reminders_by


@person_page
@require_http_methods(["GET", "POST"])
def reminders(request):
    """The person chooses reminders by email, by text to a number they give, or none."""
    session = selectors.person_session(request)
    if session is None:
        return redirect("myplan:signed-out")
    access = session.access
    # The number is never shown back whole: left empty, the number we have is kept.
    form = RemindersForm(
        request.POST if request.method == "POST" else None, initial={"by": _current_choice(access)}
    )
    if request.method == "POST" and form.is_valid():
        by = form.cleaned_data["by"]
        try:
            reminder_services.reminders_choose(
                access=access,
                by=None if by == "none" else Channel(by),
                mobile_number=form.cleaned_data["mobile_number"] or access.mobile_number,
                session=session,
            )
        except ValidationError as refused:
            for field, messages in refused.message_dict.items():
                form.add_error(field if field in form.fields else None, messages[0])
        else:
            return redirect(reverse("myplan:plan") + "#reminders")
    return render(
        request,
        "myplan/reminders.html",
        {
            "form": form,
            "email": masked(access.email) if access.email else "",
            "number": masked_number(access.mobile_number) if access.mobile_number else "",
            "number_fixed": access.by_text,
        },
        status=400 if form.errors else 200,
    )


@person_page
@require_http_methods(["GET", "POST"])
@sign_in_limited
def reminders_stop(request, token):
    """The link in every reminder: one button stops them, with no sign-in (a GET changes nothing,
    so a mail scanner opening the link does not stop them)."""
    access = reminder_services.access_from_stop_token(token)
    if access is None:
        return _link_ended(request)
    stopped = request.method == "POST"
    if stopped:
        reminder_services.reminders_choose(access=access, by=None)
    return render(
        request,
        "myplan/reminders_stop.html",
        {"stopped": stopped or access.reminders_since is None, "by_text": access.reminders_by_text},
    )
