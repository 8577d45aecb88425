"""A notice names a person: only someone who may open its referral sees it or clears it."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from throughcare.core.permissions import Role
from throughcare.notices.models import Notice
from throughcare.notices.selectors import notices_for
from throughcare.notices.services import notice_clear
from throughcare.referrals.tests.helpers import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider_practitioner(make_user, receiver):
    """A practitioner at the receiving provider: they make referrals, they do not receive them."""
    return make_user(Role.PRACTITIONER, organisation=receiver.current_organisation)


def test_a_practitioner_at_the_receiving_provider_sees_no_notices_naming_its_referrals(
    referrer, receiver, service, provider_practitioner
):
    referral = submitted(referrer, service)
    assert [notice.referral_id for notice in notices_for(receiver)] == [referral.id]
    assert notices_for(provider_practitioner) == []
    page = Client()
    page.force_login(provider_practitioner)
    assert referral.person.family_name not in page.get(reverse("core:home")).content.decode()


def test_nor_may_they_clear_one(referrer, receiver, service, provider_practitioner):
    submitted(referrer, service)
    notice = Notice.objects.get(organisation=receiver.current_organisation)
    with pytest.raises(Http404):
        notice_clear(actor=provider_practitioner, notice_id=notice.id)
    client = Client()
    client.force_login(provider_practitioner)
    assert client.post(reverse("notices:clear", args=[notice.id])).status_code == 404
    notice.refresh_from_db()
    assert notice.cleared_at is None
    assert notice_clear(actor=receiver, notice_id=notice.id).cleared_at is not None


def test_the_inbox_reads_the_same_number_of_queries_for_one_notice_or_many(referrer, receiver, service):
    def queries_to_list() -> int:
        receiver.__dict__.pop("current_membership", None)
        with CaptureQueriesContext(connection) as captured:
            notices_for(receiver)
        return len(captured)

    submitted(referrer, service)
    one = queries_to_list()
    for _ in range(4):
        submitted(referrer, service)
    assert queries_to_list() == one
