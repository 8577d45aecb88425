"""Onboarding and offboarding without a shell: every change audited, access ending at once."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from throughcare.accounts import services
from throughcare.accounts.models import ApiToken, Membership, Organisation, User
from throughcare.accounts.services import token_authenticate, token_issue
from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import OrganisationKind, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMINISTRATOR, email="admin@test.throughcare.example")


@pytest.fixture
def admin_client(admin):
    client = Client()
    client.force_login(admin)
    return client


@pytest.fixture
def probation():
    return OrganisationFactory(kind=OrganisationKind.PROBATION, name="North Probation")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(reverse("core:home")).status_code == 200
    return client


def _assert_signed_out(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_an_administrator_adds_an_organisation_through_the_page(admin_client, admin):
    response = admin_client.post(
        reverse("accounts:organisation-create"),
        {"name": "South Probation", "code": "S01", "kind": "probation"},
    )
    organisation = Organisation.objects.get(code="S01")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:organisation-detail", args=[organisation.id])
    assert AuditEvent.objects.get(verb="organisation.created").actor == admin


def test_a_bad_organisation_gets_an_error_summary_and_nothing_is_written(admin_client):
    OrganisationFactory(code="taken")
    response = admin_client.post(
        reverse("accounts:organisation-create"), {"name": "", "code": "taken", "kind": "bakery"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_name">Enter the organisation&#x27;s name' in page
    assert 'href="#id_kind">Choose the kind of organisation' in page
    assert not AuditEvent.objects.filter(verb="organisation.created").exists()


def test_a_taken_code_is_named_on_its_field(admin_client):
    OrganisationFactory(code="taken")
    response = admin_client.post(
        reverse("accounts:organisation-create"), {"name": "Another", "code": "taken", "kind": "probation"}
    )
    assert 'href="#id_code">An organisation with code taken already exists' in response.content.decode()


def test_renaming_is_audited_with_both_names(admin_client, probation):
    response = admin_client.post(
        reverse("accounts:organisation-rename", args=[probation.id]), {"name": "North East Probation"}
    )
    assert response.status_code == 302
    probation.refresh_from_db()
    assert probation.name == "North East Probation"
    event = AuditEvent.objects.get(verb="organisation.renamed")
    assert event.payload == {"from": "North Probation", "to": "North East Probation"}


def test_an_empty_name_is_refused(admin_client, probation):
    response = admin_client.post(reverse("accounts:organisation-rename", args=[probation.id]), {"name": " "})
    assert response.status_code == 422
    assert "Enter the organisation&#x27;s new name" in response.content.decode()


def test_inviting_emails_a_one_time_link_that_sets_the_password(admin_client, admin, probation):
    response = admin_client.post(
        reverse("accounts:invite", args=[probation.id]),
        {"full_name": "Nia Jones", "email": "Nia@Test.Throughcare.Example", "role": "practitioner"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="nia@test.throughcare.example")
    assert not user.has_usable_password()
    assert user.memberships.get().organisation == probation
    assert AuditEvent.objects.get(verb="user.invited").actor == admin
    (message,) = mail.outbox
    assert message.to == ["nia@test.throughcare.example"]
    assert "practitioner at North Probation" in message.body
    link = re.search(r"http://127\.0\.0\.1:8000(/account/password-reset/\S+/)", message.body).group(1)
    visitor = Client()
    form_page = visitor.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    password = "a-long-enough-new-password-7"
    confirm_url = form_page.redirect_chain[-1][0]
    assert (
        visitor.post(confirm_url, {"new_password1": password, "new_password2": password}).status_code == 302
    )
    user.refresh_from_db()
    assert user.check_password(password)
    # The link works once.
    assert "This link has expired" in visitor.get(link, follow=True).content.decode()


def test_an_invitation_offers_only_the_roles_the_organisation_may_hold(admin_client, probation):
    response = admin_client.post(
        reverse("accounts:invite", args=[probation.id]),
        {"full_name": "Nia Jones", "email": "nia@test.throughcare.example", "role": "administrator"},
    )
    assert response.status_code == 422
    assert 'href="#id_role">Choose a role' in response.content.decode()
    assert mail.outbox == []
    assert not User.objects.filter(email="nia@test.throughcare.example").exists()


def test_someone_without_a_password_can_ask_for_a_new_link(client, probation):
    services.user_invite(
        actor=None,
        email="ivy@test.throughcare.example",
        full_name="Ivy",
        organisation=probation,
        role="practitioner",
    )
    mail.outbox.clear()
    client.post(reverse("accounts:reset-request"), {"email": "ivy@test.throughcare.example"})
    assert [m.to for m in mail.outbox] == [["ivy@test.throughcare.example"]]


def test_create_user_without_a_password_sends_the_invitation(probation):
    call_command(
        "create_user",
        "cli@test.throughcare.example",
        "--name",
        "Cli User",
        "--organisation",
        probation.code,
        "--role",
        "practitioner",
        "--no-password",
    )
    (message,) = mail.outbox
    assert message.to == ["cli@test.throughcare.example"]
    assert "/account/password-reset/" in message.body


def test_changing_a_role_is_audited_and_checked_against_the_organisation(admin_client, make_user):
    caseworker = make_user(Role.PROVIDER_CASEWORKER)
    membership = caseworker.memberships.get()
    url = reverse("accounts:membership-role", args=[membership.id])
    assert admin_client.post(url, {"role": "commissioner"}).status_code == 422
    assert admin_client.post(url, {"role": "provider_manager"}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.PROVIDER_MANAGER
    event = AuditEvent.objects.get(verb="membership.role_changed")
    assert event.payload["from"] == "provider_caseworker"
    assert event.payload["to"] == "provider_manager"


def test_ending_a_membership_ends_sessions_and_tokens_at_once(admin_client, make_user):
    practitioner = make_user(Role.PRACTITIONER)
    their_browser = _signed_in(practitioner)
    secret = token_issue(actor=None, user=practitioner).secret
    membership = practitioner.memberships.get()
    response = admin_client.post(reverse("accounts:membership-end", args=[membership.id]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    _assert_signed_out(their_browser)
    assert token_authenticate(secret) is None
    assert AuditEvent.objects.filter(verb="membership.ended").count() == 1
    assert AuditEvent.objects.filter(verb="api_token.revoked").count() == 1


def test_deactivating_a_user_ends_sessions_and_tokens_at_once(admin_client, admin, make_user):
    practitioner = make_user(Role.PRACTITIONER)
    their_browser = _signed_in(practitioner)
    secret = token_issue(actor=None, user=practitioner).secret
    response = admin_client.post(reverse("accounts:user-deactivate", args=[practitioner.id]))
    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert not practitioner.is_active
    assert (
        not Session.objects.filter(session_data__isnull=False)
        .exclude(pk=admin_client.session.session_key)
        .exists()
    )
    _assert_signed_out(their_browser)
    assert token_authenticate(secret) is None
    assert AuditEvent.objects.get(verb="user.deactivated").actor == admin
    # The administrator carries on.
    assert admin_client.get(reverse("accounts:organisation-list")).status_code == 200


def test_deactivating_an_organisation_ends_its_members_access(admin_client, make_user, probation):
    first = make_user(Role.PRACTITIONER, organisation=probation)
    second = make_user(Role.PRACTITIONER, organisation=probation)
    elsewhere = make_user(Role.PRACTITIONER)
    browsers = [_signed_in(first), _signed_in(second)]
    secrets = [token_issue(actor=None, user=user).secret for user in (first, second)]
    kept = token_issue(actor=None, user=elsewhere).secret
    response = admin_client.post(reverse("accounts:organisation-deactivate", args=[probation.id]))
    assert response.status_code == 302
    probation.refresh_from_db()
    assert not probation.is_active
    for browser in browsers:
        _assert_signed_out(browser)
    assert [token_authenticate(secret) for secret in secrets] == [None, None]
    assert token_authenticate(kept) == elsewhere
    assert AuditEvent.objects.get(verb="organisation.deactivated").payload == {"members": 2}


@pytest.mark.parametrize("url_name", ["membership-end", "user-deactivate", "organisation-deactivate"])
def test_the_last_administrator_cannot_remove_themselves(admin_client, admin, url_name):
    membership = admin.memberships.get()
    url, data = {
        "membership-end": (reverse("accounts:membership-end", args=[membership.id]), {}),
        "user-deactivate": (reverse("accounts:user-deactivate", args=[admin.id]), {}),
        "organisation-deactivate": (
            reverse("accounts:organisation-deactivate", args=[membership.organisation_id]),
            {},
        ),
    }[url_name]
    before = AuditEvent.objects.count()
    response = admin_client.post(url, data)
    assert response.status_code == 422
    assert "This would leave nobody able to administer Throughcare" in response.content.decode()
    admin.refresh_from_db()
    membership.refresh_from_db()
    assert admin.is_active
    assert membership.is_active
    assert membership.organisation.is_active
    assert AuditEvent.objects.count() == before


def test_with_a_second_administrator_one_may_leave(admin_client, admin, make_user):
    make_user(Role.ADMINISTRATOR)
    response = admin_client.post(reverse("accounts:user-deactivate", args=[admin.id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign-in")
    admin.refresh_from_db()
    assert not admin.is_active


def test_other_roles_cannot_reach_a_membership_or_account(make_user):
    manager = make_user(Role.PROVIDER_MANAGER)
    practitioner = make_user(Role.PRACTITIONER)
    client = _signed_in(manager)
    assert client.post(reverse("accounts:user-deactivate", args=[practitioner.id])).status_code == 403
    practitioner.refresh_from_db()
    assert practitioner.is_active
    assert Membership.objects.filter(is_active=False).count() == 0
    assert ApiToken.objects.count() == 0


def test_the_organisation_page_lists_members_in_a_fixed_number_of_queries(
    admin_client, make_user, probation, django_assert_max_num_queries
):
    for _ in range(5):
        make_user(Role.PRACTITIONER, organisation=probation)
    with django_assert_max_num_queries(12):
        page = admin_client.get(reverse("accounts:organisation-detail", args=[probation.id]))
    assert page.content.decode().count("Change role") == 5


def test_an_organisations_registered_feed_is_set_on_its_details_page(admin_client, probation):
    url = reverse("accounts:organisation-rename", args=[probation.id])
    refused = admin_client.post(url, {"name": probation.name, "directory_source": "javascript:alert(1)"})
    assert refused.status_code == 422
    assert 'href="#id_directory_source">Enter the feed' in refused.content.decode()
    feed = "https://north.example/openreferral"
    assert admin_client.post(url, {"name": probation.name, "directory_source": feed}).status_code == 302
    probation.refresh_from_db()
    assert probation.directory_source == feed
    assert AuditEvent.objects.get(verb="organisation.directory_source_changed").payload["to"] == feed
