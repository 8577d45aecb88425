"""Reads for the rights pages: who may see a person's rights pages, and who read or changed their record.

Scope: the DPO of any organisation that is or was in the person's team; for "who viewed this person",
also the staff of the person's lead organisation. Anyone else is told the person is not there (404).
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from throughcare.accounts.models import Organisation
from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb, as_sentence, reads
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import Permission, Role, has_permission
from throughcare.people.identifiers import identify
from throughcare.people.models import BreakGlassAccess, CareTeamMember, Person
from throughcare.people.selectors import survivor_of
from throughcare.rights.graph import records_about

ACCESS_PAGE_SIZE = 50
SEARCH_LIMIT = 25


def people_for_dpo(user) -> QuerySet[Person]:
    """People the DPO's organisation holds or held data about: in its team now or before."""
    organisation_id = getattr(user, "current_organisation_id", None)
    if organisation_id is None or not has_permission(user, Permission.ANSWER_RIGHTS_REQUESTS):
        return Person.objects.none()
    ever_in_team = CareTeamMember.objects.filter(person=OuterRef("pk"), organisation_id=organisation_id)
    return Person.objects.filter(Exists(ever_in_team), merged_into__isnull=True)


def _people_for_access_log(user) -> QuerySet[Person]:
    if not has_permission(user, Permission.VIEW_RECORD_ACCESS):
        return Person.objects.none()
    if user.current_role == Role.DPO:
        return people_for_dpo(user)
    led = CareTeamMember.objects.filter(
        person=OuterRef("pk"), organisation_id=user.current_organisation_id, is_lead=True
    )
    return Person.objects.filter(Exists(led), merged_into__isnull=True)


def _resolve(scope: QuerySet[Person], person_id) -> Person:
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person.")
    found = scope.filter(pk=survivor_of(person).pk).first()
    if found is None:
        raise Http404("No such person.")
    return found


def person_for_dpo(user, person_id, *, verb: AuditVerb) -> Person:
    """The person, for their organisation's DPO, with the read recorded; otherwise 404."""
    person = _resolve(people_for_dpo(user), person_id)
    audit.record(actor=user, verb=verb, target=person)
    return person


def search_for_dpo(user, query: str) -> list[Person]:
    """Up to SEARCH_LIMIT people matching a name or identifier; the search is audited by ids only."""
    query = " ".join(query.split())
    if not query:
        return []
    scope = people_for_dpo(user)
    identifier = identify(query)
    if identifier is not None:
        field, value = identifier
        scope = scope.filter(Q(**{field: value}) | Q(**{f"merged_records__{field}": value}))
    else:
        for word in query.split(" "):
            scope = scope.filter(
                Q(given_names__icontains=word)
                | Q(family_name__icontains=word)
                | Q(aliases__name__icontains=word)
            )
    people = list(scope.distinct().order_by("family_name", "given_names", "id")[:SEARCH_LIMIT])
    audit.record(
        actor=user,
        verb=AuditVerb.RIGHTS_PEOPLE_SEARCHED,
        target_type="people.person",
        payload={"person_ids": [str(person.id) for person in people]},
    )
    return people


@dataclass(frozen=True)
class AccessEntry:
    id: int
    occurred_at: object
    who: str
    organisation: str
    verb: str
    what: str
    target_type: str


@dataclass(frozen=True)
class AccessPage:
    entries: list[AccessEntry]
    next_before: int | None


def describe(verb: str) -> str:
    """What an event did, in the audit registry's sentence: "referral.viewed" is "Viewed a referral"."""
    return as_sentence(reads(verb))


# Reads that showed the person in a list: their payloads name every person shown, by id.
LIST_READ_VERBS = (AuditVerb.PERSON_LISTED, AuditVerb.RIGHTS_PEOPLE_SEARCHED)


def access_events(person: Person) -> QuerySet[AuditEvent]:
    """Every audit event that read or changed a record about the person, newest first.

    Events aimed at any record about them, and list reads whose payload names them. A person's id is
    a UUID, so finding it in the text of the payload's id list cannot match anyone else.
    """
    shown_in_a_list = Q(verb__in=LIST_READ_VERBS, payload__person_ids__icontains=str(person.pk))
    return AuditEvent.objects.filter(
        records_about(person, only_ids=True).targets() | shown_in_a_list
    ).order_by("-id")


def access_page(user, person: Person, *, before: int | None = None, page_size: int = ACCESS_PAGE_SIZE):
    """One page of who read or changed the person's record, keyset-paged by event id; the read is audited.

    No count of the whole trail: the next page starts below the last id shown.
    """
    events = access_events(person).select_related("actor")
    if before is not None:
        events = events.filter(id__lt=before)
    rows = list(events[: page_size + 1])
    more = len(rows) > page_size
    rows = rows[:page_size]
    names: dict[object, str] = dict(
        Organisation.objects.filter(
            pk__in={e.organisation_id for e in rows if e.organisation_id}
        ).values_list("pk", "name")
    )
    entries = [
        AccessEntry(
            id=event.id,
            occurred_at=event.occurred_at,
            who=str(event.actor) if event.actor else "Throughcare (automatic)",
            organisation=names.get(event.organisation_id, ""),
            verb=event.verb,
            what=describe(event.verb),
            target_type=event.target_type,
        )
        for event in rows
    ]
    audit.record(
        actor=user,
        verb=AuditVerb.PERSON_ACCESS_LOG_VIEWED,
        target=person,
        payload={"before": before, "shown": len(rows)},
    )
    return AccessPage(entries=entries, next_before=rows[-1].id if more else None)


def person_for_access_log(user, person_id) -> Person:
    """The person, for their lead organisation's staff and their organisations' DPOs; otherwise 404."""
    return _resolve(_people_for_access_log(user), person_id)


def break_glass_to_review(user) -> list[BreakGlassAccess]:
    """Break-glass access to people the DPO's organisation holds, waiting for review first; audited."""
    people = people_for_dpo(user)
    accesses = list(
        BreakGlassAccess.objects.filter(person__in=people, reviewed_at__isnull=True)
        .select_related("person", "user", "organisation")
        .order_by("created_at")[:100]
    )
    audit.record(
        actor=user,
        verb=AuditVerb.PERSON_BREAK_GLASS_LISTED,
        target_type="people.breakglassaccess",
        payload={
            "accesses": [str(a.id) for a in accesses],
            "person_ids": [str(a.person_id) for a in accesses],
        },
    )
    return accesses


def break_glass_for_dpo(user, access_id) -> BreakGlassAccess:
    access = BreakGlassAccess.objects.filter(pk=access_id, person__in=people_for_dpo(user)).first()
    if access is None:
        raise Http404("No such access.")
    return access
