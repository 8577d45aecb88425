"""The outcome pages and the referral page's section: GOV.UK errors with 422, sides, fixed query counts."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from throughcare.core.permissions import Role
from throughcare.outcomes.models import EndOfServiceSummary, OutcomeMeasurement
from throughcare.outcomes.tests.helpers import S, completed, in_treatment, move, record, write_summary
from throughcare.referrals.tests.helpers import submitted

pytestmark = pytest.mark.django_db


def client_as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def referral(referrer, receiver, service):
    return in_treatment(referrer, receiver, service)


def detail(referral) -> str:
    return reverse("referrals:detail", kwargs={"referral_id": referral.pk})


def record_url(referral, measure="") -> str:
    url = reverse("outcomes:record", kwargs={"referral_id": referral.pk})
    return f"{url}?measure={measure}" if measure else url


def summary_url(referral) -> str:
    return reverse("outcomes:summary", kwargs={"referral_id": referral.pk})


def phq9_post(**answers) -> dict:
    data = {"measure": "PHQ-9", "occasion": "first", "recorded_on_day": "2", "recorded_on_month": "3"}
    data["recorded_on_year"] = "2026"
    data.update({f"question_{n}": "1" for n in range(1, 10)})
    data.update(answers)
    return data


def test_the_section_shows_a_table_per_measure_with_text_flags_and_change(receiver, referrer, referral):
    record(receiver, referral, "PHQ-9", answers=[3, 3, 3, 3, 2, 2, 2, 1, 1], on=date(2026, 1, 5))  # 20
    record(receiver, referral, "PHQ-9", answers=[1, 1, 1, 1, 0, 0, 0, 0, 0], on=date(2026, 3, 2))  # 4
    record(receiver, referral, "SWEMWBS", total=20, on=date(2026, 1, 5))
    page = client_as(referrer).get(detail(referral)).content.decode()
    assert "Outcome measures" in page
    assert "PHQ-9: Patient Health Questionnaire (depression)" in page
    assert "Risk to self: question 9 above zero" in page
    assert "In the clinical range" in page
    assert "Severe" in page
    assert "None or minimal" in page
    assert "Down 16 (lower is better). Reliable improvement." in page
    assert "18.59" in page  # SWEMWBS's metric score
    assert "Record an outcome measure" not in page  # the referrer reads only


def test_the_receiver_is_offered_the_recording_link(receiver, referral):
    page = client_as(receiver).get(detail(referral)).content.decode()
    assert "No outcome measures recorded yet." in page
    assert record_url(referral) in page
    assert "Write the end-of-service summary" not in page


def test_the_written_summary_is_shown_to_the_referrer(referrer, receiver, service):
    referral = completed(referrer, receiver, service)
    write_summary(receiver, referral, recommendations="See the GP about sleep.")
    page = client_as(referrer).get(detail(referral)).content.decode()
    assert "See the GP about sleep." in page
    assert "Appointments booked: 0" in page


def test_the_section_costs_the_same_queries_however_many_measures(receiver, referral):
    client = client_as(receiver)
    record(receiver, referral)
    with CaptureQueriesContext(connection) as one:
        client.get(detail(referral))
    for month in range(1, 7):
        record(receiver, referral, "GAD-7", on=date(2026, month, 1))
        record(receiver, referral, "WEMWBS", total=40, on=date(2026, month, 1))
    with CaptureQueriesContext(connection) as thirteen:
        client.get(detail(referral))
    assert len(thirteen) == len(one)


def test_choosing_the_measure_comes_first(receiver, referral):
    response = client_as(receiver).get(record_url(referral))
    assert response.status_code == 200
    assert "Which measure do you want to record?" in response.content.decode()


def test_an_unknown_measure_is_an_error(receiver, referral):
    response = client_as(receiver).get(record_url(referral, "BDI-II"))
    assert response.status_code == 422
    assert "Choose a measure from the list" in response.content.decode()


def test_the_form_numbers_questions_and_shows_no_wording(receiver, referral):
    page = client_as(receiver).get(record_url(referral, "CORE-10")).content.decode()
    assert len(re.findall(r">Question \d+</legend>", page)) == 10
    assert page.count('name="question_') == 50  # five columns, 0 to 4, for each
    assert "Question 10" in page
    assert "Question 11" not in page
    assert 'value="4"' in page
    assert "not a score printed in the box" in page  # CORE-10 reverses items 2 and 3


def test_a_licensed_measure_asks_for_the_total_only(receiver, referral):
    page = client_as(receiver).get(record_url(referral, "WEMWBS")).content.decode()
    assert "WEMWBS total" in page
    assert "Question 1" not in page


def test_a_missing_answer_is_named_in_the_error_summary(receiver, referral):
    response = client_as(receiver).post(record_url(referral), phq9_post(question_9=""))
    assert response.status_code == 422
    page = response.content.decode()
    assert '<a href="#id_question_9">Answer question 9</a>' in page
    assert not OutcomeMeasurement.objects.exists()


def test_a_forged_answer_is_named(receiver, referral):
    response = client_as(receiver).post(record_url(referral), phq9_post(question_2="7"))
    assert response.status_code == 422
    assert "Question 2: choose an answer from 0 to 3" in response.content.decode()


def test_a_wrong_total_is_an_error(receiver, referral):
    data = {"measure": "SWEMWBS", "occasion": "last", "total": "40"}
    data.update(recorded_on_day="2", recorded_on_month="3", recorded_on_year="2026")
    response = client_as(receiver).post(record_url(referral), data)
    assert response.status_code == 422
    assert "The SWEMWBS total must be a whole number from 7 to 35" in response.content.decode()


def test_recording_redirects_back_with_a_message(receiver, referral):
    client = client_as(receiver)
    response = client.post(record_url(referral), phq9_post())
    assert response.status_code == 302
    assert response["Location"] == detail(referral) + "#outcomes"
    assert (
        "PHQ-9 recorded: total 9. A risk to self notice" in client.get(response["Location"]).content.decode()
    )


def test_the_record_page_sends_back_a_referral_not_yet_taken_on(referrer, receiver, service):
    referral = submitted(referrer, service)
    response = client_as(receiver).get(record_url(referral))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("who", "status"),
    [("referrer", 403), (Role.PROVIDER_CASEWORKER, 404), (Role.COMMISSIONER, 403), (Role.ADMINISTRATOR, 403)],
)
def test_only_the_receiving_service_reaches_the_form(referrer, referral, make_user, who, status):
    user = referrer if who == "referrer" else make_user(who)
    assert client_as(user).get(record_url(referral, "PHQ-9")).status_code == status
    assert client_as(user).post(record_url(referral), phq9_post()).status_code == status
    assert not OutcomeMeasurement.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(referral):
    response = Client().get(record_url(referral))
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


def test_the_summary_form_shows_what_will_be_copied_in(referrer, receiver, service):
    referral = in_treatment(referrer, receiver, service)
    record(receiver, referral, "GAD-7")
    move(receiver, referral, S.COMPLETED)
    response = client_as(receiver).get(summary_url(referral))
    assert response.status_code == 200
    page = response.content.decode()
    assert "GAD-7: 2 on 2 March 2026. Only one score so far." in page
    assert "Appointments booked: 0" in page


def test_a_blank_summary_names_each_part(referrer, receiver, service):
    referral = completed(referrer, receiver, service)
    response = client_as(receiver).post(summary_url(referral), {"offered": "", "recommendations": ""})
    assert response.status_code == 422
    page = response.content.decode()
    assert '<a href="#id_offered">Enter what the service offered</a>' in page
    assert "Enter the next steps for the referrer, or say there are none" in page
    assert not EndOfServiceSummary.objects.exists()


def test_writing_the_summary_redirects_back(referrer, receiver, service):
    referral = completed(referrer, receiver, service)
    data = {"offered": "Six sessions.", "recommendations": "None.", "next_steps": "None."}
    response = client_as(receiver).post(summary_url(referral), data)
    assert response.status_code == 302
    assert EndOfServiceSummary.objects.get().offered == "Six sessions."


def test_the_summary_page_sends_back_a_referral_still_in_treatment(receiver, referral):
    assert client_as(receiver).get(summary_url(referral)).status_code == 302


def test_the_referrer_cannot_write_the_summary(referrer, receiver, service):
    referral = completed(referrer, receiver, service)
    assert client_as(referrer).get(summary_url(referral)).status_code == 403
