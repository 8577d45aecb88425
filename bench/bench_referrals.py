"""Referrals: a heavy worklist (page and API) and one move, at 250,000 people and 1,000,000 referrals.

Goals (issues #5/#6/#7): worklist p95 <= 150 ms, a constant number of queries however long the
worklist, and a transition p95 <= 20 ms. The demo charity's caseworker has the heavy worklist;
a national provider's caseworker, with a short one, shows the query count does not grow with it.
Each transition run acknowledges a different submitted referral and commits, as a real one would.
"""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.harness import goal, measure, ratio

WORKLIST_GOAL_MS = 150
TRANSITION_GOAL_MS = 20
RUNS = 100
TRANSITION_RUNS, TRANSITION_WARMUP = 200, 10


def _query_count(action) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured), [q["sql"] for q in captured.captured_queries]


def _worklist_sql(queries: list[str]) -> str:
    return next(q for q in queries if 'FROM "referrals_referral"' in q and "ORDER BY" in q)


def run() -> None:
    from django.conf import settings

    # Notification emails are built and kept in memory rather than printed over the figures.
    backend, settings.EMAIL_BACKEND = settings.EMAIL_BACKEND, "django.core.mail.backends.locmem.EmailBackend"
    try:
        _worklists()
        _transitions()
    finally:
        settings.EMAIL_BACKEND = backend


def _worklists() -> None:
    from throughcare.accounts.models import User
    from throughcare.accounts.services import token_issue
    from throughcare.referrals.models import Referral, ReferralTransition
    from throughcare.referrals.selectors import RECEIVER_ACTS_ON, worklist_for

    total = Referral.objects.count()
    print(f"  {total:,} referrals, {ReferralTransition.objects.count():,} moves in their history")
    if not total:
        print("  No referrals: remove var/bench.sqlite3 so the national seed builds it again.")
        return
    heavy = User.objects.get(email="caseworker@demo.throughcare.example")
    light_org = (
        Referral.objects.filter(receiving_organisation__code__startswith="provider-", state="submitted")
        .values_list("receiving_organisation_id", flat=True)
        .order_by("receiving_organisation_id")
        .first()
    )
    light = User.objects.filter(memberships__organisation_id=light_org).order_by("email").first()
    for label, user in (("heavy", heavy), ("light", light)):
        waiting = Referral.objects.filter(
            receiving_organisation_id=user.current_organisation_id, state__in=RECEIVER_ACTS_ON
        ).count()
        print(f"  {label} worklist: {user.email} has {waiting:,} referrals to act on (page shows 200)")

    page, api = {}, {}
    for label, user in (("heavy", heavy), ("light", light)):
        page[label] = Client()
        page[label].force_login(user)
        secret = token_issue(actor=None, user=user, name="bench", days=1).secret
        api[label] = Client(headers={"Authorization": f"Bearer {secret}"})
    for label in ("heavy", "light"):
        page_queries, _ = _query_count(lambda c=page[label]: c.get("/referrals/"))
        api_queries, queries = _query_count(lambda c=api[label]: c.get("/api/v1/worklist"))
        print(f"  queries, {label} worklist: page {page_queries}, GET /api/v1/worklist {api_queries}")
    statuses = (
        page["heavy"].get("/referrals/").status_code,
        api["heavy"].get("/api/v1/worklist").status_code,
    )
    print(f"  responses (page, API): {statuses}")

    page_result = measure(
        "worklist page, heavy caseworker", lambda: page["heavy"].get("/referrals/"), repeat=RUNS
    )
    api_result = measure(
        "GET /api/v1/worklist, heavy caseworker", lambda: api["heavy"].get("/api/v1/worklist"), repeat=RUNS
    )
    selector = measure("worklist_for(), heavy caseworker", lambda: worklist_for(heavy), repeat=RUNS)
    _, queries = _query_count(lambda: worklist_for(heavy))
    sql = _worklist_sql(queries)
    print(f"  the worklist query:\n    {sql}")

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    bare_result = measure("bare SQL worklist query alone", bare, repeat=RUNS)
    ratio("worklist_for() / bare SQL", selector, bare_result)
    ratio("GET /api/v1/worklist / bare SQL", api_result, bare_result)
    goal("worklist page", page_result, WORKLIST_GOAL_MS)
    goal("GET /api/v1/worklist", api_result, WORKLIST_GOAL_MS)
    _referrer_worklist()


def _referrer_worklist() -> None:
    """The referring side's worklist reads another index: drafts, and open referrals gone overdue."""
    from django.db.models import Q
    from django.utils import timezone

    from throughcare.accounts.models import User
    from throughcare.accounts.services import token_issue
    from throughcare.referrals.models import Referral
    from throughcare.referrals.states import OPEN_STATES

    practitioner = User.objects.get(email="practitioner@demo.throughcare.example")
    waiting = Referral.objects.filter(referring_organisation_id=practitioner.current_organisation_id).filter(
        Q(state="draft") | Q(state__in=OPEN_STATES, due_by__lt=timezone.now())
    )
    print(f"  referrer worklist: {practitioner.email} has {waiting.count():,} drafts and overdue referrals")
    secret = token_issue(actor=None, user=practitioner, name="bench", days=1).secret
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    result = measure(
        "GET /api/v1/worklist, demo practitioner", lambda: api.get("/api/v1/worklist"), repeat=RUNS
    )
    goal("GET /api/v1/worklist, referrer", result, WORKLIST_GOAL_MS)


def _transitions() -> None:
    from throughcare.accounts.models import User
    from throughcare.referrals.models import Referral
    from throughcare.referrals.services import referral_transition

    needed = TRANSITION_RUNS + TRANSITION_WARMUP
    submitted = Referral.objects.filter(
        state="submitted", receiving_organisation__code__startswith="provider-"
    ).order_by("id")
    print(f"  {submitted.count():,} submitted referrals left to acknowledge ({needed} used per run)")
    referrals = list(submitted[:needed])
    if len(referrals) < needed:
        print("  Too few submitted referrals left: remove var/bench.sqlite3 to seed afresh.")
        return
    staff = {}
    for user in User.objects.filter(
        memberships__organisation_id__in={r.receiving_organisation_id for r in referrals}
    ).order_by("email"):
        staff.setdefault(user.current_organisation_id, user)
    moves = iter([(staff[r.receiving_organisation_id], r) for r in referrals])

    def acknowledge():
        actor, referral = next(moves)
        referral_transition(actor=actor, referral=referral, target="acknowledged")

    from django.core import mail

    result = measure(
        "referral_transition() acknowledge, committed",
        acknowledge,
        repeat=TRANSITION_RUNS,
        warmup=TRANSITION_WARMUP,
    )
    goal("transition", result, TRANSITION_GOAL_MS)
    mail.outbox = []
