"""Continuity: recall of a person with 5 open referrals (goal p95 <= 50 ms), and the re-release after it.

The person, their team, a provider with 5 services and 5 referrals in treatment are made here, in the
benchmark database. Each round the services resume the referrals (not timed), then the recall and
the re-release are timed separately, so every recall pauses all 5.
"""

import contextlib
import io
import statistics
import time
import uuid
from datetime import date
from unittest import mock

from bench.harness import ratio

GOAL_P95_MS = 50.0
ROUNDS = 100
WARMUP = 5


def _summary(name: str, samples: list[float]) -> dict:
    samples = sorted(samples)
    result = {
        "name": name,
        "median_ms": statistics.median(samples),
        "p95_ms": samples[max(0, int(len(samples) * 0.95) - 1)],
        "runs": len(samples),
    }
    print(
        f"  {name:<58} median {result['median_ms']:8.2f} ms  "
        f"p95 {result['p95_ms']:8.2f} ms  ({len(samples)} runs)"
    )
    return result


def _setup():
    from throughcare.accounts.models import Membership, Organisation, User
    from throughcare.continuity.custody import services
    from throughcare.directory.models import DirectoryOrganisation, Service
    from throughcare.people import services as people_services
    from throughcare.people.details import PersonDetails
    from throughcare.referrals import services as referral_services
    from throughcare.referrals.services import ReferralDetails

    tag = uuid.uuid4().hex[:8]

    def member(kind, role):
        organisation = Organisation.objects.create(
            code=f"bench-{kind}-{tag}", name=f"Bench {kind} {tag}", kind=kind
        )
        user = User.objects.create_user(
            f"bench-{role}-{tag}@bench.throughcare.example", full_name="Bench user"
        )
        Membership.objects.create(user=user, organisation=organisation, role=role)
        return organisation, user

    probation, practitioner = member("probation", "practitioner")
    provider, caseworker = member("vcse_provider", "provider_caseworker")
    directory = DirectoryOrganisation.objects.create(
        name=f"Bench provider {tag}", description="", owner=provider
    )
    person = people_services.person_create(
        actor=None,
        details=PersonDetails(
            given_names="Bench", family_name=f"Recall {tag}", date_of_birth=date(1990, 1, 1)
        ),
        organisation=probation,
        confirm_not_duplicate=True,
    )
    details = ReferralDetails(
        reason_for_referral="Bench",
        risk_summary="Bench",
        contact_preferences="Phone",
        need_codes=["depression"],
    )
    referrals = []
    for n in range(5):
        service = Service.objects.create(
            organisation=directory, name=f"Bench service {n} {tag}", covers_england=True
        )
        referral = referral_services.referral_create_draft(
            actor=practitioner, person_id=person.pk, service_id=service.pk, details=details
        )
        referral_services.consent_record(
            actor=practitioner,
            referral=referral,
            given_on=date(2026, 1, 1),
            how_obtained="verbal",
            shared_with="The service",
            purposes="Support",
        )
        referral_services.referral_submit(actor=practitioner, referral=referral)
        for target in ("accepted", "assessment_booked", "in_treatment"):
            referral_services.referral_transition(actor=caseworker, referral=referral, target=target)
        referrals.append(referral)
    services.custody_record_reception(
        actor=practitioner, person=person, prison_name="HMP Bench", reception_date=date(2025, 1, 1)
    )
    services.custody_record_release(
        actor=practitioner, person=person, released_on=date(2025, 6, 1), release_type="licence"
    )
    return practitioner, caseworker, person, referrals


def _rounds(practitioner, caseworker, person, referrals) -> tuple[list[float], list[float]]:
    from throughcare.continuity.custody import recall as recall_services
    from throughcare.referrals import services as referral_services

    day = date(2025, 6, 1)
    recalls, re_releases = [], []
    for round_ in range(WARMUP + ROUNDS):
        for referral in referrals:
            if referral.state == "paused":
                referral_services.referral_transition(
                    actor=caseworker, referral=referral, target="in_treatment"
                )
        started = time.perf_counter()
        event = recall_services.custody_recall(
            actor=practitioner, person=person, recalled_on=day, prison_name="HMP Bench"
        )
        recalled = (time.perf_counter() - started) * 1000
        assert event.paused_referrals.count() == 5
        for referral in referrals:
            referral.state = "paused"
        started = time.perf_counter()
        recall_services.custody_re_release(
            actor=practitioner, person=person, released_on=day, release_type="licence"
        )
        re_released = (time.perf_counter() - started) * 1000
        if round_ >= WARMUP:
            recalls.append(recalled)
            re_releases.append(re_released)
    return recalls, re_releases


def run() -> None:
    # The referral notices (one per move, to the other side) print e-mails in development.
    with contextlib.redirect_stdout(io.StringIO()):
        practitioner, caseworker, person, referrals = _setup()
        recalls, re_releases = _rounds(practitioner, caseworker, person, referrals)
        with mock.patch("throughcare.referrals.services.notices_raise_each"):
            quiet, _ = _rounds(practitioner, caseworker, person, referrals)
    recall = _summary("recall of a person with 5 open referrals", recalls)
    _summary("re-release after that recall", re_releases)
    without = _summary("recall, referral notices switched off (for comparison)", quiet)
    ratio("recall / recall without notices", recall, without)
    print(
        f"  {'goal: recall p95 <= 50 ms':<58} p95 {recall['p95_ms']:.2f} ms "
        f"({recall['p95_ms'] / GOAL_P95_MS:.2f}x the goal)"
    )
