"""The caseload: one organisation's referrals, sent or received, filtered, sorted, paginated and audited.

A page takes the same handful of queries however long the caseload is: the count, the page's ids
(from the referral table and its indexes, joined to the person only to sort by name), the page's
rows with their person, service and organisations, and the audit event.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.referrals.caseload import (
    GROUP_OF_STATE,
    PAGE_SIZE,
    SORTS,
    CaseloadFilters,
    Direction,
    Worker,
    states_in,
)
from throughcare.referrals.models import Referral, ReferralTransition
from throughcare.referrals.selectors import require_referral_role
from throughcare.referrals.states import ReferralState


@dataclass(frozen=True)
class CaseloadItem:
    id: str
    direction: str
    state: str
    state_label: str
    group: str
    group_label: str
    person_id: str
    person_name: str
    service_id: str
    service_name: str
    other_organisation: str
    updated_at: datetime
    due_by: datetime | None
    overdue: bool


_ROW_FIELDS = (
    "id",
    "state",
    "due_by",
    "updated_at",
    "person_id",
    "person__given_names",
    "person__family_name",
    "service_id",
    "service__name",
    "referring_organisation__name",
    "receiving_organisation__name",
)


def caseload_queryset(user, filters: CaseloadFilters) -> QuerySet[Referral]:
    """The user's organisation's referrals in one direction, with the filters applied (not yet ordered)."""
    require_referral_role(user)
    organisation_id = user.current_organisation_id
    if filters.direction == Direction.RECEIVED:
        # A draft is the referrer's alone: the receiving service never sees it.
        referrals = Referral.objects.filter(receiving_organisation_id=organisation_id).exclude(
            state=ReferralState.DRAFT
        )
    else:
        referrals = Referral.objects.filter(referring_organisation_id=organisation_id)
    if filters.group:
        referrals = referrals.filter(state__in=states_in(filters.group))
    if filters.service_id:
        referrals = referrals.filter(service_id=filters.service_id)
    if filters.person_id:
        referrals = referrals.filter(person_id=filters.person_id)
    if filters.overdue:
        referrals = referrals.filter(due_by__lt=timezone.now())
    if filters.worker == Worker.MINE:
        referrals = referrals.filter(_worked_on_by(user, filters.direction))
    return referrals


def _worked_on_by(user, direction: str) -> Q:
    """ "Mine": on the referrer's side, the referrals I wrote; on the receiving side, those I have moved."""
    if direction == Direction.SENT:
        return Q(created_by=user)
    return Q(Exists(ReferralTransition.objects.filter(referral=OuterRef("pk"), actor=user)))


def caseload_page_for(user, filters: CaseloadFilters) -> tuple[Page, list[CaseloadItem]]:
    """One page of the caseload (a page past the end gives the last page); the read is audited."""
    ids = caseload_queryset(user, filters).order_by(*SORTS[filters.sort][1]).values_list("id", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(filters.page)
    page_ids = list(page.object_list)
    rows = {row["id"]: row for row in Referral.objects.filter(pk__in=page_ids).values(*_ROW_FIELDS)}
    now = timezone.now()
    items = [_item(rows[pk], filters.direction, now) for pk in page_ids if pk in rows]
    audit.record(
        actor=user,
        verb=AuditVerb.REFERRAL_CASELOAD_VIEWED,
        target_type="referrals.referral",
        payload={**filters.query(), "page": page.number, "referral_ids": [item.id for item in items]},
    )
    return page, items


def _item(row: dict, direction: str, now: datetime) -> CaseloadItem:
    state = ReferralState(row["state"])
    group = GROUP_OF_STATE[state]
    sent = direction == Direction.SENT
    return CaseloadItem(
        id=str(row["id"]),
        direction=direction,
        state=str(state),
        state_label=state.label,
        group=str(group),
        group_label=group.label,
        person_id=str(row["person_id"]),
        # As Person.full_name has it.
        person_name=f"{row['person__given_names']} {row['person__family_name']}",
        service_id=str(row["service_id"]),
        service_name=row["service__name"],
        other_organisation=(
            row["receiving_organisation__name"] if sent else row["referring_organisation__name"]
        )
        or "",
        updated_at=row["updated_at"],
        due_by=row["due_by"],
        overdue=row["due_by"] is not None and row["due_by"] < now,
    )


def services_in_caseload(user, direction: str) -> list[tuple[str, str]]:
    """(id, name) of the services the organisation's referrals in this direction went to, by name."""
    referrals = caseload_queryset(user, CaseloadFilters(direction=direction))
    rows = referrals.order_by().values_list("service_id", "service__name").distinct()
    return sorted(((str(pk), name) for pk, name in rows), key=lambda pair: (pair[1].lower(), pair[0]))
