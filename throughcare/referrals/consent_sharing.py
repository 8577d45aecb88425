"""When the person withdraws consent, the receiving service stops seeing what was shared with it.

Issue 15: the receiver keeps a record that the referral existed and was withdrawn (the person's name,
the service, the organisations, the dates and the history of moves), but no longer reads the
details the referrer shared on the strength of that consent, nor exports the FHIR message.
The referrer, who collected the details, keeps them.
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.referrals.models import Consent, Referral
from throughcare.referrals.states import Side

# The details shared with the receiver on the strength of consent, and what each reads as once withheld.
WITHHELD: dict[str, Any] = {
    "reason_for_referral": "",
    "need_codes": [],
    "risk_summary": "",
    "risk_to_self": "",
    "current_substance_use": "",
    "gp_details": "",
    "medication": "",
    "contact_preferences": "",
    "interpreter_language": "",
    "in_custody": False,
    "release_date": None,
    "release_date_unknown_reason": "",
    "outside_criteria_reason": "",
    "mis_tier_warning": "",  # says the person was in crisis, which the shared details told
    "uses_substances": None,
    "risk_to_others_level": None,
    "at_risk_to_self": None,
}

WITHDRAWN_MESSAGE = (
    "The person withdrew their consent to this referral, so the details shared with your service "
    "are no longer available"
)


class SharingWithdrawnError(PermissionDenied):
    """403 with WITHDRAWN_MESSAGE: the API says why, rather than that the role may not."""


def sharing_withdrawn(side: str, latest_consent: Consent | None) -> bool:
    """Whether `side` has lost the shared details: it is the receiver, and the latest consent is withdrawn."""
    return side == Side.RECEIVER and latest_consent is not None and latest_consent.withdrawn_at is not None


def require_sharing(user, referral: Referral, side: str, latest: Consent | None, *, what: str) -> None:
    """Refuse (403, audited) a receiver's read of shared details after the person withdrew consent.

    `latest` is the referral's latest consent, which the caller reads anyway.
    """
    if sharing_withdrawn(side, latest):
        audit.record(
            actor=user,
            verb=AuditVerb.REFERRAL_SHARED_DETAILS_REFUSED,
            target=referral,
            payload={"side": side, "what": what, "consent": str(latest.pk)},
        )
        raise SharingWithdrawnError(f"{WITHDRAWN_MESSAGE}.")
