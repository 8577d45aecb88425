"""Is this person already recorded? Answered without becoming a "who is known?" oracle (issue 15).

A record the caller may already see is named, so they can open it. Anything else reveals nothing
about the record: an identifier held elsewhere becomes a join request to the lead of that person's
team (who decides whether to add the caller's organisation), and a matching name and date of birth
the caller may not see is not mentioned at all. Every check is audited, with the ids it matched for
the data protection officer, and each user's checks are rate-limited (DUPLICATE_CHECK_RATE_LIMIT).
"""

from dataclasses import dataclass, field

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, has_permission
from throughcare.core.rate_limits import Limit, RateLimitedError, hit
from throughcare.people.details import IDENTIFIER_FIELDS, PersonDetails
from throughcare.people.identifiers import IDENTIFIER_LABELS
from throughcare.people.models import Person
from throughcare.people.selectors import can_see, survivor_of
from throughcare.people.team_notices import join_request_raise

KNOWN_ELSEWHERE = (
    "This person may already be known to another organisation. We have asked the organisation that "
    "leads their care team to add yours: if they do, the person will appear in your list of people"
)


@dataclass(eq=False)
class PossibleDuplicate(Exception):  # noqa: N818 (a warning to confirm, not an error)
    """Someone the caller may see has the same family name, date of birth and first initial.

    The caller confirms with `confirm_not_duplicate=True` and tries again.
    """

    visible: list[Person] = field(default_factory=list)

    def __str__(self) -> str:
        total = len(self.visible)
        return (
            f"{total} person{'s' if total != 1 else ''} with the same family name, date of birth and first "
            "initial already recorded. Check this is not the same person before adding them"
        )


@dataclass
class CheckResult:
    errors: dict[str, str]
    duplicate: PossibleDuplicate | None


def _count_check(actor) -> None:
    if getattr(actor, "pk", None) is None:
        return  # the system (imports, demo data) is not a caller to limit
    wait = hit("duplicate_check", str(actor.pk), Limit.from_setting("DUPLICATE_CHECK_RATE_LIMIT"))
    if wait is not None:
        audit.record(actor=actor, verb=AuditVerb.PERSON_DUPLICATE_CHECK_REFUSED, target_type="people.person")
        raise RateLimitedError(wait)


def _identifier_holders(cleaned: PersonDetails, exclude: Person | None) -> dict[str, Person]:
    holders = {}
    for name in IDENTIFIER_FIELDS:
        value = getattr(cleaned, name)
        if not value:
            continue
        found = Person.objects.filter(**{name: value})
        if exclude is not None:
            found = found.exclude(pk=exclude.pk).exclude(merged_into=exclude)
        holder = found.first()
        if holder is not None:
            holders[name] = survivor_of(holder)
    return holders


def _name_matches(cleaned: PersonDetails, exclude: Person | None) -> list[Person]:
    matches = Person.objects.filter(
        family_name__iexact=cleaned.family_name,
        date_of_birth=cleaned.date_of_birth,
        given_names__istartswith=cleaned.given_names[:1],
        merged_into__isnull=True,
    )
    if exclude is not None:
        matches = matches.exclude(pk=exclude.pk)
    return list(matches)


def duplicates_check(
    *, actor, cleaned: PersonDetails, organisation=None, exclude: Person | None = None, by_name: bool = True
) -> CheckResult:
    """Clashing identifiers (field errors) and possible duplicates by name, as the caller may learn them.

    Raises RateLimitedError once the caller has made too many checks. Join requests raised here are
    kept even though the caller's change is then refused: asking the lead is the point.
    """
    _count_check(actor)
    errors, named, held_elsewhere, join_requests = {}, set(), [], []
    for name, holder in _identifier_holders(cleaned, exclude).items():
        label = IDENTIFIER_LABELS[name]
        if actor is not None and can_see(actor, holder):
            named.add(str(holder.id))
            errors[name] = (
                f"{holder.full_name}, born {holder.date_of_birth:%-d %B %Y}, already has this {label}: "
                "open their record instead of adding a new one"
            )
            continue
        held_elsewhere.append(name)
        errors[name] = KNOWN_ELSEWHERE
        # Only casework asks to join a team: a DPO correcting a record (no VIEW_PEOPLE) does not.
        if organisation is not None and (actor is None or has_permission(actor, Permission.VIEW_PEOPLE)):
            notice = join_request_raise(
                actor=actor, person=holder, organisation=organisation, matched_on=name
            )
            if notice is not None:
                join_requests.append(str(notice.id))
    matches = _name_matches(cleaned, exclude) if by_name and not errors else []
    visible = [person for person in matches if actor is not None and can_see(actor, person)]
    audit.record(
        actor=actor,
        verb=AuditVerb.PERSON_DUPLICATE_CHECKED,
        target_type="people.person",
        target_id=str(exclude.id) if exclude is not None else "",
        organisation_id=getattr(organisation, "id", None),
        payload={
            "identifiers": [name for name in IDENTIFIER_FIELDS if getattr(cleaned, name)],
            "named": sorted(named | {str(p.id) for p in visible}),
            "held_elsewhere": held_elsewhere,
            "join_requests": join_requests,
            # For the DPO: who matched by name without being mentioned to the caller.
            "unnamed_name_matches": sorted(str(p.id) for p in matches if p not in visible),
        },
    )
    return CheckResult(errors=errors, duplicate=PossibleDuplicate(visible=visible) if visible else None)
