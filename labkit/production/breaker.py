"""A circuit breaker: stop calling a dependency that keeps failing, and probe it before trusting it again.

The one idea: retries help with a blip, but against an outage they *add* load to a service that is already down,
and every caller waits for its own timeout. A breaker counts consecutive failures; at ``failure_threshold`` it
**opens** and rejects calls instantly (:class:`~labkit.errors.CircuitOpenError`, so the caller can fall back at
once). After ``reset_timeout`` seconds it goes **half-open** and lets ``half_open_max_calls`` trial calls through:
``success_threshold`` successes close it, one failure reopens it for another full timeout.

    closed --(N consecutive failures)--> open --(reset_timeout elapsed)--> half_open
    half_open --(successes)--> closed          half_open --(any failure)--> open

>>> from labkit.production.clock import FakeClock
>>> clock = FakeClock()
>>> breaker = CircuitBreaker(failure_threshold=2, reset_timeout=10, clock=clock)
>>> breaker.record_failure(); breaker.record_failure(); breaker.state
'open'
>>> clock.advance(10); breaker.state
'half_open'
>>> breaker.record_success(); breaker.state
'closed'
>>> [(t.at, t.source, t.target) for t in breaker.transitions]
[(0.0, 'closed', 'open'), (10.0, 'open', 'half_open'), (10.0, 'half_open', 'closed')]

Errors in ``ignore`` (by default :class:`~labkit.errors.InvalidInputError`: the caller's fault, not the
dependency's) pass through without counting. Left out: failure-*rate* windows (Hystrix/resilience4j style sliding
windows); consecutive counts are easier to reason about and test exactly.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from labkit.errors import CircuitOpenError, InvalidInputError

T = TypeVar("T")
CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


@dataclass(frozen=True)
class Transition:
    """A state change: when (clock seconds), from, to, and why."""

    at: float
    source: str
    target: str
    reason: str


class CircuitBreaker:
    """Closed / open / half-open around any call; ``clock`` is injectable so every transition can be tested exactly."""

    def __init__(self, name: str = "default", failure_threshold: int = 5, reset_timeout: float = 30.0,
                 half_open_max_calls: int = 1, success_threshold: int = 1,
                 ignore: tuple[type[BaseException], ...] = (InvalidInputError,),
                 clock: Callable[[], float] = time.monotonic,
                 on_transition: Callable[[Transition], None] | None = None):
        for label, value in (("failure_threshold", failure_threshold), ("half_open_max_calls", half_open_max_calls),
                             ("success_threshold", success_threshold)):
            if not isinstance(value, int) or value < 1:
                raise InvalidInputError(f"{label} must be an integer >= 1, got {value!r}.")
        if success_threshold > half_open_max_calls:
            raise InvalidInputError("success_threshold cannot exceed half_open_max_calls: it could never close.")
        if reset_timeout <= 0:
            raise InvalidInputError(f"reset_timeout must be > 0 seconds, got {reset_timeout!r}.")
        self.name = name
        self.failure_threshold = failure_threshold
        self.reset_timeout = float(reset_timeout)
        self.half_open_max_calls = half_open_max_calls
        self.success_threshold = success_threshold
        self.ignore = ignore
        self.clock = clock
        self.on_transition = on_transition
        self.transitions: list[Transition] = []
        self.rejected = 0
        self._state = CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._trials = 0
        self._successes = 0
        self._lock = threading.RLock()

    def _move(self, target: str, reason: str, at: float | None = None) -> None:
        t = Transition(self.clock() if at is None else at, self._state, target, reason)
        self._state = target
        self.transitions.append(t)
        if self.on_transition:
            self.on_transition(t)

    @property
    def state(self) -> str:
        """The current state; an open breaker whose timeout has passed reports (and becomes) half-open."""
        with self._lock:
            if self._state == OPEN and self.clock() >= self._opened_at + self.reset_timeout:
                self._trials = self._successes = 0
                self._move(HALF_OPEN, f"{self.reset_timeout:g} s since opening: allow a trial call",
                           at=self._opened_at + self.reset_timeout)
            return self._state

    def retry_in(self) -> float:
        """Seconds until an open breaker lets a trial through (0 when not open)."""
        with self._lock:
            return max(0.0, self._opened_at + self.reset_timeout - self.clock()) if self.state == OPEN else 0.0

    def admits(self) -> bool:
        """Would a call be let through now? (Closed, or half-open with a trial slot free.)"""
        with self._lock:
            state = self.state
            return state == CLOSED or (state == HALF_OPEN and self._trials < self.half_open_max_calls)

    def before_call(self) -> None:
        """Admit a call or raise :class:`~labkit.errors.CircuitOpenError`."""
        with self._lock:
            state = self.state
            if state == OPEN or (state == HALF_OPEN and self._trials >= self.half_open_max_calls):
                self.rejected += 1
                raise CircuitOpenError(self.name, self.retry_in())
            if state == HALF_OPEN:
                self._trials += 1

    def abandon(self) -> None:
        """A call admitted by :meth:`before_call` ended with no outcome (cancelled): free its half-open slot.

        Without this, a cancelled trial call would hold the only slot forever and the breaker would never close.
        """
        with self._lock:
            if self._state == HALF_OPEN and self._trials:
                self._trials -= 1

    def record_success(self) -> None:
        with self._lock:
            state = self.state
            if state == HALF_OPEN:
                self._successes += 1
                if self._successes >= self.success_threshold:
                    self._failures = 0
                    self._move(CLOSED, f"{self._successes} trial call(s) succeeded")
            elif state == CLOSED:
                self._failures = 0

    def record_failure(self, error: BaseException | None = None) -> None:
        if error is not None and isinstance(error, self.ignore):
            with self._lock:  # not the dependency's fault: give a half-open trial slot back, count nothing
                if self._state == HALF_OPEN and self._trials:
                    self._trials -= 1
            return
        what = type(error).__name__ if error is not None else "failure"
        with self._lock:
            state = self.state
            if state == HALF_OPEN:
                self._opened_at = self.clock()
                self._move(OPEN, f"trial call failed ({what})", at=self._opened_at)
            elif state == CLOSED:
                self._failures += 1
                if self._failures >= self.failure_threshold:
                    self._opened_at = self.clock()
                    self._move(OPEN, f"{self._failures} consecutive failures (last: {what})", at=self._opened_at)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        self.before_call()
        try:
            result = fn(*args, **kwargs)
        except Exception as error:
            self.record_failure(error)
            raise
        self.record_success()
        return result

    async def acall(self, fn: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        self.before_call()
        try:
            result = await fn(*args, **kwargs)
        except Exception as error:
            self.record_failure(error)
            raise
        self.record_success()
        return result
