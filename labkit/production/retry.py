"""Retry with exponential backoff and jitter, for the errors that can succeed on a second try and no others.

The one idea: retrying is right for *transient* failures (a timeout, a 429, an overloaded server) and wrong for
everything else: a malformed request fails identically every time, and retrying it only multiplies cost and load.
labkit marks transient model errors with :class:`~labkit.errors.RetryableModelError`; that is the default
``retry_on``. Between attempts wait ``base * multiplier ** (n - 1)`` seconds (capped), randomised by *jitter* so a
thousand clients that failed together do not retry together (the "thundering herd"). A rate limit that says
``retry_after`` is obeyed: the wait is never shorter than what the server asked for.

>>> policy = RetryPolicy(base_delay=1, multiplier=2, max_delay=5, jitter="none")
>>> [policy.backoff(n) for n in (1, 2, 3, 4)]
[1.0, 2.0, 4.0, 5.0]

Jitter modes (from the AWS architecture blog's analysis): ``full`` waits uniform(0, cap) and spreads load best;
``equal`` waits cap/2 + uniform(0, cap/2), never retrying immediately; ``none`` is deterministic (tests, lessons).

Left out: retry budgets shared across calls (a breaker covers "stop trying"), idempotency keys (model calls are
read-only; a tool call with side effects must carry its own).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from labkit.errors import InvalidInputError, RateLimitError, RetryableModelError, RetryExhaustedError

T = TypeVar("T")
JITTERS = ("full", "equal", "none")


@dataclass(frozen=True)
class RetryPolicy:
    """How many attempts, how long to wait between them, and which errors deserve another try."""

    max_attempts: int = 4
    base_delay: float = 0.5
    multiplier: float = 2.0
    max_delay: float = 30.0
    jitter: str = "full"
    retry_on: tuple[type[BaseException], ...] = (RetryableModelError,)
    respect_retry_after: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise InvalidInputError(f"max_attempts must be an integer >= 1, got {self.max_attempts!r}.")
        if self.base_delay < 0 or self.max_delay < 0 or self.multiplier < 1:
            raise InvalidInputError("Delays must be >= 0 and multiplier >= 1 (backoff never shrinks).")
        if self.jitter not in JITTERS:
            raise InvalidInputError(f"jitter must be one of {JITTERS}, got {self.jitter!r}.")

    def backoff(self, failures: int) -> float:
        """The jitter-free wait after the ``failures``-th failure: ``min(max_delay, base * multiplier**(n-1))``."""
        return float(min(self.max_delay, self.base_delay * self.multiplier ** (failures - 1)))

    def delay(self, failures: int, error: BaseException | None = None, rng: random.Random | None = None) -> float:
        """The wait before the next attempt, jittered, and at least the server's ``retry_after``."""
        cap = self.backoff(failures)
        rng = rng or random.Random()
        if self.jitter == "full":
            wait = rng.uniform(0, cap)
        elif self.jitter == "equal":
            wait = cap / 2 + rng.uniform(0, cap / 2)
        else:
            wait = cap
        if self.respect_retry_after and isinstance(error, RateLimitError):
            wait = max(wait, float(error.retry_after))
        return wait

    def is_retryable(self, error: BaseException) -> bool:
        return isinstance(error, self.retry_on)


@dataclass(frozen=True)
class Attempt:
    """One failed attempt: its number, the error's class name, and the wait that followed (None: gave up)."""

    number: int
    error: str
    wait: float | None


@dataclass
class Retrier:
    """Runs a call under a :class:`RetryPolicy`. ``sleep``/``asleep`` and ``rng`` are injectable for tests.

    ``history`` keeps every failed attempt of the most recent call; ``total_attempts`` counts across calls.
    """

    policy: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], None] = time.sleep
    asleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    rng: random.Random = field(default_factory=random.Random)
    on_retry: Callable[[Attempt], None] | None = None
    history: list[Attempt] = field(default_factory=list)
    total_attempts: int = 0

    def _failed(self, number: int, error: BaseException) -> float:
        """Decide what to do after attempt ``number`` failed: return the wait, or raise."""
        if not self.policy.is_retryable(error):
            self.history.append(Attempt(number, type(error).__name__, None))
            raise error
        if number >= self.policy.max_attempts:
            self.history.append(Attempt(number, type(error).__name__, None))
            raise RetryExhaustedError(number, error) from error
        wait = self.policy.delay(number, error, self.rng)
        attempt = Attempt(number, type(error).__name__, round(wait, 6))
        self.history.append(attempt)
        if self.on_retry:
            self.on_retry(attempt)
        return wait

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        self.history = []
        for number in range(1, self.policy.max_attempts + 1):
            self.total_attempts += 1
            try:
                return fn(*args, **kwargs)
            except Exception as error:  # noqa: BLE001 - _failed re-raises what must not be retried
                self.sleep(self._failed(number, error))
        raise AssertionError("unreachable")  # pragma: no cover

    async def acall(self, fn: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        self.history = []
        for number in range(1, self.policy.max_attempts + 1):
            self.total_attempts += 1
            try:
                return await fn(*args, **kwargs)
            except Exception as error:  # noqa: BLE001
                await self.asleep(self._failed(number, error))
        raise AssertionError("unreachable")  # pragma: no cover
