import re

import pytest
from django.core import mail
from django.urls import reverse

from throughcare.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_reset_emails_a_link_that_sets_a_new_password(client, make_user):
    user = make_user("practitioner", email="pat@test.throughcare.example")
    response = client.post(reverse("accounts:reset-request"), {"email": "pat@test.throughcare.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat@test.throughcare.example"]
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new_password = "a-much-better-password-42"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert AuditEvent.objects.filter(verb="user.password_reset", target_id=str(user.id)).exists()


def test_reset_for_an_unknown_address_looks_the_same_but_sends_nothing(client):
    response = client.post(reverse("accounts:reset-request"), {"email": "ghost@test.throughcare.example"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_reset_email_holds_no_details_beyond_the_link(client, make_user):
    make_user("practitioner", email="pat@test.throughcare.example", full_name="Pat Secret")
    client.post(reverse("accounts:reset-request"), {"email": "pat@test.throughcare.example"})
    assert "Pat Secret" not in mail.outbox[0].body


def test_malformed_email_gets_a_specific_message(client):
    page = client.post(reverse("accounts:reset-request"), {"email": "not-an-email"}).content.decode()
    assert "Enter an email address in the correct format" in page


def test_mismatched_new_passwords_are_refused(client, make_user):
    make_user("practitioner", email="pat@test.throughcare.example")
    client.post(reverse("accounts:reset-request"), {"email": "pat@test.throughcare.example"})
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[0].body).group(1)
    url = client.get(link, follow=True).redirect_chain[-1][0]
    page = client.post(url, {"new_password1": "first-password-123", "new_password2": "second-password-123"})
    assert "The two passwords do not match" in page.content.decode()


def test_a_used_or_bad_link_says_it_has_expired(client):
    page = client.get("/account/password-reset/MQ/bad-token/").content.decode()
    assert "This link has expired" in page
