"""Two caseworkers accepting the last place at once: exactly one gets it, the other is told it is full.

Only PostgreSQL runs writers truly at once; SQLite takes one writer at a time, so there the race
cannot happen and the test would prove nothing.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from throughcare.core.permissions import Role
from throughcare.directory.models import Service
from throughcare.referrals import services
from throughcare.referrals.models import Referral
from throughcare.referrals.states import ReferralState
from throughcare.referrals.tests.helpers import service_of, submitted


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL: SQLite serialises writers, so two acceptances cannot race there.",
)
@pytest.mark.django_db(transaction=True)
def test_two_caseworkers_accepting_the_last_place_at_once(make_user):
    referrer = make_user(Role.PRACTITIONER)
    first = make_user(Role.PROVIDER_CASEWORKER)
    second = make_user(Role.PROVIDER_CASEWORKER, organisation=first.current_organisation)
    service = service_of(first.current_organisation, capacity_available=1, capacity_maximum=5)
    referrals = [submitted(referrer, service), submitted(referrer, service)]
    start = threading.Barrier(2)
    outcomes = {}

    def accept(caseworker, referral):
        try:
            start.wait()
            services.referral_transition(actor=caseworker, referral=referral, target=ReferralState.ACCEPTED)
            outcomes[referral.pk] = "accepted"
        except ValidationError as refused:
            outcomes[referral.pk] = " ".join(refused.messages)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=accept, args=(caseworker, referral))
        for caseworker, referral in zip((first, second), referrals, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == 2
    assert list(outcomes.values()).count("accepted") == 1
    assert any("The service is full" in outcome for outcome in outcomes.values())
    assert Service.objects.get(pk=service.pk).capacity_available == 0
    states = sorted(Referral.objects.filter(service=service).values_list("state", flat=True))
    assert states == ["accepted", "submitted"]
