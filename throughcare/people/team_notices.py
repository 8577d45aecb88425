"""Telling one organisation what another did in a person's team, and answering join requests.

Raised inside the change they are about (or, for a join request, on its own: the caller's change is
refused, yet the lead must still hear). Payloads name organisations and records by id only.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.people.models import (
    CareTeamMember,
    CareTeamNotice,
    Person,
    TeamNoticeKind,
    TeamNoticeOutcome,
)


def notice_raise(*, actor, **fields) -> CareTeamNotice:
    notice = CareTeamNotice.objects.create(raised_by=actor if getattr(actor, "pk", None) else None, **fields)
    audit.record(
        actor=actor,
        verb=AuditVerb.CARE_TEAM_NOTICE_RAISED,
        target=notice,
        payload={
            "kind": notice.kind,
            "person": str(notice.person_id),
            "to": str(notice.organisation_id),
            "from": str(notice.from_organisation_id) if notice.from_organisation_id else None,
        },
    )
    return notice


def _lead_organisation_id(person: Person):
    """Who hears a join request: the lead, or (a team with no lead) its longest-standing member."""
    rows = CareTeamMember.objects.filter(person=person, ended_on__isnull=True).order_by(
        "-is_lead", "started_on"
    )
    return rows.values_list("organisation_id", flat=True).first()


def join_request_raise(*, actor, person: Person, organisation, matched_on: str) -> CareTeamNotice | None:
    """Ask the lead of `person`'s team to consider adding `organisation`; one open request per asker."""
    lead_id = _lead_organisation_id(person)
    if lead_id is None or lead_id == organisation.id:
        return None
    open_request = CareTeamNotice.objects.filter(
        kind=TeamNoticeKind.JOIN_REQUEST,
        person=person,
        from_organisation=organisation,
        answered_at__isnull=True,
    ).first()
    if open_request is not None:
        return open_request
    try:
        with transaction.atomic():
            return notice_raise(
                actor=actor,
                kind=TeamNoticeKind.JOIN_REQUEST,
                person=person,
                organisation_id=lead_id,
                from_organisation=organisation,
                matched_on=matched_on,
            )
    except IntegrityError:  # asked twice at once: the other request stands
        return None


def join_requests_follow_lead(*, actor, person: Person) -> list[CareTeamNotice]:
    """Pass the person's open join requests to whoever now leads the team. Call inside the lead change.

    The former lead can no longer add anyone, so a request left with it would never be answered.
    A request from the organisation that now leads is closed as joined: it is in the team.
    The asker is not told: it learns nothing about the record, its team or who leads it (ADR 31).
    """
    lead_id = _lead_organisation_id(person)
    if lead_id is None:
        return []
    stranded = CareTeamNotice.objects.select_for_update().filter(
        kind=TeamNoticeKind.JOIN_REQUEST, person=person, answered_at__isnull=True
    )
    moved = []
    for notice in stranded.exclude(organisation_id=lead_id):
        former = notice.organisation_id
        notice.organisation_id = lead_id
        fields = ["organisation", "updated_at"]
        if notice.from_organisation_id == lead_id:
            notice.answered_at, notice.outcome = timezone.now(), TeamNoticeOutcome.JOINED
            notice.answered_by = actor if getattr(actor, "pk", None) else None
            fields += ["answered_at", "answered_by", "outcome"]
        notice.save(update_fields=fields)
        audit.record(
            actor=actor,
            verb=AuditVerb.CARE_TEAM_JOIN_REQUEST_PASSED_ON,
            target=notice,
            payload={
                "person": str(person.pk),
                "from_lead": str(former),
                "to_lead": str(lead_id),
                "closed_as_joined": bool(notice.answered_at),
            },
        )
        moved.append(notice)
    return moved


def membership_ended_tell(*, actor, member: CareTeamMember) -> CareTeamNotice | None:
    """Tell an organisation that someone else ended its part in a team. Call inside the change."""
    by = getattr(actor, "current_organisation", None)
    if by is not None and by.id == member.organisation_id:
        return None
    return notice_raise(
        actor=actor,
        kind=TeamNoticeKind.MEMBERSHIP_ENDED,
        person=member.person,
        organisation_id=member.organisation_id,
        from_organisation=by,
        role=member.role,
        reason=member.end_reason,
    )


def lead_changed_tell(*, actor, previous: CareTeamMember) -> CareTeamNotice | None:
    """Tell the organisation that led a team that someone else moved the lead. Call inside the change."""
    by = getattr(actor, "current_organisation", None)
    if by is not None and by.id == previous.organisation_id:
        return None
    return notice_raise(
        actor=actor,
        kind=TeamNoticeKind.LEAD_CHANGED,
        person=previous.person,
        organisation_id=previous.organisation_id,
        from_organisation=by,
        role=previous.role,
    )


ANSWERS = {
    TeamNoticeKind.JOIN_REQUEST: {TeamNoticeOutcome.JOINED, TeamNoticeOutcome.DECLINED},
    TeamNoticeKind.MEMBERSHIP_ENDED: {TeamNoticeOutcome.READ},
    TeamNoticeKind.LEAD_CHANGED: {TeamNoticeOutcome.READ},
    TeamNoticeKind.CUSTODY_JOINED: {TeamNoticeOutcome.READ},
}


def team_notice_answer(*, actor, notice: CareTeamNotice, outcome: str) -> CareTeamNotice:
    """Answer a notice the caller's organisation received (found through selectors.team_notice_for).

    Accepting a join request adds the asking organisation to the team in its usual role.
    """
    if outcome not in ANSWERS[notice.kind]:
        choices = " or ".join(TeamNoticeOutcome(o).label.lower() for o in sorted(ANSWERS[notice.kind]))
        raise ValidationError({"outcome": f"Choose {choices}"})
    # Imported here: the services check duplicates, which raise join requests through this module.
    from throughcare.people.services import DEFAULT_ROLE_BY_KIND, care_team_add

    with transaction.atomic():
        notice = CareTeamNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.answered_at is not None:
            raise ValidationError({"outcome": "Someone in your organisation has already answered this"})
        asker = notice.from_organisation
        if outcome == TeamNoticeOutcome.JOINED:
            role = DEFAULT_ROLE_BY_KIND.get(asker.kind, "other")
            already = notice.person.care_team.filter(organisation=asker, ended_on__isnull=True).exists()
            if not already:
                care_team_add(actor=actor, person=notice.person, organisation=asker, role=role)
        notice.answered_at, notice.answered_by, notice.outcome = timezone.now(), actor, outcome
        notice.save(update_fields=["answered_at", "answered_by", "outcome", "updated_at"])
        audit.record(
            actor=actor,
            verb=AuditVerb.CARE_TEAM_NOTICE_ANSWERED,
            target=notice,
            payload={"kind": notice.kind, "outcome": outcome, "person": str(notice.person_id)},
        )
    return notice
