"""The Lived Experience Advisory Council export: counts per question and answer through the one
disclosure rule (small cells hidden, and a second hidden where one could be worked back), published
words only, only beside a published count, with months and no identifiers; scoped by role; audited."""

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.feedback.council import COLUMNS
from throughcare.feedback.models import Feedback
from throughcare.feedback.services import feedback_give, feedback_words_moderate
from throughcare.myplan.tests.helpers import give
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.tests.helpers import service_of, submitted

pytestmark = pytest.mark.django_db
URL = reverse("feedback:council")


def _answer(practitioner, service, n: int, *, recommend: str = "yes", words: str = "") -> Feedback:
    person = person_in(practitioner.current_organisation, family_name=f"Answerer{n}")
    referral = submitted(practitioner, service, person=person)
    answers = {"listened": "yes", "respected": "yes", "recommend": recommend}
    return feedback_give(access=give(practitioner, person), referral=referral, answers=answers, words=words)


def _moderate(make_user, feedback: Feedback, decision: str, reason: str = "") -> None:
    dpo = make_user(Role.DPO, organisation=feedback.service.organisation.owner)
    feedback_words_moderate(actor=dpo, feedback=feedback, decision=decision, reject_reason=reason)


def _csv(user) -> list[dict]:
    client = Client()
    client.force_login(user)
    response = client.get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == COLUMNS
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]


@pytest.fixture
def answered(practitioner, service, make_user):
    """12 answers to `service` (3 would recommend it, 9 would not), with published, waiting and
    rejected words; and 2 answers to a second service, one with published words."""
    words = {
        0: "Kind and on time.",
        1: "Sam at the desk helped.",
        2: "=1+1",
        3: "Still waiting to be checked.",
    }
    given = [
        _answer(practitioner, service, n, recommend="yes" if n < 3 else "no", words=words.get(n, ""))
        for n in range(12)
    ]
    _moderate(make_user, given[0], "publish")
    _moderate(make_user, given[2], "publish")
    _moderate(make_user, given[1], "reject", "identifies")
    small = service_of(service.organisation.owner, name="Small Place Service")
    few = [
        _answer(practitioner, small, 20 + n, words="Lovely small team." if n == 0 else "") for n in range(2)
    ]
    _moderate(make_user, few[0], "publish")
    return service, small


def test_small_cells_are_hidden_and_a_second_where_one_could_be_worked_back(answered, make_user):
    service, small = answered
    rows = _csv(make_user(Role.COMMISSIONER))
    counts = {(row["Service"], row["Question"]): row for row in rows if row["Question"]}
    listened = counts[(service.name, "Did they listen to you?")]
    assert [listened[c] for c in ("Yes", "A bit", "No", "Answered")] == ["10", "0", "0", "10"]
    recommend = counts[(service.name, "Would you tell a friend to go there?")]
    # 3 yes (hidden); 9 no would give the 3 back from the 12 who answered, so it is hidden too.
    assert [recommend[c] for c in ("Yes", "A bit", "No", "Answered")] == ["*", "0", "*", "10"]
    few = counts[(small.name, "Did they listen to you?")]
    assert [few[c] for c in ("Yes", "A bit", "No", "Answered")] == ["*", "0", "0", "*"]
    assert {row["Area"] for row in rows} == {"England"}


def test_only_published_words_appear_and_only_beside_a_published_count(answered, make_user):
    service, _small = answered
    rows = _csv(make_user(Role.COMMISSIONER))
    words = [(row["Service"], row["Their words"]) for row in rows if row["Their words"]]
    assert sorted(words) == [(service.name, "'=1+1"), (service.name, "Kind and on time.")]
    text = repr(rows)
    assert "Sam at the desk" not in text  # rejected
    assert "Still waiting" not in text  # not yet checked
    assert "Lovely small team" not in text  # published, but only 2 people answered there
    assert all(re.fullmatch(r"[A-Z][a-z]+ \d{4}", row["Month"]) for row in rows if row["Their words"])


def test_nothing_in_the_export_points_to_a_person(answered, make_user):
    rows = _csv(make_user(Role.COMMISSIONER))
    text = repr(rows)
    assert "Answerer" not in text
    for feedback in Feedback.objects.all():
        assert str(feedback.referral_id) not in text
        assert str(feedback.referral_id).replace("-", "") not in text
        assert str(feedback.access_id) not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\b\d{1,2} [A-Z][a-z]+ \d{4}", text)  # no days, only months


def test_providers_and_dpos_export_only_their_own_services(answered, make_user, practitioner):
    service, _small = answered
    owner = service.organisation.owner
    for role in (Role.PROVIDER_MANAGER, Role.DPO):
        assert service.name in {row["Service"] for row in _csv(make_user(role, organisation=owner))}
        assert _csv(make_user(role)) == []
    client = Client()
    client.force_login(practitioner)
    assert client.get(URL, {"format": "csv"}).status_code == 403


def test_the_download_is_audited_and_the_page_offers_it(answered, make_user):
    commissioner = make_user(Role.COMMISSIONER)
    client = Client()
    client.force_login(commissioner)
    page = client.get(URL).content.decode()
    assert "Download the spreadsheet (CSV)" in page
    assert not AuditEvent.objects.filter(verb="feedback.council_exported").exists()
    _csv(commissioner)
    event = AuditEvent.objects.get(verb="feedback.council_exported")
    assert event.actor_id == commissioner.pk
    assert (event.payload["area"], event.payload["services"], event.payload["words"]) == (
        "england:E92000001",
        2,
        2,
    )


def test_a_wrong_month_is_a_govuk_error(make_user):
    client = Client()
    client.force_login(make_user(Role.COMMISSIONER))
    response = client.get(URL, {"from-month": "13", "from-year": "2026", "format": "csv"})
    assert response.status_code == 422
    assert "Enter the start month as a number from 1 to 12" in response.content.decode()


def test_the_export_takes_a_fixed_number_of_queries(answered, make_user, django_assert_max_num_queries):
    client = Client()
    client.force_login(make_user(Role.COMMISSIONER))
    with django_assert_max_num_queries(12):
        assert client.get(URL, {"format": "csv"}).status_code == 200
