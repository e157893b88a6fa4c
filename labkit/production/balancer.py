"""Load balancing across endpoints serving the same model: round-robin, least-latency, weighted.

The one idea: the strategy decides *who waits*. **Round-robin** spreads requests evenly and ignores how each endpoint
is doing. **Least-latency** sends the next request to the endpoint with the lowest recent latency (an exponentially
weighted moving average, EWMA), so a slow replica gets less traffic by itself; untried endpoints count as fastest
so each one is measured. **Weighted** splits traffic in proportion to capacity (a replica with twice the GPUs gets
twice the requests) with nginx's *smooth* weighted round-robin, which interleaves instead of sending bursts.

>>> eps = [Endpoint("a", model=None, weight=3), Endpoint("b", model=None, weight=1)]
>>> w = Weighted()
>>> "".join(w.pick(eps).name for _ in range(8))
'aabaaaba'

Every strategy only chooses among the candidates it is given; the proxy removes endpoints whose breaker is open or
whose concurrency limit is full before asking.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from labkit.errors import InvalidInputError
from labkit.registry import Registry


@dataclass(eq=False)
class Endpoint:
    """One deployment of a model: its chat model, a weight, a concurrency cap, and live statistics."""

    name: str
    model: Any
    weight: int = 1
    max_concurrency: int = 8
    ewma_alpha: float = 0.3
    requests: int = 0
    failures: int = 0
    in_flight: int = 0
    ewma_latency: float | None = None
    _semaphore: asyncio.Semaphore | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.weight, int) or self.weight < 1:
            raise InvalidInputError(f"Endpoint {self.name!r}: weight must be an integer >= 1, got {self.weight!r}.")
        if not isinstance(self.max_concurrency, int) or self.max_concurrency < 1:
            raise InvalidInputError(f"Endpoint {self.name!r}: max_concurrency must be >= 1.")

    @property
    def semaphore(self) -> asyncio.Semaphore:
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.max_concurrency)
        return self._semaphore

    @property
    def saturated(self) -> bool:
        return self.in_flight >= self.max_concurrency

    def observe(self, latency: float, ok: bool) -> None:
        """Fold one finished request into the statistics."""
        self.requests += 1
        self.failures += 0 if ok else 1
        if ok:
            self.ewma_latency = latency if self.ewma_latency is None else (
                self.ewma_alpha * latency + (1 - self.ewma_alpha) * self.ewma_latency)


class Balancer(ABC):
    name = "balancer"

    def pick(self, candidates: Sequence[Endpoint]) -> Endpoint:
        if not candidates:
            raise InvalidInputError("No endpoint to choose from (all open or saturated).")
        return self._pick(list(candidates))

    @abstractmethod
    def _pick(self, candidates: list[Endpoint]) -> Endpoint: ...


class RoundRobin(Balancer):
    name = "round_robin"

    def __init__(self) -> None:
        self._turn = 0

    def _pick(self, candidates: list[Endpoint]) -> Endpoint:
        chosen = candidates[self._turn % len(candidates)]
        self._turn += 1
        return chosen


class LeastLatency(Balancer):
    """Lowest EWMA latency; untried endpoints first; ties broken by fewer in flight, then name."""

    name = "least_latency"

    def _pick(self, candidates: list[Endpoint]) -> Endpoint:
        return min(candidates, key=lambda e: (-1.0 if e.ewma_latency is None else e.ewma_latency, e.in_flight, e.name))


class Weighted(Balancer):
    """Smooth weighted round-robin: each pick adds every weight to its counter, takes the max, subtracts the total."""

    name = "weighted"

    def __init__(self) -> None:
        self._current: dict[str, int] = {}

    def _pick(self, candidates: list[Endpoint]) -> Endpoint:
        total = sum(e.weight for e in candidates)
        for e in candidates:
            self._current[e.name] = self._current.get(e.name, 0) + e.weight
        chosen = max(candidates, key=lambda e: (self._current[e.name], -candidates.index(e)))
        self._current[chosen.name] -= total
        return chosen


BALANCERS: Registry[type[Balancer]] = Registry("balancer")
for _name, _balancer in (("round_robin", RoundRobin), ("least_latency", LeastLatency), ("weighted", Weighted)):
    BALANCERS.register(_name, _balancer)


def get_balancer(name: str) -> Balancer:
    """A fresh balancer by name."""
    return BALANCERS.get(name)()
