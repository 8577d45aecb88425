"""The referral pages: the worklist, the referral page for both sides, starting a referral from Find
support, consent and every refusal the move form shows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from throughcare.core.permissions import Role
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.models import Referral
from throughcare.referrals.tests.helpers import draft, submitted

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detail(referral) -> str:
    return reverse("referrals:detail", kwargs={"referral_id": referral.pk})


def move(client, referral, **data):
    return client.post(reverse("referrals:transition", kwargs={"referral_id": referral.pk}), data)


def test_worklist_shows_what_the_receiver_must_act_on(receiver, referrer, service):
    referral = submitted(referrer, service)
    Referral.objects.filter(pk=referral.pk).update(due_by="2020-01-01T09:00Z")
    response = signed_in(receiver).get(reverse("referrals:worklist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert referral.person.full_name in html
    assert service.name in html
    assert "Overdue" in html
    assert "Submitted" in html
    assert detail(referral) in html


def test_worklist_queries_do_not_grow_with_the_list(receiver, referrer, service):
    client = signed_in(receiver)
    submitted(referrer, service)
    client.get(reverse("referrals:worklist"))  # warm the session and permission lookups
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("referrals:worklist"))
    for _ in range(3):
        submitted(referrer, service)
    with CaptureQueriesContext(connection) as four:
        response = client.get(reverse("referrals:worklist"))
    assert response.content.decode().count("govuk-tag--blue") == 4
    assert len(four) == len(one)


def test_the_referrer_sees_its_drafts_on_the_worklist(referrer, service):
    referral = draft(referrer, service)
    response = signed_in(referrer).get(reverse("referrals:worklist"))
    assert detail(referral) in response.content.decode()


def test_referral_page_for_both_sides(referrer, receiver, service):
    referral = submitted(referrer, service)
    for user, can_do in ((referrer, "Withdraw the referral"), (receiver, "Acknowledge the referral")):
        response = signed_in(user).get(detail(referral))
        assert response.status_code == 200
        html = response.content.decode()
        assert referral.reason_for_referral in html
        assert "Given on 5 January 2026" in html
        assert can_do in html
        assert "Submitted" in html  # the history
    assert "Accept the referral" not in signed_in(referrer).get(detail(referral)).content.decode()


def test_each_side_is_offered_only_its_own_reasons(referrer, receiver, service):
    referral = submitted(referrer, service)
    referrers = signed_in(referrer).get(detail(referral)).content.decode()
    receivers = signed_in(receiver).get(detail(referral)).content.decode()
    # Declining for want of places is the service's reason; neither side may complete a submitted one.
    assert 'value="no_capacity"' in receivers
    assert 'value="no_capacity"' not in referrers
    assert 'value="person_declined"' in referrers
    assert 'value="treatment_completed"' not in referrers + receivers
    # The hints name only the side's own moves that need a reason or a note.
    assert "Needed to withdraw the referral." in referrers
    assert "Needed to decline" not in referrers
    assert "Needed to decline the referral or withdraw the referral." in receivers
    assert "Needed to decline the referral, and whenever the reason is" in receivers


def test_draft_page_lists_what_is_missing_with_links(referrer, service):
    referral = draft(referrer, service, risk_summary="", contact_preferences="")
    html = signed_in(referrer).get(detail(referral)).content.decode()
    assert "Record the person's consent" in html
    assert "Enter a summary of risk to others" in html
    assert reverse("referrals:edit", kwargs={"referral_id": referral.pk}) + "#id_risk_summary" in html


def test_full_happy_path_through_the_pages(referrer, receiver, service):
    person = person_in(referrer.current_organisation)
    practitioner, caseworker = signed_in(referrer), signed_in(receiver)
    start = reverse("referrals:start", kwargs={"service_id": service.pk})
    chooser = practitioner.get(start)
    assert "Who is this referral for?" in chooser.content.decode()
    assert person.full_name in chooser.content.decode()
    assert practitioner.get(start, {"person": person.pk}).status_code == 200
    created = practitioner.post(
        start,
        {
            "person": person.pk,
            "reason_for_referral": "Low mood",
            "risk_summary": "Low",
            "contact_preferences": "Phone",
            "in_custody": "yes",
            "release_date_day": "1",
            "release_date_month": "6",
            "release_date_year": "2027",
        },
    )
    referral = Referral.objects.get(person=person)
    assert created.status_code == 302
    # A new draft goes on to the person's consent, the one thing every draft still needs.
    assert created["Location"] == reverse("referrals:consent", kwargs={"referral_id": referral.pk})
    assert referral.state == "draft"
    assert str(referral.release_date) == "2027-06-01"

    refused = move(practitioner, referral, target="submitted")
    assert refused.status_code == 422
    assert "Record the person&#x27;s consent before submitting" in refused.content.decode()

    consent = reverse("referrals:consent", kwargs={"referral_id": referral.pk})
    bad = practitioner.post(consent, {"how_obtained": "verbal"})
    assert bad.status_code == 422
    assert "Enter the date consent was given" in bad.content.decode()
    recorded = practitioner.post(
        consent,
        {
            "given_on_day": "5",
            "given_on_month": "1",
            "given_on_year": "2026",
            "how_obtained": "written",
            "shared_with": "The service",
            "purposes": "Support",
        },
    )
    assert recorded["Location"] == reverse("referrals:check-answers", kwargs={"referral_id": referral.pk})
    assert move(practitioner, referral, target="submitted").status_code == 302
    assert move(caseworker, referral, target="acknowledged").status_code == 302
    assert move(caseworker, referral, target="accepted").status_code == 302
    referral.refresh_from_db()
    assert referral.state == "accepted"
    html = caseworker.get(detail(referral)).content.decode()
    assert "Accepted" in html
    assert "Acknowledged" in html


def test_editing_a_draft_keeps_its_needs(referrer, service):
    referral = draft(referrer, service)
    edit = reverse("referrals:edit", kwargs={"referral_id": referral.pk})
    page = signed_in(referrer).get(edit)
    assert referral.risk_summary in page.content.decode()
    response = signed_in(referrer).post(
        edit, {"reason_for_referral": "Changed", "risk_summary": "Low", "in_custody": "no"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.reason_for_referral == "Changed"
    assert referral.need_codes == ["depression"]


def _errors(response) -> str:
    assert response.status_code == 422
    html = response.content.decode()
    assert "There is a problem" in html
    return html


def test_a_move_the_table_does_not_allow_is_shown_on_the_target(referrer, service):
    referral = submitted(referrer, service)
    html = _errors(move(signed_in(referrer), referral, target="accepted"))
    assert 'href="#id_target"' in html
    assert "Only the receiving service can accept the referral" in html


def test_a_missing_reason_is_shown_on_the_reason(referrer, receiver, service):
    referral = submitted(referrer, service)
    html = _errors(move(signed_in(receiver), referral, target="declined", note="Sorry"))
    assert 'href="#id_reason_code"' in html
    assert "Choose a reason to decline the referral." in html


def test_other_without_a_note_is_shown_on_the_note(referrer, receiver, service):
    referral = submitted(referrer, service)
    html = _errors(move(signed_in(receiver), referral, target="declined", reason_code="other"))
    assert 'href="#id_note"' in html
    assert "&#x27;Other&#x27; needs one" in html


def test_a_full_service_is_shown_on_the_target(referrer, receiver, service):
    service.capacity_available = 0
    service.save()
    referral = submitted(referrer, service)
    html = _errors(move(signed_in(receiver), referral, target="accepted"))
    assert "The service is full" in html
    referral.refresh_from_db()
    assert referral.state == "submitted"


def test_another_organisation_gets_404_and_a_commissioner_403(make_user, referrer, service):
    referral = submitted(referrer, service)
    elsewhere = signed_in(make_user(Role.PRACTITIONER))
    assert elsewhere.get(detail(referral)).status_code == 404
    assert move(elsewhere, referral, target="withdrawn").status_code == 404
    commissioner = signed_in(make_user(Role.COMMISSIONER))
    assert commissioner.get(detail(referral)).status_code == 403
    assert commissioner.get(reverse("referrals:worklist")).status_code == 403


def test_the_receiver_cannot_see_a_draft_or_record_consent(referrer, receiver, service):
    referral = draft(referrer, service)
    assert signed_in(receiver).get(detail(referral)).status_code == 404
    sent = submitted(referrer, service)
    consent = reverse("referrals:consent", kwargs={"referral_id": sent.pk})
    assert signed_in(receiver).get(consent).status_code == 403


def test_choosing_someone_outside_the_team_is_refused(make_user, referrer, service):
    stranger = person_in(make_user(Role.PRACTITIONER).current_organisation)
    start = reverse("referrals:start", kwargs={"service_id": service.pk})
    html = _errors(signed_in(referrer).get(start, {"person": stranger.pk}))
    assert stranger.full_name not in html


def test_only_referrers_see_the_refer_button(referrer, receiver):
    # The link is in each Find support result: an online search needs no gazetteer.
    search = {
        "online_only": "on",
        "travel_miles": "10",
        "need_codes": "depression",
        "uses_substances": "no",
        "risk_to_others": "1",
        "risk_to_self": "no",
        "gp_registered": "yes",
        "legal_status": "none",
        "referral_routes": "self",
        "sort": "best_fit",
    }
    for user, expected in ((referrer, True), (receiver, False)):
        response = signed_in(user).get(reverse("matching:results"), search)
        assert response.context["can_refer"] is expected
    assert (
        signed_in(receiver).get(reverse("referrals:start", kwargs={"service_id": receiver.pk})).status_code
        == 403
    )
