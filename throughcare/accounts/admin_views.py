"""Administration pages: organisations, invitations, roles, memberships and closing accounts.

Every page needs MANAGE_ORGANISATIONS; every change goes through accounts.services, which audits it
and refuses what would leave nobody able to administer the service.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from throughcare.accounts import selectors, services
from throughcare.accounts.admin_forms import (
    CommissioningAreasForm,
    ConfirmForm,
    InviteForm,
    OrganisationCreateForm,
    OrganisationRenameForm,
    RoleForm,
)
from throughcare.core.errors import add_to_form
from throughcare.core.permissions import Permission, Role, permission_required

administrators_only = permission_required(Permission.MANAGE_ORGANISATIONS)


def _page(request, template: str, form, **context):
    return render(request, template, {"form": form, **context}, status=422 if form.errors else 200)


def _attempt(form, change) -> bool:
    """Run a service change; put its refusal on the form. True when it was made."""
    try:
        change()
    except ValidationError as exc:
        add_to_form(form, exc)
        return False
    return True


@administrators_only
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = {}

        def change():
            made["organisation"] = services.organisation_create(actor=request.user, **form.cleaned_data)

        if _attempt(form, change):
            messages.success(request, f"{made['organisation'].name} has been added.")
            return redirect("accounts:organisation-detail", made["organisation"].id)
    return _page(request, "accounts/admin/organisation_create.html", form)


@administrators_only
@require_http_methods(["GET", "POST"])
def organisation_rename(request, organisation_id):
    organisation = selectors.organisation_for(request.user, organisation_id)
    form = OrganisationRenameForm(
        request.POST or None,
        initial={"name": organisation.name, "directory_source": organisation.directory_source},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def change():
            with transaction.atomic():
                services.organisation_rename(actor=request.user, organisation=organisation, name=data["name"])
                services.organisation_set_directory_source(
                    actor=request.user, organisation=organisation, source=data["directory_source"]
                )

        if _attempt(form, change):
            messages.success(request, f"The details of {organisation.name} have been saved.")
            return redirect("accounts:organisation-detail", organisation.id)
    return _page(request, "accounts/admin/organisation_rename.html", form, organisation=organisation)


@administrators_only
@require_http_methods(["GET", "POST"])
def organisation_areas(request, organisation_id):
    """The areas a commissioning organisation covers, which decide what its commissioners' insight shows."""
    organisation = selectors.organisation_for(request.user, organisation_id)
    form = CommissioningAreasForm(
        request.POST or None,
        initial={
            "commissioning_coverage": organisation.commissioning_coverage,
            "commissioning_area_codes": ", ".join(organisation.commissioning_area_codes),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def change():
            services.organisation_set_commissioning_areas(
                actor=request.user,
                organisation=organisation,
                coverage=data["commissioning_coverage"],
                area_codes=services.area_codes_from_text(data["commissioning_area_codes"]),
            )

        if _attempt(form, change):
            messages.success(request, f"The areas {organisation.name} commissions for have been saved.")
            return redirect("accounts:organisation-detail", organisation.id)
    return _page(request, "accounts/admin/organisation_areas.html", form, organisation=organisation)


@administrators_only
@require_http_methods(["GET", "POST"])
def organisation_deactivate(request, organisation_id):
    organisation = selectors.organisation_for(request.user, organisation_id)
    form = ConfirmForm(data={})  # bound, so a refusal can be added to it
    if request.method == "POST" and _attempt(
        form, lambda: services.organisation_deactivate(actor=request.user, organisation=organisation)
    ):
        messages.success(
            request, f"{organisation.name} has been deactivated. Its members can no longer use it."
        )
        return redirect("accounts:organisation-detail", organisation.id)
    return _page(
        request,
        "accounts/admin/confirm.html",
        form,
        heading=f"Deactivate {organisation.name}",
        explanation=(
            "Its members will be signed out and their API tokens revoked at once. "
            "They will no longer be able to act for this organisation."
        ),
        button="Deactivate organisation",
        back=organisation,
    )


@administrators_only
@require_http_methods(["GET", "POST"])
def invite(request, organisation_id):
    organisation = selectors.organisation_for(request.user, organisation_id)
    form = InviteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            form,
            lambda: services.user_invite(actor=request.user, organisation=organisation, **data),
        ):
            messages.success(request, f"We have emailed {data['email']} a link to choose a password.")
            return redirect("accounts:organisation-detail", organisation.id)
    return _page(request, "accounts/admin/invite.html", form, organisation=organisation)


@administrators_only
@require_http_methods(["GET", "POST"])
def membership_role(request, membership_id):
    membership = selectors.membership_for(request.user, membership_id)
    organisation = membership.organisation
    form = RoleForm(request.POST or None, organisation=organisation, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        if _attempt(
            form,
            lambda: services.membership_change_role(actor=request.user, membership=membership, role=role),
        ):
            messages.success(request, f"{membership.user} is now {Role(role).label.lower()}.")
            return redirect("accounts:organisation-detail", organisation.id)
    return _page(request, "accounts/admin/membership_role.html", form, membership=membership)


@administrators_only
@require_http_methods(["GET", "POST"])
def membership_end(request, membership_id):
    membership = selectors.membership_for(request.user, membership_id)
    form = ConfirmForm(data={})  # bound, so a refusal can be added to it
    if request.method == "POST" and _attempt(
        form, lambda: services.membership_end(actor=request.user, membership=membership)
    ):
        messages.success(request, f"{membership.user} is no longer a member of {membership.organisation}.")
        return redirect("accounts:organisation-detail", membership.organisation_id)
    return _page(
        request,
        "accounts/admin/confirm.html",
        form,
        heading=f"Remove {membership.user} from {membership.organisation}",
        explanation=(
            "They will be signed out and their API tokens revoked at once, "
            "and will no longer be able to act for this organisation."
        ),
        button="Remove from organisation",
        back=membership.organisation,
    )


@administrators_only
@require_http_methods(["GET", "POST"])
def user_deactivate(request, user_id):
    account = selectors.account_for(request.user, user_id)
    membership = account.current_membership
    form = ConfirmForm(data={})  # bound, so a refusal can be added to it
    if request.method == "POST" and _attempt(
        form, lambda: services.user_deactivate(actor=request.user, user=account)
    ):
        if request.user.pk == account.pk:
            logout(request)  # their session is already gone; start this browser afresh
            return redirect("accounts:sign-in")
        messages.success(request, f"The account for {account.email} has been closed.")
        return (
            redirect("accounts:organisation-detail", membership.organisation_id)
            if membership
            else redirect("accounts:organisation-list")
        )
    return _page(
        request,
        "accounts/admin/confirm.html",
        form,
        heading=f"Close the account for {account.email}",
        explanation=(
            "They will be signed out everywhere and their API tokens revoked at once. "
            "They will not be able to sign in again."
        ),
        button="Close account",
        back=membership.organisation if membership else None,
    )
