import re

import pytest
from django.urls import reverse

from throughcare.matching.models import UnmetNeed

pytestmark = pytest.mark.django_db
URL = reverse("matching:find-support")
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


def test_the_form_shows_with_sensible_defaults(client_for):
    page = client_for("practitioner").get(URL).content.decode()
    assert "Find support" in page
    assert 'value="probation" checked' in page


def test_results_show_reasons_and_why_others_were_ruled_out(client_for, leeds_directory):
    response = client_for("practitioner").post(URL, BASE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dual Diagnosis Recovery Group" in page
    assert "Works with people who use drugs or alcohol" in page
    assert "ruled out" in page
    assert "Excludes people currently using drugs or alcohol" in page


def test_nothing_fitting_is_said_and_counted(client_for, leeds_directory):
    page = client_for("practitioner").post(URL, {**BASE, "need_codes": ["eating_disorder"]}).content.decode()
    assert "Nothing in the directory fits their core needs within reach" in page
    assert UnmetNeed.objects.count() == 1


def test_a_postcode_outside_england_is_signposted(client_for, leeds_directory):
    page = client_for("practitioner").post(URL, {**BASE, "postcode": "CF10 1AA"}).content.decode()
    assert "Services in Wales" in page
    assert "Dual Diagnosis Recovery Group" not in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"postcode": "12345"}, "postcode"),
        ({"need_codes": []}, "Choose at least one need"),
        ({"travel_miles": "0"}, "more than 0 and up to 100 miles"),
        ({"age": "300"}, "Enter an age from 10 to 110"),
        (
            {"release_date_day": "31", "release_date_month": "2", "release_date_year": "2027"},
            "must be a real date",
        ),
    ],
)
def test_bad_input_gets_the_error_summary_and_records_nothing(client_for, leeds_directory, change, message):
    response = client_for("practitioner").post(URL, {**BASE, **change})
    page = response.content.decode()
    assert response.status_code == 422
    assert "There is a problem" in page
    assert message in page
    assert not UnmetNeed.objects.exists()


RISK_QUESTIONS = ("risk_to_others", "risk_to_self")


def _checked(page: str, name: str) -> list[str]:
    """The values of the radios called `name` that the page has chosen."""
    return re.findall(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"[^>]*checked', page)


def test_a_blank_search_chooses_no_answer_about_risk(client_for):
    page = client_for("practitioner").get(URL).content.decode()
    for name in RISK_QUESTIONS:
        assert 'name="' + name + '"' in page
        assert _checked(page, name) == []


def test_a_search_without_risk_answers_asks_for_them(client_for, leeds_directory):
    unanswered = {key: value for key, value in BASE.items() if key not in RISK_QUESTIONS}
    response = client_for("practitioner").post(URL, unanswered)
    page = response.content.decode()
    assert response.status_code == 422
    assert "govuk-error-summary" in page
    for message in (
        "Choose the risk of serious harm to others",
        "Say whether they are at current risk to themselves",
    ):
        assert page.count(message) == 2  # in the summary and by the question
    assert not UnmetNeed.objects.exists()


def test_the_risk_answers_given_stay_chosen(client_for):
    answered = {**BASE, "risk_to_others": "3", "risk_to_self": "yes", "need_codes": []}
    response = client_for("practitioner").post(URL, answered)
    page = response.content.decode()
    assert response.status_code == 422  # no need chosen: the page comes back with the answers given
    assert _checked(page, "risk_to_others") == ["3"]
    assert _checked(page, "risk_to_self") == ["yes"]
