"""Release caseload for one prison (next 12 weeks) and its "next 14 days with gaps" list (goal p95 <= 100 ms).

The national seed has no custody episodes, so a prison with 3,000 people in custody is made here:
expected releases spread over the next 26 weeks, release plans started for every other person with a
mix of items settled and not. Both pages are fetched through the test client signed in as that
prison's staff. Everything written, including the audit events of each read, is rolled back at the end.
"""

import random
from datetime import timedelta

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.harness import goal, measure

PEOPLE = 3_000
WEEKS = 26
GOAL_P95_MS = 100.0


class _RollBackError(Exception):
    """Raised to leave the benchmark database as it was."""


def _prison_with_people():
    from django.utils import timezone

    from throughcare.accounts.models import Membership, Organisation, User
    from throughcare.continuity.models import CustodyEpisode, ReleasePlanItem
    from throughcare.continuity.release.choices import DEFAULT_OWNER, PlanItemKind, PlanItemStatus
    from throughcare.people.models import CareTeamMember, Person

    rng = random.Random(6)
    today = timezone.localdate()
    prison = Organisation.objects.create(code="bench-release-prison", name="HMP Bench", kind="prison")
    staff = User.objects.create_user(
        "bench-release@bench.throughcare.example", full_name="Bench prison staff"
    )
    Membership.objects.create(user=staff, organisation=prison, role="practitioner")
    people = Person.objects.bulk_create(
        Person(
            given_names="Bench",
            family_name=f"Release {n:05d}",
            date_of_birth=today - timedelta(days=9000 + n),
        )
        for n in range(PEOPLE)
    )
    CareTeamMember.objects.bulk_create(
        CareTeamMember(person=p, organisation=prison, role="prison_key_worker", started_on=today)
        for p in people
    )
    episodes = CustodyEpisode.objects.bulk_create(
        CustodyEpisode(
            person=p,
            prison=prison,
            prison_name=prison.name,
            reception_date=today - timedelta(days=400),
            expected_release_date=today + timedelta(days=rng.randrange(WEEKS * 7)),
        )
        for p in people
    )
    statuses = PlanItemStatus.values
    ReleasePlanItem.objects.bulk_create(
        ReleasePlanItem(
            episode=e,
            kind=kind,
            owner_side=DEFAULT_OWNER[kind],
            status=(status := rng.choice(statuses)),
            not_needed_reason="Bench" if status == PlanItemStatus.NOT_NEEDED else "",
        )
        for e in episodes[::2]
        for kind in PlanItemKind.values
    )
    return staff


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    return len(context)


def run() -> None:
    from throughcare.continuity.release.selectors import caseload_for

    try:
        with transaction.atomic():
            staff = _prison_with_people()
            client = Client()
            client.force_login(staff)
            for label, path, days, gaps_only in (
                ("release caseload, one prison, next 12 weeks (GET /releases/)", "/releases/", 84, False),
                ("releases in the next 14 days with gaps (GET /releases/gaps/)", "/releases/gaps/", 14, True),
            ):
                first_page = caseload_for(staff, days=days, gaps_only=gaps_only)
                result = measure(label, lambda path=path: client.get(path), repeat=100)
                print(
                    f"  {'':<58} {len(first_page.rows)} rows on the first page"
                    f"{' (more pages follow)' if first_page.has_next else ''}, "
                    f"{_queries(client, path)} queries"
                )
                goal(label.split(" (")[0], result, GOAL_P95_MS)
            raise _RollBackError
    except _RollBackError:
        pass
