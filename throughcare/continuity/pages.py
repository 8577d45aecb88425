"""What the journey and order pages share: the core form page, shown in continuity's form template
with a heading, button and the way back to the journey."""

from django.urls import reverse

from throughcare.core import form_pages
from throughcare.core.form_pages import posted

__all__ = ["form_page", "journey_url", "posted"]


def form_page(request, *, form, person, heading, button, save, back_url, explanation="", success):
    """Show the form; on a valid POST call `save(form)`, then redirect to its result or show its errors."""
    context = {
        "person": person,
        "heading": heading,
        "button": button,
        "back_url": back_url,
        "explanation": explanation,
    }
    return form_pages.form_page(
        request, form=form, template="continuity/form.html", context=context, save=save, success=success
    )


def journey_url(person) -> str:
    return reverse("continuity:journey", kwargs={"person_id": person.pk})
