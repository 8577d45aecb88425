"""Reading referrals: who may, what the receiving service sees, and the worklist."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Role
from throughcare.referrals import selectors, services
from throughcare.referrals.models import Referral
from throughcare.referrals.selectors import ReferralView
from throughcare.referrals.states import ReferralState
from throughcare.referrals.tests.helpers import draft, submitted

pytestmark = pytest.mark.django_db
S = ReferralState


def test_each_side_reads_the_referral_and_the_read_is_audited(referrer, receiver, service):
    referral = submitted(referrer, service)
    seen = selectors.referral_for(receiver, referral.pk)
    assert isinstance(seen, ReferralView)
    assert (seen.side, seen.state) == ("receiver", "submitted")
    assert seen.risk_summary == referral.risk_summary
    assert set(seen.allowed_targets) == {"acknowledged", "accepted", "waitlisted", "declined", "withdrawn"}
    assert selectors.referral_for(referrer, referral.pk).side == "referrer"
    assert AuditEvent.objects.filter(verb="referral.viewed", target_id=str(referral.pk)).count() == 2


def test_the_receiver_sees_the_shared_fields_not_the_persons_record(referrer, receiver, service):
    referral = submitted(referrer, service)
    seen = selectors.referral_for(receiver, referral.pk)
    # A view, not the model: no route from it to the person's identifiers, address or team.
    assert not hasattr(seen, "person")
    assert not {"nhs_number", "crn", "phone", "email", "care_team"} & set(vars(seen))
    assert seen.person_name == referral.person.full_name


def test_others_get_404_and_roles_without_referrals_403(referrer, service, make_user):
    referral = submitted(referrer, service)
    for outsider in (make_user(Role.PROVIDER_CASEWORKER), make_user(Role.PRACTITIONER)):
        with pytest.raises(Http404):
            selectors.referral_for(outsider, referral.pk)
    for role in (Role.COMMISSIONER, Role.ADMINISTRATOR):
        with pytest.raises(PermissionDenied):
            selectors.referral_for(make_user(role), referral.pk)
    assert not AuditEvent.objects.filter(verb="referral.viewed").exists()


def test_a_draft_is_not_shared_with_the_receiver(referrer, receiver, service):
    referral = draft(referrer, service)
    with pytest.raises(Http404):
        selectors.referral_for(receiver, referral.pk)
    assert [item.id for item in selectors.worklist_for(receiver)] == []
    assert [item.id for item in selectors.worklist_for(referrer)] == [str(referral.pk)]


def _make_overdue(referral):
    Referral.objects.filter(pk=referral.pk).update(due_by=timezone.now() - timedelta(days=1))


def test_worklist_puts_overdue_first_then_newest(referrer, receiver, service):
    oldest, middle, newest = (submitted(referrer, service) for _ in range(3))
    services.referral_transition(actor=receiver, referral=middle, target=S.ACKNOWLEDGED)
    done = submitted(referrer, service)
    services.referral_transition(
        actor=receiver, referral=done, target=S.DECLINED, reason_code="no_capacity", note="Full until May."
    )
    _make_overdue(oldest)
    items = selectors.worklist_for(receiver)
    assert [item.id for item in items] == [str(r.pk) for r in (oldest, newest, middle)]
    assert [item.overdue for item in items] == [True, False, False]
    assert items[0].other_organisation == referrer.current_organisation.name
    # The referrer sees what the service has let go overdue, to chase it.
    assert [item.id for item in selectors.worklist_for(referrer)] == [str(oldest.pk)]
    event = AuditEvent.objects.filter(verb="referral.worklist_viewed").first()
    assert event.payload["referral_ids"] == [str(r.pk) for r in (oldest, newest, middle)]


def _queries(user) -> int:
    user = type(user).objects.get(pk=user.pk)  # a fresh user: nothing cached from before
    with CaptureQueriesContext(connection) as queries:
        selectors.worklist_for(user)
    return len(queries)


def test_worklist_takes_the_same_number_of_queries_however_long(referrer, receiver, service):
    submitted(referrer, service)
    one = _queries(receiver)
    for _ in range(5):
        submitted(referrer, service)
    assert _queries(receiver) == one
    assert len(selectors.worklist_for(receiver)) == 6
