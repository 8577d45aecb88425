import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from throughcare.accounts.models import Organisation
from throughcare.accounts.tests.factories import MembershipFactory, OrganisationFactory
from throughcare.core import audit
from throughcare.core.models import AuditEvent, AuditVerification

pytestmark = pytest.mark.django_db

HOME_HEADINGS = {
    "practitioner": "Your work today",
    "provider_caseworker": "Your work today",
    "provider_manager": "Your work today",
    "commissioner": "England: the last 12 months",
    "administrator": "Service administration",
}


@pytest.mark.parametrize(("role", "heading"), HOME_HEADINGS.items())
def test_each_role_has_its_own_home_page(client_for, role, heading):
    page = client_for(role).get(reverse("core:home")).content.decode()
    assert heading in page
    assert "Sign out" in page


def test_commissioner_home_shows_figures_and_no_people(client_for, users_by_role):
    page = client_for("commissioner").get("/").content.decode()
    assert "Referrals in the last 12 months" in page
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
    import throughcare.home.views as views

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "referrer_sections", explode)
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


def test_audit_trail_shows_the_last_recorded_check_and_never_checks_in_the_request(
    client_for, django_assert_max_num_queries
):
    audit.record(actor=None, verb="demo.seeded")
    page = client_for("administrator").get(reverse("core:audit-list")).content.decode()
    assert "Throughcare loaded the demonstration data" in page
    assert "The chain has not been checked yet" in page
    assert "1 event recorded since the last seal wait" not in page
    call_command("audit_seal", "--quiet")
    call_command("audit_verify", "--quiet")
    page = client_for("administrator").get(reverse("core:audit-list"), {"verify": "1"}).content.decode()
    assert "intact up to event" in page
    assert AuditVerification.objects.count() == 1  # ?verify=1 no longer runs a check


def test_audit_trail_query_count_does_not_grow_with_events(
    client_for, django_assert_max_num_queries, users_by_role
):
    client = client_for("administrator")
    for _ in range(3):
        audit.record(
            actor=users_by_role["practitioner"], verb="person.viewed", target=users_by_role["practitioner"]
        )
    client.get(reverse("core:audit-list"))
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("core:audit-list"))
    for _ in range(40):
        audit.record(actor=users_by_role["commissioner"], verb="referral.viewed")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("core:audit-list"))
    assert not any("COUNT(" in q["sql"].upper() and "sequence" not in q["sql"] for q in few.captured_queries)


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


def test_audit_trail_pages_by_id_and_keeps_the_filter(client_for):
    for _ in range(60):
        audit.record(actor=None, verb="referral.viewed")
    client = client_for("administrator")
    first = client.get(reverse("core:audit-list"), {"action": "referral.viewed"})
    newest_first = [line.event.id for line in first.context["page"].lines]
    assert len(newest_first) == 50
    page = first.content.decode()
    assert f"?action=referral.viewed&amp;before={newest_first[-1]}" in page
    assert "Newer events" not in page
    second = client.get(reverse("core:audit-list"), {"action": "referral.viewed", "before": newest_first[-1]})
    older = [line.event.id for line in second.context["page"].lines]
    assert len(older) == 10
    assert max(older) < min(newest_first)
    assert "Older events" not in second.content.decode()
    back = client.get(reverse("core:audit-list"), {"action": "referral.viewed", "after": older[0]})
    assert [line.event.id for line in back.context["page"].lines] == newest_first
