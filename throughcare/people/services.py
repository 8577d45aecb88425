"""Every change to a person and their care team: validated, in a transaction, audited.

Scope is the selectors' job: pages and the API hand these functions only people the caller's
organisation may see. Payloads name records by id and which fields changed, never their values.
"""

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from throughcare.accounts.models import Organisation
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import OrganisationKind, Permission, has_permission
from throughcare.people import validation
from throughcare.people.details import IDENTIFIER_FIELDS, PersonDetails
from throughcare.people.duplicate_checks import duplicates_check
from throughcare.people.identifiers import IDENTIFIER_LABELS
from throughcare.people.models import CareTeamEndReason, CareTeamMember, CareTeamRole, Person, PersonAlias
from throughcare.people.team_notices import (
    join_requests_follow_lead,
    lead_changed_tell,
    membership_ended_tell,
)
from throughcare.rights import services as rectification

if TYPE_CHECKING:
    from throughcare.accounts.models import User

DEFAULT_ROLE_BY_KIND: dict[str, str] = {
    OrganisationKind.PROBATION: CareTeamRole.PROBATION_PRACTITIONER,
    OrganisationKind.PRISON: CareTeamRole.PRISON_KEY_WORKER,
    OrganisationKind.LIAISON_AND_DIVERSION: CareTeamRole.CARE_NAVIGATOR,
    OrganisationKind.NHS_PROVIDER: CareTeamRole.PROVIDER_CASEWORKER,
    OrganisationKind.VCSE_PROVIDER: CareTeamRole.PROVIDER_CASEWORKER,
    OrganisationKind.LOCAL_AUTHORITY: CareTeamRole.PROVIDER_CASEWORKER,
    OrganisationKind.CFO_EVOLUTION: CareTeamRole.PROVIDER_CASEWORKER,
    OrganisationKind.CRS_PROVIDER: CareTeamRole.PROVIDER_CASEWORKER,
}


def _set_aliases(person: Person, names: list[str]) -> None:
    person.aliases.exclude(name__in=names).delete()
    existing = set(person.aliases.values_list("name", flat=True))
    PersonAlias.objects.bulk_create([PersonAlias(person=person, name=n) for n in names if n not in existing])


def _save_refusing_clashes(save) -> None:
    """Run `save` in a transaction; a clash that slipped past the checks (a race) gets the same message."""
    try:
        with transaction.atomic():
            save()
    except IntegrityError as exc:
        text = str(exc)
        for name in IDENTIFIER_FIELDS:
            if f"person_unique_{name}" in text or f"people_person.{name}" in text:
                label = IDENTIFIER_LABELS[name]
                raise ValidationError({name: f"A person with this {label} has just been recorded"}) from exc
        raise


def person_create(
    *,
    actor: "User | None",
    details: PersonDetails,
    confirm_not_duplicate: bool = False,
    organisation: Organisation | None = None,
    care_team_role: str | None = None,
) -> Person:
    """Record a person; the creating organisation joins their team as lead. Refuses duplicates."""
    organisation = organisation or getattr(actor, "current_organisation", None)
    cleaned, errors = validation.validate(details)
    if organisation is None:
        errors["organisation"] = "Only a member of an organisation can add a person"
    role = care_team_role or DEFAULT_ROLE_BY_KIND.get(organisation.kind if organisation else "", "other")
    if role not in CareTeamRole.values:
        errors["care_team_role"] = f"Choose a role in the team from: {', '.join(CareTeamRole.values)}"
    if errors:
        raise ValidationError(errors)
    assert organisation is not None  # refused above when missing
    check = duplicates_check(actor=actor, cleaned=cleaned, organisation=organisation)
    if check.errors:
        raise ValidationError(check.errors)
    duplicate = check.duplicate
    if duplicate is not None and not confirm_not_duplicate:
        raise duplicate
    created = {}

    def save():
        person = Person.objects.create(**cleaned.model_fields())
        _set_aliases(person, cleaned.aliases)
        member = CareTeamMember.objects.create(
            person=person,
            organisation=organisation,
            role=role,
            user=actor if getattr(actor, "current_organisation_id", None) == organisation.id else None,
            is_lead=True,
            started_on=timezone.localdate(),
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.PERSON_CREATED,
            target=person,
            organisation_id=organisation.id,
            payload={
                "identifiers": [name for name in IDENTIFIER_FIELDS if getattr(cleaned, name)],
                "confirmed_not_duplicate": duplicate is not None,
                "possible_duplicates": [str(p.id) for p in duplicate.visible] if duplicate else [],
            },
        )
        _record_member(actor, AuditVerb.CARE_TEAM_ADDED, member)
        created["person"] = person

    _save_refusing_clashes(save)
    return created["person"]


def person_update(
    *, actor: "User | None", person: Person, details: PersonDetails, reason: str = ""
) -> Person:
    """Change a person's details; each changed field is kept in the rectification log (with `reason`)."""
    if person.merged_into_id is not None:
        raise ValidationError("This record was merged into another: change that one instead")
    rectification.require_reason(actor=actor, reason=reason)
    cleaned, errors = validation.validate(details)
    if errors:
        raise ValidationError(errors)
    errors = duplicates_check(
        actor=actor,
        cleaned=cleaned,
        organisation=getattr(actor, "current_organisation", None),
        exclude=person,
        by_name=False,
    ).errors
    if errors:
        raise ValidationError(errors)
    before = PersonDetails.of(person)
    changed = [name for name, value in cleaned.model_fields().items() if getattr(before, name) != value]
    if sorted(before.aliases) != sorted(cleaned.aliases):
        changed.append("aliases")

    def save():
        for name, value in cleaned.model_fields().items():
            setattr(person, name, value)
        person.save()
        _set_aliases(person, cleaned.aliases)
        rectification.log_corrections(
            actor=actor, person=person, before=before, after=cleaned, changed=changed, reason=reason
        )
        audit.record(actor=actor, verb=AuditVerb.PERSON_UPDATED, target=person, payload={"fields": changed})

    _save_refusing_clashes(save)
    return person


def _record_member(actor: "User | None", verb: AuditVerb, member: CareTeamMember, **payload) -> None:
    audit.record(
        actor=actor,
        verb=verb,
        target=member,
        payload={
            "person": str(member.person_id),
            "organisation": str(member.organisation_id),
            "role": member.role,
            "is_lead": member.is_lead,
            **payload,
        },
    )


def steers_team(actor, person: Person) -> bool:
    """The lead organisation steers the team (who leads it, who else is in it), as does an administrator.

    A team left without a lead (after a merge) is steered by any of its members until one leads.
    """
    if actor is None or has_permission(actor, Permission.MANAGE_ORGANISATIONS):
        return True
    organisation_id = getattr(actor, "current_organisation_id", None)
    if organisation_id is None:
        return False
    active = person.care_team.filter(ended_on__isnull=True)
    if not active.filter(is_lead=True).exists():
        return active.filter(organisation_id=organisation_id).exists()
    return active.filter(is_lead=True, organisation_id=organisation_id).exists()


NOT_LEAD = "Only the organisation that leads the team can change who leads it"
NOT_LEAD_TO_END = "Only the organisation that leads the team can end another organisation's part in it"


def _lock(person: Person) -> Person:
    # The person row is the lock for their team, so two lead changes cannot both win.
    return Person.objects.select_for_update().get(pk=person.pk)


def care_team_add(
    *,
    actor: "User | None",
    person: Person,
    organisation: Organisation,
    role: str,
    user=None,
    is_lead: bool = False,
    started_on: date | None = None,
) -> CareTeamMember:
    started_on = started_on or timezone.localdate()
    errors = {}
    if person.merged_into_id is not None:
        errors["person"] = "This record was merged into another: add to that one's team instead"
    if role not in CareTeamRole.values:
        errors["role"] = f"Choose a role in the team from: {', '.join(CareTeamRole.values)}"
    if not organisation.is_active:
        errors["organisation"] = f"{organisation.name} is no longer active in Throughcare"
    if user is not None and not user.memberships.filter(organisation=organisation, is_active=True).exists():
        errors["user"] = f"{user.full_name} does not work for {organisation.name}"
    if started_on > timezone.localdate():
        errors["started_on"] = "The date they joined the team must be today or in the past"
    if (
        not errors
        and person.care_team.filter(organisation=organisation, role=role, ended_on__isnull=True).exists()
    ):
        errors["organisation"] = f"{organisation.name} is already in the team as {CareTeamRole(role).label}"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock(person)
        if is_lead and not steers_team(actor, person):
            raise ValidationError({"is_lead": NOT_LEAD})
        if is_lead:
            _clear_lead(actor, person)
        member = CareTeamMember.objects.create(
            person=person,
            organisation=organisation,
            role=role,
            user=user,
            is_lead=is_lead,
            started_on=started_on,
        )
        _record_member(actor, AuditVerb.CARE_TEAM_ADDED, member)
        if is_lead:
            join_requests_follow_lead(actor=actor, person=person)
    return member


def _clear_lead(actor: "User | None", person: Person) -> None:
    for lead in CareTeamMember.objects.filter(person=person, is_lead=True):
        lead.is_lead = False
        lead.save(update_fields=["is_lead", "updated_at"])
        _record_member(actor, AuditVerb.CARE_TEAM_LEAD_REMOVED, lead)
        lead_changed_tell(actor=actor, previous=lead)


def care_team_set_lead(*, actor: "User | None", member: CareTeamMember) -> CareTeamMember:
    if member.ended_on is not None:
        raise ValidationError({"member": "Only a current member of the team can lead it"})
    if member.is_lead:
        return member
    with transaction.atomic():
        _lock(member.person)
        if not steers_team(actor, member.person):
            raise ValidationError({"member": NOT_LEAD})
        _clear_lead(actor, member.person)
        member.is_lead = True
        member.save(update_fields=["is_lead", "updated_at"])
        _record_member(actor, AuditVerb.CARE_TEAM_LEAD_SET, member)
        join_requests_follow_lead(actor=actor, person=member.person)
    return member


def _holds_statutory_case(member: CareTeamMember) -> bool:
    # The probation practitioner's row is the statutory case: licence or community order supervision.
    return (
        member.role == CareTeamRole.PROBATION_PRACTITIONER
        and member.organisation.kind == OrganisationKind.PROBATION
    )


def care_team_end(
    *, actor: "User | None", member: CareTeamMember, ended_on: date | None = None, reason: str = ""
) -> CareTeamMember:
    """End an organisation's part in a team: its own, or (for the lead) another's, who is told.

    The probation service holding the statutory case leaves only with a reason, which is audited.
    """
    ended_on = ended_on or timezone.localdate()
    if reason and reason not in CareTeamEndReason.values:
        raise ValidationError({"reason": "Choose why they are leaving the team from the list"})
    if member.ended_on is not None:
        raise ValidationError({"member": f"{member.organisation.name} already left the team"})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "The date they left the team must be today or in the past"})
    if ended_on < member.started_on:
        raise ValidationError(
            {"ended_on": f"The date they left the team must be on or after {member.started_on:%-d %B %Y}"}
        )
    with transaction.atomic():
        _lock(member.person)
        others = member.person.care_team.filter(ended_on__isnull=True).exclude(pk=member.pk)
        if not others.exists():
            raise ValidationError(
                {"member": "Add another organisation to the team first, or nobody could see this record"}
            )
        own = member.organisation_id == getattr(actor, "current_organisation_id", None)
        if not own and not steers_team(actor, member.person):
            raise ValidationError({"member": NOT_LEAD_TO_END})
        if member.is_lead:
            raise ValidationError({"member": "Make another member the lead before this one leaves the team"})
        if not reason and _holds_statutory_case(member):
            name = member.organisation.name
            raise ValidationError(
                {"reason": f"Choose why {name}, which holds the probation case, is leaving"}
            )
        member.ended_on, member.end_reason = ended_on, reason
        member.save(update_fields=["ended_on", "end_reason", "updated_at"])
        told = membership_ended_tell(actor=actor, member=member)
        _record_member(
            actor,
            AuditVerb.CARE_TEAM_ENDED,
            member,
            ended_on=ended_on.isoformat(),
            reason=reason,
            told=str(told.id) if told else None,
        )
    return member


def person_merge(*, actor: "User | None", survivor: Person, merged: Person) -> Person:
    """Fold `merged` into `survivor`, keeping both records and their history.

    Aliases and care-team rows move to the survivor, with the merged record's name kept as an alias;
    identifiers move where the survivor has none (a different value stays on the merged record,
    where searches still find the survivor). The merged record then points at the survivor.
    """
    if survivor.pk == merged.pk:
        raise ValidationError({"merged": "A record cannot be merged into itself"})
    if survivor.merged_into_id is not None or merged.merged_into_id is not None:
        raise ValidationError(
            {"merged": "One of these records has already been merged: use the one it became"}
        )
    with transaction.atomic():
        survivor, merged = _lock(survivor), _lock(merged)
        moved, kept = [], []
        for name in IDENTIFIER_FIELDS:
            value = getattr(merged, name)
            if value and not getattr(survivor, name):
                moved.append(name)
            elif value and getattr(survivor, name) != value:
                kept.append(name)
        # Clear on the merged record first, so the identifiers are never held twice.
        Person.objects.filter(pk=merged.pk).update(**dict.fromkeys(moved, ""))
        for name in moved:
            setattr(survivor, name, getattr(merged, name))
        survivor.save()
        aliases = set(survivor.aliases.values_list("name", flat=True))
        for alias in merged.aliases.all():
            if alias.name in aliases or alias.name == survivor.full_name:
                alias.delete()
            else:
                alias.person = survivor
                alias.save(update_fields=["person", "updated_at"])
        if merged.full_name != survivor.full_name and merged.full_name not in aliases:
            PersonAlias.objects.create(person=survivor, name=merged.full_name)
        rows = _move_care_team(survivor, merged)
        Person.objects.filter(merged_into=merged).update(merged_into=survivor)
        merged.merged_into, merged.merged_at = survivor, timezone.now()
        merged.save(update_fields=["merged_into", "merged_at", "updated_at"])
        payload = {"moved_identifiers": moved, "conflicting_identifiers": kept, "care_team_rows": rows}
        audit.record(
            actor=actor,
            verb=AuditVerb.PERSON_MERGED,
            target=survivor,
            payload={"merged": str(merged.id), **payload},
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.PERSON_MERGED_AWAY,
            target=merged,
            payload={"survivor": str(survivor.id)},
        )
    return survivor


def _move_care_team(survivor: Person, merged: Person) -> int:
    """Move the merged record's team; a role the survivor's team already has ends rather than doubles."""
    today = timezone.localdate()
    has_lead = survivor.care_team.filter(is_lead=True).exists()
    active = set(survivor.care_team.filter(ended_on__isnull=True).values_list("organisation_id", "role"))
    rows = list(merged.care_team.all())
    for row in rows:
        if row.ended_on is None and (row.organisation_id, row.role) in active:
            row.is_lead, row.ended_on = False, max(today, row.started_on)
        elif row.is_lead and has_lead:
            row.is_lead = False
        row.person = survivor
        row.save(update_fields=["person", "is_lead", "ended_on", "updated_at"])
    return len(rows)
