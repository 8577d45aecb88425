"""No form in Throughcare shows Django's own error texts ("This field is required.", "Ensure this value
is less than or equal to 27."): each form found in the code is sent empty and junk answers, and every
error it gives must be in GOV.UK words (core/forms.py). A form added later is checked too; one whose
constructor needs something new fails `test_every_form_can_be_checked` until it is given below.
"""

import importlib
import inspect
import pkgutil
from types import SimpleNamespace

import pytest
from django import forms
from django.http import QueryDict
from django.test import RequestFactory

import throughcare
from throughcare.accounts.models import User
from throughcare.core.forms import GovukErrorsMixin, GovukForm, is_django_default
from throughcare.core.permissions import OrganisationKind
from throughcare.geography.choosing import AreaOptions
from throughcare.geography.selectors import AreaType, NamedArea
from throughcare.outcomes.measures import ITEMISED_MEASURES, TOTAL_ONLY_MEASURES

pytestmark = pytest.mark.django_db
JUNK = ["", " ", "not-a-number", "-1", "99999999999", "2.5", "x" * 5000, "zz-not-an-option"]
PLAN_ITEM = SimpleNamespace(
    kind="first_mental_health_appointment",
    status="to_do",
    not_needed_reason="",
    owner_side="",
    due_on=None,
    place="",
    happens_on=None,
    happens_at=None,
    contact="",
    detail="",
    appointment_id=None,
)
# What each form's constructor needs beyond its answers, by keyword.
CONSTRUCTOR_NEEDS = {
    "organisation": lambda: SimpleNamespace(kind=OrganisationKind.VCSE_PROVIDER),
    "request": lambda: RequestFactory().post("/sign-in/"),
    "locations": lambda: [SimpleNamespace(id=1, name="Hope House", postal_code="LS1 4AP")],
    "area_choices": lambda: {},
    "areas": lambda: AreaOptions([NamedArea(AreaType.LOCAL_AUTHORITY, "E08000035", "Leeds")]),
    "organisations": lambda: [("1", "Leeds Mind")],
    "services": lambda: [("1", "Talking Therapies")],
    "item": lambda: PLAN_ITEM,
    "appointments": lambda: [("1", "Tuesday 2pm")],
    "people": lambda: [],
    "current": lambda: "submitted",
    "side": lambda: "receiver",
    "allowed": lambda: [],
}
# Django's own forms that take what they need positionally, before the answers.
POSITIONAL_NEEDS = {"NewPasswordForm": lambda: (User(email="sam@example.org"),)}


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(throughcare.__path__, "throughcare."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)

    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    found = {cls for cls in below(forms.BaseForm) if cls.__module__.startswith("throughcare.")}
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


PROJECT_FORMS = _project_forms()


def _needs(form_class) -> dict:
    names = list(inspect.signature(form_class.__init__).parameters)[1:]
    return {name: CONSTRUCTOR_NEEDS[name]() for name in names if name in CONSTRUCTOR_NEEDS}


def _variants(form_class) -> list[dict]:
    """One set of constructor arguments per shape the form takes (each outcome measure is a shape)."""
    if "measure" in inspect.signature(form_class.__init__).parameters:
        return [{"measure": code} for code in [*ITEMISED_MEASURES, *TOTAL_ONLY_MEASURES]]
    return [_needs(form_class)]


def _build(form_class, needs: dict, data=None):
    positional = POSITIONAL_NEEDS.get(form_class.__name__, tuple)()
    return form_class(*positional, data=data, **needs)


def _junk_answers(form, value: str) -> QueryDict:
    answers = QueryDict(mutable=True)
    for name in form.fields:
        for suffix in ("", "_day", "_month", "_year", "-day", "-month", "-year", "_0", "_1", "_2"):
            answers.setlist(form.add_prefix(name) + suffix, [value])
    return answers


def test_the_crawl_finds_the_forms():
    names = {cls.__name__ for cls in PROJECT_FORMS}
    assert {"FindSupportForm", "PersonForm", "SignInForm", "MeasurementForm", "DraftForm"} <= names


@pytest.mark.parametrize("form_class", PROJECT_FORMS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_form_words_its_errors_the_govuk_way(form_class):
    assert issubclass(form_class, GovukErrorsMixin), f"{form_class.__name__} should use core.forms.GovukForm"
    leaks = []
    for needs in _variants(form_class):
        probe = _build(form_class, needs)
        for value in JUNK:
            form = _build(form_class, needs, _junk_answers(probe, value))
            form.is_valid()
            for field, errors in form.errors.as_data().items():
                leaks += [
                    f"{field} given {value[:12]!r}: {error.message}"
                    for error in errors
                    for error in error.error_list
                    if is_django_default(error.message) or str(error).startswith("['Ensure this value")
                ]
    assert not leaks, "Django's own words reach the page:\n" + "\n".join(sorted(set(leaks)))


def test_rewording_names_the_field():
    class Ages(GovukForm):
        age = forms.IntegerField(label="Age (optional)", required=False, min_value=10, max_value=110)
        score = forms.IntegerField(label="Score", max_value=27)
        colour = forms.ChoiceField(label="Favourite colour", choices=[("red", "Red")])
        town = forms.CharField(label="Town", max_length=5)

    form = Ages(data={"age": "200", "score": "x", "colour": "blue", "town": "Huddersfield"})
    assert not form.is_valid()
    assert form.errors["age"] == ["“Age” must be between 10 and 110"]
    assert form.errors["score"] == ["“Score” must be a whole number, like 12"]
    # A plural message (the length limits) has no text until its number is known.
    assert form.errors["town"] == ["“Town” must be 5 characters or fewer"]
    assert form.errors["colour"] == ["Select one of the options shown for “Favourite colour”"]
    assert Ages(data={}).errors["score"] == ["Enter an answer for “Score”"]
    assert Ages(data={}).errors["colour"] == ["Select an answer for “Favourite colour”"]
