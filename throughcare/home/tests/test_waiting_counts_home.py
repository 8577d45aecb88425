"""Home counts the work waiting on a list that names people (self-referrals for a service, emergency
access for a data protection officer) without naming anyone, and links to that list."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.home.tests.test_home import home_of, section
from throughcare.people.models import BreakGlassAccess
from throughcare.people.tests.helpers import person_in
from throughcare.referrals.tests.helpers import service_of
from throughcare.selfreferrals.models import ContactBy, SelfReferral, Status

pytestmark = pytest.mark.django_db


def _asked(service, name: str, *, due_in: timedelta, status=Status.NEW) -> SelfReferral:
    now = timezone.now()
    return SelfReferral.objects.create(
        service=service,
        receiving_organisation_id=service.organisation.owner_id,
        name=name,
        contact_by=ContactBy.PHONE,
        phone="07700 900123",
        help_with="Feeling low since coming home",
        consent_given_at=now,
        contact_by_deadline=now + due_in,
        status=status,
        request_key_digest=name.ljust(64, "0")[:64],
    )


def test_a_service_home_counts_people_waiting_to_be_contacted_and_how_many_are_late(make_user):
    caseworker = make_user(Role.PROVIDER_CASEWORKER)
    service = service_of(caseworker.current_organisation)
    title = "People who asked for help themselves"
    assert "Nobody who asked your services for help is waiting" in section(home_of(caseworker), title)
    _asked(service, "Dee Waiting", due_in=timedelta(days=2))
    _asked(service, "Lee Late", due_in=-timedelta(hours=1))
    _asked(service, "Kay Contacted", due_in=timedelta(days=2), status=Status.CONTACTED)
    other = service_of(make_user(Role.PROVIDER_CASEWORKER).current_organisation)
    _asked(other, "Someone Elsewhere", due_in=timedelta(days=2))
    before = AuditEvent.objects.count()
    part = section(home_of(caseworker), title)
    assert "2 people waiting to be contacted" in part
    assert "1 past the date to contact them by" in part
    assert "Overdue" in part
    assert f'href="{reverse("selfreferrals:list")}"' in part
    assert "Dee Waiting" not in part
    assert "Lee Late" not in part
    assert not AuditEvent.objects.filter(verb__startswith="self_referral").exists()
    assert AuditEvent.objects.count() == before  # named nobody, so read nobody's data


def test_a_dpo_home_counts_emergency_access_waiting_for_review(make_user):
    dpo = make_user(Role.DPO)
    colleague = make_user(Role.PRACTITIONER, organisation=dpo.current_organisation)
    person = person_in(dpo.current_organisation)
    title = "Emergency access to review"
    assert "Every emergency access to a restricted record has been reviewed." in section(home_of(dpo), title)
    for reviewed_at in (None, None, timezone.now()):
        BreakGlassAccess.objects.create(
            person=person,
            user=colleague,
            organisation=dpo.current_organisation,
            reason="Crisis call from their hostel",
            expires_at=timezone.now() + timedelta(hours=1),
            reviewed_at=reviewed_at,
        )
    part = section(home_of(dpo), title)
    assert "2 emergency accesses waiting for review" in part
    assert f'href="{reverse("rights:break-glass")}"' in part
    assert person.full_name not in part
