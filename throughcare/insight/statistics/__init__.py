"""Statistics for commissioner insight, each in its own module; the public names are gathered here.

Pure functions over plain numbers (no database). Every result is a small frozen dataclass with
named fields; units are in each docstring. Formulas and sources: docs/insight-methods.md.
"""

from .disparity import (
    DEFAULT_BAND,
    Disparity,
    GroupCount,
    RelativeRateIndex,
    by_ethnic_group,
    relative_rate_index,
    relative_rate_indices,
)
from .funnel import (
    FunnelLimits,
    FunnelPosition,
    pooled_target,
    position,
    proportion_funnel_curve,
    proportion_funnel_limits,
    proportion_position,
    ratio_funnel_limits,
)
from .intervals import (
    Interval,
    byar_interval,
    exact_poisson_interval,
    log_wald_interval,
    poisson_interval,
    wilson_interval,
    z_for,
)
from .variation import CoefficientOfVariation, FoldVariation, coefficient_of_variation, fold_variation
from .waiting_list import (
    WhatIf,
    littles_law_mean_wait,
    littles_law_queue_size,
    queue_after,
    queue_load,
    relief_capacity,
    target_capacity,
    target_mean_wait,
    target_queue_size,
    waiting_list_pressure,
    weeks_to_target,
    what_if,
)
from .waits import Share, WaitSummary, percentile, share_within, summarise_waits

__all__ = [
    "DEFAULT_BAND",
    "CoefficientOfVariation",
    "Disparity",
    "FoldVariation",
    "FunnelLimits",
    "FunnelPosition",
    "GroupCount",
    "Interval",
    "RelativeRateIndex",
    "Share",
    "WaitSummary",
    "WhatIf",
    "by_ethnic_group",
    "byar_interval",
    "coefficient_of_variation",
    "exact_poisson_interval",
    "fold_variation",
    "littles_law_mean_wait",
    "littles_law_queue_size",
    "log_wald_interval",
    "percentile",
    "poisson_interval",
    "pooled_target",
    "position",
    "proportion_funnel_curve",
    "proportion_funnel_limits",
    "proportion_position",
    "queue_after",
    "queue_load",
    "ratio_funnel_limits",
    "relative_rate_index",
    "relative_rate_indices",
    "relief_capacity",
    "share_within",
    "summarise_waits",
    "target_capacity",
    "target_mean_wait",
    "target_queue_size",
    "waiting_list_pressure",
    "weeks_to_target",
    "what_if",
    "wilson_interval",
    "z_for",
]
