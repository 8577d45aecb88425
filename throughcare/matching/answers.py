"""The check-answers page's rows: each question of each page, its answer in words, and where to change it."""

from datetime import date

from django import forms
from django.urls import reverse

from throughcare.directory.forms.fields import GovukDateField
from throughcare.matching import questions
from throughcare.matching.forms import FindSupportForm

NOT_ANSWERED = "Not answered"


def _label(field: forms.Field) -> str:
    return str(field.label).removesuffix(" (optional)").strip()


def _in_words(field: forms.Field, value) -> str:
    """An answer as the person chose it: the choice's words, never its code."""
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    choices = {str(code): words for code, words in getattr(field, "choices", ())}
    if isinstance(value, str | int) and str(value) in choices:
        return str(choices[str(value)])
    if value in (None, "", [], ()):
        return NOT_ANSWERED
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, list | tuple):
        return ", ".join(str(choices.get(str(item), item)) for item in value)
    return str(value)


def _as_typed(form: FindSupportForm, name: str) -> str | None:
    """A typed answer that did not pass, shown as typed; a choice that did not pass, as none."""
    field = form.fields[name]
    if isinstance(field, forms.CharField | forms.IntegerField) and not getattr(field, "choices", None):
        return form.data.get(name) or None
    return None


def _first_box(form: FindSupportForm, name: str) -> str:
    """The id a Change link jumps to: the question's first box (a date's day, a group's first option)."""
    if isinstance(form.fields[name], GovukDateField):
        return form[name].id_for_label
    return form[name].auto_id


def answer_rows(form: FindSupportForm) -> list[dict]:
    """Each page's questions with the answers kept; an answer that does not pass shows as not answered."""
    form.is_valid()
    sections = []
    for step in questions.STEPS:
        change = reverse("matching:question", args=[step.slug]) + "?change=yes"
        rows = []
        for name in step.fields:
            field = form.fields[name]
            wrong = name in form.errors
            value = _as_typed(form, name) if wrong else form.cleaned_data.get(name)
            if name == "postcode" and value:
                value = value.strip().upper()
            words = _in_words(field, value)
            rows.append(
                {
                    "name": name,
                    "label": _label(field),
                    "value": words,
                    "tag": ("Missing" if words == NOT_ANSWERED else "Check") if wrong else "",
                    "change": f"{change}#{_first_box(form, name)}",
                }
            )
        sections.append({"step": step, "rows": rows})
    return sections
