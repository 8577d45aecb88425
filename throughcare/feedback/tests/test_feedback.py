"""A person says how a service treated them from their own plan; staff see only disclosure-controlled
counts and shares, providers for their own services and commissioners for all."""

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.core.readability import reading_age
from throughcare.feedback.models import Feedback
from throughcare.myplan.tests.helpers import give, signed_in_client
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.tests.helpers import submitted

pytestmark = pytest.mark.django_db
ALL_YES = {"listened": "yes", "respected": "yes", "recommend": "yes"}


def _person_with_referral(practitioner, service):
    person = person_in(practitioner.current_organisation)
    referral = submitted(practitioner, service, person=person)
    return signed_in_client(give(practitioner, person)), referral


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_person_says_how_a_service_treated_them_once(practitioner, service):
    phone, referral = _person_with_referral(practitioner, service)
    plan = phone.get(reverse("myplan:plan")).content.decode()
    url = reverse("feedback:give", args=[referral.pk])
    assert url in plan
    page = phone.get(url)
    assert page.status_code == 200
    response = phone.post(url, {**ALL_YES, "words": "They were kind."})
    assert "Thank you" in response.content.decode()
    phone.post(url, {**ALL_YES, "recommend": "no"})
    feedback = Feedback.objects.get()
    assert feedback.recommend == "yes"
    assert feedback.words_status == "waiting"
    assert AuditEvent.objects.filter(verb="feedback.given", actor__isnull=True).count() == 1


def test_missing_answers_are_gov_uk_errors(practitioner, service):
    phone, referral = _person_with_referral(practitioner, service)
    response = phone.post(reverse("feedback:give", args=[referral.pk]), {"listened": "yes"})
    assert response.status_code == 400
    assert "Answer: Did they treat you with respect?" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_person_cannot_give_feedback_on_someone_elses_referral(practitioner, service):
    phone, _ = _person_with_referral(practitioner, service)
    _, other = _person_with_referral(practitioner, service)
    assert phone.get(reverse("feedback:give", args=[other.pk])).status_code == 404
    assert Client().get(reverse("feedback:give", args=[other.pk])).status_code == 302


def test_the_form_reads_at_age_nine_or_below(practitioner, service):
    import re

    phone, referral = _person_with_referral(practitioner, service)
    body = phone.get(reverse("feedback:give", args=[referral.pk])).content.decode()
    main = body[body.index("<main") : body.index("</main>")]
    assert reading_age(re.sub(r"<[^>]+>", " ", main)) <= 9


def test_small_numbers_are_hidden_and_larger_ones_rounded(practitioner, service, make_user):
    for n in range(9):
        phone, referral = _person_with_referral(practitioner, service)
        answers = {**ALL_YES, "recommend": "yes" if n < 3 else "no"}
        phone.post(reverse("feedback:give", args=[referral.pk]), answers)
    commissioner = make_user(Role.COMMISSIONER)
    page = _signed_in(commissioner).get(reverse("feedback:summary")).content.decode()
    row = page[page.index(service.name) :]
    cells = [cell.strip() for cell in row.split("</tr>")[0].split('numeric">')[1:]]
    cells = [cell.split("<")[0] for cell in cells]
    assert cells[0] == "10"  # 9 answered, rounded to the nearest 5 (never below 10)
    assert cells[1] == "100.0%"  # listened: 9 of 9, shares worked out from the published counts
    assert cells[3] == "*"  # would recommend: 3 people, hidden
    assert "They were kind" not in page


def test_providers_see_only_their_own_services_and_others_are_refused(practitioner, service, make_user):
    phone, referral = _person_with_referral(practitioner, service)
    phone.post(reverse("feedback:give", args=[referral.pk]), ALL_YES)
    elsewhere = make_user(Role.PROVIDER_MANAGER)
    assert service.name not in _signed_in(elsewhere).get(reverse("feedback:summary")).content.decode()
    owner = make_user(Role.PROVIDER_MANAGER, organisation=service.organisation.owner)
    assert service.name in _signed_in(owner).get(reverse("feedback:summary")).content.decode()
    assert _signed_in(practitioner).get(reverse("feedback:summary")).status_code == 403


def test_the_summary_takes_a_fixed_number_of_queries(
    practitioner, service, make_user, django_assert_max_num_queries
):
    for _ in range(3):
        phone, referral = _person_with_referral(practitioner, service)
        phone.post(reverse("feedback:give", args=[referral.pk]), ALL_YES)
    client = _signed_in(make_user(Role.COMMISSIONER))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("feedback:summary")).status_code == 200
