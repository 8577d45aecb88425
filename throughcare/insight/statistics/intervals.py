"""Confidence intervals: Wilson for proportions, Byar and exact for Poisson counts, Wald on log ratios.

Every function takes a two-sided `confidence` (0.95 for 95%, 0.998 for 99.8%) and returns an
`Interval` on the scale of its estimate. Methods follow the Public Health England / OHID "Technical
Guide: Confidence Intervals" (Wilson score for proportions; Byar's method for counts of 10 or more
and the exact method below 10), so figures agree with Fingertips.
"""

import functools
import math
from dataclasses import dataclass
from statistics import NormalDist


@dataclass(frozen=True)
class Interval:
    """An estimate with its two-sided confidence interval, all on the same scale."""

    estimate: float
    lower: float
    upper: float
    confidence: float

    def contains(self, value: float) -> bool:
        return self.lower <= value <= self.upper

    def excludes(self, value: float) -> bool:
        return not self.contains(value)


def z_for(confidence: float) -> float:
    """The standard normal quantile for a two-sided interval: 1.959964 for 0.95, 3.090232 for 0.998."""
    if not 0 < confidence < 1:
        raise ValueError(f"Confidence must be between 0 and 1 (0.95 for 95%); got {confidence!r}.")
    return _z_for(confidence)


@functools.lru_cache(maxsize=64)
def _z_for(confidence: float) -> float:
    # A funnel plot's limits ask for the same two levels about a million times: work each out once.
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def _check_count(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"The {name} must be a whole number of 0 or more; got {value!r}.")


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> Interval:
    """Wilson score interval for the proportion successes / trials (Wilson 1927; Newcombe 1998).

    Bounds are proportions between 0 and 1. Unlike the simple (Wald) interval it never leaves
    [0, 1] and still has a width when the proportion is 0 or 1.
    """
    _check_count("number of successes", successes)
    _check_count("number of trials", trials)
    if trials == 0:
        raise ValueError("A proportion needs at least one trial; got 0.")
    if successes > trials:
        raise ValueError(f"Successes ({successes}) cannot exceed trials ({trials}).")
    z = z_for(confidence)
    p = successes / trials
    centre = 2 * successes + z * z
    spread = z * math.sqrt(z * z + 4 * successes * (1 - p))
    denominator = 2 * (trials + z * z)
    # Clamp only against floating-point dust: the formula itself stays within [0, 1].
    lower = 0.0 if successes == 0 else max(0.0, (centre - spread) / denominator)
    upper = 1.0 if successes == trials else min(1.0, (centre + spread) / denominator)
    return Interval(p, lower, upper, confidence)


def byar_lower(observed: float, confidence: float = 0.95) -> float:
    """Byar's lower limit, O (1 - 1/(9O) - z/(3 sqrt O))^3, for a count O (continuous O allowed)."""
    if observed <= 0:
        return 0.0
    z = z_for(confidence)
    return max(0.0, observed * (1 - 1 / (9 * observed) - z / (3 * math.sqrt(observed))) ** 3)


def byar_upper(observed: float, confidence: float = 0.95) -> float:
    """Byar's upper limit, (O+1) (1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3, for a count O."""
    following = observed + 1
    z = z_for(confidence)
    return following * (1 - 1 / (9 * following) + z / (3 * math.sqrt(following))) ** 3


def byar_interval(observed: int, confidence: float = 0.95) -> Interval:
    """Byar's approximation to the exact Poisson interval for an observed count (Breslow & Day 1987).

    PHE advise it for counts of 10 or more, where it is within 0.2% of the exact limits at 95%;
    `poisson_interval` chooses between it and the exact method for you.
    """
    _check_count("observed count", observed)
    return Interval(
        float(observed), byar_lower(observed, confidence), byar_upper(observed, confidence), confidence
    )


def _poisson_cdf(count: int, mean: float) -> float:
    """P(X <= count) for X ~ Poisson(mean), summed in log space so large counts do not overflow."""
    if mean == 0:
        return 1.0
    log_mean = math.log(mean)
    return math.fsum(math.exp(i * log_mean - mean - math.lgamma(i + 1)) for i in range(count + 1))


def solve_decreasing(function, low: float, high: float, iterations: int = 200) -> float:
    """The root of a function that is decreasing on [low, high], by bisection. It stops early once a
    step leaves both ends where they were: every later step would too, so the answer is the same as
    after all `iterations` (about 60 steps instead of 200 for a funnel plot's limits)."""
    for _ in range(iterations):
        middle = (low + high) / 2
        if function(middle) > 0:
            if middle == low:
                break
            low = middle
        else:
            if middle == high:
                break
            high = middle
    return (low + high) / 2


def exact_poisson_interval(observed: int, confidence: float = 0.95) -> Interval:
    """The exact (Garwood 1936) interval for a Poisson count: the means at which the observed count
    sits at the alpha/2 tail on either side."""
    _check_count("observed count", observed)
    z_for(confidence)  # validates the confidence level
    tail = (1 - confidence) / 2
    ceiling = observed + 20 * math.sqrt(observed + 1) + 20
    if observed == 0:
        lower = 0.0
    else:
        # P(X >= observed | mean) rises with the mean; find where it equals the tail.
        lower = solve_decreasing(lambda mean: tail - (1 - _poisson_cdf(observed - 1, mean)), 0.0, ceiling)
    upper = solve_decreasing(lambda mean: _poisson_cdf(observed, mean) - tail, 0.0, ceiling)
    return Interval(float(observed), lower, upper, confidence)


BYAR_FROM = 10


def poisson_interval(observed: int, confidence: float = 0.95) -> Interval:
    """The interval PHE/OHID publish for a count: exact below 10 events, Byar's method from 10."""
    if isinstance(observed, int) and not isinstance(observed, bool) and 0 <= observed < BYAR_FROM:
        return exact_poisson_interval(observed, confidence)
    return byar_interval(observed, confidence)


def log_wald_interval(estimate: float, standard_error_of_log: float, confidence: float = 0.95) -> Interval:
    """A ratio's interval from the standard error of its natural logarithm: exp(ln R -/+ z SE)."""
    if not estimate > 0:
        raise ValueError(f"A ratio must be above 0 to take its logarithm; got {estimate!r}.")
    if not standard_error_of_log >= 0:
        raise ValueError(f"A standard error cannot be negative; got {standard_error_of_log!r}.")
    margin = z_for(confidence) * standard_error_of_log
    log_estimate = math.log(estimate)
    return Interval(estimate, math.exp(log_estimate - margin), math.exp(log_estimate + margin), confidence)
