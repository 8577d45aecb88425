"""Reads of the custody journey, scoped by the person's care team; all audited.

The journey is read through `person_for`, so only organisations in the person's team see it and
everyone else gets 404.
"""

from dataclasses import dataclass, field

from django.http import Http404

from throughcare.continuity.choices import EventKind
from throughcare.continuity.custody.recall import paused_by
from throughcare.continuity.models import CustodyEpisode, JourneyEvent, Order
from throughcare.continuity.orders.selectors import orders_of
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, require_permission
from throughcare.people.selectors import person_for


@dataclass
class Journey:
    person: object
    events: list[JourneyEvent]
    episodes: list[CustodyEpisode]
    orders: list[Order]
    current_episode: CustodyEpisode | None = None
    last_re_release: JourneyEvent | None = None
    in_custody: bool = field(init=False)

    def __post_init__(self):
        self.current_episode = next((e for e in self.episodes if e.is_open), None)
        self.in_custody = self.current_episode is not None
        self.last_re_release = next((e for e in self.events if e.kind == EventKind.RE_RELEASE), None)

    @property
    def on_recall(self) -> bool:
        return self.current_episode is not None and self.current_episode.started_by == "recall"

    @property
    def has_been_released(self) -> bool:
        return any(not e.is_open for e in self.episodes)


def journey_of(person) -> Journey:
    """A person's journey, for a caller that has already read the person through `person_for`."""
    events = list(
        JourneyEvent.objects.filter(person=person)
        .select_related("episode", "order", "requirement", "pdu")
        .order_by("-occurred_on", "-created_at")
    )
    episodes = list(CustodyEpisode.objects.filter(person=person).select_related("prison"))
    return Journey(person=person, events=events, episodes=episodes, orders=list(orders_of(person)))


def journey_for(user, person_id) -> Journey:
    """The person's journey (episodes, orders, timeline), if they are in the user's team; audited."""
    require_permission(user, Permission.VIEW_PEOPLE)
    person = person_for(user, person_id)
    journey = journey_of(person)
    audit.record(
        actor=user, verb=AuditVerb.JOURNEY_VIEWED, target=person, payload={"events": len(journey.events)}
    )
    return journey


def episodes_for(user, person_id) -> list[CustodyEpisode]:
    require_permission(user, Permission.VIEW_PEOPLE)
    person = person_for(user, person_id)
    episodes = list(CustodyEpisode.objects.filter(person=person).select_related("prison"))
    audit.record(
        actor=user,
        verb=AuditVerb.CUSTODY_LISTED,
        target=person,
        payload={"episodes": [str(e.pk) for e in episodes]},
    )
    return episodes


@dataclass
class ReReleaseOffer:
    person: object
    event: JourneyEvent
    referrals: list  # still paused: the service is asked to resume each


def re_release_offer_for(user, event_id) -> ReReleaseOffer:
    """After a re-release, the referrals the recall paused that their services have not yet resumed."""
    require_permission(user, Permission.VIEW_PEOPLE)
    event = (
        JourneyEvent.objects.select_related("follows").filter(pk=event_id, kind=EventKind.RE_RELEASE).first()
    )
    if event is None:
        raise Http404("No such re-release.")
    person = person_for(user, event.person_id)
    referrals = paused_by(event.follows)
    audit.record(
        actor=user,
        verb=AuditVerb.CUSTODY_RE_RELEASE_VIEWED,
        target=event,
        payload={"person": str(person.pk), "referrals": [str(r.pk) for r in referrals]},
    )
    return ReReleaseOffer(person=person, event=event, referrals=referrals)
