"""Demonstration journeys, so that after `make run` every part of Throughcare has something to show.

Each referral, appointment, measure, custody event and order is made through the ordinary services,
as the demo user who would make it, at the moment it would have happened (see `story`), so it is
validated, audited, raises the notices a real one would and keeps real deadlines. Together they put
a referral in every state: waiting for acknowledgement (some overdue), acknowledged, accepted,
waitlisted, declined with reasons, assessment booked, in treatment, paused by a recall, resumed after
re-release, completed with an end-of-service summary, ended early after missed appointments, and
withdrawn; and a draft. Dates are relative to the day the demo is seeded. Referrals respect the
services' own rules: MHTR services take people whose order has an MHTR requirement there, RECONNECT
works inside its window around release, the OPD pathway takes people once screened, and women's
services take women.
"""

from django.utils import timezone

from throughcare.accounts.models import Organisation, User
from throughcare.demo import journeys_derby, journeys_north
from throughcare.demo.clock import clock_at, moment
from throughcare.directory.models import Service
from throughcare.matching.engine import match
from throughcare.matching.profile import NeedsProfile
from throughcare.notices.models import Notice
from throughcare.people.models import Person


class Cast:
    """Who and what the journeys name: users by sign-in, people by family name, services by name."""

    def __init__(self, demo_email):
        self.users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=demo_email(""))}
        self.people = {p.family_name: p for p in Person.objects.filter(merged_into__isnull=True)}
        self.services = {
            s.name: s for s in Service.objects.filter(organisation__owner__code__startswith="demo")
        }
        self.organisations = {o.code: o for o in Organisation.objects.filter(code__startswith="demo")}

    def __getitem__(self, name):
        return self.users.get(name) or self.people.get(name) or self.services[name]


def seed_demo_journeys(ctx, demo_email) -> None:
    cast = Cast(demo_email)
    if "Riverside Talking Therapies" not in cast.services or "Example" not in cast.people:
        return  # a directory or caseload without the demo's own entries: nothing to hang journeys on
    journeys = journeys_derby.seed(cast) + journeys_north.seed(cast)
    _record_unmet_need(cast)
    # The demo's addresses are fictional: its notices show in Throughcare but are never emailed.
    Notice.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())
    ctx.counts["demo journeys"] = journeys


# Needs that nothing in each area's directory meets: matching records them as unmet need.
UNMET = [
    ("practitioner", "DE1", ["eating_disorder"], 34),
    ("practitioner", "DE22", ["eating_disorder", "trauma"], 12),
    ("leeds-practitioner", "LS11", ["eating_disorder"], 20),
    ("manchester-practitioner", "M8", ["eating_disorder", "self_harm"], 6),
]


def _record_unmet_need(cast) -> None:
    for user, postcode, needs, days_ago in UNMET:
        with clock_at(moment(days_ago, 13)):
            match(actor=cast[user], profile=NeedsProfile(postcode=postcode, need_codes=needs, age=34))
