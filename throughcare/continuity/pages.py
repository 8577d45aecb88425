"""What the journey and order pages share: the form page that turns a service's refusal into a GOV.UK
error summary with 422, and the way back to the journey.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse


def posted(request):
    return request.POST if request.method == "POST" else None


def form_page(request, *, form, person, heading, button, save, back_url, explanation="", success):
    """Show the form; on a valid POST call `save()`, then redirect to its result or show its errors."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, success)
            return redirect(result)
    return render(
        request,
        "continuity/form.html",
        {
            "form": form,
            "person": person,
            "heading": heading,
            "button": button,
            "back_url": back_url,
            "explanation": explanation,
        },
        status=422 if form.errors else 200,
    )


def journey_url(person) -> str:
    return reverse("continuity:journey", kwargs={"person_id": person.pk})
