"""Helpers for the model-rule tests: one refused request sent through a page and through the API,
each answered with its field errors, so a test can hold both to the model's words."""

from datetime import date

from django.test import Client
from django.urls import reverse

from throughcare.accounts.services import token_issue


def page_errors(user, url_name: str, kwargs: dict, data: dict) -> dict[str, str]:
    """The first message on each field of the refused page (it must answer 422)."""
    client = Client()
    client.force_login(user)
    response = client.post(reverse(f"continuity:{url_name}", kwargs=kwargs), data)
    assert response.status_code == 422, response.status_code
    assert "govuk-error-summary" in response.content.decode()
    return {field: messages[0] for field, messages in response.context["form"].errors.items()}


def api_errors(user, path: str, body: dict) -> dict[str, str]:
    """The message for each field of the refused API request (it must answer 422)."""
    secret = token_issue(actor=None, user=user, name="rules").secret
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    response = client.post(f"/api/v1/{path}", body, content_type="application/json")
    assert response.status_code == 422, response.content
    return {error["loc"][-1]: error["msg"] for error in response.json()["errors"]}


def date_parts(name: str, value: date | None) -> dict:
    """A GOV.UK date input's three fields, or none of them for a date not given."""
    if value is None:
        return {}
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def page_data(answers: dict) -> dict:
    """A form's POST of `answers`, dates as their three fields."""
    data: dict = {}
    for name, value in answers.items():
        data.update(date_parts(name, value) if isinstance(value, date) else {name: value})
    return data


def api_body(answers: dict) -> dict:
    """A JSON body of `answers`, dates in ISO 8601."""
    return {name: value.isoformat() if isinstance(value, date) else value for name, value in answers.items()}
