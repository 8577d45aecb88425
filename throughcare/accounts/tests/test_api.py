import pytest
from django.test import Client

from throughcare.accounts.models import ApiToken
from throughcare.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(token_for):
    secret = token_for("provider_manager")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_me_describes_the_token_owner(api, users_by_role):
    body = api.get("/api/v1/me").json()
    manager = users_by_role["provider_manager"]
    assert body["email"] == manager.email
    assert body["role"] == "provider_manager"
    assert body["organisation"]["id"] == str(manager.current_organisation_id)
    assert "manage_own_services" in body["permissions"]


def test_no_token_is_a_json_401_with_a_challenge(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {"detail": "Authentication required: send a valid, unexpired bearer token."}


def test_an_unknown_token_is_refused(db):
    response = Client(headers={"Authorization": "Bearer tc_00000000_nope"}).get("/api/v1/me")
    assert response.status_code == 401


def test_a_session_cookie_is_not_an_api_credential(client_for):
    assert client_for("practitioner").get("/api/v1/me").status_code == 401


def test_openapi_is_public_and_describes_bearer_auth(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "Throughcare API"
    assert "/api/v1/me" in spec["paths"]
    assert any(scheme.get("scheme") == "bearer" for scheme in spec["components"]["securitySchemes"].values())


def test_issuing_a_token_through_the_api(api):
    response = api.post("/api/v1/tokens", {"name": "rotation", "days": 30}, content_type="application/json")
    assert response.status_code == 201
    secret = response.json()["token"]
    assert Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/me").status_code == 200


def test_malformed_json_is_a_400_and_writes_nothing(api):
    before = (ApiToken.objects.count(), AuditEvent.objects.count())
    response = api.post("/api/v1/tokens", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert (ApiToken.objects.count(), AuditEvent.objects.count()) == before


def test_invalid_fields_are_a_422_naming_each_field(api):
    response = api.post("/api/v1/tokens", {"name": "", "days": 999}, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    fields = {error["loc"][-1] for error in body["errors"]}
    assert fields == {"name", "days"}


def test_revoking_a_token_stops_it_working(api, token_for):
    prefix = ApiToken.objects.get().prefix
    assert api.delete(f"/api/v1/tokens/{prefix}").status_code == 204
    assert api.get("/api/v1/me").status_code == 401


def test_someone_elses_token_is_not_found(api, token_for):
    token_for("practitioner")
    other = ApiToken.objects.exclude(user__memberships__role="provider_manager").get()
    response = api.delete(f"/api/v1/tokens/{other.prefix}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_unexpected_error_is_a_json_500_with_a_reference_and_no_trace(api, monkeypatch):
    import throughcare.accounts.api as accounts_api

    class Exploding(dict):
        def get(self, *args):
            raise RuntimeError("secret internals")

    monkeypatch.setattr(accounts_api, "ROLE_PERMISSIONS", Exploding())  # makes /me fail inside the view
    response = api.get("/api/v1/me")
    assert response.status_code == 500
    body = response.json()
    assert body["detail"] == "Something went wrong on our side."
    assert body["request_id"] == response["X-Request-ID"]
    assert "secret internals" not in response.content.decode()


def test_unknown_api_paths_are_json_404s(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
