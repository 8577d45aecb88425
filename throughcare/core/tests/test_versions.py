"""No lost updates: an edit saved over someone else's newer save is refused, in words, and the second
save (made knowing about the other change) goes through."""

import re
from dataclasses import replace

import pytest
from django.test import Client
from django.urls import reverse

from throughcare.directory import services as directory_services
from throughcare.directory.models import Service
from throughcare.directory.tests.test_pages_support import (
    add_service,
    manager_of,
    provider,
    service_form_data,
)
from throughcare.geography.tests.conftest import geography, geography_dir  # noqa: F401 (fixtures)
from throughcare.referrals import services as referral_services
from throughcare.referrals.models import Referral
from throughcare.referrals.tests.helpers import complete_details, draft

pytestmark = pytest.mark.django_db
VERSION = re.compile(r'name="version" value="(\d+)"')
MEANWHILE = "Someone else changed this {} after you opened this page"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def version_on(page) -> str:
    return VERSION.search(page.content.decode()).group(1)


def test_a_draft_saved_by_someone_else_meanwhile_is_not_overwritten_without_a_word(referrer, service):
    referral = draft(referrer, service)
    edit = reverse("referrals:edit", kwargs={"referral_id": referral.pk})
    client = signed_in(referrer)
    opened = version_on(client.get(edit))
    referral_services.referral_update_draft(
        actor=referrer, referral=referral, details=complete_details(reason_for_referral="Theirs")
    )
    mine = {"reason_for_referral": "Mine", "risk_summary": "Low", "in_custody": "no", "version": opened}

    refused = client.post(edit, mine)

    assert refused.status_code == 422
    assert MEANWHILE.format("draft referral") in refused.content.decode()
    assert Referral.objects.get(pk=referral.pk).reason_for_referral == "Theirs"
    assert version_on(refused) != opened
    assert client.post(edit, {**mine, "version": version_on(refused)}).status_code == 302
    assert Referral.objects.get(pk=referral.pk).reason_for_referral == "Mine"


def test_a_draft_saved_with_the_version_it_opened_is_saved(referrer, service):
    referral = draft(referrer, service)
    edit = reverse("referrals:edit", kwargs={"referral_id": referral.pk})
    client = signed_in(referrer)
    form = {"reason_for_referral": "Mine", "risk_summary": "Low", "in_custody": "no"}
    assert client.post(edit, {**form, "version": version_on(client.get(edit))}).status_code == 302


@pytest.mark.usefixtures("geography")
def test_a_service_listing_changed_meanwhile_is_not_overwritten_without_a_word(make_user):
    owner, organisation = provider("Harbour Minds")
    client = signed_in(manager_of(make_user, owner))
    service = add_service(organisation, name="Recovery group")
    edit = reverse("directory:service-edit", args=[service.id])
    opened = version_on(client.get(edit))
    theirs = directory_services.details_of(service)
    directory_services.service_update(actor=None, service=service, details=replace(theirs, name="Theirs"))
    mine = service_form_data(directory_services.details_of(service), name="Mine")

    refused = client.post(edit, {**mine, "version": opened})

    assert refused.status_code == 422
    assert MEANWHILE.format("service") in refused.content.decode()
    assert Service.objects.get(pk=service.pk).name == "Theirs"
    assert client.post(edit, {**mine, "version": version_on(refused)}).status_code == 302
    assert Service.objects.get(pk=service.pk).name == "Mine"
