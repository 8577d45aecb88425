"""A person asks a service to get in touch from its public page; the service sees it, contacts them
and closes it. Rate-limited, a robot's hidden field dropped, the same form sent twice counted once."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.core.readability import reading_age
from throughcare.directory.tests.factories import vocabulary_terms
from throughcare.referrals.tests.helpers import service_of
from throughcare.selfreferrals.models import SelfReferral, Status

pytestmark = pytest.mark.django_db


def _form(client, service) -> dict:
    page = client.get(reverse("selfreferrals:ask", args=[service.pk])).content.decode()
    key = re.search(r'name="request_key" value="([^"]+)"', page).group(1)
    return {
        "request_key": key,
        "name": "Jay",
        "contact_by": "phone",
        "phone": "07700 900 982",
        "help_with": "I feel low since I got out.",
        "consent": "on",
    }


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_service_page_offers_the_form_when_the_service_takes_self_referrals(open_door, caseworker):
    page = Client().get(reverse("public:service", args=[open_door.pk])).content.decode()
    assert reverse("selfreferrals:ask", args=[open_door.pk]) in page
    referral_only = service_of(caseworker.current_organisation)
    referral_only.terms.set(vocabulary_terms(referral_route=["professional"]))
    page = Client().get(reverse("public:service", args=[referral_only.pk])).content.decode()
    assert "Ask them to contact you" not in page
    assert Client().get(reverse("selfreferrals:ask", args=[referral_only.pk])).status_code == 404


def test_a_person_asks_and_the_service_sees_it_in_its_worklist(open_door, caseworker):
    client = Client()
    response = client.post(reverse("selfreferrals:ask", args=[open_door.pk]), _form(client, open_door))
    assert response.status_code == 302
    request = SelfReferral.objects.get()
    assert request.receiving_organisation == caseworker.current_organisation
    assert request.status == Status.NEW
    assert request.contact_by_deadline > request.created_at
    confirmation = client.get(response["Location"]).content.decode()
    assert "Your request has been sent" in confirmation
    assert "I feel low" not in confirmation  # nothing published back
    worklist = _signed_in(caseworker).get(reverse("referrals:worklist")).content.decode()
    assert "1 person asked you to contact them" in worklist
    listing = _signed_in(caseworker).get(reverse("selfreferrals:list")).content.decode()
    assert "Jay" in listing
    assert AuditEvent.objects.filter(verb="self_referral.received", actor__isnull=True).exists()


def test_the_same_form_sent_twice_makes_one_request(open_door):
    client = Client()
    form = _form(client, open_door)
    for _ in range(2):
        client.post(reverse("selfreferrals:ask", args=[open_door.pk]), form)
    assert SelfReferral.objects.count() == 1


def test_a_robot_filling_the_hidden_field_is_told_it_worked_and_nothing_is_kept(open_door):
    client = Client()
    response = client.post(
        reverse("selfreferrals:ask", args=[open_door.pk]), {**_form(client, open_door), "website": "spam"}
    )
    assert response.status_code == 302
    assert not SelfReferral.objects.exists()


def test_one_address_may_send_only_a_few_requests(open_door, settings):
    settings.SELF_REFERRAL_RATE_LIMIT = (2, 3600)
    client = Client()
    statuses = [
        client.post(reverse("selfreferrals:ask", args=[open_door.pk]), _form(client, open_door)).status_code
        for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert SelfReferral.objects.count() == 2


def test_missing_answers_are_shown_as_gov_uk_errors(open_door):
    client = Client()
    form = {**_form(client, open_door), "phone": "", "consent": "", "help_with": "x" * 1001}
    response = client.post(reverse("selfreferrals:ask", args=[open_door.pk]), form)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter your phone number, so they can call or text you" in body
    assert "Tick the box" in body
    assert "Use 1000 letters or fewer" in body
    assert not SelfReferral.objects.exists()


def test_the_form_reads_at_age_nine_or_below(open_door):
    body = Client().get(reverse("selfreferrals:ask", args=[open_door.pk])).content.decode()
    main = body[body.index("<main") : body.index("</main>")]
    assert reading_age(re.sub(r"<[^>]+>", " ", main)) <= 9


def test_the_service_contacts_and_closes_the_request(open_door, caseworker):
    client = Client()
    client.post(reverse("selfreferrals:ask", args=[open_door.pk]), _form(client, open_door))
    request = SelfReferral.objects.get()
    staff = _signed_in(caseworker)
    assert staff.get(reverse("selfreferrals:detail", args=[request.pk])).status_code == 200
    staff.post(reverse("selfreferrals:contacted", args=[request.pk]))
    assert staff.post(reverse("selfreferrals:close", args=[request.pk]), {}).status_code == 400
    staff.post(reverse("selfreferrals:close", args=[request.pk]), {"outcome": "signposted"})
    request.refresh_from_db()
    assert request.status == Status.CLOSED
    assert request.outcome == "signposted"
    assert request.contacted_by == caseworker
    verbs = set(AuditEvent.objects.filter(actor=caseworker).values_list("verb", flat=True))
    assert {"self_referral.viewed", "self_referral.contacted", "self_referral.closed"} <= verbs


def test_other_organisations_cannot_see_the_request(open_door, make_user):
    client = Client()
    client.post(reverse("selfreferrals:ask", args=[open_door.pk]), _form(client, open_door))
    request = SelfReferral.objects.get()
    elsewhere = _signed_in(make_user(Role.PROVIDER_CASEWORKER))
    assert elsewhere.get(reverse("selfreferrals:detail", args=[request.pk])).status_code == 404
    assert "Jay" not in elsewhere.get(reverse("selfreferrals:list")).content.decode()
    practitioner = _signed_in(make_user(Role.PRACTITIONER))
    assert practitioner.get(reverse("selfreferrals:list")).status_code == 403


def test_the_list_takes_a_fixed_number_of_queries(open_door, caseworker, django_assert_max_num_queries):
    for _ in range(5):
        client = Client()
        client.post(reverse("selfreferrals:ask", args=[open_door.pk]), _form(client, open_door))
    staff = _signed_in(caseworker)
    with django_assert_max_num_queries(12):
        assert staff.get(reverse("selfreferrals:list")).status_code == 200
