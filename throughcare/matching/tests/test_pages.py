import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from throughcare.matching.forms import FindSupportForm
from throughcare.matching.models import UnmetNeed
from throughcare.matching.questions import STEPS
from throughcare.matching.tests.walk import CHECK_ANSWERS, RESULTS, START, answer_every_page, find_support

pytestmark = pytest.mark.django_db
BASE = {
    "postcode": "LS1 4AP",
    "travel_miles": "10",
    "need_codes": ["substance_use", "depression"],
    "uses_substances": "yes",
    "risk_to_others": "1",
    "risk_to_self": "no",
    "gp_registered": "yes",
    "legal_status": "community_order",
    "referral_routes": ["probation", "self"],
    "sort": "best_fit",
}


def question(slug: str, change: bool = False) -> str:
    return reverse("matching:question", args=[slug]) + ("?change=yes" if change else "")


def test_every_question_is_asked_on_exactly_one_page():
    asked = [name for step in STEPS for name in step.fields]
    assert sorted(asked) == sorted(FindSupportForm.base_fields)


def test_a_new_search_starts_at_the_first_page_with_sensible_defaults(client_for):
    client = client_for("practitioner")
    response = client.get(START)
    assert response["Location"] == question("where")
    assert re.search(r'name="travel_miles"[^>]*value="10"', client.get(question("where")).content.decode())
    assert 'value="probation" checked' in client.get(question("legal-status")).content.decode()


def test_each_page_keeps_its_answers_and_goes_on_to_the_next(client_for):
    client = client_for("practitioner")
    client.get(START)
    response = client.post(question("needs"), {"need_codes": ["depression"], "phq9": "12"})
    assert response["Location"] == question("circumstances")
    page = client.get(question("needs")).content.decode()
    assert 'value="depression" checked' in page
    assert 'value="12"' in page
    assert f'href="{question("where")}"' in page  # the Back link


def test_every_problem_on_a_page_is_reported_at_once_in_plain_words(client_for):
    client = client_for("practitioner")
    client.get(START)
    response = client.post(question("circumstances"), {"age": "300"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Error: " in page
    assert "Error: Error:" not in page
    for message in (
        "Select whether they are currently using drugs or alcohol",
        "Choose the risk of serious harm to others",
        "Say whether they are at current risk to themselves",
        "Select whether they are registered with a GP",
        "Enter an age from 10 to 110",
    ):
        assert page.count(message) == 2, message  # in the summary and by the question


@pytest.mark.parametrize(
    ("slug", "answers", "message"),
    [
        ("where", {"postcode": "12345", "travel_miles": "10"}, "postcode"),
        ("where", {"postcode": "LS1 4AP", "travel_miles": "0"}, "more than 0 and up to 100 miles"),
        ("where", {"travel_miles": "10"}, "Enter a postcode (home or release address)"),
        ("needs", {"need_codes": [], "phq9": "40"}, "Choose at least one need"),
        ("needs", {"need_codes": ["depression"], "phq9": "40"}, "A PHQ-9 total is from 0 to 27."),
        (
            "legal-status",
            {
                "legal_status": "in_custody",
                "release_date_day": "31",
                "release_date_month": "2",
                "release_date_year": "2027",
                "referral_routes": ["self"],
            },
            "must be a real date",
        ),
    ],
)
def test_bad_answers_get_the_error_summary(client_for, leeds_directory, slug, answers, message):
    client = client_for("practitioner")
    client.get(START)
    response = client.post(question(slug), answers)
    page = response.content.decode()
    assert response.status_code == 422
    assert "There is a problem" in page
    assert message in page


def test_check_answers_shows_each_answer_in_words_with_change_links(client_for, leeds_directory):
    client = client_for("practitioner")
    response = answer_every_page(client, BASE)
    assert response.status_code == 302
    page = client.get(CHECK_ANSWERS).content.decode()
    assert "Check your answers before finding support" in page
    assert "LS1 4AP" in page
    assert "Community order" in page
    assert "community_order" not in page
    assert f'href="{question("needs", change=True)}#id_need_codes"' in page


def test_a_change_goes_back_to_check_answers(client_for, leeds_directory):
    client = client_for("practitioner")
    answer_every_page(client, BASE)
    page = client.get(question("where", change=True)).content.decode()
    assert f'href="{CHECK_ANSWERS}"' in page
    response = client.post(question("where", change=True), {"postcode": "LS6", "travel_miles": "5"})
    assert response["Location"] == CHECK_ANSWERS
    assert "LS6" in client.get(CHECK_ANSWERS).content.decode()


def test_unanswered_questions_stop_the_search_with_every_reason(client_for, leeds_directory):
    client = client_for("practitioner")
    client.get(START)
    response = client.post(CHECK_ANSWERS)
    page = response.content.decode()
    assert response.status_code == 422
    assert "There is a problem" in page
    for message in ("Choose at least one need", "Choose the risk of serious harm to others"):
        assert message in page
    assert 'href="#answer-need_codes"' in page
    assert not UnmetNeed.objects.exists()


def test_results_are_an_address_that_shows_them_again(client_for, leeds_directory):
    client = client_for("practitioner")
    response = answer_every_page(client, BASE)
    address = urlsplit(response["Location"])
    assert address.path == RESULTS
    assert parse_qs(address.query)["need_codes"] == ["substance_use", "depression"]
    for _ in range(2):  # a refresh shows the same
        page = client.get(response["Location"]).content.decode()
        assert "Dual Diagnosis Recovery Group" in page
        assert "Works with people who use drugs or alcohol" in page
        assert "Excludes people currently using drugs or alcohol" in page
        assert f'href="{CHECK_ANSWERS}">Change your answers' in page


def test_a_bookmarked_address_works_in_a_new_session(client_for, leeds_directory):
    address = answer_every_page(client_for("practitioner"), BASE)["Location"]
    page = client_for("provider_caseworker").get(address).content.decode()
    assert "Dual Diagnosis Recovery Group" in page


def test_nothing_fitting_is_said_and_counted_once(client_for, leeds_directory):
    client = client_for("practitioner")
    address = answer_every_page(client, {**BASE, "need_codes": ["eating_disorder"]})["Location"]
    page = client.get(address).content.decode()
    assert "Nothing in the directory fits their core needs within reach" in page
    client.get(address)  # a refresh
    assert UnmetNeed.objects.count() == 1


def test_a_postcode_outside_england_is_signposted(client_for, leeds_directory):
    page = find_support(client_for("practitioner"), {**BASE, "postcode": "CF10 1AA"}).content.decode()
    assert "Services in Wales" in page
    assert "Dual Diagnosis Recovery Group" not in page


def test_an_address_changed_by_hand_goes_back_to_check_answers(client_for, leeds_directory):
    client = client_for("practitioner")
    response = client.get(RESULTS, {**BASE, "age": "300", "risk_to_others": "9"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Enter an age from 10 to 110" in page
    assert 'href="#answer-risk_to_others"' in page
    assert not UnmetNeed.objects.exists()


RISK_QUESTIONS = ("risk_to_others", "risk_to_self")


def _checked(page: str, name: str) -> list[str]:
    """The values of the radios called `name` that the page has chosen."""
    return re.findall(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"[^>]*checked', page)


def test_a_new_search_chooses_no_answer_about_risk(client_for):
    client = client_for("practitioner")
    client.get(START)
    page = client.get(question("circumstances")).content.decode()
    for name in RISK_QUESTIONS:
        assert 'name="' + name + '"' in page
        assert _checked(page, name) == []


def test_the_risk_answers_given_stay_chosen(client_for):
    client = client_for("practitioner")
    client.get(START)
    response = client.post(question("circumstances"), {"risk_to_others": "3", "risk_to_self": "yes"})
    page = response.content.decode()
    assert response.status_code == 422  # other questions unanswered: the page comes back with these
    assert _checked(page, "risk_to_others") == ["3"]
    assert _checked(page, "risk_to_self") == ["yes"]


def test_an_unknown_page_is_not_found(client_for):
    assert client_for("practitioner").get(question("nowhere")).status_code == 404
