"""The receiving service's day: referrals to acknowledge and decide, appointments, measures, follow-ups,
and (for managers) the directory entries and funding that need them.

Every query is limited to referrals the user's organisation receives, or services it owns.
"""

from datetime import datetime, time, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from throughcare.appointments.models import Appointment, Status
from throughcare.appointments.services import BOOKABLE_STATES
from throughcare.core.permissions import Permission, has_permission
from throughcare.core.templatetags.govuk_dates import govuk_date_text, govuk_datetime_text, govuk_time_text
from throughcare.directory.selectors import services_managed_by, stale_before
from throughcare.directory.views.manage import FUNDING_WARNING_MONTHS, months_after
from throughcare.home.sections import SHOWN_PER_SECTION, Item, Section, referrals_list, url
from throughcare.outcomes.models import OutcomeMeasurement
from throughcare.referrals.models import Referral
from throughcare.referrals.states import ReferralState
from throughcare.selfreferrals.models import SelfReferral
from throughcare.selfreferrals.models import Status as SelfReferralStatus

_S = ReferralState
# A person in treatment is asked to complete their measures at least this often (NHS Talking
# Therapies asks at every session; four weeks is the longest gap a service should let pass).
MEASURES_EVERY_DAYS = 28
# A missed appointment still needs following up if nothing has been booked since, for this long.
FOLLOW_UP_WITHIN_DAYS = 28
# A summary is due when a referral finishes; one still missing after this long is a gap for the closed
# list, not today's work. The window also keeps the section's cost to recent closures rather than
# every referral the service ever closed (the referral's last change is when it finished).
SUMMARY_WITHIN_DAYS = 90


def _received(user):
    return Referral.objects.filter(receiving_organisation_id=user.current_organisation_id).select_related(
        "person", "service"
    )


def _appointments(user):
    return Appointment.objects.filter(
        referral__receiving_organisation_id=user.current_organisation_id
    ).select_related("referral__person", "referral__service")


def _referral_item(referral, detail: str, *, tag: str = "", colour: str = "") -> Item:
    return Item(
        text=referral.person.full_name,
        href=url("referrals:detail", referral.pk),
        detail=f"{referral.service.name}: {detail}",
        tag=tag,
        tag_colour=colour,
        referral_id=str(referral.pk),
    )


def to_decide(user, now) -> Section:
    """New referrals to acknowledge, and acknowledged ones to decide, the nearest deadline first."""
    waiting = _received(user).filter(state__in=(_S.SUBMITTED, _S.ACKNOWLEDGED))
    items = []
    for referral in waiting.order_by("due_by", "submitted_at", "pk")[:SHOWN_PER_SECTION]:
        task = "acknowledge" if referral.state == _S.SUBMITTED else "decide"
        late = referral.due_by is not None and referral.due_by < now
        detail = f"{task} by {govuk_datetime_text(referral.due_by)}" if referral.due_by else task
        items.append(_referral_item(referral, detail, tag="Overdue" if late else "", colour="red"))
    return Section(
        key="to_decide",
        title="Referrals to acknowledge or decide",
        empty_text="There are no new referrals waiting for your service.",
        items=items,
        total=waiting.count(),
        list_href=referrals_list(direction="received", group="waiting"),
        list_text="All referrals waiting for a decision",
    )


def today(user, now) -> Section:
    """Today's booked appointments still to come, in time order."""
    local = timezone.localtime(now)
    end_of_day = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), time.min))
    booked = _appointments(user).filter(status=Status.BOOKED, starts_at__gte=now, starts_at__lt=end_of_day)
    return Section(
        key="today",
        title="Today's appointments",
        empty_text="There are no more appointments booked for today.",
        items=[
            Item(
                text=a.referral.person.full_name,
                href=url("referrals:detail", a.referral_id),
                detail=f"{govuk_time_text(a.starts_at)}, {a.get_purpose_display().lower()} "
                f"({a.get_mode_display().lower()}), {a.referral.service.name}",
                referral_id=str(a.referral_id),
            )
            for a in booked.order_by("starts_at", "pk")[:SHOWN_PER_SECTION]
        ],
        total=booked.count(),
        list_href=url("appointments:upcoming"),
        list_text="All upcoming appointments",
    )


def attendance_due(user, now) -> Section:
    """Appointments that have started but whose attendance is not recorded yet, oldest first."""
    unrecorded = _appointments(user).filter(status=Status.BOOKED, starts_at__lt=now)
    return Section(
        key="attendance",
        title="Past appointments waiting for attendance",
        empty_text="Attendance is recorded for every past appointment.",
        items=[
            Item(
                text=a.referral.person.full_name,
                href=url("appointments:attendance", a.pk),
                detail=f"{govuk_datetime_text(a.starts_at)}, {a.referral.service.name}: record attendance",
                tag="Record attendance",
                tag_colour="yellow",
                referral_id=str(a.referral_id),
            )
            for a in unrecorded.order_by("starts_at", "pk")[:SHOWN_PER_SECTION]
        ],
        total=unrecorded.count(),
        list_href=referrals_list(direction="received", group="in_treatment"),
        list_text="All referrals in treatment",
    )


def measures_due(user, now) -> Section:
    """People in treatment with no outcome measure recorded in the last four weeks (or none yet)."""
    since = timezone.localtime(now).date() - timedelta(days=MEASURES_EVERY_DAYS)
    recent = OutcomeMeasurement.objects.filter(referral_id=OuterRef("pk"), recorded_on__gt=since)
    due = (
        _received(user)
        .filter(state=_S.IN_TREATMENT)
        .filter(~Exists(recent))
        .annotate(last_on=Max("outcome_measurements__recorded_on"))
    )
    return Section(
        key="measures",
        title="Outcome measures due",
        empty_text="Everyone in treatment has had their measures recorded in the last 4 weeks.",
        items=[
            _referral_item(
                r,
                f"last measured on {govuk_date_text(r.last_on)}" if r.last_on else "no measures recorded yet",
            )
            for r in due.order_by("last_on", "pk")[:SHOWN_PER_SECTION]
        ],
        total=due.count(),
        list_href=referrals_list(direction="received", group="in_treatment"),
        list_text="All referrals in treatment",
    )


def summaries_due(user, now) -> Section:
    """Referrals the service has completed or ended early in the last 90 days without writing the
    end-of-service summary."""
    unwritten = _received(user).filter(
        state__in=(_S.COMPLETED, _S.ENDED_EARLY),
        updated_at__gte=now - timedelta(days=SUMMARY_WITHIN_DAYS),
        end_of_service_summary__isnull=True,
    )
    return Section(
        key="summaries",
        title="End-of-service summaries to write",
        empty_text=f"Every referral finished in the last {SUMMARY_WITHIN_DAYS} days has its "
        "end-of-service summary.",
        items=[
            Item(
                text=r.person.full_name,
                href=url("outcomes:summary", r.pk),
                detail=f"{r.service.name}: {ReferralState(r.state).label.lower()}, summary not written",
                referral_id=str(r.pk),
            )
            for r in unwritten.order_by("updated_at", "pk")[:SHOWN_PER_SECTION]
        ],
        total=unwritten.count(),
        list_href=referrals_list(direction="received", group="closed"),
        list_text="All closed referrals",
    )


def missed_follow_ups(user, now) -> Section:
    """Missed appointments in the last four weeks with nothing booked since, on referrals still open."""
    booked_since = Appointment.objects.filter(
        referral_id=OuterRef("referral_id"), status=Status.BOOKED, starts_at__gt=OuterRef("starts_at")
    )
    missed = _appointments(user).filter(
        ~Exists(booked_since),
        status=Status.DID_NOT_ATTEND,
        starts_at__gte=now - timedelta(days=FOLLOW_UP_WITHIN_DAYS),
        referral__state__in=BOOKABLE_STATES,
    )
    return Section(
        key="follow_ups",
        title="Missed appointments to follow up",
        empty_text="Every missed appointment in the last 4 weeks has been followed up.",
        items=[
            Item(
                text=a.referral.person.full_name,
                href=url("referrals:detail", a.referral_id),
                detail=f"missed {govuk_datetime_text(a.starts_at)}, {a.referral.service.name}; "
                "nothing booked since",
                referral_id=str(a.referral_id),
            )
            for a in missed.order_by("-starts_at", "pk")[:SHOWN_PER_SECTION]
        ],
        total=missed.count(),
        list_href=referrals_list(direction="received", group="in_treatment"),
        list_text="All referrals in treatment",
    )


def self_referrals_waiting(user, now) -> Section:
    """People who asked a service for help themselves and are waiting to be contacted: a count and
    how many are past the contact deadline. No one is named, so home reads nobody's request (the list,
    which names them, is audited)."""
    waiting = SelfReferral.objects.filter(
        receiving_organisation_id=user.current_organisation_id, status=SelfReferralStatus.NEW
    )
    counts = waiting.aggregate(total=Count("pk"), late=Count("pk", filter=Q(contact_by_deadline__lt=now)))
    total, late = counts["total"], counts["late"]
    return Section(
        key="self_referrals",
        title="People who asked for help themselves",
        empty_text="Nobody who asked your services for help is waiting to be contacted.",
        items=[
            Item(
                text=f"{total} {'person' if total == 1 else 'people'} waiting to be contacted",
                href=url("selfreferrals:list"),
                detail=f"{late} past the date to contact them by" if late else "Contact each by their date.",
                tag="Overdue" if late else "",
                tag_colour="red",
            )
        ]
        if total
        else [],
        total=total,
    )


def listings_to_review(user) -> Section | None:
    """Own services whose directory entry is unconfirmed for too long, or whose funding ends soon."""
    if not has_permission(user, Permission.MANAGE_OWN_SERVICES):
        return None
    funding_by = months_after(timezone.localdate(), FUNDING_WARNING_MONTHS)
    needing = services_managed_by(user).filter(
        Q(last_confirmed_on__isnull=True)
        | Q(last_confirmed_on__lt=stale_before())
        | Q(funding_ends_on__lte=funding_by)
    )
    items = []
    for service in needing.order_by("name", "pk")[:SHOWN_PER_SECTION]:
        reasons = []
        if service.last_confirmed_on is None or service.last_confirmed_on < stale_before():
            reasons.append("details need confirming")
        if service.funding_ends_on is not None and service.funding_ends_on <= funding_by:
            reasons.append(f"funding ends on {govuk_date_text(service.funding_ends_on)}")
        items.append(
            Item(text=service.name, href=url("directory:service-edit", service.pk), detail="; ".join(reasons))
        )
    return Section(
        key="listings",
        title="Service listings to review",
        empty_text="Your listings are up to date and no funding ends in the next "
        f"{FUNDING_WARNING_MONTHS} months.",
        items=items,
        total=needing.count(),
        list_href=url("directory:your-services"),
        list_text="All your services",
    )


def provider_sections(user) -> list[Section]:
    if not has_permission(user, Permission.RECEIVE_REFERRALS):
        return []
    now = timezone.now()
    sections = [
        to_decide(user, now),
        self_referrals_waiting(user, now),
        today(user, now),
        attendance_due(user, now),
        measures_due(user, now),
        missed_follow_ups(user, now),
        summaries_due(user, now),
    ]
    listings = listings_to_review(user)
    return [*sections, listings] if listings else sections
