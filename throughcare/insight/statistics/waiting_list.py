"""A "what if" waiting-list model from queueing theory, after Fong et al. (2022), "Waiting list
management using queuing theory" (medRxiv 10.1101/2022.08.23.22279117) and the NHS-R Community
NHSRwaitinglist package that implements it.

Units: demand and capacity in people per week, waits in weeks, queues in people.

- load = demand / capacity; at 1 or more the list grows without end.
- Little's law: mean queue size = arrival rate x mean wait (a stable queue).
- A list meets a waiting-time target reliably (about 98% within it) when the mean wait is a
  quarter of the target, so the target queue size is demand x target / 4.
- relief capacity = demand + (queue - target queue) / weeks, to reach the target queue by then.
"""

import math
from dataclasses import dataclass

TARGET_FACTOR = 4


def _positive(name: str, value: float) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ValueError(f"The {name} must be a number above 0; got {value!r}.")


def _not_negative(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ValueError(f"The {name} must be a number of 0 or more; got {value!r}.")


def queue_load(demand: float, capacity: float) -> float:
    """Demand over capacity: below 1 the list can be stable; at 1 or more it grows."""
    _not_negative("demand", demand)
    _positive("capacity", capacity)
    return demand / capacity


def littles_law_queue_size(arrival_rate: float, mean_wait: float) -> float:
    """L = lambda W: the mean number waiting, from arrivals per week and the mean wait in weeks."""
    _not_negative("arrival rate", arrival_rate)
    _not_negative("mean wait", mean_wait)
    return arrival_rate * mean_wait


def littles_law_mean_wait(queue_size: float, arrival_rate: float) -> float:
    """W = L / lambda: the mean wait in weeks, from the number waiting and arrivals per week."""
    _not_negative("queue size", queue_size)
    _positive("arrival rate", arrival_rate)
    return queue_size / arrival_rate


def target_mean_wait(target_wait: float, factor: float = TARGET_FACTOR) -> float:
    """The mean wait (weeks) that meets `target_wait` reliably: a quarter of it by default."""
    _positive("target wait", target_wait)
    _positive("factor", factor)
    return target_wait / factor


def target_queue_size(demand: float, target_wait: float, factor: float = TARGET_FACTOR) -> float:
    """Little's law at the target mean wait: demand x target wait / factor (people)."""
    return littles_law_queue_size(demand, target_mean_wait(target_wait, factor))


def relief_capacity(demand: float, queue_size: float, target_queue: float, weeks: float) -> float:
    """Capacity per week that brings `queue_size` down to `target_queue` in `weeks`."""
    _not_negative("demand", demand)
    _not_negative("queue size", queue_size)
    _not_negative("target queue size", target_queue)
    _positive("number of weeks", weeks)
    return demand + (queue_size - target_queue) / weeks


def weeks_to_target(demand: float, capacity: float, queue_size: float, target_queue: float) -> float | None:
    """Weeks until the queue falls to `target_queue` at this capacity; 0 if it is there already,
    None if it never will (capacity not above demand)."""
    _not_negative("demand", demand)
    _not_negative("capacity", capacity)
    _not_negative("queue size", queue_size)
    _not_negative("target queue size", target_queue)
    if queue_size <= target_queue:
        return 0.0
    if capacity <= demand:
        return None
    return (queue_size - target_queue) / (capacity - demand)


def queue_after(queue_size: float, demand: float, capacity: float, weeks: float) -> float:
    """The queue after `weeks` at a steady demand and capacity (it cannot fall below 0)."""
    _not_negative("queue size", queue_size)
    _not_negative("demand", demand)
    _not_negative("capacity", capacity)
    _not_negative("number of weeks", weeks)
    return max(0.0, queue_size + (demand - capacity) * weeks)


def target_capacity(
    demand: float,
    target_wait: float,
    factor: float = TARGET_FACTOR,
    cv_demand: float = 1.0,
    cv_capacity: float = 1.0,
) -> float:
    """Capacity that holds the list at its target once there (Kingman's formula):
    demand + (cv_demand^2 + cv_capacity^2) / 2 x factor / target_wait."""
    _not_negative("demand", demand)
    _not_negative("coefficient of variation of demand", cv_demand)
    _not_negative("coefficient of variation of capacity", cv_capacity)
    return demand + (cv_demand**2 + cv_capacity**2) / 2 / target_mean_wait(target_wait, factor)


def waiting_list_pressure(mean_wait: float, target_wait: float) -> float:
    """2 x mean wait / target wait: above 1 the list will probably miss its target."""
    _not_negative("mean wait", mean_wait)
    _positive("target wait", target_wait)
    return 2 * mean_wait / target_wait


@dataclass(frozen=True)
class WhatIf:
    """The waiting-list picture for a service, and what it would take to meet the target."""

    demand: float
    capacity: float
    queue_size: float
    target_wait: float
    load: float
    mean_wait: float | None
    target_queue: float
    queue_ratio: float
    relief_capacity: float | None
    weeks_to_target: float | None


def what_if(
    *,
    demand: float,
    capacity: float,
    queue_size: float,
    target_wait: float,
    weeks_to_clear: float | None = None,
    extra_capacity: float = 0.0,
) -> WhatIf:
    """Load, mean wait by Little's law, target queue, the relief capacity to reach it in
    `weeks_to_clear`, and the weeks to reach it with `extra_capacity` more per week."""
    _not_negative("extra capacity", extra_capacity)
    load = queue_load(demand, capacity)
    target_queue = target_queue_size(demand, target_wait)
    return WhatIf(
        demand=demand,
        capacity=capacity,
        queue_size=queue_size,
        target_wait=target_wait,
        load=load,
        mean_wait=littles_law_mean_wait(queue_size, demand) if demand > 0 else None,
        target_queue=target_queue,
        queue_ratio=queue_size / target_queue if target_queue > 0 else math.inf,
        relief_capacity=(
            relief_capacity(demand, queue_size, target_queue, weeks_to_clear) if weeks_to_clear else None
        ),
        weeks_to_target=weeks_to_target(demand, capacity + extra_capacity, queue_size, target_queue),
    )
