"""Find support as question pages: which questions each page asks, and the answers kept between them.

Answers are kept in the session as the form data each page posted (names to lists of strings), so a
page shows exactly what was typed, the results URL is those same answers, and one `FindSupportForm`
checks them all before matching. Nothing is saved to the database until the results are shown.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict

from throughcare.directory.forms.fields import GovukDateField
from throughcare.matching.forms import FindSupportForm

SESSION_KEY = "find_support_draft"


@dataclass(frozen=True)
class Step:
    slug: str
    heading: str
    fields: tuple[str, ...]


# One topic a page, in the order a practitioner would think about them.
STEPS = (
    Step("where", "Where they will get support", ("postcode", "travel_miles", "online_only")),
    Step("needs", "What they need help with", ("need_codes", "tier", "phq9", "gad7")),
    Step(
        "circumstances",
        "Their circumstances",
        (
            "uses_substances",
            "risk_to_others",
            "risk_to_self",
            "gp_registered",
            "age",
            "gender",
            "ethnicity",
            "neurodivergent",
            "language",
            "needs_interpreter",
        ),
    ),
    Step(
        "legal-status",
        "Legal status and who can refer them",
        ("legal_status", "release_date", "mhtr_kinds", "opd_screened_in", "referral_routes"),
    ),
    Step("preferences", "What they would prefer", ("preferences", "community_codes", "sort")),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}
STEP_OF_FIELD = {name: step for step in STEPS for name in step.fields}


def step_after(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def step_before(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index else None


def step_form(step: Step, data=None, initial=None) -> FindSupportForm:
    """The Find support form cut down to one page's questions (its checks run for those only)."""
    form = FindSupportForm(data, initial=initial)
    form.fields = {name: form.fields[name] for name in step.fields}
    form.first_field_id = f"id_{step.fields[0]}"
    return form


def _data_names(name: str, field: forms.Field) -> list[str]:
    """The names a field's answer is posted under (a date as its day, month and year boxes)."""
    if isinstance(field, GovukDateField):
        return [f"{name}_day", f"{name}_month", f"{name}_year"]
    return [name]


def posted_answers(step: Step, data: QueryDict) -> dict[str, list[str]]:
    """A page's answers as posted, to keep; a box left unticked is kept as nothing."""
    fields = FindSupportForm.base_fields
    return {key: data.getlist(key) for name in step.fields for key in _data_names(name, fields[name])}


def as_answers(values: dict) -> dict[str, list[str]]:
    """Python values (a form's initial answers, or a person's record) as posted answers."""
    answers: dict[str, list[str]] = {}
    for name, value in values.items():
        field = FindSupportForm.base_fields[name]
        if value is None:
            continue
        if isinstance(value, date):
            parts = (value.day, value.month, value.year)
            answers |= {key: [str(part)] for key, part in zip(_data_names(name, field), parts, strict=True)}
        elif isinstance(field, forms.BooleanField):
            answers[name] = ["on"] if value else []
        elif isinstance(value, list | tuple):
            answers[name] = [str(item) for item in value]
        else:
            answers[name] = [str(value)]
    return answers


def starting_answers() -> dict[str, list[str]]:
    """The answers a new search starts with: the form's defaults (never a risk answer)."""
    defaults = {name: field.initial for name, field in FindSupportForm.base_fields.items()}
    return as_answers({name: value for name, value in defaults.items() if value is not None})


def as_query(answers: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in answers.items():
        query.setlist(key, values)
    return query


def answers_from_query(data: QueryDict) -> dict[str, list[str]]:
    """Every answer a results address carries, and nothing else."""
    fields = FindSupportForm.base_fields
    keys = [key for name, field in fields.items() for key in _data_names(name, field)]
    return {key: data.getlist(key) for key in keys if key in data}


def given(answers: dict[str, list[str]]) -> dict[str, list[str]]:
    """The answers that say something, in the form's order: two drafts that say the same are equal."""
    order = list(answers_from_query(as_query(answers)))
    kept = {key: [value for value in answers[key] if value] for key in order}
    return {key: values for key, values in kept.items() if values}


def results_query(answers: dict[str, list[str]]) -> str:
    """The answers as a results address's query string, leaving out answers left empty."""
    return urlencode(given(answers), doseq=True)


def shown_initial(step: Step, answers: dict[str, list[str]]) -> dict:
    """What a page's boxes show for the answers kept: each widget reads them as if just posted."""
    query = as_query(answers)
    fields = FindSupportForm.base_fields
    return {
        name: fields[name].widget.value_from_datadict(query, {}, name)
        for name in step.fields
        if any(key in answers for key in _data_names(name, fields[name]))
    }


# The draft in the session: who the search is for (or "") and the answers so far.
def draft_of(session) -> dict:
    return session.get(SESSION_KEY) or {"person": "", "answers": starting_answers()}


def keep_draft(session, draft: dict) -> None:
    session[SESSION_KEY] = draft
