"""The journey pages: thin views over the journey selectors (scoped, audited reads) and services.

Every rule is the models' or the services' (which run the models' through `full_clean()`); these
views turn the services' refusals into GOV.UK error summaries with 422.
"""

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from throughcare.continuity.custody import forms, selectors, services
from throughcare.continuity.custody import recall as recall_services
from throughcare.continuity.pages import form_page, journey_url, posted
from throughcare.continuity.scope import writable_person
from throughcare.core.once import one_submission
from throughcare.core.permissions import Permission, has_permission, permission_required


@permission_required(Permission.VIEW_PEOPLE)
@require_GET
def journey(request, person_id):
    journey_ = selectors.journey_for(request.user, person_id)
    return render(
        request,
        "continuity/journey.html",
        {
            "journey": journey_,
            "person": journey_.person,
            "can_record": has_permission(request.user, Permission.PLAN_RELEASES),
        },
    )


@require_http_methods(["GET", "POST"])
@one_submission
def reception(request, person_id):
    person = writable_person(request.user, person_id)

    def save(form):
        services.custody_record_reception(
            actor=request.user,
            person=person,
            reception_date=form.cleaned_data["reception_date"],
            expected_release_date=form.cleaned_data["expected_release_date"],
            **form.prison_values(),
        )
        return journey_url(person)

    return form_page(
        request,
        form=forms.ReceptionForm(posted(request)),
        person=person,
        heading="Record a reception into custody",
        button="Record reception",
        save=save,
        back_url=journey_url(person),
        success=f"{person.full_name}'s reception into custody has been recorded.",
    )


@require_http_methods(["GET", "POST"])
@one_submission
def release(request, person_id):
    person = writable_person(request.user, person_id)

    def save(form):
        services.custody_record_release(
            actor=request.user,
            person=person,
            released_on=form.cleaned_data["released_on"],
            release_type=form.cleaned_data["release_type"],
        )
        return journey_url(person)

    return form_page(
        request,
        form=forms.ReleaseForm(posted(request)),
        person=person,
        heading="Record a release from custody",
        button="Record release",
        save=save,
        back_url=journey_url(person),
        success=f"{person.full_name}'s release has been recorded.",
    )


@require_http_methods(["GET", "POST"])
@one_submission
def transfer(request, person_id):
    person = writable_person(request.user, person_id)

    def save(form):
        services.custody_transfer(
            actor=request.user,
            person=person,
            transferred_on=form.cleaned_data["transferred_on"],
            **form.prison_values(),
        )
        return journey_url(person)

    return form_page(
        request,
        form=forms.TransferForm(posted(request)),
        person=person,
        heading="Record a transfer to another prison",
        button="Record transfer",
        save=save,
        back_url=journey_url(person),
        success=f"{person.full_name}'s transfer has been recorded.",
    )


@require_http_methods(["GET", "POST"])
@one_submission
def recall(request, person_id):
    person = writable_person(request.user, person_id)

    def save(form):
        event = recall_services.custody_recall(
            actor=request.user,
            person=person,
            recalled_on=form.cleaned_data["recalled_on"],
            expected_release_date=form.cleaned_data["expected_release_date"],
            **form.prison_values(),
        )
        messages.info(
            request, paused_message(event.paused_referrals.count(), event.paused_requirements.count())
        )
        return journey_url(person)

    return form_page(
        request,
        form=forms.RecallForm(posted(request)),
        person=person,
        heading="Record a recall to custody",
        button="Record recall",
        save=save,
        back_url=journey_url(person),
        explanation="Their running referrals and live requirements will be paused, not closed, and their "
        "services told. Nothing is lost: a re-release offers them back.",
        success=f"{person.full_name}'s recall has been recorded.",
    )


@require_http_methods(["GET", "POST"])
@one_submission
def re_release(request, person_id):
    person = writable_person(request.user, person_id)

    def save(form):
        result = recall_services.custody_re_release(
            actor=request.user,
            person=person,
            released_on=form.cleaned_data["released_on"],
            release_type=form.cleaned_data["release_type"],
        )
        return reverse("continuity:paused-referrals", kwargs={"event_id": result.event.pk})

    return form_page(
        request,
        form=forms.ReleaseForm(posted(request)),
        person=person,
        heading="Record a re-release after recall",
        button="Record re-release",
        save=save,
        back_url=journey_url(person),
        explanation="Requirements paused by the recall become live again. You will then see the paused "
        "referrals, for their services to resume without a new assessment.",
        success=f"{person.full_name}'s re-release has been recorded.",
    )


@permission_required(Permission.VIEW_PEOPLE)
@require_GET
def paused_referrals(request, event_id):
    offer = selectors.re_release_offer_for(request.user, event_id)
    return render(
        request,
        "continuity/paused_referrals.html",
        {
            "offer": offer,
            "person": offer.person,
            # Find support starts from this person's record (their release, not their needs or risk).
            "find_support_url": f"{reverse('matching:find-support')}?person={offer.person.pk}",
        },
    )


@require_http_methods(["GET", "POST"])
@one_submission
def probation_change(request, person_id):
    person = writable_person(request.user, person_id)

    def save(form):
        services.probation_record_change(actor=request.user, person=person, **form.values())
        return journey_url(person)

    return form_page(
        request,
        form=forms.ProbationChangeForm(posted(request)),
        person=person,
        heading="Record a change of probation practitioner or unit",
        button="Record change",
        save=save,
        back_url=journey_url(person),
        success="The change has been recorded.",
    )


def paused_message(referrals: int, requirements: int) -> str:
    """What a recall paused, counted in words that agree with their numbers."""
    return (
        f"{referrals} referral{'' if referrals == 1 else 's'} and {requirements} "
        f"requirement{'' if requirements == 1 else 's'} paused. Their services have been told."
    )
