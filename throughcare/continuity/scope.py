"""Who may record a person's journey: one check shared by the journey and order services."""

from django.core.exceptions import ValidationError
from django.http import Http404

from throughcare.accounts.models import Organisation
from throughcare.core.permissions import OrganisationKind, Permission, require_permission
from throughcare.people.models import Person
from throughcare.people.selectors import people_visible_to, person_for


def require_journey_writer(actor, person) -> None:
    """403 unless the role plans releases; 404 unless the person is in the actor's organisation's team.

    `actor=None` is Throughcare itself (imports, demo data), which is not scoped.
    """
    if actor is None:
        return
    require_permission(actor, Permission.PLAN_RELEASES)
    if not people_visible_to(actor).filter(pk=person.pk).exists():
        raise Http404("No such person.")


def lock_for_journey_writer(actor, person) -> None:
    """`require_journey_writer`'s checks, made by the query that locks the person's row for the rest
    of the caller's transaction: one round trip for both. `actor=None` (Throughcare) just locks."""
    rows = Person.objects.all()
    if actor is not None:
        require_permission(actor, Permission.PLAN_RELEASES)
        rows = people_visible_to(actor)
    # No ORDER BY: a person's default ordering (by name) sorts the one row for nothing. Only the
    # person's row is locked, not the rows the visibility checks read.
    locked = rows.select_for_update(of=("self",)).filter(pk=person.pk).order_by().values_list("pk", flat=True)
    if not list(locked) and actor is not None:
        raise Http404("No such person.")


def writable_person(user, person_id):
    """The person, for a user whose role plans releases: 403 otherwise, 404 outside their teams."""
    require_permission(user, Permission.PLAN_RELEASES)
    return person_for(user, person_id)


def prison_and_name(prison: Organisation | None, prison_name: str, *, field: str = "prison") -> tuple:
    """The prison organisation (when Throughcare knows it) and the name to record; errors keyed by field."""
    prison_name = (prison_name or "").strip()
    if prison is not None:
        if prison.kind != OrganisationKind.PRISON:
            raise ValidationError({field: f"{prison.name} is not a prison"})
        return prison, prison_name or prison.name
    if not prison_name:
        raise ValidationError({field: "Choose the prison, or enter its name if it is not listed"})
    return None, prison_name
