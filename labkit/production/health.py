"""Health checks: is this service able to do its job right now, and if not, which dependency is to blame?

The one idea: health is the *worst* of its parts, weighted by how much each part matters. A dead critical
dependency (the only model endpoint) makes the service **unhealthy** (take it out of the load balancer); a dead
optional one (the Redis tier, one of three endpoints) makes it **degraded** (keep serving, page someone). A check
that raises is a failed check, never a crashed health endpoint. Thresholds are compared worst-first: checking
``> 100 → degraded`` before ``> 200 → unhealthy`` (as a common tutorial does) makes "unhealthy" unreachable.

>>> monitor = HealthMonitor()
>>> monitor.register("db", lambda: True)
>>> monitor.register("redis", lambda: False, critical=False)
>>> report = monitor.run()
>>> report.status, [(r.name, r.status) for r in report.results]
('degraded', [('db', 'healthy'), ('redis', 'degraded')])

Left out: liveness vs readiness endpoints over HTTP (wrap :meth:`HealthMonitor.run` in your web framework).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from labkit.errors import InvalidInputError

HEALTHY, DEGRADED, UNHEALTHY = "healthy", "degraded", "unhealthy"
_RANK = {HEALTHY: 0, DEGRADED: 1, UNHEALTHY: 2}


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str
    detail: str = ""


@dataclass(frozen=True)
class HealthReport:
    status: str
    results: list[CheckResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "checks": {r.name: {"status": r.status, "detail": r.detail}
                                                  for r in self.results}}


def worst(statuses: list[str]) -> str:
    """The worst status in the list (healthy when empty).

    >>> worst(["healthy", "degraded", "healthy"])
    'degraded'
    """
    return max(statuses, key=_RANK.__getitem__, default=HEALTHY)


class HealthMonitor:
    """Named checks. A check returns a bool, a status string, or ``(status, detail)``; raising means failure."""

    def __init__(self) -> None:
        self.checks: dict[str, tuple[Callable[[], Any], bool]] = {}

    def register(self, name: str, check: Callable[[], Any], critical: bool = True) -> None:
        if not callable(check):
            raise InvalidInputError(f"Health check {name!r} must be callable, got {type(check).__name__}.")
        self.checks[name] = (check, critical)

    def _one(self, name: str, check: Callable[[], Any], critical: bool) -> CheckResult:
        failed = UNHEALTHY if critical else DEGRADED
        try:
            value = check()
        except Exception as exc:  # noqa: BLE001 - a failing check is a result, not a crash
            return CheckResult(name, failed, f"check raised {type(exc).__name__}: {exc}")
        detail = ""
        if isinstance(value, tuple):
            value, detail = value
        if value is True:
            return CheckResult(name, HEALTHY, detail)
        if value is False:
            return CheckResult(name, failed, detail or "check failed")
        if value not in _RANK:
            return CheckResult(name, failed, f"check returned {value!r}, not a status")
        if value == UNHEALTHY and not critical:
            value = DEGRADED  # an optional part cannot take the whole service down
        return CheckResult(name, value, detail)

    def run(self) -> HealthReport:
        results = [self._one(name, fn, critical) for name, (fn, critical) in self.checks.items()]
        return HealthReport(worst([r.status for r in results]), results)


def threshold_check(read: Callable[[], float], degraded_at: float, unhealthy_at: float,
                    label: str = "value") -> Callable[[], tuple[str, str]]:
    """A check on a number that is bad when high (error rate, p95 latency, queue depth), compared worst-first.

    >>> threshold_check(lambda: 0.3, degraded_at=0.05, unhealthy_at=0.25, label="error rate")()
    ('unhealthy', 'error rate 0.3 >= 0.25')
    """
    if degraded_at > unhealthy_at:
        raise InvalidInputError("degraded_at must not exceed unhealthy_at.")

    def check() -> tuple[str, str]:
        value = read()
        if value >= unhealthy_at:
            return UNHEALTHY, f"{label} {value:g} >= {unhealthy_at:g}"
        if value >= degraded_at:
            return DEGRADED, f"{label} {value:g} >= {degraded_at:g}"
        return HEALTHY, f"{label} {value:g}"

    return check


def breaker_check(breaker: Any) -> Callable[[], tuple[str, str]]:
    """Open breaker: unhealthy; half-open: degraded; closed: healthy."""

    def check() -> tuple[str, str]:
        state = breaker.state
        status = {"closed": HEALTHY, "half_open": DEGRADED, "open": UNHEALTHY}[state]
        return status, f"breaker {breaker.name} {state}"

    return check
