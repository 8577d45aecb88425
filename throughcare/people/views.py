"""The people pages: thin views over the people selectors (scoped, audited reads) and services."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from throughcare.accounts.models import Organisation
from throughcare.continuity.court.selectors import may_see_availability
from throughcare.core.once import one_submission
from throughcare.core.permissions import Permission, has_permission, permission_required
from throughcare.core.rate_limits import RateLimitedError
from throughcare.people import selectors, services
from throughcare.people.details import PersonDetails
from throughcare.people.duplicate_checks import PossibleDuplicate
from throughcare.people.forms import CareTeamAddForm, CareTeamEndForm, PersonForm
from throughcare.people.hub import hub_of
from throughcare.people.programmes import programmes_of
from throughcare.referrals.caseload import directions_for


def _posted(request):
    # An empty POST (like "end, leaving the date for today") must still be validated.
    return request.POST if request.method == "POST" else None


def _person_or_redirect(request, person_id, url_name: str):
    """The person (read and audited), or a redirect when the id is a merged record's."""
    person = selectors.person_for(request.user, person_id)
    if person.pk != person_id:
        return person, redirect(url_name, person_id=person.pk)
    return person, None


@permission_required(Permission.VIEW_PEOPLE)
@require_GET
def people_list(request):
    query = request.GET.get("q", "").strip()
    page = selectors.people_page_for(request.user, query=query, page_number=request.GET.get("page", 1))
    return render(
        request,
        "people/people_list.html",
        {
            "query": query,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "query_string": urlencode({"q": query}) if query else "",
        },
    )


@permission_required(Permission.VIEW_PEOPLE)
@require_http_methods(["GET", "POST"])
@one_submission
def person_create(request):
    form = PersonForm(_posted(request))
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=request.user,
                details=form.details(),
                confirm_not_duplicate=form.confirmed_not_duplicate,
            )
        except PossibleDuplicate as warning:
            duplicate = warning
        except ValidationError as exc:
            form.add_service_errors(exc)
        except RateLimitedError as exc:
            return _too_many_checks(request, form, None, exc)
        else:
            messages.success(request, f"{person.full_name} has been added.")
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": None, "duplicate": duplicate},
        status=422 if form.errors or duplicate else 200,
    )


def _too_many_checks(request, form, person, exc: RateLimitedError):
    """The form again, with what to do, once the user has checked too many people for duplicates."""
    minutes = max(1, round(exc.retry_after / 60))
    form.add_error(
        None,
        f"You have added or changed a lot of people in a short time. Try again in {minutes} "
        f"minute{'s' if minutes != 1 else ''}",
    )
    response = render(
        request, "people/person_form.html", {"form": form, "person": person, "duplicate": None}, status=429
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@permission_required(Permission.VIEW_PEOPLE)
@require_GET
def person_detail(request, person_id):
    try:
        person, moved = _person_or_redirect(request, person_id, "people:detail")
    except Http404:
        # Restricted, and the user's organisation is in the team: offer break-glass (else 404 again).
        selectors.break_glass_candidate(request.user, person_id)
        return redirect("people:break-glass", person_id=person_id)
    if moved:
        return moved
    team = list(selectors.care_team_of(person))
    ours = request.user.current_organisation_id
    hub = hub_of(request.user, person)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "hub": hub,
            "aliases": list(person.aliases.all()),
            "current_team": [m for m in team if m.is_active],
            "in_team": any(m.is_active and m.organisation_id == ours for m in team),
            "steers_team": _steers(team, ours),
            "restricted": hasattr(person, "restriction"),
            "past_team": [m for m in team if not m.is_active],
            "can_find_support": has_permission(request.user, Permission.FIND_SUPPORT),
            "can_give_plan_access": has_permission(request.user, Permission.PLAN_RELEASES),
            "can_see_court_availability": may_see_availability(request.user),
            "caseload_links": _caseload_links(request.user, person),
            "programmes": programmes_of(person),
        },
    )


def _steers(team, organisation_id) -> bool:
    """Whether the organisation may change the lead and end others' parts (services.steers_team's rule)."""
    leads = [m for m in team if m.is_active and m.is_lead]
    if leads:
        return any(m.organisation_id == organisation_id for m in leads)
    return any(m.is_active and m.organisation_id == organisation_id for m in team)


def _caseload_links(user, person) -> list[dict]:
    """The person's referrals in the caseload, in each direction the user's role works in."""
    base = reverse("referrals:worklist")
    return [
        {
            "label": f"All referrals {direction} for them",
            "href": f"{base}?{urlencode({'direction': direction, 'person': person.pk})}",
        }
        for direction in directions_for(user)
    ]


@permission_required(Permission.VIEW_PEOPLE)
@require_http_methods(["GET", "POST"])
@one_submission
def person_edit(request, person_id):
    person, moved = _person_or_redirect(request, person_id, "people:edit")
    if moved:
        return moved
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            try:
                services.person_update(actor=request.user, person=person, details=form.details())
            except ValidationError as exc:
                form.add_service_errors(exc)
            except RateLimitedError as exc:
                return _too_many_checks(request, form, person, exc)
            else:
                messages.success(request, f"{person.full_name}'s details have been updated.")
                return redirect("people:detail", person_id=person.pk)
    else:
        form = PersonForm(initial=PersonForm.initial_from(PersonDetails.of(person)))
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": person, "duplicate": None},
        status=422 if form.errors else 200,
    )


@permission_required(Permission.VIEW_PEOPLE)
@require_http_methods(["GET", "POST"])
@one_submission
def care_team_add(request, person_id):
    person = selectors.person_for(request.user, person_id)
    selectors.require_care_team_member(request.user, person)
    organisations = {str(o.pk): o for o in Organisation.objects.filter(is_active=True).order_by("name")}
    form = CareTeamAddForm(
        _posted(request), organisations=[(key, o.name) for key, o in organisations.items()]
    )
    if request.method == "POST" and form.is_valid():
        try:
            member = services.care_team_add(
                actor=request.user,
                person=person,
                organisation=organisations[form.cleaned_data["organisation"]],
                role=form.cleaned_data["role"],
                is_lead=form.cleaned_data["is_lead"],
                started_on=form.cleaned_data["started_on"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"{member.organisation.name} has joined {person.full_name}'s team.")
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/care_team_add.html",
        {"form": form, "person": person},
        status=422 if form.errors else 200,
    )


@permission_required(Permission.VIEW_PEOPLE)
@require_http_methods(["GET", "POST"])
def care_team_end(request, person_id, member_id):
    person = selectors.person_for(request.user, person_id)
    selectors.require_care_team_member(request.user, person)
    member = selectors.care_team_member_for(person, member_id)
    form = CareTeamEndForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.care_team_end(
                actor=request.user,
                member=member,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"{member.organisation.name} has left {person.full_name}'s team.")
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/care_team_end.html",
        {
            "form": form,
            "person": person,
            "member": member,
            "reason_hint": "Needed when the probation service holding the case leaves: it is kept in the "
            "audit trail, and the organisation is told.",
        },
        status=422 if form.errors else 200,
    )


@permission_required(Permission.VIEW_PEOPLE)
@require_POST
def care_team_set_lead(request, person_id, member_id):
    person = selectors.person_for(request.user, person_id)
    selectors.require_care_team_member(request.user, person)
    member = selectors.care_team_member_for(person, member_id)
    try:
        services.care_team_set_lead(actor=request.user, member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{member.organisation.name} now leads {person.full_name}'s team.")
    return redirect("people:detail", person_id=person.pk)
