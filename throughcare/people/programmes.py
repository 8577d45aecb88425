"""The other programmes a person is in (IOM, CFO Evolution, CRS personal wellbeing, liaison and
diversion, out of court disposals): recorded and ended by someone in their team, audited.

Shown on the person's record and in their own plan, so an overlap with their mental health care is
visible to both. The caller fetched the person through `selectors.person_for` (their scope).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, require_permission
from throughcare.core.validation import model_errors
from throughcare.people.models import Person, ProgrammeMembership

ALREADY_IN = "They are already in this programme: end that record before starting another"


def programme_start(*, actor, person: Person, programme: str, started_on: date | None) -> ProgrammeMembership:
    """Record that the person is in `programme` since `started_on`, for the actor's organisation.
    Nothing is written when anything is wrong."""
    require_permission(actor, Permission.VIEW_PEOPLE)
    membership = ProgrammeMembership(
        person=person,
        programme=programme,
        started_on=started_on,
        recorded_by=actor,
        recorded_by_organisation_id=actor.current_organisation_id,
    )
    errors = model_errors(membership, exclude=["person", "recorded_by", "recorded_by_organisation"])
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            membership.save()
            audit.record(
                actor=actor,
                verb=AuditVerb.PERSON_PROGRAMME_STARTED,
                target=person,
                payload={"membership": str(membership.pk), "programme": programme},
            )
    except IntegrityError:
        # The one-current-record constraint: checked here, where two people recording it race.
        raise ValidationError({"programme": ALREADY_IN}) from None
    return membership


def programme_end(*, actor, membership: ProgrammeMembership, ended_on: date | None) -> ProgrammeMembership:
    """End a current programme record on `ended_on` (on or after its start, not in the future)."""
    require_permission(actor, Permission.VIEW_PEOPLE)
    if not membership.is_current:
        raise ValidationError({"ended_on": "This programme record has already ended"})
    if ended_on is None:
        raise ValidationError({"ended_on": "Enter the date they left the programme"})
    membership.ended_on = ended_on
    errors = model_errors(membership, exclude=["person", "recorded_by", "recorded_by_organisation"])
    if errors:
        membership.ended_on = None
        raise ValidationError(errors)
    with transaction.atomic():
        ProgrammeMembership.objects.filter(pk=membership.pk, ended_on__isnull=True).update(ended_on=ended_on)
        audit.record(
            actor=actor,
            verb=AuditVerb.PERSON_PROGRAMME_ENDED,
            target=membership.person,
            payload={"membership": str(membership.pk), "programme": membership.programme},
        )
    return membership


def programmes_of(person: Person) -> list[ProgrammeMembership]:
    """The person's programme records, current first, with the recording organisation in one query.
    Read as part of the person's record or plan, whose view is audited by its caller."""
    return list(ProgrammeMembership.objects.filter(person=person).select_related("recorded_by_organisation"))


def membership_of(person: Person, membership_id) -> ProgrammeMembership:
    """One of the person's programme records; 404 when it is not theirs."""
    return get_object_or_404(
        ProgrammeMembership.objects.select_related("person"), person=person, pk=membership_id
    )
