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

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from throughcare.accounts.models import Organisation, User
from throughcare.core.permissions import Permission, has_permission
from throughcare.demo import journeys_derby, journeys_north
from throughcare.demo.clock import clock_at, moment
from throughcare.demo.history import seed_history
from throughcare.directory.models import Service
from throughcare.matching.engine import match
from throughcare.matching.profile import NeedsProfile
from throughcare.notices.models import Notice
from throughcare.notices.services import notice_clear
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
    ctx.counts["programme records"] = _programmes_people_are_in(cast)
    _a_crisis_sent_to_a_wellbeing_service(cast)
    ctx.counts["people"] = ctx.counts.get("people", 0) + seed_history(cast)
    _record_unmet_need(cast)
    _deal_with_old_notices(cast)
    # The demo's addresses are fictional: its notices show in Throughcare but are never emailed.
    Notice.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())
    ctx.counts["demo journeys"] = journeys
    ctx.shared["plan_link"] = _give_casey_their_plan(cast)
    ctx.shared["plan_link_by_text"] = _give_jordan_their_plan_by_text(cast)
    _a_request_to_be_contacted(cast)
    ctx.counts["feedback"] = _what_people_said(cast)


# Words waiting for the service's data protection officer to check; the second names someone.
WORDS_PEOPLE_WROTE = [
    "They listened and did not rush me. I felt like I mattered.",
    "My worker, Dave Price, was great but I waited three weeks. Text me on 07700 900461 to know more.",
]


def _what_people_said(cast) -> int:
    """People whose referrals reached the demo's busiest service said how it treated them, from
    their own plans. The small demo has only a handful, so the summary shows them hidden (*), as
    it would any service with fewer than 8 answers."""
    from throughcare.feedback.services import feedback_give
    from throughcare.myplan.models import PlanAccess
    from throughcare.myplan.services import plan_access_grant
    from throughcare.referrals.models import Referral

    sent = Referral.objects.exclude(state="draft")
    busiest = sent.values("service_id").annotate(n=Count("id")).order_by("-n", "service_id").first()
    if busiest is None:
        return 0
    referrals = list(
        sent.filter(service_id=busiest["service_id"]).select_related("person").order_by("created_at")[:12]
    )
    given = 0
    for n, referral in enumerate(referrals):
        access = PlanAccess.objects.filter(person=referral.person, ended_at__isnull=True).first()
        if access is None:
            access = plan_access_grant(
                actor=cast["practitioner"], person=referral.person, email=f"person{n}@example.com"
            )
        answers = {
            "listened": "yes",
            "respected": "yes" if n % 4 else "partly",
            "recommend": "no" if n < 2 else "yes",
        }
        words = WORDS_PEOPLE_WROTE[n] if n < len(WORDS_PEOPLE_WROTE) else ""
        if feedback_give(access=access, referral=referral, answers=answers, words=words):
            given += 1
    return given


def _a_request_to_be_contacted(cast) -> None:
    """Someone asked Riverside Talking Therapies, from Find support, to get in touch."""
    from throughcare.selfreferrals.services import self_referral_receive

    self_referral_receive(
        service=cast["Riverside Talking Therapies"],
        details={
            "name": "Robin",
            "contact_by": "text",
            "phone": "07700 900314",
            "help_with": "I have felt low and can't sleep since I came out. I would like to talk to someone.",
            "best_time": "Weekday afternoons",
        },
        request_key="demo-riverside-request",
    )
    _a_request_taken_on(cast)


def _a_request_taken_on(cast) -> None:
    """Another asked Riverside last week; Nia took them on, so their referral waits for a decision."""
    from datetime import date

    from throughcare.people.details import PersonDetails
    from throughcare.selfreferrals.services import self_referral_receive, self_referral_take_on

    request, _ = self_referral_receive(
        service=cast["Riverside Talking Therapies"],
        details={
            "name": "Alex Okafor",
            "contact_by": "phone",
            "phone": "07700 900271",
            "help_with": "My probation officer said you could help with panic attacks. I get them on buses.",
            "best_time": "After 4pm",
        },
        request_key="demo-riverside-request-taken-on",
    )
    self_referral_take_on(
        actor=cast["nhs-caseworker"],
        self_referral=request,
        new_person=PersonDetails(
            given_names="Alex",
            family_name="Okafor",
            date_of_birth=date(1994, 2, 9),
            phone=request.phone,
        ),
        confirm_not_duplicate=True,
    )


def _give_casey_their_plan(cast) -> str:
    """Casey Placeholder, out in ten days, can see their own plan on a phone: the path of their link.

    The link email goes nowhere real (the address is fictional); the code that the link asks for is
    emailed the same way, so in the demo it appears wherever the server's email goes (the console).
    Casey chose appointment reminders by text, to a number in Ofcom's range kept for drama (07700
    900xxx), so the demo's texts reach nobody either."""
    from throughcare.myplan.reminders import reminders_choose
    from throughcare.myplan.services import plan_access_grant
    from throughcare.notices.models import Channel

    access = plan_access_grant(
        actor=cast["navigator"], person=cast["Placeholder"], email="casey.placeholder@example.com"
    )
    reminders_choose(access=access, by=Channel.TEXT, mobile_number="07700 900461")
    return access.link_path


def _give_jordan_their_plan_by_text(cast) -> str:
    """Jordan Example has no email address they use, so their link and codes go by text, to a
    number in Ofcom's drama range (07700 900xxx) that reaches nobody; they chose reminders by text
    to the same number. In the demo the texts appear wherever the server's texts go (the console)."""
    from throughcare.myplan.reminders import reminders_choose
    from throughcare.myplan.services import plan_access_grant
    from throughcare.notices.models import Channel

    access = plan_access_grant(
        actor=cast["practitioner"], person=cast["Example"], channel=Channel.TEXT, mobile_number="07700 900462"
    )
    reminders_choose(access=access, by=Channel.TEXT)
    return access.link_path


# (person, who records it, programme, started days ago, ended days ago or None): Casey is in IOM and
# CFO Evolution at once, the overlap their record and their own plan show; Jordan's out of court
# disposal ended before probation's CRS wellbeing support began.
PROGRAMMES = [
    ("Placeholder", "navigator", "iom", 120, None),
    ("Placeholder", "navigator", "cfo_evolution", 40, None),
    ("Example", "practitioner", "out_of_court_disposal", 400, 310),
    ("Example", "practitioner", "crs_personal_wellbeing", 60, None),
]


def _programmes_people_are_in(cast) -> int:
    from throughcare.people.programmes import programme_end, programme_start

    today = timezone.localdate()
    for family_name, user, code, started, ended in PROGRAMMES:
        membership = programme_start(
            actor=cast[user],
            person=cast[family_name],
            programme=code,
            started_on=today - timedelta(days=started),
        )
        if ended is not None:
            programme_end(actor=cast[user], membership=membership, ended_on=today - timedelta(days=ended))
    return len(PROGRAMMES)


def _a_crisis_sent_to_a_wellbeing_service(cast) -> None:
    """Sent yesterday to an online self-help course while at risk to themselves: Harbour Minds, who
    run it, see the referral flagged as mis-tiered (matching's tier rule, applied as it was sent)."""
    from throughcare.demo.story import send

    send(
        cast["practitioner"],
        cast["Sample"],
        cast["Steady Minds Online"],
        1,
        "Aisha said at supervision that she has had thoughts of ending her life this week. She asked "
        "for something she could do from home.",
        ["self_harm", "depression"],
        at_risk_to_self=True,
        risk_to_self="Thoughts of suicide this week; no plan, and she agreed a safety plan with me.",
    )


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


def _deal_with_old_notices(cast) -> None:
    """Staff mark what they have read as dealt with: a notice more than ten days old was cleared the day
    after it arrived, by someone in the organisation it was for, so inboxes hold only recent news."""
    staff = {}
    for user in cast.users.values():
        # Someone who works the referrals (not, say, the organisation's data protection officer).
        if has_permission(user, Permission.MAKE_REFERRALS) or has_permission(
            user, Permission.RECEIVE_REFERRALS
        ):
            staff.setdefault(user.current_organisation_id, user)
    cutoff = moment(10, 0)
    for notice in Notice.objects.filter(cleared_at__isnull=True, created_at__lt=cutoff).order_by(
        "created_at"
    ):
        with clock_at(notice.created_at + timedelta(days=1)):
            notice_clear(actor=staff[notice.organisation_id], notice_id=notice.pk)
