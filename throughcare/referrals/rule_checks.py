"""The referral's side of the service's hard rules: validating the answers they turn on, refusing a
referral that breaks them, and recording a deliberate override (per rule, with the reason, audited).

The rules themselves are matching's (referrals/eligibility.py runs them for one person and service).
Called by the referral services when a draft is made or changed and when it is submitted.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.directory.models import RiskLevel
from throughcare.referrals import eligibility
from throughcare.referrals.models import OutsideCriteria, Referral

OVERRIDE_REASON_MESSAGE = "Enter why you are referring outside the service's criteria"


def details_errors(details, organisation_kind: str) -> dict[str, str]:
    """Problems with the answers the rules turn on that the Referral model cannot know: whether the
    route is one the referring organisation may use (`details` is a ReferralDetails). The risk level's
    choices are the model field's own."""
    errors = {}
    route_problem = eligibility.route_error(details.referral_route.strip(), organisation_kind)
    if route_problem:
        errors["referral_route"] = route_problem
    return errors


def answers(values, organisation_kind: str) -> eligibility.Answers:
    """The referral's answers the rules turn on, from a referral or its cleaned details."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return eligibility.Answers(
        in_custody=get("in_custody"),
        release_date=get("release_date"),
        uses_substances=get("uses_substances"),
        risk_to_others_level=get("risk_to_others_level"),
        at_risk_to_self=get("at_risk_to_self"),
        route=eligibility.route_for(get("referral_route"), organisation_kind),
    )


@dataclass(frozen=True)
class RuleCheck:
    """What a check found: the broken rules to record now, and every rule still broken."""

    to_record: list[tuple[str, str]]
    broken_codes: frozenset[str]


def rules_to_override(person, service, answers, reason: str, overridden=frozenset()) -> RuleCheck:
    """The service's hard rules this referral breaks that no override covers yet, to be recorded
    with `reason`. Refused (ValidationError) with each rule's text when the service takes no
    referrals outside its criteria, or when no reason is given."""
    found = eligibility.broken_hard_rules(person, service, answers, timezone.localdate())
    broken = [(code, text) for code, text in found if code not in overridden]
    check = RuleCheck(broken, frozenset(code for code, _text in found))
    if not broken:
        return check
    texts = ". ".join(text for _code, text in broken)
    if not eligibility.allows_override(service):
        raise ValidationError({"service_id": f"{service.name} cannot take this referral: {texts}"})
    if not reason.strip():
        raise ValidationError(
            {
                "service_id": f"This referral is outside {service.name}'s criteria: {texts}",
                "outside_criteria_reason": OVERRIDE_REASON_MESSAGE,
            }
        )
    return check


def record_overrides(
    *, actor, referral: Referral, check: RuleCheck, reason: str, audit_entries: list
) -> None:
    """Record each newly overridden rule, and forget overrides of rules the draft no longer breaks
    (a draft is not yet shared, so the service is shown only what still applies when it is sent)."""
    stale = OutsideCriteria.objects.filter(referral=referral).exclude(rule_code__in=check.broken_codes)
    if stale.delete()[0] and not check.broken_codes:
        referral.outside_criteria_reason = ""
        Referral.objects.filter(pk=referral.pk).update(outside_criteria_reason="")
    if not check.to_record:
        return
    now = timezone.now()
    OutsideCriteria.objects.bulk_create(
        OutsideCriteria(referral=referral, rule_code=code, rule_text=text, recorded_by=actor, recorded_at=now)
        for code, text in check.to_record
    )
    referral.outside_criteria_reason = reason.strip()
    Referral.objects.filter(pk=referral.pk).update(outside_criteria_reason=referral.outside_criteria_reason)
    audit_entries.append(
        audit.Entry(
            verb=AuditVerb.REFERRAL_REFERRED_OUTSIDE_CRITERIA,
            target=referral,
            payload={"rules": [code for code, _text in check.to_record]},
        )
    )


def answers_the_rules_need(referral: Referral) -> dict[str, str]:
    """The structured answers the service's own hard rules turn on, when they are not given yet."""
    service = referral.service
    missing = {}
    if not service.accepts_current_substance_use and referral.uses_substances is None:
        missing["uses_substances"] = (
            "Say whether the person currently uses drugs or alcohol: the service does not accept current use"
        )
    if service.highest_risk_to_others < RiskLevel.VERY_HIGH and referral.risk_to_others_level is None:
        highest = RiskLevel(service.highest_risk_to_others).label.lower()
        missing["risk_to_others_level"] = (
            f"Choose the person's risk of serious harm to others: the service accepts up to {highest}"
        )
    if not service.accepts_risk_to_self and referral.at_risk_to_self is None:
        missing["at_risk_to_self"] = (
            "Say whether the person is at current risk to themselves: the service does not work with "
            "current risk to self"
        )
    return missing
