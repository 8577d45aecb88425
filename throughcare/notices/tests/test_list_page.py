"""The notices page: every notice the organisation has not dealt with, urgent ones apart and first."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from throughcare.notices.models import Notice, NoticeKind
from throughcare.referrals.tests.helpers import submitted

pytestmark = pytest.mark.django_db


def page_of(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("notices:list"))
    assert response.status_code == 200
    return response.content.decode()


def test_urgent_notices_come_first_and_apart(referrer, receiver, service):
    referral = submitted(referrer, service)
    Notice.objects.create(
        organisation=receiver.current_organisation,
        referral=referral,
        kind=NoticeKind.RISK_TO_SELF,
        summary="PHQ-9 item 9 answered above zero",
    )
    page = page_of(receiver)
    assert page.index("govuk-warning-text") < page.index("routine-notices-title")
    assert page.count(referral.person.full_name) == 2  # the risk, then the new referral
    assert reverse("notices:clear", args=[Notice.objects.filter(kind="risk_to_self").get().pk]) in page


def test_nothing_to_deal_with_is_said_plainly(referrer):
    assert "There are no notices for your organisation to deal with." in page_of(referrer)


def test_another_organisations_notices_are_not_shown(make_user, referrer, receiver, service):
    from throughcare.core.permissions import Role

    referral = submitted(referrer, service)
    stranger = make_user(Role.PROVIDER_CASEWORKER)
    assert referral.person.full_name not in page_of(stranger)


def test_the_page_reads_the_same_number_of_queries_however_many_notices(referrer, receiver, service):
    submitted(referrer, service)
    client = Client()
    client.force_login(receiver)
    client.get(reverse("notices:list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notices:list"))
    for _ in range(5):
        submitted(referrer, service)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("notices:list"))
    assert len(many) == len(few)
