"""Find support: question pages, a check-answers page, and results whose address holds the answers.

A search started from a person's record (`?person=`) fills in what the record knows and goes straight
to check answers. Who the search is for stays in the session, never in the results address (ADR 44).
"""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from throughcare.core.errors import add_to_form
from throughcare.core.permissions import Permission, has_permission, permission_required
from throughcare.directory.views.signposts import signpost_for
from throughcare.matching import questions
from throughcare.matching.answers import answer_rows
from throughcare.matching.engine import match
from throughcare.matching.forms import FindSupportForm, initial_from_person
from throughcare.people.selectors import person_for
from throughcare.referrals.prefill import remember_find_support

# The results last counted as unmet need in this session, so a refresh does not count them again.
COUNTED_KEY = "find_support_counted"


def _person(request, person_id: str):
    """The person the search is for, read through their team (audited); 404 for anyone else."""
    if not person_id:
        return None
    try:
        UUID(str(person_id))
    except ValueError:
        raise Http404("No such person.") from None
    return person_for(request.user, person_id)


@permission_required(Permission.FIND_SUPPORT)
@require_http_methods(["GET"])
def find_support(request):
    """Start a new search: from a person's record, straight to check answers; otherwise the first page."""
    person = _person(request, request.GET.get("person", ""))
    answers = questions.starting_answers()
    if person is None:
        questions.keep_draft(request.session, {"person": "", "answers": answers})
        return redirect("matching:question", step=questions.STEPS[0].slug)
    answers |= questions.as_answers(initial_from_person(person, viewer=request.user))
    questions.keep_draft(request.session, {"person": str(person.pk), "answers": answers})
    return redirect("matching:check-answers")


@permission_required(Permission.FIND_SUPPORT)
@require_http_methods(["GET", "POST"])
def question(request, step):
    step = questions.STEP_BY_SLUG.get(step)
    if step is None:
        raise Http404("No such question.")
    draft = questions.draft_of(request.session)
    changing = request.GET.get("change") == "yes"
    if request.method == "POST":
        form = questions.step_form(step, request.POST)
        if form.is_valid():
            draft["answers"] |= questions.posted_answers(step, request.POST)
            questions.keep_draft(request.session, draft)
            following = questions.step_after(step)
            if changing or following is None:
                return redirect("matching:check-answers")
            return redirect("matching:question", step=following.slug)
    else:
        form = questions.step_form(step, initial=questions.shown_initial(step, draft["answers"]))
    before = questions.step_before(step)
    if changing:
        back = reverse("matching:check-answers")
    elif before:
        back = reverse("matching:question", args=[before.slug])
    else:
        back = ""
    context = {
        "form": form,
        "step": step,
        "number": questions.STEPS.index(step) + 1,
        "steps": len(questions.STEPS),
        "person": _person(request, draft["person"]),
        "back": back,
        "changing": changing,
    }
    return render(
        request, f"matching/questions/{step.slug}.html", context, status=422 if form.errors else 200
    )


@permission_required(Permission.FIND_SUPPORT)
@require_http_methods(["GET", "POST"])
def check_answers(request):
    draft = questions.draft_of(request.session)
    form = FindSupportForm(questions.as_query(draft["answers"]))
    if request.method == "POST" and form.is_valid():
        url = reverse("matching:results") + "?" + questions.results_query(draft["answers"])
        return redirect(url)
    return _check_answers_page(request, draft, form, show_errors=request.method == "POST")


def _check_answers_page(request, draft, form, *, show_errors: bool):
    errors = []
    if show_errors:
        form.is_valid()
        errors = [(name, message) for name, messages in form.errors.items() for message in messages]
    context = {
        "sections": answer_rows(form),
        "errors": [(_step_slug(name), name, message) for name, message in errors],
        "person": _person(request, draft["person"]),
    }
    return render(request, "matching/check_answers.html", context, status=422 if errors else 200)


def _step_slug(field_name: str) -> str:
    """The page that asks a question; a problem with no one question goes back to the first page."""
    return questions.STEP_OF_FIELD.get(field_name, questions.STEPS[0]).slug


@permission_required(Permission.FIND_SUPPORT)
@require_http_methods(["GET"])
def results(request):
    """The results for the answers in the address, so refresh, back and a bookmark show them again."""
    answers = questions.answers_from_query(request.GET)
    draft = questions.draft_of(request.session)
    form = FindSupportForm(questions.as_query(answers))
    if not form.is_valid():
        # An address changed by hand: its answers become the draft, to check and put right.
        draft = {"person": draft["person"], "answers": answers}
        questions.keep_draft(request.session, draft)
        return _check_answers_page(request, draft, form, show_errors=True)
    query = questions.results_query(answers)
    if questions.results_query(draft["answers"]) != query:
        # Answers from a bookmark or another search: not for the person this session's draft is for.
        draft = {"person": "", "answers": answers}
        questions.keep_draft(request.session, draft)
    person = _person(request, draft["person"])
    person_id = str(person.pk) if person else ""
    first_time = request.session.get(COUNTED_KEY) != [person_id, query]
    try:
        outcome = match(
            actor=request.user,
            profile=form.profile(),
            sort=form.cleaned_data["sort"],
            person_id=person_id,
            record_unmet_need=first_time,
        )
    except ValidationError as exc:
        add_to_form(form, exc)
        return _check_answers_page(request, draft, form, show_errors=True)
    request.session[COUNTED_KEY] = [person_id, query]
    can_refer = has_permission(request.user, Permission.MAKE_REFERRALS)
    if can_refer:
        # A referral made from these results starts from these answers (referrals/prefill.py).
        remember_find_support(request.session, form.profile(), person_id=person_id)
    context = {
        "outcome": outcome,
        "person": person,
        # Only roles that make referrals are offered "Refer to this service" on each result.
        "can_refer": can_refer,
        "signpost": signpost_for(outcome.outside_country) if outcome.outside_country else None,
    }
    return render(request, "matching/results.html", context)
