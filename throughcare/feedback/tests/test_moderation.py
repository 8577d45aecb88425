"""People's own words wait for the data protection officer of the organisation running the service,
who publishes or rejects them with a reason; emails, phone numbers and possible names are flagged."""

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.feedback.flags import FlagKind, flags_in
from throughcare.feedback.models import Feedback, WordsStatus
from throughcare.myplan.tests.helpers import give, signed_in_client
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.tests.helpers import submitted

pytestmark = pytest.mark.django_db
ALL_YES = {"listened": "yes", "respected": "yes", "recommend": "yes"}


def _words(practitioner, service, words: str) -> Feedback:
    person = person_in(practitioner.current_organisation)
    referral = submitted(practitioner, service, person=person)
    signed_in_client(give(practitioner, person)).post(
        reverse("feedback:give", args=[referral.pk]), {**ALL_YES, "words": words}
    )
    return Feedback.objects.get(referral=referral)


@pytest.fixture
def moderator(make_user, caseworker) -> Client:
    """The data protection officer of the organisation that runs the service."""
    client = Client()
    client.force_login(make_user(Role.DPO, organisation=caseworker.current_organisation))
    return client


def test_emails_phone_numbers_and_possible_names_are_flagged():
    words = "Dave at the desk was rude. Ring me on 07700 900 982 or jo.b@example.com. On Monday I waited."
    flags = flags_in(words, ignore="Harbour Minds")
    assert (FlagKind.EMAIL, "jo.b@example.com") in [(f.kind, f.text) for f in flags]
    assert (FlagKind.PHONE, "07700 900 982") in [(f.kind, f.text) for f in flags]
    names = [f.text for f in flags if f.kind == FlagKind.NAME]
    assert names == []  # "Dave" starts its sentence; Monday and I are not names
    later = flags_in("The worker, Dave Smith, helped. Harbour Minds were good.", ignore="Harbour Minds")
    assert [f.text for f in later] == ["Dave", "Smith"]
    assert flags_in("They were kind and listened.") == []


def test_words_are_flagged_when_given_and_wait_unseen(practitioner, service):
    feedback = _words(practitioner, service, "My worker, Sam Jones, was great. Call 0115 496 0000.")
    assert feedback.words_status == WordsStatus.WAITING
    kinds = {flag["kind"] for flag in feedback.words_flags}
    assert kinds == {"name", "phone"}


def test_the_moderator_sees_the_queue_and_publishes(practitioner, service, moderator):
    feedback = _words(practitioner, service, "They listened to me.")
    queue = moderator.get(reverse("feedback:moderation"))
    assert queue.status_code == 200
    assert reverse("feedback:moderate", args=[feedback.pk]) in queue.content.decode()
    page = moderator.get(reverse("feedback:moderate", args=[feedback.pk])).content.decode()
    assert "They listened to me." in page
    response = moderator.post(reverse("feedback:moderate", args=[feedback.pk]), {"decision": "publish"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.words_status == WordsStatus.PUBLISHED
    assert feedback.moderated_by is not None
    assert AuditEvent.objects.filter(verb="feedback.words_published", target_id=str(feedback.pk)).exists()
    assert AuditEvent.objects.filter(verb="feedback.moderation_viewed").exists()
    # Decided words leave the queue and cannot be decided again.
    assert moderator.get(reverse("feedback:moderate", args=[feedback.pk])).status_code == 404


def test_rejecting_needs_a_reason_given_in_gov_uk_words(practitioner, service, moderator):
    feedback = _words(practitioner, service, "Ring Dave on 07700 900 982.")
    page = moderator.get(reverse("feedback:moderate", args=[feedback.pk])).content.decode()
    assert "A phone number: 07700 900 982" in page
    url = reverse("feedback:moderate", args=[feedback.pk])
    response = moderator.post(url, {"decision": "reject"})
    assert response.status_code == 400
    assert "Choose why the words are not published" in response.content.decode()
    assert moderator.post(url, {}).status_code == 400
    assert moderator.post(url, {"decision": "reject", "reject_reason": "identifies"}).status_code == 302
    feedback.refresh_from_db()
    assert (feedback.words_status, feedback.reject_reason) == (WordsStatus.REJECTED, "identifies")
    assert AuditEvent.objects.filter(verb="feedback.words_rejected", target_id=str(feedback.pk)).exists()


def test_only_the_running_organisations_dpo_reads_the_words(practitioner, caseworker, service, make_user):
    feedback = _words(practitioner, service, "They were kind.")
    other_dpo = Client()
    other_dpo.force_login(make_user(Role.DPO))
    assert other_dpo.get(reverse("feedback:moderate", args=[feedback.pk])).status_code == 404
    assert "They were kind" not in other_dpo.get(reverse("feedback:moderation")).content.decode()
    for role in (Role.PROVIDER_MANAGER, Role.PROVIDER_CASEWORKER, Role.COMMISSIONER):
        staff = Client()
        staff.force_login(
            make_user(
                role, organisation=caseworker.current_organisation if role != Role.COMMISSIONER else None
            )
        )
        assert staff.get(reverse("feedback:moderation")).status_code == 403
        assert staff.get(reverse("feedback:moderate", args=[feedback.pk])).status_code == 403


def test_the_queue_takes_a_fixed_number_of_queries(
    practitioner, service, moderator, django_assert_max_num_queries
):
    for n in range(4):
        _words(practitioner, service, f"Words number {n}.")
    with django_assert_max_num_queries(8):
        assert moderator.get(reverse("feedback:moderation")).status_code == 200


def test_published_words_show_beside_a_published_count_only(
    practitioner, caseworker, service, moderator, make_user
):
    first = _words(practitioner, service, "They listened to me.")
    rejected = _words(practitioner, service, "Ring Dave on 07700 900 982.")
    moderator.post(reverse("feedback:moderate", args=[first.pk]), {"decision": "publish"})
    moderator.post(
        reverse("feedback:moderate", args=[rejected.pk]),
        {"decision": "reject", "reject_reason": "identifies"},
    )
    commissioner = Client()
    commissioner.force_login(make_user(Role.COMMISSIONER))
    page = commissioner.get(reverse("feedback:summary")).content.decode()
    assert "They listened to me." not in page  # 2 answered: the count is hidden, so are the words
    for n in range(7):
        _words(practitioner, service, f"Waiting words {n}.")
    page = commissioner.get(reverse("feedback:summary")).content.decode()
    assert "They listened to me." in page
    assert "07700" not in page
    assert "Waiting words" not in page


def test_the_moderators_home_counts_the_words_waiting_and_links_to_them(practitioner, service, moderator):
    home = reverse("core:home")
    assert "There are no words waiting to be checked" in moderator.get(home).content.decode()
    _words(practitioner, service, "They listened to me.")
    _words(practitioner, service, "Kind staff.")
    page = moderator.get(home).content.decode()
    assert "2 comments waiting to be checked" in page
    assert f'href="{reverse("feedback:moderation")}"' in page
    assert "Kind staff" not in page  # a count on home; the words themselves only on the audited list
