"""The coded lists of the custody journey, with plain labels, and the rules that are data."""

from django.db import models


class ReleaseType(models.TextChoices):
    LICENCE = "licence", "On licence"
    POST_SENTENCE_SUPERVISION = "post_sentence_supervision", "On licence, then post-sentence supervision"
    END_OF_SENTENCE = "end_of_sentence", "At the end of the sentence, with no licence"
    EARLY_RELEASE_SCHEME = "early_release_scheme", "Early release scheme"


class EpisodeStart(models.TextChoices):
    RECEPTION = "reception", "Received into custody"
    RECALL = "recall", "Recalled to custody"


class EpisodeEnd(models.TextChoices):
    RELEASED = "released", "Released"
    RE_RELEASED = "re_released", "Re-released after recall"


class EventKind(models.TextChoices):
    RECEPTION = "reception", "Received into custody"
    RELEASE = "release", "Released"
    TRANSFER = "transfer", "Transferred to another prison"
    RECALL = "recall", "Recalled to custody"
    RE_RELEASE = "re_release", "Re-released after recall"
    ORDER_MADE = "order_made", "Order or licence recorded"
    REQUIREMENT_ADDED = "requirement_added", "Requirement added"
    REQUIREMENT_STATUS_CHANGED = "requirement_status_changed", "Requirement status changed"
    LICENCE_CONDITION_ADDED = "licence_condition_added", "Licence condition added"
    PROBATION_CHANGED = "probation_changed", "Probation practitioner or delivery unit changed"


class OrderKind(models.TextChoices):
    COMMUNITY_ORDER = "community_order", "Community order"
    SUSPENDED_SENTENCE_ORDER = "suspended_sentence_order", "Suspended sentence order"
    LICENCE = "licence", "Licence"
    POST_SENTENCE_SUPERVISION = "post_sentence_supervision", "Post-sentence supervision"


# Requirements are made by a court, so they belong to community and suspended sentence orders;
# licences carry conditions instead.
ORDERS_WITH_REQUIREMENTS = frozenset({OrderKind.COMMUNITY_ORDER, OrderKind.SUSPENDED_SENTENCE_ORDER})
ORDERS_WITH_CONDITIONS = frozenset({OrderKind.LICENCE, OrderKind.POST_SENTENCE_SUPERVISION})


class RequirementKind(models.TextChoices):
    MHTR_PRIMARY = "mhtr_primary", "Mental health treatment requirement (primary care)"
    MHTR_SECONDARY = "mhtr_secondary", "Mental health treatment requirement (secondary care)"
    DRR = "drr", "Drug rehabilitation requirement"
    ATR = "atr", "Alcohol treatment requirement"
    RAR = "rar", "Rehabilitation activity requirement"


MHTR_KINDS = frozenset({RequirementKind.MHTR_PRIMARY, RequirementKind.MHTR_SECONDARY})
SUBSTANCE_KINDS = frozenset({RequirementKind.DRR, RequirementKind.ATR})
# Treatment requirements name who treats the person; probation itself delivers rehabilitation activity.
NEEDS_TREATING_PROVIDER = MHTR_KINDS | SUBSTANCE_KINDS


class RequirementStatus(models.TextChoices):
    AWAITING_START = "awaiting_start", "Awaiting start"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    BREACHED = "breached", "Breached"


_RS = RequirementStatus
# A recall pauses these; re-release makes them live again.
LIVE_STATUSES = frozenset({_RS.AWAITING_START, _RS.ACTIVE})
FINAL_STATUSES = frozenset({_RS.COMPLETED, _RS.BREACHED})
# Status changes made by hand (a recall and re-release pause and resume on their own).
STATUS_MOVES: dict[str, frozenset[str]] = {
    _RS.AWAITING_START: frozenset({_RS.ACTIVE, _RS.PAUSED, _RS.BREACHED}),
    _RS.ACTIVE: frozenset({_RS.PAUSED, _RS.COMPLETED, _RS.BREACHED}),
    _RS.PAUSED: frozenset({_RS.AWAITING_START, _RS.ACTIVE, _RS.BREACHED}),
    _RS.COMPLETED: frozenset(),
    _RS.BREACHED: frozenset(),
}


class LicenceConditionKind(models.TextChoices):
    MENTAL_HEALTH_APPOINTMENTS = "mental_health_appointments", "Attend mental health appointments"
    DRUG_APPOINTMENTS = "drug_appointments", "Attend drug appointments"
    ALCOHOL_APPOINTMENTS = "alcohol_appointments", "Attend alcohol appointments"
    DRUG_TESTING = "drug_testing", "Drug testing"
    ALCOHOL_MONITORING = "alcohol_monitoring", "Alcohol monitoring"
    OTHER_HEALTH = "other_health", "Another condition about their health"
