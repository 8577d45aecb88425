"""A person's own plan on their phone (GET /my-plan/, goal p95 <= 50 ms), and the public request form.

A person leaving prison in a week is made here with a full release plan, then given access, signed in
with a code as a phone would be, and the plan page fetched with their own session cookie. Everything
written, including the audit event of each view, is rolled back at the end.
"""

import re
from datetime import timedelta

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.harness import measure

GOAL_P95_MS = 50.0


class _RollBackError(Exception):
    """Raised to leave the benchmark database as it was."""


def _person_with_a_plan():
    from django.utils import timezone

    from throughcare.accounts.models import Membership, Organisation, User
    from throughcare.continuity.models import CustodyEpisode
    from throughcare.continuity.models.release import ReleasePlanItem
    from throughcare.continuity.release.choices import DEFAULT_OWNER, PlanItemKind, PlanItemStatus
    from throughcare.people.models import CareTeamMember, Person

    today = timezone.localdate()
    prison = Organisation.objects.create(code="bench-myplan-prison", name="HMP Bench", kind="prison")
    staff = User.objects.create_user("bench-myplan@bench.throughcare.example", full_name="Bench staff")
    Membership.objects.create(user=staff, organisation=prison, role="practitioner")
    person = Person.objects.create(
        given_names="Bench", family_name="Phone", date_of_birth=today - timedelta(days=9000)
    )
    CareTeamMember.objects.create(
        person=person, organisation=prison, role="prison_key_worker", started_on=today
    )
    episode = CustodyEpisode.objects.create(
        person=person,
        prison=prison,
        prison_name=prison.name,
        reception_date=today - timedelta(days=400),
        expected_release_date=today + timedelta(days=7),
    )
    ReleasePlanItem.objects.bulk_create(
        ReleasePlanItem(
            episode=episode,
            kind=kind,
            owner_side=DEFAULT_OWNER[kind],
            status=PlanItemStatus.DONE,
            place="1 High Street, Derby",
            contact="Reception, 01332 496 000",
            happens_on=today + timedelta(days=7 + n),
        )
        for n, kind in enumerate(PlanItemKind.values)
    )
    return staff, person


def run() -> None:
    from throughcare.myplan.models import PersonMessage
    from throughcare.myplan.services import plan_access_grant

    try:
        with transaction.atomic():
            staff, person = _person_with_a_plan()
            access = plan_access_grant(actor=staff, person=person, email="bench@example.com")
            phone = Client()
            phone.post(access.link_path)
            code = re.search(
                r"Your code is (\d{6})", PersonMessage.objects.filter(access=access).latest("created_at").body
            )
            phone.post(access.link_path + "code/", {"code": code.group(1)})
            result = measure(
                "a person's own plan (GET /my-plan/)", lambda: phone.get("/my-plan/"), repeat=200
            )
            with CaptureQueriesContext(connection) as queries:
                assert phone.get("/my-plan/").status_code == 200
            print(
                f"  {'':<58} {len(queries)} queries; p95 {result['p95_ms'] / GOAL_P95_MS:.2f}x the 50 ms goal"
            )
            raise _RollBackError
    except _RollBackError:
        pass
