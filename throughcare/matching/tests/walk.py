"""Answer Find support's question pages with a test client, as a practitioner would, page by page."""

from django.urls import reverse

from throughcare.matching.questions import STEPS

START = reverse("matching:find-support")
CHECK_ANSWERS = reverse("matching:check-answers")
RESULTS = reverse("matching:results")


def _belongs_to(key: str, fields: tuple[str, ...]) -> bool:
    return any(key == name or key.startswith(f"{name}_") for name in fields)


def answer_every_page(client, answers: dict, *, person=None):
    """Start a search (for `person`, if given), post each page's share of `answers`, then check
    answers; returns the check-answers response: a redirect to the results when all is well, the
    page with every problem (422) otherwise. A page refused along the way keeps its earlier answers."""
    client.get(START, {"person": person.pk} if person else {})
    for step in STEPS:
        page = {key: value for key, value in answers.items() if _belongs_to(key, step.fields)}
        client.post(reverse("matching:question", args=[step.slug]), page)
    return client.post(CHECK_ANSWERS)


def find_support(client, answers: dict, *, person=None):
    """The results page for `answers`, reached through every question page and check answers."""
    response = answer_every_page(client, answers, person=person)
    assert response.status_code == 302, response.content.decode()
    return client.get(response["Location"])
