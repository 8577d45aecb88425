"""Reads of people, already limited to those in an active care team of the user's organisation.

Reading a person and recording that it was read are one call (`person_for`), so a page or endpoint
cannot show a person without the audit trail knowing. Out of scope is 404, never 403, so the
existence of other organisations' people is not revealed.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, has_permission
from throughcare.people.identifiers import identify
from throughcare.people.models import (
    BreakGlassAccess,
    CareTeamMember,
    CareTeamNotice,
    Person,
    Restriction,
    TeamNoticeKind,
)

PAGE_SIZE = 25


def people_visible_to(user) -> QuerySet[Person]:
    """People with an active care-team row for the user's organisation, and for a receiving service the
    people it has taken on through a referral that has not closed (ADR 22); none for roles without
    VIEW_PEOPLE.

    Merged records are left out: they resolve to the record that survived.
    """
    organisation_id = getattr(user, "current_organisation_id", None)
    if organisation_id is None or not has_permission(user, Permission.VIEW_PEOPLE):
        return Person.objects.none()
    in_team = CareTeamMember.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()),
        person=OuterRef("pk"),
        organisation_id=organisation_id,
        ended_on__isnull=True,
    )
    visible = Q(Exists(in_team))
    if has_permission(user, Permission.RECEIVE_REFERRALS):
        visible |= Q(Exists(_treating(organisation_id).filter(person=OuterRef("pk"))))
    return Person.objects.filter(visible, _not_restricted_from(user), merged_into__isnull=True)


def _not_restricted_from(user) -> Q:
    """A restricted record is seen only by its named users, and by others through open break-glass access."""
    restricted = Restriction.objects.filter(person=OuterRef("pk"))
    named = restricted.filter(named_users=user.pk)
    glass = BreakGlassAccess.objects.filter(
        person=OuterRef("pk"), user=user.pk, expires_at__gt=timezone.now()
    )
    return ~Q(Exists(restricted)) | Q(Exists(named)) | Q(Exists(glass))


def break_glass_candidate(user, person_id) -> Person:
    """A restricted person the user does not see but whose team their organisation is in: the only people
    break-glass access may open. Anyone else gets 404, so it reveals nothing new."""
    organisation_id = getattr(user, "current_organisation_id", None)
    if organisation_id is None:
        raise Http404("No such person.")
    person = (
        Person.objects.filter(
            pk=person_id,
            merged_into__isnull=True,
            restriction__isnull=False,
            care_team__organisation_id=organisation_id,
            care_team__ended_on__isnull=True,
        )
        .distinct()
        .first()
    )
    if person is None or not has_permission(user, Permission.VIEW_PEOPLE) or can_see(user, person):
        raise Http404("No such person.")
    return person


def _treating(organisation_id):
    # Imported here: referrals depends on people, not the other way round, except for this one rule.
    from throughcare.referrals.caseload import RECEIVER_WORKS_WITH_PERSON
    from throughcare.referrals.models import Referral

    return Referral.objects.filter(
        receiving_organisation_id=organisation_id, state__in=RECEIVER_WORKS_WITH_PERSON
    )


def require_care_team_member(user, person: Person) -> None:
    """403 for an organisation that sees the person without being in their team (a receiving service
    working with them, ADR 22): the team is changed by its own members."""
    organisation_id = getattr(user, "current_organisation_id", None)
    in_team = CareTeamMember.objects.filter(
        # No organisation (None) finds no member: Django reads it as organisation_id IS NULL.
        person=person,
        organisation_id=organisation_id,  # type: ignore[misc]
        ended_on__isnull=True,
    ).exists()
    if not in_team:
        raise PermissionDenied(f"Only organisations in {person.full_name}'s care team can change it.")


def can_see(user, person: Person) -> bool:
    return people_visible_to(user).filter(pk=person.pk).exists()


def survivor_of(person: Person) -> Person:
    """The record a merged person now lives in (merges are flattened, but follow a chain to be safe)."""
    seen = set()
    while person.merged_into_id is not None and person.pk not in seen:
        seen.add(person.pk)
        person = Person.objects.get(pk=person.merged_into_id)
    return person


def person_for(user, person_id) -> Person:
    """The person, if the user's organisation is in their team, with the read recorded; otherwise 404.

    A merged record resolves to its survivor: the caller sees the survivor's id and may redirect.
    """
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person.")
    survivor = survivor_of(person)
    found = people_visible_to(user).filter(pk=survivor.pk).select_related("residence_local_authority").first()
    if found is None:
        raise Http404("No such person.")
    payload = {"requested": str(person_id)} if survivor.pk != person.pk else {}
    audit.record(actor=user, verb=AuditVerb.PERSON_VIEWED, target=found, payload=payload)
    return found


def care_team_of(person: Person, *, include_ended: bool = True) -> QuerySet[CareTeamMember]:
    rows = CareTeamMember.objects.filter(person=person).select_related("organisation", "user")
    if not include_ended:
        rows = rows.filter(ended_on__isnull=True)
    return rows.order_by("ended_on", "-is_lead", "started_on", "id")


def care_team_member_for(person: Person, member_id) -> CareTeamMember:
    """A row of a person the caller has already been allowed to see (via `person_for`)."""
    member = care_team_of(person).filter(pk=member_id).first()
    if member is None:
        raise Http404("No such member of this person's team.")
    return member


def _holds(field: str, value: str) -> Q:
    # A merged record may keep an identifier its survivor already had a different value for; it
    # still finds the survivor. Merges are flattened, so one level is enough.
    return Q(**{field: value}) | Q(**{f"merged_records__{field}": value})


def _search(queryset: QuerySet[Person], query: str) -> QuerySet[Person]:
    query = " ".join(query.split())
    if not query:
        return queryset
    identifier = identify(query)
    if identifier is not None:
        return queryset.filter(_holds(*identifier)).distinct()
    condition = Q()
    for word in query.split(" "):
        condition &= (
            Q(given_names__icontains=word)
            | Q(family_name__icontains=word)
            | Q(preferred_name__icontains=word)
            | Q(aliases__name__icontains=word)
        )
    return queryset.filter(condition).distinct()


def _with_lead(queryset: QuerySet[Person]) -> QuerySet[Person]:
    # The lead organisation of each person on a page in one query, however many people there are.
    lead = CareTeamMember.objects.filter(is_lead=True).select_related("organisation")
    return queryset.prefetch_related(Prefetch("care_team", queryset=lead, to_attr="leads"))


def people_page_for(user, *, query: str = "", page_number=1, page_size: int = PAGE_SIZE) -> Page:
    """One page of the people the user may see, matching a name or identifier; the read is audited."""
    queryset = _with_lead(_search(people_visible_to(user), query)).order_by(
        "family_name", "given_names", "id"
    )
    page = Paginator(queryset, page_size).get_page(page_number)
    audit.record(
        actor=user,
        verb=AuditVerb.PERSON_LISTED,
        target_type="people.person",
        # Ids only: what the user was shown, not the words they searched for (which may be a name).
        payload={
            "searched": bool(query.strip()),
            "page": page.number,
            "person_ids": [str(person.id) for person in page.object_list],
        },
    )
    return page


def people_with_identifier(user, identifier: str) -> list[Person]:
    """The visible people holding an identifier (merged records resolve to their survivor); audited."""
    found = identify(identifier)
    if found is None:
        people = []
    else:
        people = list(_with_lead(people_visible_to(user).filter(_holds(*found)).distinct()))
    audit.record(
        actor=user,
        verb=AuditVerb.PERSON_LISTED,
        target_type="people.person",
        payload={"searched": True, "by": "identifier", "person_ids": [str(p.id) for p in people]},
    )
    return people


def team_notices_for(user) -> list[CareTeamNotice]:
    """The care team notices waiting for the user's organisation; `names_person` says whether the user
    may see the person the notice is about (a notice names nobody to anyone else). Audited."""
    organisation_id = getattr(user, "current_organisation_id", None)
    if organisation_id is None or not has_permission(user, Permission.VIEW_PEOPLE):
        return []
    visible = people_visible_to(user).filter(pk=OuterRef("person_id"))
    notices: list[CareTeamNotice] = list(
        CareTeamNotice.objects.filter(organisation_id=organisation_id, answered_at__isnull=True)
        .annotate(names_person=Exists(visible))
        .select_related("person", "from_organisation")
        .order_by("created_at")
    )
    audit.record(
        actor=user,
        verb=AuditVerb.CARE_TEAM_NOTICES_LISTED,
        target_type="people.careteamnotice",
        payload={
            "notices": [str(n.id) for n in notices],
            "person_ids": [str(n.person_id) for n in notices if n.names_person],  # type: ignore[attr-defined]
        },
    )
    return notices


def team_notice_for(user, notice_id) -> CareTeamNotice:
    """A notice the user's organisation may answer; a join request also needs the person to be visible
    to them (it names the person, and adds to their team). Otherwise 404."""
    organisation_id = getattr(user, "current_organisation_id", None)
    if organisation_id is None:
        raise Http404("No such notice.")
    notice = (
        CareTeamNotice.objects.filter(
            pk=notice_id,
            organisation_id=organisation_id,
            answered_at__isnull=True,
        )
        .select_related("person", "from_organisation")
        .first()
    )
    if notice is None or not has_permission(user, Permission.VIEW_PEOPLE):
        raise Http404("No such notice.")
    if notice.kind == TeamNoticeKind.JOIN_REQUEST and not can_see(user, notice.person):
        raise Http404("No such notice.")
    return notice
