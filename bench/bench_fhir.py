"""FHIR interchange: one referral exported as a BaRS-shaped message, and a message imported as a draft.

Target (issue #5): exporting one referral p95 <= 30 ms at national demo scale. A referral from the
demo seed is exported when the benchmark database has any; a handful of referrals are also created
here (with NHS numbers, so their messages import). Everything written, including each import and
the audit events, is rolled back at the end, so the benchmark database is left as it was.
"""

import json

from django.db import transaction
from django.test import Client

from bench.harness import measure, ratio

OWN_REFERRALS = 5


class _RollBackError(Exception):
    """Raised to leave the benchmark database as it was."""


def _unused_nhs_number(start: int) -> str:
    from throughcare.people.identifiers import nhs_check_digit
    from throughcare.people.models import Person

    n = start
    while True:
        first_nine = f"9{n % 100_000_000:08d}"
        check = nhs_check_digit(first_nine)
        number = f"{first_nine}{check}"
        if check is not None and not Person.objects.filter(nhs_number=number).exists():
            return number
        n += 1


def _own_referrals(practitioner) -> list:
    """A few complete referrals from the demo practitioner, each with consent."""
    from datetime import date

    from throughcare.directory.models import DirectoryOrganisation, Service
    from throughcare.people import services as people_services
    from throughcare.people.details import PersonDetails
    from throughcare.referrals import services

    service = (
        Service.objects.filter(status="active", organisation__owner__isnull=False)
        .exclude(organisation__owner=practitioner.current_organisation)
        .order_by("id")
        .first()
    )
    if service is None:
        owner = DirectoryOrganisation.objects.create(
            name="Bench provider", description="", owner=practitioner.current_organisation
        )
        service = Service.objects.create(organisation=owner, name="Bench service")
    referrals = []
    for n in range(OWN_REFERRALS):
        person = people_services.person_create(
            actor=None,
            details=PersonDetails(
                given_names="Bench",
                family_name=f"Person {n}",
                date_of_birth=date(1985, 1, 1 + n),
                nhs_number=_unused_nhs_number(40_000_000 + n * 1_000),
            ),
            organisation=practitioner.current_organisation,
            confirm_not_duplicate=True,
        )
        referral = services.referral_create_draft(
            actor=practitioner,
            person_id=person.pk,
            service_id=service.pk,
            details=services.ReferralDetails(
                reason_for_referral="Low mood since release.",
                need_codes=["depression", "anxiety"],
                risk_summary="Low risk to others.",
                contact_preferences="Phone, afternoons.",
                medication="Sertraline 50mg",
                in_custody=True,
                release_date=date(2026, 6, 1),
            ),
        )
        services.consent_record(
            actor=practitioner,
            referral=referral,
            given_on=date(2026, 1, 5),
            how_obtained="verbal",
            shared_with="The receiving service",
            purposes="To offer support",
        )
        referrals.append(referral)
    return referrals


def _demo_referral():
    """A referral from the national seed and a practitioner of its referring organisation, if any."""
    from throughcare.accounts.models import Membership
    from throughcare.core.permissions import Role
    from throughcare.referrals.models import Referral

    referral = Referral.objects.order_by("created_at").first()
    if referral is None:
        return None, None
    membership = (
        Membership.objects.select_related("user")
        .filter(organisation_id=referral.referring_organisation_id, role=Role.PRACTITIONER, is_active=True)
        .first()
    )
    return (referral, membership.user) if membership else (None, None)


def run() -> None:
    from throughcare.accounts.models import User
    from throughcare.accounts.services import token_issue
    from throughcare.referrals.fhir.exchange import referral_import, referral_message_for
    from throughcare.referrals.models import Referral

    practitioner = User.objects.get(email="practitioner@demo.throughcare.example")
    print(f"  referrals in the benchmark database: {Referral.objects.count():,}")
    try:
        with transaction.atomic():
            demo, demo_user = _demo_referral()  # before our own are made: one from the seed, if any
            own = _own_referrals(practitioner)
            if demo is not None:
                size = len(referral_message_for(demo_user, demo.pk))
                print(f"  a demo seed referral: message of {size:,} bytes")
                measure(
                    "export one demo referral (in-process)", lambda: referral_message_for(demo_user, demo.pk)
                )
            else:
                print("  no demo seed referrals with a practitioner to export as: own referrals only")
            ids = [r.pk for r in own]
            turn = iter(range(10**9))
            export = measure(
                "export one referral with consent (in-process)",
                lambda: referral_message_for(practitioner, ids[next(turn) % len(ids)]),
            )
            secret = token_issue(actor=None, user=practitioner, name="bench", days=1).secret
            api = Client(headers={"Authorization": f"Bearer {secret}"})
            over_api = measure(
                "GET /api/v1/referrals/{id}/fhir", lambda: api.get(f"/api/v1/referrals/{ids[0]}/fhir")
            )
            ratio("API / in-process export", over_api, export)

            message = json.loads(referral_message_for(practitioner, ids[0]))

            def import_once():
                # Each import is undone, so every run imports into the same state.
                sid = transaction.savepoint()
                referral_import(actor=practitioner, data=message)
                transaction.savepoint_rollback(sid)

            measure("import one message as a draft with consent (in-process)", import_once, repeat=100)
            body = json.dumps(message)

            def import_over_api():
                sid = transaction.savepoint()
                response = api.post("/api/v1/referrals/fhir", body, content_type="application/fhir+json")
                assert response.status_code == 201, response.content
                transaction.savepoint_rollback(sid)

            measure("POST /api/v1/referrals/fhir", import_over_api, repeat=100)
            raise _RollBackError
    except _RollBackError:
        pass
