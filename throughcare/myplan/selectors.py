"""Reads for a person's own access: the access a link opens, the session a cookie holds, and the
person's own plan, which is all a signed-in person can ever read (they are never given an id to ask
for anything else). Staff read a person's accesses through the person's scope (404 outside it).

The plan shows only what is meant for the person: what is arranged for release, coming
appointments and where their referrals are. Never risk notes, case notes or anything staff wrote
about them.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from throughcare.appointments.models import Appointment, Status
from throughcare.continuity.release.plain import PlainPlan, TextPart, phone_parts, plain_sentences
from throughcare.continuity.release.selectors import plan_of
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.mobile_numbers import masked as masked_number
from throughcare.core.permissions import Permission, require_permission
from throughcare.directory.models import Phone
from throughcare.myplan import tokens
from throughcare.myplan.models import PersonSession, PlanAccess
from throughcare.myplan.words import HIDDEN_STATES, MODE_WORDS, programme_sentence, referral_sentence
from throughcare.people.models import ProgrammeMembership
from throughcare.people.selectors import person_for
from throughcare.referrals.models import Referral

SESSION_COOKIE = "throughcare_person"


def live_access(secret: str) -> PlanAccess | None:
    """The access the link's secret opens, while it is live; None for a wrong, ended or old link."""
    access = (
        PlanAccess.objects.select_related("person").filter(link_digest=tokens.secret_digest(secret)).first()
    )
    return access if access is not None and access.is_live(timezone.now()) else None


def person_session(request) -> PersonSession | None:
    """The person's session from their cookie, kept alive by this use; None when there is none,
    it has ended, has been idle too long, or its access has ended."""
    secret = request.COOKIES.get(SESSION_COOKIE)
    if not secret:
        return None
    session = (
        PersonSession.objects.select_related("access__person")
        .filter(digest=tokens.secret_digest(secret), ended_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if (
        session is None
        or session.expires_at <= now
        or session.last_seen_at + timedelta(seconds=settings.PERSON_SESSION_IDLE_SECONDS) <= now
        or not session.access.is_live(now)
    ):
        return None
    PersonSession.objects.filter(pk=session.pk).update(last_seen_at=now)
    return session


@dataclass
class AppointmentLine:
    starts_at: object
    service: str
    where: str
    how: str
    call: list[TextPart]


@dataclass
class ReferralLine:
    referral_id: object
    service: str
    sentence: str
    call: list[TextPart]


@dataclass
class OwnPlan:
    person: object
    release_date: object
    has_left: bool
    sentences: PlainPlan | None
    appointments: list[AppointmentLine]
    referrals: list[ReferralLine]
    reminders_on: bool = False
    # Where reminders go, masked: "j***@example.com" or "07*** ***982".
    reminders_to: str = ""
    reminders_by_text: bool = False
    # Their link came by email, so reminders can go by email too (a link by text has no address).
    can_email: bool = True
    # The other programmes they are in now (IOM, CFO Evolution and so on), in plain words.
    programmes: tuple[str, ...] = ()


def _phone(service) -> list[TextPart]:
    phones = list(service.phones.all())
    return phone_parts(phones[0].number) if phones else []


def _phones() -> Prefetch:
    return Prefetch("referral__service__phones", queryset=Phone.objects.order_by("number"))


def _reminders_to(access: PlanAccess) -> str:
    if access.reminders_by_text:
        return masked_number(access.mobile_number)
    name, _at, domain = access.email.partition("@")
    return f"{name[:1]}***@{domain}"


def own_plan(session: PersonSession, *, verb: AuditVerb = AuditVerb.PLAN_ACCESS_PLAN_VIEWED) -> OwnPlan:
    """The signed-in person's plan; the read is audited (as `verb`: viewed, or printed)."""
    person = session.access.person
    plan = plan_of(person)
    appointments = (
        Appointment.objects.filter(
            referral__person=person, status=Status.BOOKED, starts_at__gte=timezone.now() - timedelta(hours=1)
        )
        .select_related("referral__service")
        .prefetch_related(_phones())
        .order_by("starts_at")[:20]
    )
    referrals = (
        Referral.objects.filter(person=person)
        .exclude(state__in=HIDDEN_STATES)
        .select_related("service")
        .prefetch_related(Prefetch("service__phones", queryset=Phone.objects.order_by("number")))
        .order_by("-submitted_at")[:20]
    )
    result = OwnPlan(
        person=person,
        release_date=plan.release_date,
        has_left=bool(plan.episode and plan.episode.actual_release_date),
        sentences=plain_sentences(plan) if plan.items else None,
        appointments=[
            AppointmentLine(
                starts_at=appointment.starts_at,
                service=appointment.referral.service.name,
                where=appointment.location,
                how=MODE_WORDS.get(appointment.mode, ""),
                call=_phone(appointment.referral.service),
            )
            for appointment in appointments
        ],
        referrals=[
            ReferralLine(
                referral_id=referral.pk,
                service=referral.service.name,
                sentence=referral_sentence(referral),
                call=_phone(referral.service),
            )
            for referral in referrals
        ],
        reminders_on=session.access.reminders_since is not None,
        reminders_to=_reminders_to(session.access),
        reminders_by_text=session.access.reminders_by_text,
        can_email=bool(session.access.email),
        programmes=tuple(
            programme_sentence(membership)
            for membership in ProgrammeMembership.objects.filter(person=person, ended_on__isnull=True)
        ),
    )
    audit.record(
        actor=None,
        verb=verb,
        target=person,
        payload={"access": str(session.access_id), "session": str(session.pk)},
    )
    return result


def accesses_for(user, person_id):
    """The person (in the user's scope, else 404) and their accesses, newest first."""
    require_permission(user, Permission.PLAN_RELEASES)
    person = person_for(user, person_id)
    audit.record(actor=user, verb=AuditVerb.PLAN_ACCESS_LIST_VIEWED, target=person)
    return person, list(PlanAccess.objects.filter(person=person).order_by("-created_at")[:10])


def access_for(user, access_id) -> PlanAccess:
    """One access, when its person is in the user's scope (else 404)."""
    require_permission(user, Permission.PLAN_RELEASES)
    access = PlanAccess.objects.filter(pk=access_id).first()
    if access is None:
        raise Http404("No such access.")
    access.person = person_for(user, access.person_id)
    return access
