"""Caseloads and the person hub: GET /api/v1/referrals with a state filter, and a busy person's page.

Goals (issue #13): GET /api/v1/referrals with a state filter p95 <= 150 ms over 1,000,000 referrals;
the person hub for a person with 20 referrals and 100 events p95 <= 100 ms; a constant number of
queries for both (asserted in the tests, printed here). Each is compared with the bare SQL of its
main query. The hub's person is built once if the database has none so busy (20 referrals from the
demo practitioner's organisation to the demo caseworker's, each with its moves, two appointments and
an outcome score: about 120 timeline entries), written in bulk as the national seed writes.
"""

from datetime import timedelta

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.harness import goal, measure, ratio

API_GOAL_MS = 150
HUB_GOAL_MS = 100
RUNS = 100
HUB_REFERRALS = 20
HUB_FAMILY_NAME = "Benchmark-Hub"


def _queries(action) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        action()
    return [q["sql"] for q in captured.captured_queries]


def _bare(sql: str):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    return run


def run() -> None:
    from throughcare.accounts.models import User
    from throughcare.referrals.models import Referral

    total = Referral.objects.count()
    print(f"  {total:,} referrals")
    if not total:
        print("  No referrals: remove var/bench.sqlite3 so the national seed builds it again.")
        return
    caseworker = User.objects.get(email="caseworker@demo.throughcare.example")
    practitioner = User.objects.get(email="practitioner@demo.throughcare.example")
    _caseload_api(caseworker)
    _hub(practitioner, caseworker)


def _token_client(user) -> Client:
    from throughcare.accounts.services import token_issue

    secret = token_issue(actor=None, user=user, name="bench", days=1).secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _caseload_api(caseworker) -> None:
    from throughcare.referrals.caseload import states_in
    from throughcare.referrals.models import Referral

    api = _token_client(caseworker)
    received = Referral.objects.filter(receiving_organisation_id=caseworker.current_organisation_id)
    print(f"  {caseworker.email} has {received.count():,} referrals received")
    for group in ("waiting", "in_treatment", "closed"):
        url = f"/api/v1/referrals?group={group}"
        in_group = received.filter(state__in=states_in(group)).count()
        response = api.get(url)
        queries = _queries(lambda u=url: api.get(u))
        print(f"  {url}: {response.status_code}, {in_group:,} in the group, {len(queries)} queries")
    url = "/api/v1/referrals?group=waiting"
    api_result = measure(f"GET {url}", lambda: api.get(url), repeat=RUNS)
    sorted_url = "/api/v1/referrals?group=closed&sort=person&page=3"
    measure(f"GET {sorted_url}", lambda: api.get(sorted_url), repeat=RUNS)
    queries = _queries(lambda: api.get(url))
    ids_sql = next(q for q in queries if 'FROM "referrals_referral"' in q and "LIMIT" in q)
    print(f"  the page's ids query:\n    {ids_sql}")
    bare = measure("bare SQL: the page's ids", _bare(ids_sql), repeat=RUNS)
    ratio(f"GET {url} / bare SQL", api_result, bare)
    goal(f"GET {url}", api_result, API_GOAL_MS)


def _hub(practitioner, caseworker) -> None:
    from throughcare.people.hub import hub_of

    person = _busy_person(practitioner, caseworker)
    page = Client()
    page.force_login(practitioner)
    url = f"/people/{person.pk}/"
    hub = hub_of(practitioner, person)
    print(
        f"  hub person: {len(hub.referrals)} referrals, {hub.timeline_total} timeline entries, "
        f"{hub.past_appointments_total + len(hub.upcoming_appointments)} appointments"
    )
    queries = _queries(lambda: page.get(url))
    print(f"  GET {url}: {page.get(url).status_code}, {len(queries)} queries")
    page_result = measure("person hub page, 20 referrals", lambda: page.get(url), repeat=RUNS)
    measure("hub_of() alone", lambda: hub_of(practitioner, person), repeat=RUNS)
    moves_sql = next(
        q for q in _queries(lambda: hub_of(practitioner, person)) if "referrals_referraltransition" in q
    )
    bare = measure("bare SQL: the person's referral moves", _bare(moves_sql), repeat=RUNS)
    ratio("person hub page / bare SQL of its moves", page_result, bare)
    goal("person hub page", page_result, HUB_GOAL_MS)


def _busy_person(practitioner, caseworker):
    """The benchmark's hub person, built once (in bulk, like the national seed) if not there yet."""
    from throughcare.people.models import Person

    person = Person.objects.filter(family_name=HUB_FAMILY_NAME).first()
    if person is not None:
        return person
    with transaction.atomic():
        return _build_busy_person(practitioner, caseworker)


def _build_busy_person(practitioner, caseworker):
    from throughcare.appointments.models import Appointment
    from throughcare.directory.models import Service
    from throughcare.outcomes.models import OutcomeMeasurement
    from throughcare.people.models import CareTeamMember, Person
    from throughcare.referrals.models import Referral, ReferralTransition

    now = timezone.now()
    person = Person.objects.create(
        given_names="Busy", family_name=HUB_FAMILY_NAME, date_of_birth="1988-04-02"
    )
    CareTeamMember.objects.create(
        person=person,
        organisation_id=practitioner.current_organisation_id,
        role="probation_practitioner",
        started_on=now.date() - timedelta(days=400),
    )
    service = Service.objects.filter(organisation__owner_id=caseworker.current_organisation_id).first()
    referrals = Referral.objects.bulk_create(
        Referral(
            person=person,
            service=service,
            referring_organisation_id=practitioner.current_organisation_id,
            receiving_organisation_id=caseworker.current_organisation_id,
            created_by=practitioner,
            state="in_treatment",
            submitted_at=now - timedelta(days=300 - n * 10),
            # Its last move below, by the caseworker: into treatment three days after submission.
            other_side_moved_at=now - timedelta(days=300 - n * 10 - 3),
            reason_for_referral="Benchmark",
            contact_preferences="Phone",
        )
        for n in range(HUB_REFERRALS)
    )
    moves, appointments, scores = [], [], []
    for n, referral in enumerate(referrals):
        start = now - timedelta(days=300 - n * 10)
        for step, (source, target, actor) in enumerate(
            (
                ("draft", "submitted", practitioner),
                ("submitted", "accepted", caseworker),
                ("accepted", "assessment_booked", caseworker),
                ("assessment_booked", "in_treatment", caseworker),
            )
        ):
            side = "referrer" if actor is practitioner else "receiver"
            moves.append(
                ReferralTransition(
                    referral=referral,
                    from_state=source,
                    to_state=target,
                    side=side,
                    actor=actor,
                    at=start + timedelta(days=step),
                )
            )
        for days, status in ((5, "attended"), (12, "booked")):
            appointments.append(
                Appointment(
                    referral=referral,
                    starts_at=start + timedelta(days=days),
                    duration_minutes=60,
                    mode="phone",
                    purpose="treatment",
                    status=status,
                    booked_by=caseworker,
                )
            )
        scores.append(
            OutcomeMeasurement(
                referral=referral,
                measure="WEMWBS",
                occasion="first",
                recorded_on=(start + timedelta(days=5)).date(),
                total=40 + n % 5,
                recorded_by=caseworker,
            )
        )
    ReferralTransition.objects.bulk_create(moves)
    Appointment.objects.bulk_create(appointments)
    OutcomeMeasurement.objects.bulk_create(scores)
    return person
