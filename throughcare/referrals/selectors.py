"""Reads of referrals, limited to the referring and receiving organisations, and audited.

A referral is found only by the two organisations it joins (and by the receiving one only once it
is submitted); anyone else gets 404, so they do not learn it exists. What is returned is a view of
what the referral shares, never the person's record: the receiving service is not in the person's
team and sees their name, date of birth and what the referrer wrote for it, nothing more.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Q, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.permissions import Permission, has_permission
from throughcare.directory.vocabularies import NEEDS
from throughcare.referrals.consent_sharing import WITHHELD, sharing_withdrawn
from throughcare.referrals.models import Referral
from throughcare.referrals.services import side_of
from throughcare.referrals.states import OPEN_STATES, ReferralState, Side, allowed_targets, states_where

_S = ReferralState
# Where the receiving service must do something next: decide, or book the assessment it offered.
RECEIVER_ACTS_ON = states_where(receiver_acts_on=True)
WORKLIST_LIMIT = 200


def require_referral_role(user) -> None:
    """403 for roles that neither make nor receive referrals (commissioners, administrators)."""
    if not (
        has_permission(user, Permission.MAKE_REFERRALS) or has_permission(user, Permission.RECEIVE_REFERRALS)
    ):
        raise PermissionDenied("Your role does not make or receive referrals.")


def referral_in_scope(user, referral_id) -> Referral:
    """The referral for a change by the user, if they are on either side of it; otherwise 404.

    Not audited: the change it is fetched for is.
    """
    require_referral_role(user)
    referral = Referral.objects.filter(pk=referral_id).first()
    if referral is None:
        raise Http404("No such referral.")
    side_of(user, referral)
    return referral


@dataclass(frozen=True)
class TransitionView:
    from_state: str
    to_state: str
    side: str
    reason_code: str
    note: str
    at: datetime
    actor_name: str = ""


@dataclass(frozen=True)
class ReferralView:
    """What either side sees of a referral: the shared fields, the history and what it may do next."""

    id: str
    side: str
    state: str
    person_name: str
    person_date_of_birth: date
    service_id: str
    service_name: str
    referring_organisation: str
    receiving_organisation: str
    submitted_at: datetime | None
    acknowledge_by: datetime | None
    decide_by: datetime | None
    overdue: bool
    reason_for_referral: str
    need_codes: list[str]
    risk_summary: str
    risk_to_self: str
    current_substance_use: str
    gp_details: str
    medication: str
    contact_preferences: str
    interpreter_language: str
    in_custody: bool
    release_date: date | None
    release_date_unknown_reason: str
    waitlist_position: int | None
    expected_start_on: date | None
    consent_given_on: date | None
    consent_withdrawn: bool
    allowed_targets: list[str]
    history: list[TransitionView]
    # The service's rules the referrer deliberately referred outside of (their texts), and why.
    outside_criteria: list[str] = field(default_factory=list)
    outside_criteria_reason: str = ""
    # Set when sent: a crisis referral to a service below the care it needs (eligibility.mis_tiered).
    mis_tier_warning: str = ""
    # The structured answers the service's hard rules were checked against.
    uses_substances: bool | None = None
    risk_to_others_level: int | None = None
    at_risk_to_self: bool | None = None
    referral_route: str = ""
    # The receiver's view once the person withdrew consent: the shared details are blank (consent_sharing).
    shared_details_withdrawn: bool = False

    @property
    def need_labels(self) -> list[str]:
        """The needs in words ("Depression"), as both sides read them."""
        return [NEEDS.label(code) if code in NEEDS.codes else code for code in self.need_codes]


def is_overdue(referral: Referral, now: datetime | None = None) -> bool:
    return referral.due_by is not None and referral.due_by < (now or timezone.now())


def referral_for(user, referral_id) -> ReferralView:
    """The referral as the user's side sees it, with the read recorded; 404 outside both organisations."""
    require_referral_role(user)
    referral = (
        Referral.objects.select_related(
            "person", "service", "referring_organisation", "receiving_organisation"
        )
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404("No such referral.")
    side = side_of(user, referral)
    consent = referral.consents.order_by("-created_at").first()
    history = [
        TransitionView(
            t.from_state,
            t.to_state,
            t.side,
            t.reason_code,
            t.note,
            t.at,
            t.actor.full_name if t.actor else "",
        )
        for t in referral.transitions.select_related("actor").order_by("id")
    ]
    withheld = sharing_withdrawn(side, consent)
    payload = {"side": side, "details_withheld": True} if withheld else {"side": side}
    audit.record(actor=user, verb=AuditVerb.REFERRAL_VIEWED, target=referral, payload=payload)
    view = _view_of(referral, side, consent, history)
    return replace(view, **WITHHELD, shared_details_withdrawn=True) if withheld else view


def _view_of(referral: Referral, side: str, consent, history: list[TransitionView]) -> ReferralView:
    person = referral.person
    return ReferralView(
        id=str(referral.pk),
        side=side,
        state=referral.state,
        person_name=person.full_name,
        person_date_of_birth=person.date_of_birth,
        service_id=str(referral.service_id),
        service_name=referral.service.name,
        referring_organisation=referral.referring_organisation.name,
        receiving_organisation=referral.receiving_organisation.name
        if referral.receiving_organisation
        else "",
        submitted_at=referral.submitted_at,
        acknowledge_by=referral.acknowledge_by,
        decide_by=referral.decide_by,
        overdue=is_overdue(referral),
        reason_for_referral=referral.reason_for_referral,
        need_codes=list(referral.need_codes),
        risk_summary=referral.risk_summary,
        risk_to_self=referral.risk_to_self,
        current_substance_use=referral.current_substance_use,
        gp_details=referral.gp_details,
        medication=referral.medication,
        contact_preferences=referral.contact_preferences,
        interpreter_language=referral.interpreter_language,
        in_custody=referral.in_custody,
        release_date=referral.release_date,
        release_date_unknown_reason=referral.release_date_unknown_reason,
        waitlist_position=referral.waitlist_position,
        expected_start_on=referral.expected_start_on,
        consent_given_on=consent.given_on if consent else None,
        consent_withdrawn=bool(consent and consent.withdrawn_at),
        allowed_targets=[str(t) for t in allowed_targets(referral.state, side)],
        history=history,
        outside_criteria=list(referral.outside_criteria.values_list("rule_text", flat=True)),
        outside_criteria_reason=referral.outside_criteria_reason,
        mis_tier_warning=referral.mis_tier_warning,
        uses_substances=referral.uses_substances,
        risk_to_others_level=referral.risk_to_others_level,
        at_risk_to_self=referral.at_risk_to_self,
        referral_route=referral.referral_route,
    )


@dataclass(frozen=True)
class WorklistItem:
    id: str
    side: str
    state: str
    person_name: str
    service_name: str
    other_organisation: str
    received_at: datetime
    due_by: datetime | None
    overdue: bool


def worklist_for(user) -> list[WorklistItem]:
    """What the user's organisation must act on next, overdue first and then newest; the read is audited.

    The receiving service sees what awaits its decision or next step; the referrer sees its drafts
    and any of its open referrals the service has let go overdue, so it can chase them. One query
    for the list however long it is, and the audit event.
    """
    require_referral_role(user)
    organisation_id = user.current_organisation_id
    now = timezone.now()
    overdue = Q(due_by__lt=now)
    condition = Q(pk__in=[])
    if has_permission(user, Permission.RECEIVE_REFERRALS):
        condition |= Q(receiving_organisation_id=organisation_id, state__in=RECEIVER_ACTS_ON)
    if has_permission(user, Permission.MAKE_REFERRALS):
        condition |= Q(referring_organisation_id=organisation_id) & (
            Q(state=_S.DRAFT) | (Q(state__in=OPEN_STATES) & overdue)
        )
    # The first page's ids come from the referral table and its indexes alone, so only those rows
    # are joined to their person, service and organisations, however long the worklist is. Rows are
    # read as values, not model instances: building 1,000 objects cost more than the query.
    first_page = _in_worklist_order(Referral.objects.filter(condition), overdue).values("id")[:WORKLIST_LIMIT]
    rows = _in_worklist_order(Referral.objects.filter(pk__in=first_page), overdue).values(*WORKLIST_FIELDS)
    receives = has_permission(user, Permission.RECEIVE_REFERRALS)
    items = [_item(row, organisation_id, receives) for row in rows]
    audit.record(
        actor=user,
        verb=AuditVerb.REFERRAL_WORKLIST_VIEWED,
        target_type="referrals.referral",
        payload={"referral_ids": [item.id for item in items]},
    )
    return items


# What a worklist row shows, and nothing more: the person's record is not read for it.
WORKLIST_FIELDS = (
    "id",
    "state",
    "due_by",
    "is_overdue",
    "received_at",
    "receiving_organisation_id",
    "person__given_names",
    "person__family_name",
    "service__name",
    "referring_organisation__name",
    "receiving_organisation__name",
)


def _in_worklist_order(referrals, overdue: Q):
    return referrals.annotate(
        is_overdue=Case(When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField()),
        received_at=Coalesce("submitted_at", "created_at"),
    ).order_by("-is_overdue", "-received_at", "id")


def _item(row: dict, organisation_id, receives: bool) -> WorklistItem:
    receiving = receives and row["receiving_organisation_id"] == organisation_id and row["state"] != _S.DRAFT
    side = Side.RECEIVER if receiving else Side.REFERRER
    other = row["referring_organisation__name"] if receiving else row["receiving_organisation__name"]
    return WorklistItem(
        id=str(row["id"]),
        side=side,
        state=row["state"],
        # As Person.full_name has it.
        person_name=f"{row['person__given_names']} {row['person__family_name']}",
        service_name=row["service__name"],
        other_organisation=other or "",
        received_at=row["received_at"],
        due_by=row["due_by"],
        overdue=bool(row["is_overdue"]),
    )
