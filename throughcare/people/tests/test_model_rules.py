"""A person's rules live on the model (field rules and `Person.clean()`, run by `full_clean()`), so the
page and the API refuse the same details with the same words."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from throughcare.core.permissions import Role
from throughcare.people.models import Person

pytestmark = pytest.mark.django_db

PAGE = {
    "given_names": "Robin",
    "family_name": "Hollow",
    "date_of_birth_day": "3",
    "date_of_birth_month": "2",
    "date_of_birth_year": "1988",
    "gender": "not_known",
}
API = {"given_names": "Robin", "family_name": "Hollow", "date_of_birth": "1988-02-03", "gender": "not_known"}

# (what the page posts, what the API posts, the field, the model's message)
CASES = [
    pytest.param(
        {"contact_preference": "phone"},
        {"contact_preference": "phone"},
        "phone",
        "Enter a phone number, as they prefer to be contacted by phone",
        id="cross-field rule in Person.clean",
    ),
    pytest.param(
        {"needs": ["interpreter_needed"]},
        {"interpreter_needed": True},
        "interpreter_language",
        "Enter the language they need an interpreter for",
        id="interpreter without a language",
    ),
    pytest.param(
        {"phone": "call me"},
        {"phone": "call me"},
        "phone",
        "Enter a phone number, like 07700 900 982 or +44 7700 900 982",
        id="field validator",
    ),
    pytest.param(
        {"date_of_birth_year": str(date.today().year - 5)},
        {"date_of_birth": date.today().replace(year=date.today().year - 5, day=1).isoformat()},
        "date_of_birth",
        "Date of birth must be at least 10 years ago (the age of criminal responsibility)",
        id="date of birth validator",
    ),
    pytest.param(
        {"interpreter_language": "x" * 101, "needs": ["interpreter_needed"]},
        {"interpreter_language": "x" * 101, "interpreter_needed": True},
        "interpreter_language",
        "The language for the interpreter must be 100 characters or fewer",
        id="length limit in error_messages",
    ),
]


@pytest.mark.parametrize(("page_extra", "api_extra", "field", "message"), CASES)
def test_the_page_and_the_api_give_the_models_message(
    client, users_by_role, token_for, page_extra, api_extra, field, message
):
    client.force_login(users_by_role[Role.PRACTITIONER])
    page = client.post(reverse("people:create"), {**PAGE, **page_extra})
    assert page.status_code == 422
    assert page.context["form"].errors[field] == [message]
    assert message in page.content.decode()

    api = Client(headers={"Authorization": f"Bearer {token_for(Role.PRACTITIONER)}"})
    response = api.post("/api/v1/people", {**API, **api_extra}, content_type="application/json")
    assert response.status_code == 422
    assert {e["loc"][-1]: e["msg"] for e in response.json()["errors"]}[field] == message
    assert not Person.objects.exists()


def test_the_rules_are_the_models_own():
    person = Person(given_names="Robin", family_name="", date_of_birth=None, contact_preference="email")
    with pytest.raises(ValidationError) as refused:
        person.full_clean(validate_unique=False, validate_constraints=False)
    assert refused.value.message_dict["family_name"] == ["Enter their family name"]
    assert refused.value.message_dict["date_of_birth"] == ["Enter their date of birth"]
    assert refused.value.message_dict["email"] == [
        "Enter an email address, as they prefer to be contacted by email"
    ]
