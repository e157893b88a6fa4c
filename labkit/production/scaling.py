"""Capacity planning on paper: replicas from Little's law, availability across regions, predictive scaling.

The one idea: most scaling questions are arithmetic you can do before buying anything. **Little's law** says the
average number of requests in the system equals arrival rate times time in system (L = lambda * W): 40 requests/s
that each take 2.5 s need 100 concurrent slots, whatever the framework. **Availability** multiplies for parts in
series (a request needs all of them) and combines as 1 - product of unavailabilities for redundant parts (it
needs any one). **Predictive scaling** forecasts the next hours' traffic (here with Holt's linear smoothing, the
simplest forecaster with a trend) and provisions ahead, because new replicas of a model server take minutes to start.

>>> replicas_needed(rate_per_s=40, latency_s=2.5, slots_per_replica=8, target_utilisation=0.7)
18
>>> round(parallel_availability([0.99, 0.99]), 6), round(series_availability([0.999, 0.9995]), 6)
(0.9999, 0.998501)

Left out: queueing-delay curves (M/M/c), autoscaler control loops, spot-instance economics.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from labkit.errors import InvalidInputError


def replicas_needed(rate_per_s: float, latency_s: float, slots_per_replica: int,
                    target_utilisation: float = 0.7) -> int:
    """Replicas so that Little's-law concurrency stays under ``target_utilisation`` of the slots."""
    if rate_per_s < 0 or latency_s <= 0 or slots_per_replica < 1 or not 0 < target_utilisation <= 1:
        raise InvalidInputError("Need rate >= 0, latency > 0, slots >= 1 and 0 < utilisation <= 1.")
    concurrency = rate_per_s * latency_s
    return max(1, math.ceil(concurrency / (slots_per_replica * target_utilisation)))


def series_availability(parts: Sequence[float]) -> float:
    """All parts are needed: availabilities multiply."""
    _check(parts)
    return math.prod(parts)


def parallel_availability(parts: Sequence[float]) -> float:
    """Any one part is enough: 1 - the product of the unavailabilities (independent failures assumed)."""
    _check(parts)
    return 1 - math.prod(1 - a for a in parts)


def downtime_per_year(availability: float) -> float:
    """Expected downtime in hours per year.

    >>> round(downtime_per_year(0.999), 2)
    8.77
    """
    return (1 - availability) * 365.25 * 24


def _check(parts: Sequence[float]) -> None:
    if not parts or any(not 0 <= a <= 1 for a in parts):
        raise InvalidInputError("Availabilities are probabilities in [0, 1], at least one.")


@dataclass(frozen=True)
class Region:
    name: str
    rate_per_s: float
    rtt_ms: float
    """Round-trip time from this region's users to the region's own cluster."""
    cost_per_replica_hour: float


def plan_regions(regions: Sequence[Region], latency_s: float, slots_per_replica: int, availability_each: float,
                 target_utilisation: float = 0.7, failover_headroom: bool = True) -> list[dict]:
    """Replicas and cost per region; with ``failover_headroom`` each region can absorb the largest other region."""
    if not regions:
        raise InvalidInputError("Plan at least one region.")
    rows = []
    for r in regions:
        extra = max((o.rate_per_s for o in regions if o is not r), default=0.0) if failover_headroom else 0.0
        n = replicas_needed(r.rate_per_s + extra, latency_s, slots_per_replica, target_utilisation)
        rows.append({"region": r.name, "rate": r.rate_per_s, "replicas": n,
                     "cost_per_day": round(n * r.cost_per_replica_hour * 24, 2), "user_rtt_ms": r.rtt_ms})
    return rows


def holt_forecast(series: Sequence[float], horizon: int, alpha: float = 0.5, beta: float = 0.3) -> list[float]:
    """Holt's linear exponential smoothing: level and trend updated per observation, projected ``horizon`` ahead.

    >>> [round(x, 1) for x in holt_forecast([10, 12, 14, 16, 18], horizon=2)]
    [20.0, 22.0]
    """
    if len(series) < 2 or horizon < 1:
        raise InvalidInputError("Need at least two observations and horizon >= 1.")
    if not (0 < alpha <= 1 and 0 < beta <= 1):
        raise InvalidInputError("alpha and beta are smoothing weights in (0, 1].")
    level, trend = float(series[0]), float(series[1] - series[0])
    for x in series[1:]:
        previous = level
        level = alpha * x + (1 - alpha) * (level + trend)
        trend = beta * (level - previous) + (1 - beta) * trend
    return [level + (h + 1) * trend for h in range(horizon)]
