"""The referral pages: thin views over the referral selectors (scoped, audited reads) and services.

Every rule (who may move a referral where, with what reason, consent, completeness, capacity) is
checked by the services; these views turn their refusals into GOV.UK error summaries with 422.
"""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from throughcare.core.errors import add_to_form
from throughcare.core.once import one_submission
from throughcare.core.permissions import Permission, permission_required
from throughcare.core.versions import posted_version, version_of
from throughcare.directory.selectors import service_for_viewing
from throughcare.directory.vocabularies import NEEDS
from throughcare.notices.selectors import notices_for
from throughcare.people.selectors import people_page_for, people_visible_to
from throughcare.referrals import caseload, caseload_views, notes, prefill, selectors, services
from throughcare.referrals.forms import ChoosePersonForm, ConsentForm, DraftForm, TransitionForm, WaitlistForm
from throughcare.referrals.reasons import ReasonCode
from throughcare.referrals.states import (
    ReferralState,
    Side,
    TransitionError,
    TransitionReasonError,
    allowed_targets,
)
from throughcare.referrals.views_notes import CaseNoteForm
from throughcare.selfreferrals.selectors import waiting_count

# Enough to find someone in a caseload; more belongs behind a search, which this step does not have yet.
PEOPLE_TO_CHOOSE_FROM = 100


@require_GET
def worklist(request):
    """Without filters, what needs the organisation's action; with any, its caseload (see caseload.py)."""
    if any(name in request.GET for name in caseload.FILTER_NAMES):
        return caseload_views.caseload(request)
    # The selector refuses roles that neither make nor receive referrals.
    items = selectors.worklist_for(request.user)
    rows = [{"item": item, "state": ReferralState(item.state).label} for item in items]
    context = {
        "rows": rows,
        "limit": selectors.WORKLIST_LIMIT,
        "notices": notices_for(request.user),
        "show_person": True,
        "tabs": caseload_views.tabs(request.user, current=""),
        "self_referrals_waiting": waiting_count(request.user),
    }
    return render(request, "referrals/worklist.html", context)


def _detail_context(request, view, form, waitlist_form=None, note_form=None):
    context = {
        "case_notes": notes.case_notes_for(request.user, view.id),
        "note_form": note_form or CaseNoteForm(),
        "referral": view,
        "state_label": ReferralState(view.state).label,
        "form": form,
        "history": [
            {
                "t": t,
                "to": ReferralState(t.to_state).label,
                "who": f"{t.actor_name}, {Side(t.side).label.lower()}"
                if t.actor_name
                else Side(t.side).label,
                "reason": ReasonCode(t.reason_code).label if t.reason_code in ReasonCode.values else "",
            }
            for t in view.history
        ],
        "is_draft": view.state == ReferralState.DRAFT and view.side == Side.REFERRER,
        "allowed_targets": view.allowed_targets,
        "notices": notices_for(request.user, referral_id=view.id),
    }
    if view.state == ReferralState.WAITLISTED and view.side == Side.RECEIVER:
        context["waitlist_form"] = waitlist_form or WaitlistForm(
            initial={"waitlist_position": view.waitlist_position, "expected_start_on": view.expected_start_on}
        )
    if context["is_draft"]:
        # What submitting would refuse, shown before the referrer tries, with a link to fix each.
        referral = selectors.referral_in_scope(request.user, view.id)
        context["missing"] = services.missing_to_submit(referral)
        context["needs_consent"] = view.consent_given_on is None or view.consent_withdrawn
    return context


def _transition_form(view, data=None):
    return TransitionForm(data, current=view.state, side=view.side, allowed=_offered(view))


def _offered(view) -> list[str]:
    """The moves the page offers: a draft is sent from "check your answers", not from this form."""
    if view.state == ReferralState.DRAFT:
        return [target for target in view.allowed_targets if target != ReferralState.SUBMITTED]
    return view.allowed_targets


@require_GET
def referral_detail(request, referral_id):
    return render_detail(request, referral_id)


def render_detail(request, referral_id, *, note_form=None, status=200):
    view = selectors.referral_for(request.user, referral_id)
    context = _detail_context(request, view, _transition_form(view), note_form=note_form)
    if note_form is not None and note_form.errors:
        # The error summary reads the page's main form: point it at the note.
        context["form"] = note_form
    return render(request, "referrals/detail.html", context, status=status)


@require_POST
def referral_transition(request, referral_id):
    referral = selectors.referral_in_scope(request.user, referral_id)
    side = services.side_of(request.user, referral)
    form = TransitionForm(
        request.POST, current=referral.state, side=side, allowed=allowed_targets(referral.state, side)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_transition(
                actor=request.user,
                referral=referral,
                target=data["target"],
                reason_code=data["reason_code"],
                note=data["note"],
                waitlist_position=data["waitlist_position"],
                expected_start_on=data["expected_start_on"],
                outside_criteria_reason=data["outside_criteria_reason"],
            )
        except TransitionError as exc:
            form.add_error("target", str(exc))
        except TransitionReasonError as exc:
            form.add_error(exc.field, str(exc))
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, f"The referral is now {ReferralState(data['target']).label.lower()}.")
            return redirect("referrals:detail", referral_id=referral.pk)
    # Shown again with the errors: the read is audited like any other view of the referral.
    view = selectors.referral_for(request.user, referral_id)
    return render(request, "referrals/detail.html", _detail_context(request, view, form), status=422)


@require_POST
def waitlist_update(request, referral_id):
    referral = selectors.referral_in_scope(request.user, referral_id)
    form = WaitlistForm(request.POST)
    if form.is_valid():
        try:
            services.referral_update_waitlist(actor=request.user, referral=referral, **form.cleaned_data)
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "Waiting list place updated.")
            return redirect("referrals:detail", referral_id=referral.pk)
    view = selectors.referral_for(request.user, referral_id)
    context = _detail_context(request, view, _transition_form(view), waitlist_form=form)
    # The error summary reads the page's main form: point it at the waiting-list form instead.
    context["form"] = form
    return render(request, "referrals/detail.html", context, status=422)


@permission_required(Permission.MAKE_REFERRALS)
@require_http_methods(["GET", "POST"])
@one_submission
def referral_start(request, service_id):
    """From a Find support result: choose the person (a GET step), then write the draft (POST)."""
    service = service_for_viewing(request.user, service_id)
    person_id = request.POST.get("person") or request.GET.get("person")
    if not person_id:
        chooser = ChoosePersonForm(people=_choosable(request.user))
        return render(request, "referrals/choose_person.html", {"form": chooser, "service": service})
    person = people_visible_to(request.user).filter(pk=person_id).first() if _is_uuid(person_id) else None
    if person is None:
        # Someone not visible to the user is treated as no choice: whether they exist is not told.
        chooser = ChoosePersonForm({"person": ""}, people=_choosable(request.user))
        chooser.is_valid()
        context = {"form": chooser, "service": service}
        return render(request, "referrals/choose_person.html", context, status=422)
    answers = prefill.find_support_answers(request.session, person)
    initial = prefill.draft_start(person, answers, timezone.localdate())
    form = DraftForm(request.POST if request.method == "POST" else None, initial=initial)
    needs = answers.get("need_codes", [])
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create_draft(
                actor=request.user,
                person_id=person.pk,
                service_id=service.pk,
                details=form.details(needs),
                outside_criteria_reason=form.cleaned_data["outside_criteria_reason"],
            )
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "Draft referral saved. It is not shared until you submit it.")
            # A new draft's next step is always the person's consent (issue 14: fewest page loads).
            return redirect("referrals:consent", referral_id=referral.pk)
    context = {
        "form": form,
        "service": service,
        "person": person,
        "needs": [NEEDS.label(code) for code in needs if code in NEEDS.codes],
        "still_needed": prefill.still_needed(person, service, initial),
    }
    return render(request, "referrals/draft_form.html", context, status=422 if form.errors else 200)


def _choosable(user):
    # Through the people selector, so the list of names shown is in the audit trail like any other.
    return people_page_for(user, page_size=PEOPLE_TO_CHOOSE_FROM).object_list


def _is_uuid(value: str) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return True


@require_http_methods(["GET", "POST"])
@one_submission
def referral_edit(request, referral_id):
    referral = selectors.referral_in_scope(request.user, referral_id)
    view = selectors.referral_for(request.user, referral_id)
    if view.side != Side.REFERRER or view.state != ReferralState.DRAFT:
        # Once submitted the service has read it, so it no longer changes: back to the referral.
        messages.info(request, "Only a draft referral can be changed.")
        return redirect("referrals:detail", referral_id=referral.pk)
    initial = {name: getattr(referral, name) for name in DraftForm.base_fields}
    initial["in_custody"] = "yes" if referral.in_custody else "no"
    for name in ("uses_substances", "at_risk_to_self"):
        answer = getattr(referral, name)
        initial[name] = "" if answer is None else ("yes" if answer else "no")
    form = DraftForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_update_draft(
                actor=request.user,
                referral=referral,
                details=form.details(referral.need_codes),
                outside_criteria_reason=form.cleaned_data["outside_criteria_reason"],
                expected_version=posted_version(request),
            )
        except ValidationError as exc:
            add_to_form(form, exc)
            referral.refresh_from_db(fields=["updated_at"])  # the next save knows of the other change
        else:
            messages.success(request, "Draft referral saved.")
            return redirect("referrals:detail", referral_id=referral.pk)
    context = {
        "form": form,
        "referral": view,
        "version": version_of(referral),
        "still_needed": services.missing_to_submit(referral),
    }
    return render(request, "referrals/draft_form.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@one_submission
def consent_record(request, referral_id):
    referral = selectors.referral_in_scope(request.user, referral_id)
    view = selectors.referral_for(request.user, referral_id)
    if view.side != Side.REFERRER:
        raise PermissionDenied("Only the referrer records the person's consent.")
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(actor=request.user, referral=referral, **data)
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "Consent recorded.")
            if referral.state == ReferralState.DRAFT:
                # Consent is the last thing a draft needs: next, check the answers and send it.
                return redirect("referrals:check-answers", referral_id=referral.pk)
            return redirect("referrals:detail", referral_id=referral.pk)
    context = {"form": form, "referral": view}
    return render(request, "referrals/consent_form.html", context, status=422 if form.errors else 200)
