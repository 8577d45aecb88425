"""Each service's own terms: what a referral must tell it, its response times, and its waiting list."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from throughcare.core.models import AuditEvent
from throughcare.core.working_days import deadline
from throughcare.directory import services as directory_services
from throughcare.people.tests.helpers import person_in
from throughcare.referrals import services
from throughcare.referrals.states import ReferralState
from throughcare.referrals.tests.helpers import draft, give_consent, submitted

pytestmark = pytest.mark.django_db
S = ReferralState


def test_a_service_asks_for_what_it_needs(referrer, service):
    service.required_information = ["gp_details", "medication", "risk_to_self"]
    service.save()
    referral = draft(referrer, service, risk_summary="")
    missing = services.missing_to_submit(referral)
    assert set(missing) == {"gp_details", "medication", "risk_to_self"}
    assert missing["gp_details"] == "Enter the person's GP details, or say they have no GP"
    give_consent(referrer, referral)
    with pytest.raises(ValidationError) as refused:
        services.referral_submit(actor=referrer, referral=referral)
    assert set(refused.value.message_dict) == {"gp_details", "medication", "risk_to_self"}


def test_by_default_a_service_asks_for_a_summary_of_risk_to_others(referrer, service):
    referral = draft(referrer, service, risk_summary="")
    assert services.missing_to_submit(referral) == {"risk_summary": "Enter a summary of risk to others"}


def test_an_interpreter_language_is_missing_only_when_the_persons_record_says_one_is_needed(
    referrer, service
):
    service.required_information = ["interpreter_language"]
    service.save()
    needs_one = person_in(
        referrer.current_organisation, interpreter_needed=True, interpreter_language="Polish"
    )
    assert "interpreter_language" in services.missing_to_submit(draft(referrer, service, needs_one))
    assert "interpreter_language" not in services.missing_to_submit(draft(referrer, service))


def test_deadlines_follow_the_services_own_response_times(referrer, service):
    service.acknowledge_within_days = 3
    service.decide_within_days = 10
    service.save()
    referral = submitted(referrer, service)
    assert referral.acknowledge_by == deadline(referral.submitted_at, 3)
    assert referral.decide_by == deadline(referral.submitted_at, 10)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"acknowledge_within_days": 0}, "acknowledge_within_days", "from 1 to 30"),
        ({"decide_within_days": 31}, "decide_within_days", "from 1 to 30"),
        ({"acknowledge_within_days": 5, "decide_within_days": 2}, "decide_within_days", "same as or more"),
        (
            {"required_information": ["shoe_size"]},
            "required_information",
            "Unknown information codes: shoe_size",
        ),
    ],
)
def test_a_manager_is_told_what_is_wrong_with_the_terms(service, make_user, changes, field, message):
    manager = make_user("provider_manager", organisation=service.organisation.owner)
    details = directory_services.details_of(service)
    for name, value in changes.items():
        setattr(details, name, value)
    with pytest.raises(ValidationError) as refused:
        directory_services.service_update(actor=manager, service=service, details=details)
    assert message in " ".join(refused.value.message_dict[field])


def waitlist(receiver, referral, **details):
    return services.referral_transition(actor=receiver, referral=referral, target=S.WAITLISTED, **details)


def test_waitlisting_records_the_place_and_expected_start(referrer, receiver, service):
    referral = submitted(referrer, service)
    starts = timezone.localdate() + timedelta(weeks=6)
    waitlist(receiver, referral, waitlist_position=4, expected_start_on=starts)
    referral.refresh_from_db()
    assert (referral.waitlist_position, referral.expected_start_on) == (4, starts)
    services.referral_transition(actor=receiver, referral=referral, target=S.ACCEPTED)
    referral.refresh_from_db()
    assert (referral.waitlist_position, referral.expected_start_on) == (None, None)


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"waitlist_position": 0}, "waitlist_position"),
        ({"expected_start_on": date(2020, 1, 1)}, "expected_start_on"),
    ],
)
def test_a_waiting_list_place_must_make_sense(referrer, receiver, service, details, field):
    referral = submitted(referrer, service)
    with pytest.raises(ValidationError) as refused:
        waitlist(receiver, referral, **details)
    assert field in refused.value.message_dict
    referral.refresh_from_db()
    assert referral.state == S.SUBMITTED


def test_a_place_on_the_list_is_only_given_when_waitlisting(referrer, receiver, service):
    referral = submitted(referrer, service)
    with pytest.raises(ValidationError, match="only given when waitlisting"):
        services.referral_transition(
            actor=receiver, referral=referral, target=S.ACCEPTED, waitlist_position=2
        )


def test_the_service_moves_someone_up_its_list(referrer, receiver, service):
    referral = submitted(referrer, service)
    waitlist(receiver, referral, waitlist_position=9)
    services.referral_update_waitlist(
        actor=receiver, referral=referral, waitlist_position=2, expected_start_on=None
    )
    referral.refresh_from_db()
    assert referral.waitlist_position == 2
    assert AuditEvent.objects.filter(verb="referral.waitlist_updated", target_id=str(referral.pk)).exists()
    with pytest.raises(ValidationError, match="Only the receiving service"):
        services.referral_update_waitlist(
            actor=referrer, referral=referral, waitlist_position=1, expected_start_on=None
        )


def test_the_referral_page_names_who_made_each_move_and_shows_the_list_place(referrer, receiver, service):
    referral = submitted(referrer, service)
    waitlist(receiver, referral, waitlist_position=3)
    client = Client()
    client.force_login(referrer)
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert f"{receiver.full_name}, receiving service" in page
    assert f"{referrer.full_name}, referrer" in page
    assert "Place on the waiting list" in page


def test_the_waiting_list_form_shows_its_errors(referrer, receiver, service):
    referral = submitted(referrer, service)
    waitlist(receiver, referral, waitlist_position=3)
    client = Client()
    client.force_login(receiver)
    response = client.post(reverse("referrals:waitlist", args=[referral.pk]), {"waitlist_position": "0"})
    assert response.status_code == 422
    assert "The place on the waiting list must be 1 or more" in response.content.decode()
    response = client.post(reverse("referrals:waitlist", args=[referral.pk]), {"waitlist_position": "1"})
    assert response.status_code == 302
