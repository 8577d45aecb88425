"""The person's page as the hub of their care: who they are, their referrals, appointments, outcomes,
release plan and team, and one timeline of what happened, read in a fixed number of queries.

Each side sees what its access allows: the person through `person_for` (their team, or a receiving
service while it works with them, ADR 22), and of their referrals only those the user's organisation
sent or received (as `side_of` decides for a single referral), with those referrals' appointments,
outcomes and notices. Custody events and the release plan come with the person. The read is audited.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from throughcare.appointments.models import Appointment, Status
from throughcare.continuity.models import CustodyEpisode, JourneyEvent, ReleasePlanItem
from throughcare.continuity.release.choices import SETTLED_STATUSES
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, has_permission
from throughcare.notices.models import URGENT_KINDS, Notice
from throughcare.outcomes.models import MeasureCode, OutcomeMeasurement
from throughcare.outcomes.progress import Score, measure_changes
from throughcare.people.selectors import care_team_of
from throughcare.referrals.caseload import GROUP_OF_STATE
from throughcare.referrals.models import Referral, ReferralTransition
from throughcare.referrals.states import ReferralState, Side

# The timeline shows the latest entries, and the past appointments the latest few; the journey page
# and each referral keep the rest.
TIMELINE_LIMIT = 50
PAST_APPOINTMENTS_SHOWN = 10


def govuk_time(moment: datetime, zone=None) -> str:
    """Times as the GOV.UK style guide writes them: "10:22pm", "9am", "midday", "midnight"."""
    local = moment.astimezone(zone or timezone.get_current_timezone())
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    if (local.hour, local.minute) == (0, 0):
        return "midnight"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def govuk_date_time(moment: datetime, zone=None) -> str:
    zone = zone or timezone.get_current_timezone()
    return f"{moment.astimezone(zone):%-d %B %Y} at {govuk_time(moment, zone)}"


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    at: datetime | None  # in the current time zone, when the entry has a time
    kind: str  # custody, referral, appointment or outcome
    title: str
    detail: str = ""
    href: str = ""

    @property
    def when(self) -> str:
        return govuk_date_time(self.at, self.at.tzinfo) if self.at else f"{self.on:%-d %B %Y}"

    def sort_key(self):
        return (self.on, self.at.time() if self.at else time.max)


@dataclass(frozen=True)
class MeasureTrend:
    measure: str
    label: str
    totals: list[int]
    change_words: str
    reliable_change_words: str
    last_on: date


@dataclass
class PersonHub:
    person: object
    custody_status: str
    release_label: str
    release_date: date | None
    risk_flags: list[str]
    referrals: list[Referral]
    upcoming_appointments: list[Appointment]
    past_appointments: list[Appointment]
    past_appointments_total: int
    trends: list[MeasureTrend]
    plan_items: int
    plan_settled: int
    plan_episode: CustodyEpisode | None
    care_team: list
    timeline: list[TimelineEntry] = field(default_factory=list)
    timeline_total: int = 0


_REFERRAL_COLUMNS = (
    "state",
    "updated_at",
    "person_id",
    "referring_organisation_id",
    "receiving_organisation_id",
    "service__name",
    "referring_organisation__name",
    "receiving_organisation__name",
)


def referrals_seen_by(user, person) -> "Q":
    """The person's referrals the user's organisation is a side of, as `side_of` decides for one."""
    organisation_id = user.current_organisation_id
    seen = Q(pk__in=[])
    if has_permission(user, Permission.MAKE_REFERRALS):
        seen |= Q(referring_organisation_id=organisation_id)
    if has_permission(user, Permission.RECEIVE_REFERRALS):
        seen |= Q(receiving_organisation_id=organisation_id) & ~Q(state=ReferralState.DRAFT)
    return Q(person=person) & seen


def hub_of(user, person) -> PersonHub:
    """The hub for a person the user has already been allowed to read (`person_for`); audited."""
    now = timezone.now()
    # Only the columns the page shows: a referral's shared texts and a service's directory entry are
    # wide, and reading them for twenty referrals cost more than everything else on the page.
    referrals = list(
        Referral.objects.filter(referrals_seen_by(user, person))
        .select_related("service", "referring_organisation", "receiving_organisation")
        .only(*_REFERRAL_COLUMNS)
        .order_by("-updated_at", "-id")
    )
    ids = [referral.pk for referral in referrals]
    for referral in referrals:
        referral.state_label = ReferralState(referral.state).label
        referral.group_label = GROUP_OF_STATE[ReferralState(referral.state)].label
        sent = referral.referring_organisation_id == user.current_organisation_id and has_permission(
            user, Permission.MAKE_REFERRALS
        )
        referral.side = Side.REFERRER if sent else Side.RECEIVER
        referral.other_organisation = (
            referral.receiving_organisation if sent else referral.referring_organisation
        )
    by_id = {referral.pk: referral for referral in referrals}
    appointments = list(
        Appointment.objects.filter(referral_id__in=ids)
        .only("referral_id", "starts_at", "status", "purpose", "mode")
        .order_by("-starts_at", "-id")
    )
    measurements = list(
        OutcomeMeasurement.objects.filter(referral_id__in=ids)
        .only("referral_id", "measure", "recorded_on", "total", "risk_to_self")
        .order_by("recorded_on", "created_at")
    )
    # Rows, not instances: a busy person has many moves, each with its actor.
    moves = list(
        ReferralTransition.objects.filter(referral_id__in=ids)
        .order_by("at", "id")
        .values("referral_id", "to_state", "side", "at", "actor__full_name")
    )
    events = list(JourneyEvent.objects.filter(person=person).order_by("-occurred_on", "-created_at"))
    episodes = list(CustodyEpisode.objects.filter(person=person).order_by("-reception_date"))
    plan_rows = list(ReleasePlanItem.objects.filter(episode__person=person).values("episode_id", "status"))
    notices = list(
        Notice.objects.filter(
            organisation_id=user.current_organisation_id,
            referral_id__in=ids,
            cleared_at__isnull=True,
            kind__in=URGENT_KINDS,
        ).order_by("-created_at")
    )
    zone = timezone.get_current_timezone()
    for appointment in appointments:
        appointment.referral = by_id[appointment.referral_id]
        appointment.starts_at = appointment.starts_at.astimezone(zone)
        appointment.when = govuk_date_time(appointment.starts_at, zone)
    custody_status, release_label, release_date = _custody(episodes)
    plan_episode = _plan_episode(episodes, plan_rows)
    plan = [row for row in plan_rows if plan_episode and row["episode_id"] == plan_episode.pk]
    timeline = _timeline(events, moves, appointments, measurements, by_id, zone)
    past = [a for a in appointments if not (a.status == Status.BOOKED and a.starts_at >= now)]
    hub = PersonHub(
        person=person,
        custody_status=custody_status,
        release_label=release_label,
        release_date=release_date,
        risk_flags=_risk_flags(notices, measurements),
        referrals=referrals,
        upcoming_appointments=[
            a for a in reversed(appointments) if a.status == Status.BOOKED and a.starts_at >= now
        ],
        past_appointments=past[:PAST_APPOINTMENTS_SHOWN],
        past_appointments_total=len(past),
        trends=_trends(measurements),
        plan_items=len(plan),
        plan_settled=sum(1 for row in plan if row["status"] in SETTLED_STATUSES),
        plan_episode=plan_episode,
        care_team=list(care_team_of(person, include_ended=False)),
        timeline=timeline[:TIMELINE_LIMIT],
        timeline_total=len(timeline),
    )
    audit.record(
        actor=user,
        verb=AuditVerb.PERSON_HUB_VIEWED,
        target=person,
        payload={"referral_ids": [str(pk) for pk in ids], "timeline_entries": len(hub.timeline)},
    )
    return hub


def _custody(episodes: list[CustodyEpisode]) -> tuple[str, str, date | None]:
    """What the identity bar says of custody: the status, what the date is called, and the date."""
    current = next((e for e in episodes if e.actual_release_date is None), None)
    if current is not None:
        return f"In custody at {current.prison_name}", "Expected release", current.expected_release_date
    released = [e for e in episodes if e.actual_release_date]
    if released:
        latest = max(released, key=lambda e: e.actual_release_date)
        return "In the community", "Released", latest.actual_release_date
    return "No time in custody recorded", "Release date", None


def _plan_episode(episodes: list[CustodyEpisode], plan_rows: list[dict]) -> CustodyEpisode | None:
    """As the release plan page chooses: the open episode, or else the latest one with a plan."""
    current = next((e for e in episodes if e.actual_release_date is None), None)
    if current is not None:
        return current
    with_plan = {row["episode_id"] for row in plan_rows}
    return next((e for e in episodes if e.pk in with_plan), None)


def _risk_flags(notices: list[Notice], measurements: list[OutcomeMeasurement]) -> list[str]:
    flags = [f"{notice.get_kind_display()}: {notice.summary}" for notice in notices]
    latest = {}
    for measurement in measurements:
        latest[measurement.measure] = measurement
    for measurement in latest.values():
        if measurement.risk_to_self:
            flags.append(
                f"The latest {measurement.measure} ({measurement.recorded_on:%-d %B %Y}) "
                "recorded a possible risk to self"
            )
    return flags


def _trends(measurements: list[OutcomeMeasurement]) -> list[MeasureTrend]:
    totals: dict[str, list[int]] = {}
    for measurement in measurements:
        totals.setdefault(measurement.measure, []).append(measurement.total)
    changes = measure_changes(Score(m.measure, m.recorded_on, m.total) for m in measurements)
    labels = dict(MeasureCode.choices)
    return [
        MeasureTrend(
            change.measure,
            labels.get(change.measure, change.measure),
            totals[change.measure],
            change.change_words,
            change.reliable_change_words,
            change.last_on,
        )
        for change in changes
    ]


def _timeline(events, moves, appointments, measurements, by_id, zone) -> list[TimelineEntry]:
    # One link per referral, not per entry: reversing a URL costs more than the rest of an entry.
    hrefs = {pk: reverse("referrals:detail", kwargs={"referral_id": pk}) for pk in by_id}
    entries = [
        TimelineEntry(event.occurred_on, None, "custody", event.get_kind_display(), _event_detail(event))
        for event in events
    ]
    state_words = {state: state.label.lower() for state in ReferralState}
    for move in moves:
        referral = by_id[move["referral_id"]]
        at = move["at"].astimezone(zone)
        title = f"Referral to {referral.service.name}: {state_words[move['to_state']]}"
        who = move["actor__full_name"] or Side(move["side"]).label
        entries.append(TimelineEntry(at.date(), at, "referral", title, who, hrefs[referral.pk]))
    for appointment in appointments:  # already in the current time zone
        title = f"{appointment.get_purpose_display()} with {appointment.referral.service.name}"
        entries.append(
            TimelineEntry(
                appointment.starts_at.date(),
                appointment.starts_at,
                "appointment",
                title,
                appointment.get_status_display(),
                hrefs[appointment.referral_id],
            )
        )
    for measurement in measurements:
        entries.append(
            TimelineEntry(
                measurement.recorded_on,
                None,
                "outcome",
                f"{measurement.measure} scored {measurement.total}",
                by_id[measurement.referral_id].service.name,
                hrefs[measurement.referral_id],
            )
        )
    entries.sort(key=TimelineEntry.sort_key, reverse=True)
    return entries


def _event_detail(event: JourneyEvent) -> str:
    detail = event.detail or {}
    if detail.get("from_prison"):
        return f"From {detail['from_prison']} to {detail.get('to_prison', '')}"
    return detail.get("prison") or detail.get("practitioner") or ""
