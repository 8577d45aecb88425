"""What the HTTP load benchmark asks for, and as whom: varied requests to seven kinds of page.

Each target is a list of requests drawn in advance from the benchmark database (different profiles,
pages, places, people and areas, from a seeded generator), and the sign-in it needs: a session
cookie for pages, a bearer token for the API, nothing for the public Open Referral feed. Sessions are
made as the test client's force_login makes them, in the database the server reads.
"""

import html
import itertools
import math
import random
import re
from dataclasses import dataclass, field

from bench.inputs import SEED, english_districts, match_profiles

REQUESTS_PER_TARGET = 200
# A chart on an insight page is an image the browser then asks for (insight/charts.py); a desktop
# browser asks for the wide drawing, the <img>'s own source.
CHART_IMAGE = re.compile(r'<img class="insight-chart" src="([^"]+)"')


def chart_images(page: str) -> list[str]:
    """The chart drawings a desktop browser asks for after loading the page."""
    return [html.unescape(address) for address in CHART_IMAGE.findall(page)]


ORUK_PAGE_SIZE = 50


@dataclass
class Request:
    method: str
    path: str
    json: dict | None = None


@dataclass
class Target:
    name: str
    signed_in_as: str
    requests: list[Request]
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    # Referrals (ids) one of which is changed every so often while this target is driven, as
    # referrals change while commissioners read (http_load.py): none for the other targets.
    changing: list = field(default_factory=list)
    # When no request may be asked twice (each must find nothing kept for it), the figures say so
    # if the runs asked more requests than there are.
    each_once: bool = False
    # Pages whose chart images are asked for after each, as a browser does, timed as part of it.
    with_charts: bool = False
    # Asked once, one after another, before the first concurrency (not timed); none: the first few
    # seconds of the target's own requests are the warm-up.
    warm_up: list = field(default_factory=list)

    def __post_init__(self) -> None:
        # One queue across the warm-up and every concurrency: a request is not asked twice while
        # unasked ones remain, so nothing one run kept serves the next.
        self.queue = itertools.cycle(self.requests)
        self.asked = 0


def _session_cookie(user) -> dict[str, str]:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def _user(email: str):
    from throughcare.accounts.models import User

    return User.objects.get(email=email)


def _busiest_provider_caseworker():
    """A caseworker at the organisation receiving the most referrals: the heaviest worklist."""
    from django.db.models import Count

    from throughcare.accounts.models import User
    from throughcare.referrals.models import Referral

    top = (
        Referral.objects.values("receiving_organisation")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("receiving_organisation", flat=True)
        .first()
    )
    return (
        User.objects.filter(memberships__organisation_id=top, memberships__role="provider_caseworker")
        .order_by("email")
        .first()
    )


def matches(rng: random.Random) -> Target:
    from throughcare.accounts.services import token_issue

    practitioner = _user("practitioner@demo.throughcare.example")
    secret = token_issue(actor=None, user=practitioner, name="bench-http", days=1).secret
    return Target(
        "POST /api/v1/matches",
        practitioner.email,
        [Request("POST", "/api/v1/matches", profile) for profile in match_profiles(REQUESTS_PER_TARGET)],
        headers={"Authorization": f"Bearer {secret}"},
    )


def home(rng: random.Random) -> Target:
    caseworker = _busiest_provider_caseworker()
    return Target(
        "GET / (worklist home, busiest provider)",
        caseworker.email,
        [Request("GET", "/")] * REQUESTS_PER_TARGET,
        cookies=_session_cookie(caseworker),
    )


def oruk_pages(rng: random.Random) -> Target:
    from throughcare.directory.oruk.serialisers import published_services

    pages = max(1, math.ceil(published_services().count() / ORUK_PAGE_SIZE))
    return Target(
        f"GET /openreferral/services (random page of {pages})",
        "nobody (public)",
        [
            Request("GET", f"/openreferral/services?per_page={ORUK_PAGE_SIZE}&page={rng.randint(1, pages)}")
            for _ in range(REQUESTS_PER_TARGET)
        ],
    )


def directory_search(rng: random.Random) -> Target:
    from throughcare.directory.vocabularies import NEEDS

    practitioner = _user("practitioner@demo.throughcare.example")
    needs = sorted(NEEDS.codes)
    return Target(
        "GET /directory/services/ (district, 10 miles, a need)",
        practitioner.email,
        [
            Request("GET", f"/directory/services/?postcode={district}&miles=10&need={rng.choice(needs)}")
            for district in english_districts(REQUESTS_PER_TARGET, rng)
        ],
        cookies=_session_cookie(practitioner),
    )


def person_page(rng: random.Random) -> Target:
    from throughcare.people.selectors import people_visible_to

    practitioner = _user("practitioner@demo.throughcare.example")
    ids = list(people_visible_to(practitioner).order_by("id").values_list("id", flat=True))
    if not ids:
        raise RuntimeError(f"{practitioner.email} sees nobody: seed the demo data first.")
    return Target(
        f"GET /people/{{id}}/ (one of {len(ids):,} people)",
        practitioner.email,
        [Request("GET", f"/people/{rng.choice(ids)}/") for _ in range(REQUESTS_PER_TARGET)],
        cookies=_session_cookie(practitioner),
    )


def insight(rng: random.Random) -> Target:
    from throughcare.geography.models import Icb
    from throughcare.insight.catalogue import VIEWS

    commissioner = _user("national-commissioner@demo.throughcare.example")
    icbs = list(Icb.objects.order_by("code").values_list("code", flat=True))
    return Target(
        f"GET /insight/{{view}}/ (random view, one of {len(icbs)} ICBs)",
        commissioner.email,
        [
            Request("GET", f"/insight/{rng.choice(list(VIEWS))}/?level=icb&area={rng.choice(icbs)}")
            for _ in range(REQUESTS_PER_TARGET)
        ],
        cookies=_session_cookie(commissioner),
        with_charts=True,
    )


def _recently_submitted(rng: random.Random, days: int = 180, count: int = 5000) -> list:
    """Referrals across England submitted in the last `days`: the ones that still move."""
    import datetime

    from django.utils import timezone

    from throughcare.referrals.models import Referral

    since = timezone.now() - datetime.timedelta(days=days)
    ids = list(Referral.objects.filter(submitted_at__gte=since).order_by("id").values_list("id", flat=True))
    return rng.sample(ids, min(count, len(ids)))


def insight_cold(rng: random.Random) -> Target:
    """The busiest ICB's views, each for a period of its own: periods are whole months (2 to 12 of
    them, ending in one of the last 30 months), and no two requests share one, so no request's kept
    figures or charts serve another. Each month's tally is shared (ADR 48), as it is between
    commissioners in national use: the warm-up asks for each month alone (as CSV, so no chart is
    drawn), as a running service has them, and referrals across England recently submitted keep
    changing while it is driven (http_load.py), each change meaning its month is added up again."""
    import datetime

    from bench.bench_insight import _busiest_icb
    from throughcare.insight.catalogue import VIEWS
    from throughcare.insight.queries.common import add_months

    commissioner = _user("national-commissioner@demo.throughcare.example")
    icb = _busiest_icb()
    this_month = datetime.date.today().replace(day=1)
    periods = [(ago, months) for ago in range(30) for months in range(2, 13)]
    requests = []
    for ago, months in rng.sample(periods, len(periods)):
        last_month = add_months(this_month, -ago)
        start, end = (
            add_months(last_month, 1 - months),
            add_months(last_month, 1) - datetime.timedelta(days=1),
        )
        view = rng.choice(list(VIEWS))
        requests.append(Request("GET", f"/insight/{view}/?level=icb&area={icb}&from={start}&to={end}"))
    return Target(
        f"GET /insight/{{view}}/ (busiest ICB {icb}, each a period of its own, referrals changing)",
        commissioner.email,
        requests,
        cookies=_session_cookie(commissioner),
        changing=_recently_submitted(rng),
        each_once=True,
        with_charts=True,
        warm_up=[
            Request("GET", f"/insight/waits/?level=icb&area={icb}&from={month}&to={month_end}&format=csv")
            for month, month_end in (
                (add_months(this_month, -ago), add_months(this_month, 1 - ago) - datetime.timedelta(days=1))
                for ago in range(42)
            )
        ],
    )


TARGETS = {
    "matches": matches,
    "home": home,
    "oruk": oruk_pages,
    "search": directory_search,
    "person": person_page,
    "insight": insight,
    "insight-cold": insight_cold,
}


def build(names: list[str]) -> list[Target]:
    """The targets named (all of them when none is), each drawn from its own seeded generator."""
    return [TARGETS[name](random.Random(f"{SEED}-{name}")) for name in names or TARGETS]
