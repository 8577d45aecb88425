import pytest
from django.test import Client
from django.urls import reverse

from throughcare.accounts.models import Organisation
from throughcare.accounts.tests.factories import MembershipFactory, OrganisationFactory
from throughcare.core import audit
from throughcare.core.models import AuditEvent

pytestmark = pytest.mark.django_db

HOME_HEADINGS = {
    "practitioner": "What needs your attention",
    "provider_caseworker": "What needs your attention",
    "provider_manager": "What needs your attention",
    "commissioner": "Commissioning overview",
    "administrator": "Service administration",
}


@pytest.mark.parametrize(("role", "heading"), HOME_HEADINGS.items())
def test_each_role_has_its_own_home_page(client_for, role, heading):
    page = client_for(role).get(reverse("core:home")).content.decode()
    assert heading in page
    assert "Sign out" in page


def test_team_home_lists_real_colleagues(client_for, users_by_role):
    practitioner = users_by_role["practitioner"]
    colleague = MembershipFactory(
        organisation=practitioner.current_organisation, user__full_name="Colleague Ola"
    ).user
    page = client_for("practitioner").get("/").content.decode()
    assert colleague.full_name in page
    assert users_by_role["commissioner"].full_name not in page


def test_commissioner_home_shows_counts_and_no_people(client_for, users_by_role):
    page = client_for("commissioner").get("/").content.decode()
    assert "Organisations using Throughcare, by kind" in page
    assert users_by_role["practitioner"].full_name not in page


def test_navigation_shows_only_what_the_role_may_use(client_for):
    admin_page = client_for("administrator").get("/").content.decode()
    practitioner_page = client_for("practitioner").get("/").content.decode()
    assert 'href="/audit/"' in admin_page
    assert 'href="/audit/"' not in practitioner_page


def test_unknown_page_is_a_govuk_404(client_for):
    response = client_for("practitioner").get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_role_without_permission_gets_a_govuk_403(client_for):
    response = client_for("practitioner").get(reverse("core:audit-list"))
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


def test_server_errors_show_a_reference_and_no_stack_trace(users_by_role, monkeypatch):
    import throughcare.core.views as views

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "members_of", explode)
    client = Client(raise_request_exception=False)
    client.force_login(users_by_role["practitioner"])
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "secret internals" not in page
    assert response["X-Request-ID"] in page


def test_public_pages_need_no_sign_in(client):
    assert "Accessibility statement" in client.get(reverse("core:accessibility")).content.decode()
    assert "Privacy notice" in client.get(reverse("core:privacy")).content.decode()


def test_pages_carry_security_headers(client_for):
    response = client_for("practitioner").get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"


def test_audit_trail_lists_events_and_checks_the_chain(client_for):
    audit.record(actor=None, verb="thing.happened")
    page = client_for("administrator").get(reverse("core:audit-list"), {"verify": "1"}).content.decode()
    assert "thing.happened" in page
    assert "The chain is intact" in page


def test_audit_trail_query_count_does_not_grow_with_events(
    client_for, django_assert_max_num_queries, users_by_role
):
    client = client_for("administrator")
    for n in range(3):
        audit.record(actor=users_by_role["practitioner"], verb=f"thing.number_{'abc'[n]}")
    client.get(reverse("core:audit-list"))
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("core:audit-list"))
    for _ in range(40):
        audit.record(actor=users_by_role["commissioner"], verb="thing.more")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("core:audit-list"))


def test_organisation_list_query_count_does_not_grow_with_organisations(
    client_for, django_assert_max_num_queries
):
    client = client_for("administrator")
    client.get(reverse("accounts:organisation-list"))
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("accounts:organisation-list"))
    for _ in range(30):
        MembershipFactory(organisation=OrganisationFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("accounts:organisation-list")).content.decode()
    assert f"{Organisation.objects.count()} organisations" in page  # one per role, and the 30


def test_reading_the_audit_trail_is_itself_audited(client_for):
    client_for("administrator").get(reverse("core:audit-list"))
    assert AuditEvent.objects.filter(verb="audit_trail.viewed").exists()


def test_audit_trail_pages_keep_the_filter(client_for):
    for _ in range(60):
        audit.record(actor=None, verb="thing.paged")
    response = client_for("administrator").get(reverse("core:audit-list"), {"verb": "thing.paged"})
    page = response.content.decode()
    assert "60 events" in page
    assert "?verb=thing.paged&amp;page=2" in page
