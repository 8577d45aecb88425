"""Sign-in, sign-out, password reset, organisations and API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from throughcare.accounts import selectors, services, sign_in_records
from throughcare.accounts.forms import NewPasswordForm, ResetRequestForm, SignInForm, TokenIssueForm
from throughcare.core import rate_limits
from throughcare.core.client_address import client_address
from throughcare.core.permissions import Permission, permission_required


def _session_timed_out(request) -> bool:
    """A session cookie that no longer matches a session means the session expired."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    request.session.keys()  # load the session, which forgets an unknown key
    return request.session.session_key is None


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.method == "GET" and _session_timed_out(self.request)
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        sign_in_records.record_sign_in(user=form.get_user())
        return response

    def post(self, request, *args, **kwargs):
        # An address failing across many accounts is paused too, at a limit far above one account's.
        if rate_limits.retry_after("sign-in-failures", client_address(request), _address_limit()):
            return locked_out(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if getattr(self.request, "axes_locked_out", False):
            return locked_out(self.request)
        email = form.data.get("username", "")
        if email and form.non_field_errors():
            rate_limits.hit("sign-in-failures", client_address(self.request), _address_limit())
            sign_in_records.record_failed_sign_in(email=email, locked_out=False)
        return super().form_invalid(form)


def _address_limit() -> rate_limits.Limit:
    return rate_limits.Limit(
        settings.SIGN_IN_ADDRESS_FAILURE_LIMIT, int(settings.AXES_COOLOFF_TIME.total_seconds())
    )


@require_POST
def sign_out(request):
    sign_in_records.record_sign_out(user=request.user)
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:sign-in")


@login_not_required
def locked_out(request, credentials=None, *args, **kwargs):
    """Shown when an account (django-axes) or an address has failed too often; nothing else is revealed."""
    email = (credentials or {}).get("username") or request.POST.get("username", "")
    sign_in_records.record_failed_sign_in(email=email, locked_out=True)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


class ResetRequestView(auth_views.PasswordResetView):
    template_name = "accounts/reset_request.html"
    form_class = ResetRequestForm
    email_template_name = "accounts/email/reset_body.txt"
    subject_template_name = "accounts/email/reset_subject.txt"
    success_url = reverse_lazy("accounts:reset-sent")

    def form_valid(self, form):
        sign_in_records.record_password_reset_requested(email=form.cleaned_data["email"])
        return super().form_valid(form)


class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/reset_sent.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:reset-complete")

    def form_valid(self, form):
        with transaction.atomic():  # the new password and the revoking of old tokens stand together
            response = super().form_valid(form)
            sign_in_records.record_password_reset(user=form.user)
        return response


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/reset_complete.html"


@permission_required(Permission.MANAGE_ORGANISATIONS)
@require_GET
def organisation_list(request):
    return render(
        request,
        "accounts/organisation_list.html",
        {"organisations": selectors.organisations_with_member_counts()},
    )


@permission_required(Permission.MANAGE_ORGANISATIONS)
@require_GET
def organisation_detail(request, organisation_id):
    organisation = selectors.organisation_for(request.user, organisation_id)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "members": selectors.members_of(organisation),
            "commissions_for": selectors.commissioning_areas_described(organisation),
        },
    )


@permission_required(Permission.USE_API)
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenIssueForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.token_issue(
                actor=request.user,
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
            form = TokenIssueForm()
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
    return render(
        request,
        "accounts/token_list.html",
        {"form": form, "issued": issued, "tokens": selectors.tokens_of(request.user)},
        status=422 if form.errors else 200,
    )


@permission_required(Permission.USE_API)
@require_POST
def token_revoke(request, token_id):
    token = selectors.token_for(request.user, token_id)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, f"Token {token.prefix} ({token.name}) has been revoked.")
    return redirect("accounts:token-list")
