"""The person sees who may have their details, in plain words, says stop (the referral is withdrawn
exactly as when staff record it, and both sides are told) and says yes where a referral waits for it."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.core.models import AuditEvent
from throughcare.core.readability import reading_age
from throughcare.myplan.tests.helpers import give, signed_in_client
from throughcare.notices.models import Notice
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.models import Consent, ConsentMethod
from throughcare.referrals.states import ReferralState, Side
from throughcare.referrals.tests.helpers import draft, submitted

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    body = response.content.decode()
    return html.unescape(re.sub(r"<[^>]+>", " ", body[body.index("<main") : body.index("</main>")]))


@pytest.fixture
def person(practitioner):
    return person_in(practitioner.current_organisation)


@pytest.fixture
def phone(practitioner, person) -> Client:
    return signed_in_client(give(practitioner, person))


def test_the_person_sees_who_has_their_details_and_who_asks(practitioner, service, person, phone):
    shared = submitted(practitioner, service, person=person)
    asking = draft(practitioner, service, person=person)
    page = phone.get(reverse("myplan:sharing"))
    text = _text(page)
    assert f"You said {service.name} can have your details." in text
    assert f"Your worker wants to send your details to {service.name}." in text
    assert reverse("myplan:sharing-one", args=[shared.pk]) in page.content.decode()
    assert reverse("myplan:sharing-one", args=[asking.pk]) in page.content.decode()
    assert reading_age(text) <= 9, text
    one = _text(phone.get(reverse("myplan:sharing-one", args=[shared.pk])))
    assert "your medicines and your safety" in one
    assert reading_age(one) <= 9, one
    viewed = AuditEvent.objects.filter(verb="plan_access.sharing_viewed", actor__isnull=True)
    assert viewed.filter(target_id=str(person.pk)).count() == 2


def test_saying_stop_withdraws_the_referral_as_staff_would_and_tells_both_sides(
    practitioner, caseworker, service, person, phone
):
    referral = submitted(practitioner, service, person=person)
    response = phone.post(reverse("myplan:sharing-one", args=[referral.pk]))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.WITHDRAWN
    move = referral.transitions.order_by("id").last()
    assert (move.side, move.reason_code, move.actor) == (Side.SYSTEM, "consent_withdrawn", None)
    assert not referral.consents.filter(withdrawn_at__isnull=True).exists()
    told = set(
        Notice.objects.filter(referral=referral, kind="status_changed").values_list("organisation", flat=True)
    )
    assert told == {practitioner.current_organisation_id, caseworker.current_organisation_id}
    events = AuditEvent.objects.filter(actor__isnull=True)
    assert events.filter(verb="plan_access.consent_withdrawn", target_id=str(person.pk)).exists()
    assert events.filter(verb="referral.transitioned", target_id=str(referral.pk)).exists()
    text = _text(phone.get(response["Location"]))
    assert "You said stop." in text
    assert f"{service.name} do not get your details any more. You said stop on " in text


def test_a_get_changes_nothing(practitioner, service, person, phone):
    referral = submitted(practitioner, service, person=person)
    phone.get(reverse("myplan:sharing-one", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.state == ReferralState.SUBMITTED


def test_saying_yes_records_consent_given_electronically_by_the_person(practitioner, service, person, phone):
    referral = draft(practitioner, service, person=person)
    assert phone.post(reverse("myplan:sharing-one", args=[referral.pk])).status_code == 302
    consent = Consent.objects.get(referral=referral)
    assert consent.how_obtained == ConsentMethod.ELECTRONIC
    assert consent.recorded_by is None
    assert service.name in consent.shared_with
    assert AuditEvent.objects.filter(verb="plan_access.consent_given", actor__isnull=True).exists()
    # The referrer can now send it.
    from throughcare.referrals.services import referral_submit

    referral_submit(actor=practitioner, referral=referral)
    referral.refresh_from_db()
    assert referral.state == ReferralState.SUBMITTED


def test_stopping_a_draft_tells_the_referrer_only(practitioner, caseworker, service, person, phone):
    referral = draft(practitioner, service, person=person)
    phone.post(reverse("myplan:sharing-one", args=[referral.pk]))  # yes
    phone.post(reverse("myplan:sharing-one", args=[referral.pk]))  # then stop
    referral.refresh_from_db()
    assert referral.state == ReferralState.WITHDRAWN
    told = set(Notice.objects.filter(referral=referral).values_list("organisation", flat=True))
    assert told == {practitioner.current_organisation_id}


def test_someone_elses_referral_is_not_there(practitioner, service, phone):
    other = submitted(practitioner, service, person=person_in(practitioner.current_organisation))
    assert phone.get(reverse("myplan:sharing-one", args=[other.pk])).status_code == 404
    assert phone.post(reverse("myplan:sharing-one", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.state == ReferralState.SUBMITTED


def test_staff_and_strangers_cannot_use_the_pages(practitioner, service, person):
    referral = submitted(practitioner, service, person=person)
    staff = Client()
    staff.force_login(practitioner)
    for client in (staff, Client()):
        response = client.post(reverse("myplan:sharing-one", args=[referral.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("myplan:signed-out")
    referral.refresh_from_db()
    assert referral.state == ReferralState.SUBMITTED


def test_the_list_takes_a_fixed_number_of_queries(
    practitioner, service, person, phone, django_assert_max_num_queries
):
    for _ in range(4):
        submitted(practitioner, service, person=person)
    with django_assert_max_num_queries(8):
        assert phone.get(reverse("myplan:sharing")).status_code == 200
