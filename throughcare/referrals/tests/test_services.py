"""The referral lifecycle through its services: consent, completeness, sides, reasons, capacity, audit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from throughcare.core.models import AppendOnlyError, AuditEvent
from throughcare.core.permissions import Role
from throughcare.directory.models import Service
from throughcare.people.models import CareTeamMember
from throughcare.people.tests.helpers import person_in
from throughcare.referrals import services
from throughcare.referrals.models import Referral, ReferralTransition
from throughcare.referrals.states import ReferralState, TransitionError, TransitionReasonError
from throughcare.referrals.tests.helpers import complete_details, draft, give_consent, service_of, submitted

pytestmark = pytest.mark.django_db
S = ReferralState


def move(actor, referral, target, reason_code="", note=""):
    return services.referral_transition(
        actor=actor, referral=referral, target=target, reason_code=reason_code, note=note
    )


def test_a_referral_goes_from_draft_to_completed(referrer, receiver, service):
    person = person_in(referrer.current_organisation)
    team_before = CareTeamMember.objects.filter(person=person).count()
    referral = draft(referrer, service, person)
    assert referral.state == S.DRAFT
    assert referral.receiving_organisation_id == receiver.current_organisation_id
    give_consent(referrer, referral)
    services.referral_submit(actor=referrer, referral=referral)
    assert referral.submitted_at is not None
    assert referral.acknowledge_by < referral.decide_by
    assert referral.due_by == referral.acknowledge_by
    move(receiver, referral, S.ACKNOWLEDGED)
    assert referral.due_by == referral.decide_by
    for target in (S.ACCEPTED, S.ASSESSMENT_BOOKED, S.IN_TREATMENT, S.COMPLETED):
        move(receiver, referral, target)
    referral.refresh_from_db()
    assert referral.state == S.COMPLETED
    assert referral.due_by is None
    history = list(referral.transitions.values_list("from_state", "to_state", "side"))
    assert history == [
        ("draft", "submitted", "referrer"),
        ("submitted", "acknowledged", "receiver"),
        ("acknowledged", "accepted", "receiver"),
        ("accepted", "assessment_booked", "receiver"),
        ("assessment_booked", "in_treatment", "receiver"),
        ("in_treatment", "completed", "receiver"),
    ]
    # The receiving service gained nothing in the person's team: it sees only the referral.
    assert CareTeamMember.objects.filter(person=person).count() == team_before
    events = AuditEvent.objects.filter(target_id=str(referral.pk))
    verbs = list(events.exclude(verb="notice.raised").values_list("verb", flat=True))
    assert verbs == ["referral.created", *["referral.transitioned"] * 6]
    # Each shared move told the other side: submitted to the service, then each decision to the referrer.
    assert events.filter(verb="notice.raised").count() == 6
    assert AuditEvent.objects.filter(verb="referral.consent_recorded").count() == 1


def test_submitting_without_consent_is_refused_and_nothing_is_written(referrer, service):
    referral = draft(referrer, service)
    with pytest.raises(ValidationError) as refused:
        services.referral_submit(actor=referrer, referral=referral)
    assert "consent" in refused.value.message_dict
    referral.refresh_from_db()
    assert referral.state == S.DRAFT
    assert not referral.transitions.exists()
    assert not AuditEvent.objects.filter(verb="referral.transitioned").exists()


def test_submitting_with_missing_information_names_each_field(referrer, service):
    referral = draft(
        referrer, service, reason_for_referral=" ", risk_summary="", contact_preferences="", in_custody=True
    )
    give_consent(referrer, referral)
    with pytest.raises(ValidationError) as refused:
        services.referral_submit(actor=referrer, referral=referral)
    assert set(refused.value.message_dict) == {
        "reason_for_referral",
        "risk_summary",
        "contact_preferences",
        "release_date",
    }


def test_a_draft_can_be_completed_and_then_submitted(referrer, receiver, service):
    referral = draft(referrer, service, risk_summary="")
    give_consent(referrer, referral)
    services.referral_update_draft(
        actor=referrer, referral=referral, details=complete_details(risk_summary="Low risk")
    )
    services.referral_submit(actor=referrer, referral=referral)
    assert Referral.objects.get(pk=referral.pk).risk_summary == "Low risk"
    event = AuditEvent.objects.get(verb="referral.updated")
    assert event.payload == {"fields": ["risk_summary"]}
    with pytest.raises(ValidationError, match="Only a draft"):
        services.referral_update_draft(actor=referrer, referral=referral, details=complete_details())
    with pytest.raises(ValidationError, match="Only a draft"):
        services.referral_update_draft(actor=receiver, referral=referral, details=complete_details())


def test_a_custody_referral_may_give_a_reason_the_release_date_is_unknown(referrer, service):
    referral = draft(referrer, service, in_custody=True, release_date_unknown_reason="Awaiting parole board")
    give_consent(referrer, referral)
    services.referral_submit(actor=referrer, referral=referral)
    assert referral.state == S.SUBMITTED


def test_a_move_the_table_does_not_allow_lists_the_allowed_ones(referrer, receiver, service):
    referral = submitted(referrer, service)
    with pytest.raises(TransitionError) as refused:
        move(receiver, referral, S.COMPLETED)
    assert set(refused.value.allowed) == {S.ACKNOWLEDGED, S.ACCEPTED, S.WAITLISTED, S.DECLINED, S.WITHDRAWN}
    assert Referral.objects.get(pk=referral.pk).state == S.SUBMITTED


def test_the_referrer_cannot_make_the_services_decisions(referrer, service):
    referral = submitted(referrer, service)
    with pytest.raises(TransitionError, match="Only the receiving service"):
        move(referrer, referral, S.ACCEPTED)


def test_declining_needs_a_reason_and_a_note(referrer, receiver, service):
    referral = submitted(referrer, service)
    with pytest.raises(TransitionReasonError) as refused:
        move(receiver, referral, S.DECLINED)
    assert refused.value.field == "reason_code"
    with pytest.raises(TransitionReasonError) as refused:
        move(receiver, referral, S.DECLINED, "outside_criteria_area")
    assert refused.value.field == "note"
    move(receiver, referral, S.DECLINED, "outside_criteria_area", "Lives in Leeds: try the Leeds hub.")
    last = referral.transitions.last()
    assert (last.reason_code, last.note) == ("outside_criteria_area", "Lives in Leeds: try the Leeds hub.")


def test_another_organisation_gets_404_and_a_commissioner_403(referrer, service, make_user):
    referral = submitted(referrer, service)
    outsider = make_user(Role.PROVIDER_CASEWORKER)
    with pytest.raises(Http404):
        move(outsider, referral, S.ACKNOWLEDGED)
    with pytest.raises(Http404):
        draft(make_user(Role.PRACTITIONER), service, person=referral.person)
    with pytest.raises(PermissionDenied):
        draft(make_user(Role.COMMISSIONER), service, person=referral.person)


def test_the_receiver_cannot_see_or_act_on_a_draft(referrer, receiver, service):
    referral = draft(referrer, service)
    with pytest.raises(Http404):
        move(receiver, referral, S.ACKNOWLEDGED)


def test_a_service_without_an_owner_in_throughcare_is_refused(referrer):
    imported = service_of(None)
    with pytest.raises(ValidationError, match="does not take referrals through Throughcare"):
        draft(referrer, imported)
    assert not Referral.objects.exists()


def test_accepting_takes_a_place_and_ending_gives_it_back(referrer, receiver):
    service = service_of(receiver.current_organisation, capacity_available=1, capacity_maximum=3)
    referral = submitted(referrer, service)
    move(receiver, referral, S.ACCEPTED)
    assert Service.objects.get(pk=service.pk).capacity_available == 0
    move(receiver, referral, S.PAUSED, "returned_to_custody")  # a paused referral keeps its place
    assert Service.objects.get(pk=service.pk).capacity_available == 0
    move(receiver, referral, S.ENDED_EARLY, "returned_to_custody")
    assert Service.objects.get(pk=service.pk).capacity_available == 1


def test_accepting_into_a_full_service_fails_cleanly(referrer, receiver):
    service = service_of(receiver.current_organisation, capacity_available=0, capacity_maximum=3)
    referral = submitted(referrer, service)
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="The service is full"):
        move(receiver, referral, S.ACCEPTED)
    assert Referral.objects.get(pk=referral.pk).state == S.SUBMITTED
    assert referral.transitions.count() == 1
    assert AuditEvent.objects.count() == audit_before
    # Waitlisting takes no place, so a full service can still do that.
    move(receiver, referral, S.WAITLISTED)


def test_a_service_without_a_recorded_capacity_is_not_limited(referrer, receiver, service):
    referral = submitted(referrer, service)
    move(receiver, referral, S.ACCEPTED)
    assert Service.objects.get(pk=service.pk).capacity_available is None


def test_withdrawing_consent_withdraws_the_referral_and_ends_the_consent(referrer, receiver, service):
    referral = submitted(referrer, service)
    services.referral_withdraw_consent(actor=receiver, referral=referral, note="Told us by phone")
    referral.refresh_from_db()
    assert referral.state == S.WITHDRAWN
    assert referral.transitions.last().reason_code == "consent_withdrawn"
    assert referral.consents.get().withdrawn_at is not None


def test_consent_is_checked(referrer, service):
    referral = draft(referrer, service)
    with pytest.raises(ValidationError) as refused:
        services.consent_record(
            actor=referrer,
            referral=referral,
            given_on=referral.created_at.date().replace(year=2100),
            how_obtained="telepathy",
            shared_with="",
            purposes=" ",
        )
    assert set(refused.value.message_dict) == {"given_on", "how_obtained", "shared_with", "purposes"}
    assert not referral.consents.exists()


def test_history_is_never_changed(referrer, service):
    referral = submitted(referrer, service)
    transition = referral.transitions.get()
    transition.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        transition.save()
    with pytest.raises(AppendOnlyError):
        ReferralTransition.objects.filter(pk=transition.pk).update(note="rewritten")
    with pytest.raises(AppendOnlyError):
        ReferralTransition.objects.all().delete()
