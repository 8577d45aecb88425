"""The referrals API: drafting, consent, submission, moves (409 and 422), the worklist and OpenAPI."""

import pytest
from django.test import Client

from throughcare.accounts.services import token_issue
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.models import Referral
from throughcare.referrals.tests.helpers import draft, submitted

pytestmark = pytest.mark.django_db


def client(user) -> Client:
    secret = token_issue(actor=None, user=user, name="test").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_draft_consent_submit_and_decide_over_the_api(referrer, receiver, service):
    person = person_in(referrer.current_organisation)
    practitioner, caseworker = client(referrer), client(receiver)
    body = {"person_id": str(person.pk), "service_id": str(service.pk), "reason_for_referral": "Low mood"}
    created = practitioner.post("/api/v1/referrals", body, content_type="application/json")
    assert created.status_code == 201, created.json()
    referral_id = created.json()["id"]
    assert created.json()["state"] == "draft"

    refused = practitioner.post(f"/api/v1/referrals/{referral_id}/submit")
    assert refused.status_code == 422
    assert {e["loc"][-1] for e in refused.json()["errors"]} == {
        "consent",
        "risk_summary",
        "contact_preferences",
    }
    consent = {
        "given_on": "2026-01-05",
        "how_obtained": "written",
        "shared_with": "Service",
        "purposes": "Care",
    }
    assert (
        practitioner.post(
            f"/api/v1/referrals/{referral_id}/consent", consent, content_type="application/json"
        ).status_code
        == 201
    )
    Referral.objects.filter(pk=referral_id).update(risk_summary="Low", contact_preferences="Phone")
    sent = practitioner.post(f"/api/v1/referrals/{referral_id}/submit")
    assert sent.status_code == 200
    assert sent.json()["state"] == "submitted"

    seen = caseworker.get(f"/api/v1/referrals/{referral_id}")
    assert seen.status_code == 200
    assert seen.json()["side"] == "receiver"
    moved = caseworker.post(
        f"/api/v1/referrals/{referral_id}/transitions",
        {"target": "accepted"},
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert [h["to_state"] for h in moved.json()["history"]] == ["submitted", "accepted"]


def test_a_move_not_allowed_answers_409_with_the_allowed_states(referrer, receiver, service):
    referral = submitted(referrer, service)
    response = client(receiver).post(
        f"/api/v1/referrals/{referral.pk}/transitions",
        {"target": "completed"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert set(response.json()["allowed"]) == {
        "acknowledged",
        "accepted",
        "waitlisted",
        "declined",
        "withdrawn",
    }
    assert response.json()["detail"]


def test_a_missing_reason_answers_422_naming_the_field(referrer, receiver, service):
    referral = submitted(referrer, service)
    response = client(receiver).post(
        f"/api/v1/referrals/{referral.pk}/transitions",
        {"target": "declined"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "reason_code"]
    assert "no_capacity" in response.json()["allowed_reasons"]


def test_scope_over_the_api(referrer, service, make_user):
    referral = submitted(referrer, service)
    assert (
        client(make_user(Role.PROVIDER_CASEWORKER)).get(f"/api/v1/referrals/{referral.pk}").status_code == 404
    )
    assert client(make_user(Role.COMMISSIONER)).get(f"/api/v1/referrals/{referral.pk}").status_code == 403
    assert Client().get(f"/api/v1/referrals/{referral.pk}").status_code == 401


def test_worklist_over_the_api(referrer, receiver, service):
    referral = submitted(referrer, service)
    draft(referrer, service)
    response = client(receiver).get("/api/v1/worklist")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()] == [str(referral.pk)]
    assert AuditEvent.objects.filter(verb="referral.worklist_viewed").exists()


def test_every_referral_endpoint_is_in_the_openapi():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/referrals",
        "/api/v1/referrals/{referral_id}",
        "/api/v1/referrals/{referral_id}/consent",
        "/api/v1/referrals/{referral_id}/submit",
        "/api/v1/referrals/{referral_id}/transitions",
        "/api/v1/worklist",
    ):
        assert path in paths
    assert "409" in paths["/api/v1/referrals/{referral_id}/transitions"]["post"]["responses"]


def test_a_need_outside_the_vocabulary_is_refused_with_422_and_nothing_is_stored(referrer, service):
    person = person_in(referrer.current_organisation)
    body = {"person_id": str(person.pk), "service_id": str(service.pk), "need_codes": ["anxiety", "alcohol"]}
    response = client(referrer).post("/api/v1/referrals", body, content_type="application/json")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["loc"][-1] == "need_codes"
    assert error["msg"].startswith("'alcohol' is not a need Throughcare knows: choose from ")
    assert not Referral.objects.exists()


def test_changing_a_draft_to_a_need_outside_the_vocabulary_is_refused(referrer, service):
    from django.core.exceptions import ValidationError

    from throughcare.referrals import services
    from throughcare.referrals.services import ReferralDetails

    referral = draft(referrer, service, need_codes=["anxiety"])
    with pytest.raises(ValidationError, match="'alcohol' is not a need"):
        services.referral_update_draft(
            actor=referrer, referral=referral, details=ReferralDetails(need_codes=["alcohol"])
        )
    referral.refresh_from_db()
    assert referral.need_codes == ["anxiety"]
