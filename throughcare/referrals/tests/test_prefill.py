"""A new draft starts from Find support's answers and the person's record; what submission will still
ask for is said before the first save."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from throughcare.continuity.tests.release_helpers import in_custody
from throughcare.matching.tests.walk import answer_every_page, find_support
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.models import Referral

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def answers(person, **changes) -> dict:
    form = {
        "person": str(person.pk),
        "travel_miles": "10",
        "online_only": "on",
        "need_codes": ["depression", "anxiety"],
        "uses_substances": "yes",
        "risk_to_others": "3",
        "risk_to_self": "yes",
        "gp_registered": "no",
        "needs_interpreter": "on",
        "language": "Polish",
        "legal_status": "community_order",
        "referral_routes": ["probation", "self"],
        "preferences": ["one_to_one", "face_to_face"],
        "sort": "best_fit",
    }
    return form | changes


def checked(page: str, name: str) -> list[str]:
    """The values of the radios called `name` that the page has chosen."""
    return re.findall(rf'<input[^>]*name="{name}" type="radio" value="([^"]*)" checked', page)


def value_of(page: str, input_id: str) -> str:
    return re.search(rf'<input[^>]*id="{input_id}"[^>]*value="([^"]*)"', page).group(1)


def start(service, person) -> str:
    return reverse("referrals:start", args=[service.pk]) + f"?person={person.pk}"


def test_find_support_answers_fill_the_new_draft_and_its_needs_are_sent(referrer, service):
    person = person_in(referrer.current_organisation)
    client = signed_in(referrer)
    assert find_support(client, answers(person), person=person).status_code == 200
    page = client.get(start(service, person)).content.decode()
    assert "Needs from Find support" in page
    assert "Depression" in page
    assert checked(page, "uses_substances") == ["yes"]
    assert checked(page, "risk_to_others_level") == ["3"]
    assert checked(page, "at_risk_to_self") == ["yes"]
    assert "Not registered with a GP." in page
    assert value_of(page, "id_interpreter_language") == "Polish"
    assert "Would prefer: one-to-one, face to face." in page

    form = {
        "person": str(person.pk),
        "reason_for_referral": "Low mood since release.",
        "contact_preferences": "Phone, afternoons",
        "interpreter_language": "Polish",
        "in_custody": "no",
        "uses_substances": "yes",
        "risk_to_others_level": "3",
        "at_risk_to_self": "yes",
    }
    assert client.post(start(service, person), form).status_code == 302
    referral = Referral.objects.get(person=person)
    assert referral.need_codes == ["anxiety", "depression"]
    assert referral.uses_substances is True
    assert referral.risk_to_others_level == 3
    # Both sides read the needs in words.
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Anxiety, Depression" in page


def test_the_person_record_fills_contact_interpreter_and_custody(referrer, service):
    person = in_custody(
        referrer,
        days_to_release=20,
        interpreter_needed=True,
        interpreter_language="Urdu",
        contact_preference="phone",
        phone="07700 900123",
    )
    page = signed_in(referrer).get(start(service, person)).content.decode()
    assert value_of(page, "id_interpreter_language") == "Urdu"
    assert "Phone: 07700 900123" in page
    release = timezone.localdate() + timedelta(days=20)
    assert checked(page, "in_custody") == ["yes"]
    assert value_of(page, "id_release_date-day") == str(release.day)
    assert value_of(page, "id_release_date-year") == str(release.year)
    # Nothing said about risk yet: no risk answer is chosen for the practitioner.
    for name in ("uses_substances", "risk_to_others_level", "at_risk_to_self"):
        assert checked(page, name) == []


def test_answers_given_for_someone_else_are_not_used(referrer, service):
    searched_for = person_in(referrer.current_organisation)
    other = person_in(referrer.current_organisation)
    client = signed_in(referrer)
    find_support(client, answers(searched_for), person=searched_for)
    page = client.get(start(service, other)).content.decode()
    assert "Needs from Find support" not in page
    assert "Not registered with a GP." not in page


def test_what_submission_will_ask_for_is_said_before_the_first_save(referrer, service):
    person = person_in(referrer.current_organisation)
    page = signed_in(referrer).get(start(service, person)).content.decode()
    still = page[page.index('id="still-needed"') :]
    assert (
        '<a class="govuk-link" href="#id_reason_for_referral">Enter the reason for the referral</a>' in still
    )
    assert 'href="#id_contact_preferences"' in still


def test_a_search_without_risk_answers_chooses_no_risk_on_the_draft(referrer, service):
    person = person_in(referrer.current_organisation)
    client = signed_in(referrer)
    unanswered = answers(person)
    del unanswered["risk_to_others"], unanswered["risk_to_self"]
    assert answer_every_page(client, unanswered, person=person).status_code == 422
    page = client.get(start(service, person)).content.decode()
    assert "Needs from Find support" not in page  # an unfinished search is not remembered
    for name in ("risk_to_others_level", "at_risk_to_self"):
        assert checked(page, name) == []
