"""Who the person has said may have their details, in their words, and their own yes and stop.

Read and changed only through the person's own session: a referral that is not theirs is not there
(404). Stopping uses the referrals' own consent withdrawal, so sharing stops exactly as when staff
record it (the referral is withdrawn and both sides are told); saying yes records consent given
electronically, by the person themselves (no staff member), at the time they said it. Every read and
change is audited as the person's own actions are: no actor, the person as target, the access and
session in the payload.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.core.templatetags.govuk_dates import govuk_date_text
from throughcare.myplan.models import PersonSession
from throughcare.referrals.models import Consent, ConsentMethod, Referral
from throughcare.referrals.services import referral_withdraw_consent
from throughcare.referrals.states import TERMINAL_STATES, ReferralState

_S = ReferralState
# Before the service decides, consent may still be given (as `referrals.services.consent_record`).
ASKING_STATES = frozenset({_S.DRAFT, _S.SUBMITTED, _S.ACKNOWLEDGED, _S.WAITLISTED})
WHAT_THEY_SEE = (
    "They can see your name and your birthday. They can also see what your worker wrote to ask for "
    "help for you. This can be about your health, your medicines and your safety."
)
PURPOSES = "To decide whether they can help the person, and to help them"


@dataclass
class SharingLine:
    referral_id: object
    service: str
    organisation: str
    # "shared": they said yes; "asked": a referral waits for their yes; "stopped": they said stop.
    status: str
    on: date | None

    @property
    def sentence(self) -> str:
        on = govuk_date_text(self.on) if self.on else ""
        if self.status == "shared":
            return f"You said {self.service} can have your details. You said yes on {on}."
        if self.status == "asked":
            return (
                f"Your worker wants to send your details to {self.service}. They need you to say yes first."
            )
        return f"{self.service} do not get your details any more. You said stop on {on}."


def _line(referral: Referral) -> SharingLine | None:
    consents = list(referral.consents.all())  # prefetched, newest first
    current = next((c for c in consents if c.withdrawn_at is None), None)
    service, organisation = referral.service.name, referral.receiving_organisation.name
    if current is not None and referral.state not in TERMINAL_STATES:
        return SharingLine(referral.pk, service, organisation, "shared", current.given_on)
    if referral.state == _S.WITHDRAWN and any(c.withdrawn_at for c in consents):
        stopped = max(c.withdrawn_at for c in consents if c.withdrawn_at)
        return SharingLine(referral.pk, service, organisation, "stopped", timezone.localdate(stopped))
    if current is None and referral.state in ASKING_STATES:
        return SharingLine(referral.pk, service, organisation, "asked", None)
    return None  # finished referrals: nothing is being shared or asked now


def _referrals(person):
    return (
        Referral.objects.filter(person=person)
        .select_related("service", "receiving_organisation")
        .prefetch_related(Prefetch("consents", queryset=Consent.objects.order_by("-given_on", "-created_at")))
        .order_by("-created_at")
    )


def _audit(session: PersonSession, verb: AuditVerb, **payload) -> audit.Entry:
    return audit.Entry(
        verb=verb,
        target=session.access.person,
        payload={"access": str(session.access_id), "session": str(session.pk), **payload},
    )


def own_sharing(session: PersonSession) -> list[SharingLine]:
    """What the person has said yes to, what waits for their yes, and what they stopped; audited."""
    lines = [line for referral in _referrals(session.access.person)[:30] if (line := _line(referral))]
    audit.record_many(
        actor=None,
        entries=[_audit(session, AuditVerb.PLAN_ACCESS_SHARING_VIEWED, referrals=len(lines))],
    )
    return lines


def own_sharing_line(session: PersonSession, referral_id) -> SharingLine:
    """One referral of the person's own, as on their list; 404 for anything else (audited)."""
    referral = _referrals(session.access.person).filter(pk=referral_id).first()
    line = _line(referral) if referral is not None else None
    if line is None:
        raise Http404("No such referral.")
    audit.record_many(
        actor=None,
        entries=[_audit(session, AuditVerb.PLAN_ACCESS_SHARING_VIEWED, referral=str(referral_id))],
    )
    return line


def _own_referral(session: PersonSession, referral_id) -> Referral:
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("service", "receiving_organisation")
        .filter(pk=referral_id, person=session.access.person)
        .first()
    )
    if referral is None:
        raise Http404("No such referral.")
    return referral


def consent_withdraw_by_person(*, session: PersonSession, referral_id) -> None:
    """The person says stop: the referral is withdrawn for consent withdrawn, sharing stops."""
    with transaction.atomic():
        referral = _own_referral(session, referral_id)
        if not referral.consents.filter(withdrawn_at__isnull=True).exists():
            raise ValidationError("You have not said yes to this, so there is nothing to stop")
        entries = [_audit(session, AuditVerb.PLAN_ACCESS_CONSENT_WITHDRAWN, referral=str(referral.pk))]
        referral_withdraw_consent(
            actor=None,
            referral=referral,
            note="They withdrew consent themselves, from their own plan",
            by_the_person=True,
            audit_entries=entries,
        )
        audit.record_many(actor=None, entries=entries)


def consent_give_by_person(*, session: PersonSession, referral_id) -> Consent:
    """The person says yes to a referral that waits for it: consent given electronically, now."""
    with transaction.atomic():
        referral = _own_referral(session, referral_id)
        if (
            referral.state not in ASKING_STATES
            or referral.consents.filter(withdrawn_at__isnull=True).exists()
        ):
            raise ValidationError("This does not need you to say yes now")
        consent = Consent.objects.create(
            referral=referral,
            given_on=timezone.localdate(),
            how_obtained=ConsentMethod.ELECTRONIC,
            shared_with=f"{referral.service.name} ({referral.receiving_organisation.name})",
            purposes=PURPOSES,
            recorded_by=None,
        )
        audit.record_many(
            actor=None,
            entries=[
                _audit(session, AuditVerb.PLAN_ACCESS_CONSENT_GIVEN, referral=str(referral.pk)),
                audit.Entry(
                    verb=AuditVerb.REFERRAL_CONSENT_RECORDED,
                    target=consent,
                    payload={"referral": str(referral.pk), "how_obtained": ConsentMethod.ELECTRONIC},
                ),
            ],
        )
    return consent
