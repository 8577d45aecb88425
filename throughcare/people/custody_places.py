"""A prison's place in the care team of someone in its custody (ADR 40).

A reception (or recall) into a prison that is a Throughcare organisation gives that prison's healthcare
and resettlement team a place in the person's care team, so it can see them and plan their release.
A transfer moves the place to the new prison; a release keeps it for the RECONNECT window after
release, then it ends. Each is a consequence of a custody record, made by Throughcare inside that
record's transaction (the person's row is already locked), audited, and told to the prison.

Only places with the CUSTODY_TEAM role are moved or ended here: a prison's other places in a team
(a key worker added by hand) are its own to end.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.matching.eligibility_rules import PROGRAMME_RULES_BY_CODE, add_months
from throughcare.people.models import (
    CareTeamEndReason,
    CareTeamMember,
    CareTeamRole,
    Person,
    TeamNoticeKind,
)
from throughcare.people.team_notices import membership_ended_tell, notice_raise

# The one declared RECONNECT window: a prison's resettlement work lasts as long as RECONNECT's does.
MONTHS_KEPT_AFTER_RELEASE = PROGRAMME_RULES_BY_CODE["reconnect"].months_after_release or 0


def place_ends_on(released_on: date) -> date:
    """The last day a released person's prison keeps its place in their team."""
    return add_months(released_on, MONTHS_KEPT_AFTER_RELEASE)


def _record(actor, verb: AuditVerb, member: CareTeamMember, **payload) -> None:
    audit.record(
        actor=actor,
        verb=verb,
        target=member,
        payload={
            "person": str(member.person_id),
            "organisation": str(member.organisation_id),
            "role": member.role,
            "is_lead": member.is_lead,
            "by_custody": True,
            **payload,
        },
    )


def _custody_places(person: Person):
    return CareTeamMember.objects.filter(
        person=person, role=CareTeamRole.CUSTODY_TEAM, ended_on__isnull=True
    ).select_related("organisation")


def prison_place_give(*, actor, person: Person, prison, started_on: date) -> CareTeamMember | None:
    """Give `prison` a place in the person's team (none for a prison not in Throughcare, or inactive).

    Any other prison's custody place ends first (the person cannot be in two prisons). The prison's
    own place, if it kept one after a release, simply carries on. It leads only a team without a lead.
    """
    for member in _custody_places(person).exclude(organisation=prison):
        _end(
            actor,
            member,
            ended_on=max(started_on, member.started_on),
            reason=CareTeamEndReason.CASE_TRANSFERRED,
        )
    if prison is None or not prison.is_active:
        return None
    kept = _custody_places(person).filter(organisation=prison).first()
    if kept is not None:
        if kept.ends_on is not None:
            kept.ends_on = None
            kept.save(update_fields=["ends_on", "updated_at"])
            _record(actor, AuditVerb.CARE_TEAM_END_CANCELLED, kept)
        return kept
    has_lead = CareTeamMember.objects.filter(person=person, is_lead=True).exists()
    member = CareTeamMember.objects.create(
        person=person,
        organisation=prison,
        role=CareTeamRole.CUSTODY_TEAM,
        is_lead=not has_lead,
        started_on=min(started_on, timezone.localdate()),
    )
    _record(actor, AuditVerb.CARE_TEAM_ADDED, member)
    by = getattr(actor, "current_organisation", None)
    notice_raise(
        actor=actor,
        kind=TeamNoticeKind.CUSTODY_JOINED,
        person=person,
        organisation=prison,
        from_organisation=by if by is not None and by.pk != prison.pk else None,
        role=CareTeamRole.CUSTODY_TEAM,
    )
    return member


def prison_place_schedule_end(*, actor, person: Person, released_on: date) -> list[CareTeamMember]:
    """After a release, the prison keeps its place until the RECONNECT window closes. A release
    recorded after the window has already closed ends the place at once."""
    ends_on = place_ends_on(released_on)
    scheduled = []
    for member in _custody_places(person):
        if ends_on < timezone.localdate():
            _end(actor, member, ended_on=ends_on, reason=CareTeamEndReason.RELEASE_WINDOW_ENDED)
            continue
        member.ends_on = ends_on
        member.save(update_fields=["ends_on", "updated_at"])
        _record(actor, AuditVerb.CARE_TEAM_END_SCHEDULED, member, ends_on=ends_on.isoformat())
        scheduled.append(member)
    return scheduled


def _end(actor, member: CareTeamMember, *, ended_on: date, reason: str) -> None:
    """End a custody place. A lead hands the lead to the longest-standing other member first."""
    if member.is_lead:
        member.is_lead = False
        successor = (
            CareTeamMember.objects.filter(person_id=member.person_id, ended_on__isnull=True)
            .exclude(pk=member.pk)
            .order_by("started_on", "id")
            .first()
        )
        member.save(update_fields=["is_lead", "updated_at"])
        _record(actor, AuditVerb.CARE_TEAM_LEAD_REMOVED, member)
        if successor is not None:
            successor.is_lead = True
            successor.save(update_fields=["is_lead", "updated_at"])
            _record(actor, AuditVerb.CARE_TEAM_LEAD_SET, successor)
    member.ended_on, member.end_reason = max(ended_on, member.started_on), reason
    member.save(update_fields=["ended_on", "end_reason", "updated_at"])
    told = membership_ended_tell(actor=actor, member=member)
    _record(
        actor,
        AuditVerb.CARE_TEAM_ENDED,
        member,
        ended_on=member.ended_on.isoformat(),
        reason=reason,
        told=str(told.id) if told else None,
    )


def prison_places_end_due(*, today: date | None = None) -> int:
    """End every place whose last day has passed (the scheduled job). Safe to run again."""
    today = today or timezone.localdate()
    due = CareTeamMember.objects.filter(ended_on__isnull=True, ends_on__lt=today).select_related(
        "organisation", "person"
    )
    count = 0
    for member in due:
        with transaction.atomic():
            # The person's row is their team's lock; the place may have been ended or kept meanwhile.
            list(Person.objects.select_for_update().filter(pk=member.person_id).values_list("pk", flat=True))
            member.refresh_from_db()
            if member.ended_on is not None or member.ends_on is None or member.ends_on >= today:
                continue
            _end(None, member, ended_on=member.ends_on, reason=CareTeamEndReason.RELEASE_WINDOW_ENDED)
            count += 1
    return count
