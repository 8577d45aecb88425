"""Unmet need counts needs, not clicks: one record per person (or anonymous profile), area and need
set within a window (settings.UNMET_NEED_WINDOW_DAYS); a repeated search updates it.

The record holds no more than before (area codes, needs, tier, why candidates were ruled out). What
tells one need from another is `need_key`, an HMAC of the searching organisation, the person's id
(or, for an anonymous search, the circumstances that describe who they are, not search settings
like distance or sort order), the area and the needs, keyed with the server's secret.
"""

import hashlib
import hmac
import json
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import transaction

from throughcare.core import audit
from throughcare.core.audit_verbs import AuditVerb
from throughcare.matching.models import UnmetNeed
from throughcare.matching.profile import NeedsProfile

# Who an anonymous profile describes; what they asked the search to do (distance, online only,
# preferences) is left out, so changing it does not make a second need.
WHO_THEY_ARE = (
    "postcode",
    "age",
    "gender",
    "ethnicity",
    "legal_status",
    "release_date",
    "uses_substances",
    "risk_to_others",
    "risk_to_self",
    "gp_registered",
    "neurodivergent",
    "language",
    "needs_interpreter",
    "caring_responsibilities",
    "mhtr_kinds",
    "opd_screened_in",
)


def need_key(*, organisation_id, person_id: str, profile: NeedsProfile, local_authority_code: str) -> str:
    if person_id:
        who = {"person": str(person_id)}
    else:
        who = {name: getattr(profile, name) for name in WHO_THEY_ARE}
        who["postcode"] = "".join(profile.postcode.split()).upper()
    material = json.dumps(
        {
            "organisation": str(organisation_id or ""),
            "who": who,
            "area": local_authority_code,
            "needs": sorted(profile.need_codes),
        },
        sort_keys=True,
        default=str,
    )
    return hmac.new(settings.SECRET_KEY.encode(), material.encode(), hashlib.sha256).hexdigest()


def record_unmet_need(actor, profile: NeedsProfile, place, outcome, today, person_id: str = "") -> UnmetNeed:
    """Record (or update, when the same need was recorded within the window) that nothing fitted."""
    counts = Counter(code for exclusion in outcome.exclusions for code, _ in exclusion.rules)
    if outcome.not_addressing_needs:
        counts["needs"] += outcome.not_addressing_needs
    organisation_id = getattr(actor, "current_organisation_id", None)
    area = place.local_authority_code if place else ""
    key = need_key(
        organisation_id=organisation_id, person_id=person_id, profile=profile, local_authority_code=area
    )
    values = {
        "last_recorded_on": today,
        "tier": profile.severity_tier or "",
        "exclusion_counts": dict(sorted(counts.items())),
        "candidates_considered": len(outcome.exclusions) + outcome.not_addressing_needs,
    }
    since = today - timedelta(days=settings.UNMET_NEED_WINDOW_DAYS)
    with transaction.atomic():
        record = (
            UnmetNeed.objects.select_for_update()
            .filter(need_key=key, last_recorded_on__gte=since)
            .order_by("-last_recorded_on")
            .first()
        )
        if record is None:
            record = UnmetNeed.objects.create(
                recorded_on=today,
                local_authority_code=area,
                icb_code=(place.icb_code or "") if place else "",
                pdu_code=(place.pdu_code or "") if place else "",
                need_codes=sorted(profile.need_codes),
                recorded_by_organisation_id=organisation_id,
                need_key=key,
                **values,
            )
            audit.record(actor=actor, verb=AuditVerb.MATCHING_UNMET_NEED_RECORDED, target=record)
        else:
            for name, value in values.items():
                setattr(record, name, value)
            record.searches += 1
            record.save(update_fields=[*values, "searches", "updated_at"])
            audit.record(
                actor=actor,
                verb=AuditVerb.MATCHING_UNMET_NEED_UPDATED,
                target=record,
                payload={"searches": record.searches},
            )
    return record
