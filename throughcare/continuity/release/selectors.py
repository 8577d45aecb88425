"""Reads for release planning, scoped by the person's care team and audited: a person's plan, one
item, and the release caseload (with the "next 14 days with gaps" list).

The caseload is two queries however long it is: the episodes with their counts of missing items
annotated, then the names of the missing items for those episodes.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from throughcare.accounts.models import Organisation
from throughcare.continuity.custody.episodes import open_episode
from throughcare.continuity.models import CustodyEpisode, ReleasePlanItem
from throughcare.continuity.release.choices import SETTLED_STATUSES, PlanItemKind
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import OrganisationKind, Permission, has_permission, require_permission
from throughcare.people.models import CareTeamMember, Person
from throughcare.people.selectors import person_for

CASELOAD_WEEKS = 12
GAPS_DAYS = 14
MAX_WEEKS = 52
# A page of the caseload: a prison's next 12 weeks can be over a thousand releases.
CASELOAD_PAGE_SIZE = 100


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Aug + 6 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReconnectWindow:
    """RECONNECT works with people from 12 weeks before release to 6 months after; Enhanced RECONNECT
    (referred by probation or another statutory agency) up to 12 months after."""

    starts_on: date
    ends_on: date
    enhanced_ends_on: date

    @classmethod
    def around(cls, release: date) -> "ReconnectWindow":
        return cls(release - timedelta(weeks=12), add_months(release, 6), add_months(release, 12))


@dataclass
class ReleasePlan:
    person: object
    episode: CustodyEpisode | None
    items: list[ReleasePlanItem]

    @property
    def release_date(self) -> date | None:
        if self.episode is None:
            return None
        return self.episode.actual_release_date or self.episode.expected_release_date

    @property
    def window(self) -> ReconnectWindow | None:
        return ReconnectWindow.around(self.release_date) if self.release_date else None

    @property
    def missing(self) -> list[ReleasePlanItem]:
        return [item for item in self.items if not item.is_settled]

    @property
    def started(self) -> bool:
        return bool(self.items)


def _plan_episode(person) -> CustodyEpisode | None:
    """The open episode, or else the latest one with a plan (a plan is still worked on after release)."""
    episode = open_episode(person)
    if episode is not None:
        return episode
    return (
        CustodyEpisode.objects.filter(person=person, plan_items__isnull=False)
        .order_by("-reception_date")
        .first()
    )


def plan_of(person) -> ReleasePlan:
    episode = _plan_episode(person)
    items = []
    if episode is not None:
        items = list(
            ReleasePlanItem.objects.filter(episode=episode).select_related("appointment", "referral__service")
        )
        order = {kind: index for index, kind in enumerate(PlanItemKind.values)}
        items.sort(key=lambda item: order.get(item.kind, len(order)))
        release = episode.actual_release_date or episode.expected_release_date
        for item in items:
            item.days_after = item.days_after_release(release)  # type: ignore[attr-defined]  # for the page
    return ReleasePlan(person=person, episode=episode, items=items)


def plan_for(user, person_id, *, verb=AuditVerb.RELEASE_PLAN_VIEWED) -> ReleasePlan:
    """The person's release plan, if they are in the user's team (404 otherwise); audited."""
    require_permission(user, Permission.VIEW_PEOPLE)
    person = person_for(user, person_id)
    plan = plan_of(person)
    audit.record(
        actor=user,
        verb=verb,
        target=person,
        payload={"episode": str(plan.episode.pk) if plan.episode else None, "items": len(plan.items)},
    )
    return plan


def plan_item_for(user, item_id) -> ReleasePlanItem:
    """An item of the plan of a person in the user's team, for changing; 403 without PLAN_RELEASES."""
    require_permission(user, Permission.PLAN_RELEASES)
    item = ReleasePlanItem.objects.select_related("episode__person").filter(pk=item_id).first()
    if item is None:
        raise Http404("No such plan item.")
    item.episode.person = person_for(user, item.episode.person_id)
    return item


def short_date(value: date) -> str:
    """'5 Mar 2027', as the caseload shows dates (the template's date filter cost a fifth of the
    page's time at 100 rows)."""
    return f"{value.day} {calendar.month_abbr[value.month]} {value.year}"


@dataclass
class CaseloadRow:
    episode: CustodyEpisode
    person: Person
    release_date: date
    window: ReconnectWindow
    plan_started: bool
    missing: list[str]

    @property
    def release_on_text(self) -> str:
        return short_date(self.release_date)

    @property
    def window_text(self) -> str:
        return f"{short_date(self.window.starts_on)} to {short_date(self.window.ends_on)}"

    @property
    def enhanced_ends_text(self) -> str:
        return short_date(self.window.enhanced_ends_on)

    @property
    def plan_path(self) -> str:
        # The plan's address, as `continuity:release-plan` gives it (a test checks they agree),
        # without a URL reversal for each of a page's rows.
        return f"/journey/{self.person.id}/release-plan/"


def own_prison(user) -> Organisation | None:
    organisation = getattr(user, "current_organisation", None)
    if organisation is not None and organisation.kind == OrganisationKind.PRISON:
        return organisation
    return None


def _in_users_teams(user) -> Q:
    """The episode's person is in the user's organisation's team (as `people_visible_to`), correlated on
    the episode: a prison's few thousand episodes are checked, not the whole national list of people."""
    organisation_id = getattr(user, "current_organisation_id", None)
    if organisation_id is None or not has_permission(user, Permission.VIEW_PEOPLE):
        return Q(pk__in=[])
    in_team = CareTeamMember.objects.filter(
        person_id=OuterRef("person_id"), organisation_id=organisation_id, ended_on__isnull=True
    )
    return Q(Exists(in_team), person__merged_into__isnull=True)


@dataclass
class CaseloadPage:
    rows: list[CaseloadRow]
    number: int
    has_next: bool


def caseload_for(user, *, prison_id=None, days: int, gaps_only: bool = False, page: int = 1) -> CaseloadPage:
    """People in the user's teams in custody with an expected release in the next `days` days, soonest
    first, with their RECONNECT window and what is still missing from their plan. Audited by episode.

    Prison staff see their own prison's releases; others may choose a prison. One page of
    CASELOAD_PAGE_SIZE rows (one more is read to know whether there is a next page, and not shown).
    Two queries, plus the audit row.
    """
    require_permission(user, Permission.PLAN_RELEASES)
    today = timezone.localdate()
    prison = own_prison(user)
    episodes = CustodyEpisode.objects.filter(
        _in_users_teams(user),
        actual_release_date__isnull=True,
        expected_release_date__range=(today, today + timedelta(days=days)),
    )
    if prison is not None:
        episodes = episodes.filter(prison=prison)
    elif prison_id:
        episodes = episodes.filter(prison_id=prison_id)
    # Existence tests on the (episode, status) index rather than a join counted with GROUP BY: the
    # page is ordered and cut before anything about its plans is read.
    items = ReleasePlanItem.objects.filter(episode=OuterRef("pk"))
    if gaps_only:
        episodes = episodes.filter(~Exists(items) | Exists(items.exclude(status__in=SETTLED_STATUSES)))
    start = (page - 1) * CASELOAD_PAGE_SIZE
    ordered = episodes.select_related("person").order_by("expected_release_date", "person__family_name", "id")
    read = list(ordered[start : start + CASELOAD_PAGE_SIZE + 1])
    has_next = len(read) > CASELOAD_PAGE_SIZE
    shown = read[:CASELOAD_PAGE_SIZE]
    started: set = set()
    missing: dict = {}
    labels = dict(PlanItemKind.choices)
    for episode_id, kind, status in ReleasePlanItem.objects.filter(
        episode__in=[e.pk for e in shown]
    ).values_list("episode_id", "kind", "status"):
        started.add(episode_id)
        if status not in SETTLED_STATUSES:
            missing.setdefault(episode_id, []).append(labels.get(kind, kind))
    order = {label: index for index, label in enumerate(labels.values())}
    for names in missing.values():
        names.sort(key=order.get)
    rows = [
        CaseloadRow(
            episode=e,
            person=e.person,
            # Every episode read has an expected release date: it is filtered on a range of them.
            release_date=e.expected_release_date,  # type: ignore[arg-type]
            window=ReconnectWindow.around(e.expected_release_date),  # type: ignore[arg-type]
            plan_started=e.pk in started,
            missing=missing.get(e.pk, []) if e.pk in started else ["Plan not started"],
        )
        for e in shown
    ]
    audit.record(
        actor=user,
        verb=AuditVerb.RELEASE_PLAN_CASELOAD_VIEWED,
        target_type="continuity.custodyepisode",
        payload={
            "gaps_only": gaps_only,
            "days": days,
            "page": page,
            "episodes": [str(row.episode.pk) for row in rows],
        },
    )
    return CaseloadPage(rows=rows, number=page, has_next=has_next)


def episode_plan_for(user, episode_id) -> ReleasePlan:
    """The plan items of one custody episode of a person in the user's team (404 otherwise); audited."""
    require_permission(user, Permission.VIEW_PEOPLE)
    episode = CustodyEpisode.objects.filter(pk=episode_id).first()
    if episode is None:
        raise Http404("No such custody episode.")
    person = person_for(user, episode.person_id)
    items = list(
        ReleasePlanItem.objects.filter(episode=episode).select_related("appointment", "referral__service")
    )
    order = {kind: index for index, kind in enumerate(PlanItemKind.values)}
    items.sort(key=lambda item: order.get(item.kind, len(order)))
    audit.record(
        actor=user,
        verb=AuditVerb.RELEASE_PLAN_VIEWED,
        target=person,
        payload={"episode": str(episode.pk), "items": len(items)},
    )
    return ReleasePlan(person=person, episode=episode, items=items)
