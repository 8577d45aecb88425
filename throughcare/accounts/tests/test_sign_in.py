import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from throughcare.core.models import AuditEvent

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("accounts:sign-in")
WRONG = "Enter a correct email address and password"


@pytest.fixture
def practitioner(make_user):
    return make_user("practitioner", email="priya@test.throughcare.example")


def _sign_in(client, email, password="a-test-password-1", **extra):
    return client.post(SIGN_IN, {"username": email, "password": password}, **extra)


def test_signing_in_goes_home_and_is_audited(client, practitioner):
    response = _sign_in(client, "Priya@Test.Throughcare.Example")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert AuditEvent.objects.filter(verb="user.signed_in", actor=practitioner).count() == 1


def test_wrong_password_shows_the_error_summary_and_is_audited(client, practitioner):
    response = _sign_in(client, practitioner.email, "not-the-password")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert WRONG in page
    assert page.count("<title>Error: ") == 1
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(verb="user.sign_in_failed")
    assert event.target_id == str(practitioner.id)  # the account, named by id rather than as typed
    assert event.payload == {}
    assert event.actor is None


def test_unknown_user_gets_the_same_message_as_a_wrong_password(client):
    response = _sign_in(client, "nobody@test.throughcare.example", "whatever-password")
    assert WRONG in response.content.decode()


def test_empty_fields_are_named_in_the_error_summary(client):
    page = client.post(SIGN_IN, {"username": "", "password": ""}).content.decode()
    assert 'href="#id_username">Enter your email address' in page
    assert 'href="#id_password">Enter your password' in page
    assert AuditEvent.objects.count() == 0


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, practitioner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, practitioner.email, "wrong-password")
    response = _sign_in(client, practitioner.email)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(verb="user.sign_in_locked_out").exists()


def test_pages_need_sign_in_and_return_there_afterwards(client, practitioner):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next=/"


def test_an_expired_session_says_why_the_user_was_signed_out(client, practitioner):
    client.cookies[settings.SESSION_COOKIE_NAME] = "expiredsessionkey0123456789abcdef"
    page = client.get(SIGN_IN + "?next=/").content.decode()
    assert "You were signed out because you had not done anything for a while" in page


def test_a_fresh_visit_does_not_claim_a_timeout(client):
    assert "You were signed out" not in client.get(SIGN_IN).content.decode()


def test_sessions_expire_after_inactivity():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_sign_out_needs_a_post_and_is_audited(client, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(verb="user.signed_out", actor=practitioner).exists()


def test_a_form_without_its_csrf_token_gets_a_clear_page_and_changes_nothing(practitioner):
    client = Client(enforce_csrf_checks=True)
    response = _sign_in(client, practitioner.email)
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
    assert AuditEvent.objects.count() == 0


def test_inactive_membership_means_no_access(client, practitioner):
    practitioner.memberships.update(is_active=False)
    client.force_login(practitioner)
    assert "You do not have access yet" in client.get(reverse("core:home")).content.decode()
