"""Home: the busiest provider's and the busiest referrer's worklist home page, at national scale.

Goal (issue #13): each p95 <= 150 ms, with the same number of queries however busy the user is. The
ratio compares the page with the bare SQL of its heaviest section (the provider's referrals to
decide, the referrer's moves since they last looked), run alone.
"""

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.harness import goal, measure, ratio

HOME_GOAL_MS = 150
RUNS = 100


def _busiest(field: str):
    """The member of the organisation with the most referrals on `field`'s side (made by them, for a
    referrer), with the role that works them."""
    from throughcare.accounts.models import User
    from throughcare.referrals.models import Referral

    if field == "created_by":
        top = Referral.objects.values("created_by").annotate(n=Count("id")).order_by("-n").first()
        return User.objects.get(pk=top["created_by"]) if top else None
    top = Referral.objects.values(field).annotate(n=Count("id")).order_by("-n").first()
    if not top:
        return None
    return (
        User.objects.filter(memberships__organisation_id=top[field], memberships__role="provider_caseworker")
        .order_by("email")
        .first()
    )


def _heaviest_sql(queries: list[str], marker: str) -> str:
    return max((q for q in queries if marker in q), key=len)


def run() -> None:
    for label, field, marker in (
        ("busiest provider", "receiving_organisation", '"referrals_referral"'),
        ("busiest referrer", "created_by", '"referrals_referraltransition"'),
    ):
        user = _busiest(field)
        if user is None:
            print("  No referrals: remove var/bench.sqlite3 so the national seed builds it again.")
            return
        client = Client()
        client.force_login(user)
        client.get("/")
        with CaptureQueriesContext(connection) as captured:
            status = client.get("/").status_code
        # Read before timing: the connection's query log is a rolling window that later runs move on.
        sql = _heaviest_sql([q["sql"] for q in captured.captured_queries], marker)
        print(f"  {label}: {user.email}, home answers {status} in {len(captured)} queries")
        page = measure(f"home page, {label}", lambda c=client: c.get("/"), repeat=RUNS)

        def bare(sql=sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()

        bare_result = measure(f"bare SQL of its heaviest section, {label}", bare, repeat=RUNS)
        ratio(f"home page / bare SQL, {label}", page, bare_result)
        goal(f"home page, {label}", page, HOME_GOAL_MS)
