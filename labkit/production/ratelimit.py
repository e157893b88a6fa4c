"""Token-bucket rate limiting, per key (user, tenant, API key), with an async ``acquire`` that waits its turn.

The one idea: a bucket holds up to ``capacity`` tokens and refills at ``rate`` tokens per second; a request spends
tokens or waits. Capacity is the burst you tolerate, rate the sustained throughput you promise. Limiting *per key*
stops one noisy tenant from spending everybody's quota at the provider (whose own limit answers with 429s).

>>> from labkit.production.clock import FakeClock
>>> clock = FakeClock()
>>> bucket = TokenBucket(rate=2, capacity=3, clock=clock)
>>> [bucket.try_acquire() for _ in range(4)]          # a burst of 3, then empty
[True, True, True, False]
>>> bucket.wait_time()                                # 1 token at 2 tokens/s
0.5
>>> clock.advance(0.5); bucket.try_acquire()
True

Costs need not be 1: spend ``tokens=count_tokens(prompt)`` to limit LLM *tokens* per minute, as providers do.
Left out: distributed limiting (a Redis Lua script doing the same arithmetic), sliding-window logs.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable

from labkit.errors import InvalidInputError, ThrottledError


class TokenBucket:
    """One bucket. Refill is computed lazily from elapsed clock time, so there is no background timer."""

    def __init__(self, rate: float, capacity: float, clock: Callable[[], float] = time.monotonic):
        if rate <= 0 or capacity <= 0:
            raise InvalidInputError(f"rate and capacity must be > 0 (got rate={rate!r}, capacity={capacity!r}).")
        self.rate = float(rate)
        self.capacity = float(capacity)
        self.clock = clock
        self.tokens = float(capacity)
        self._updated = clock()
        self._lock = threading.Lock()

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self._updated) * self.rate)
        self._updated = now

    def _check(self, tokens: float) -> None:
        if tokens <= 0 or tokens > self.capacity:
            raise InvalidInputError(f"A request must cost between 0 and the capacity {self.capacity:g} tokens, "
                                    f"got {tokens!r}; it could never be admitted.")

    def try_acquire(self, tokens: float = 1) -> bool:
        """Spend ``tokens`` if available now; never waits."""
        self._check(tokens)
        with self._lock:
            self._refill()
            if self.tokens >= tokens:
                self.tokens -= tokens
                return True
            return False

    def wait_time(self, tokens: float = 1) -> float:
        """Seconds until ``tokens`` will be available (0 when they are now)."""
        self._check(tokens)
        with self._lock:
            self._refill()
            return max(0.0, (tokens - self.tokens) / self.rate)


class RateLimiter:
    """A bucket per key, created on first use with the same ``rate`` and ``capacity``.

    ``try_acquire`` answers now; ``check`` raises :class:`~labkit.errors.ThrottledError` with the wait;
    ``await acquire`` sleeps until admitted (or raises when the wait would exceed ``timeout``). Waiters on one key
    are served in arrival order, so a request cannot be starved by later ones.
    """

    def __init__(self, rate: float, capacity: float, clock: Callable[[], float] = time.monotonic,
                 asleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        TokenBucket(rate, capacity, clock)  # validate once, early
        self.rate, self.capacity, self.clock, self.asleep = rate, capacity, clock, asleep
        self.buckets: dict[str, TokenBucket] = {}
        self.admitted: dict[str, int] = {}
        self.throttled: dict[str, int] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def bucket(self, key: str) -> TokenBucket:
        if not isinstance(key, str) or not key:
            raise InvalidInputError(f"Rate-limit keys are non-empty strings (a user or tenant id), got {key!r}.")
        if key not in self.buckets:
            self.buckets[key] = TokenBucket(self.rate, self.capacity, self.clock)
        return self.buckets[key]

    def try_acquire(self, key: str, tokens: float = 1) -> bool:
        ok = self.bucket(key).try_acquire(tokens)
        counter = self.admitted if ok else self.throttled
        counter[key] = counter.get(key, 0) + 1
        return ok

    def check(self, key: str, tokens: float = 1) -> None:
        if not self.try_acquire(key, tokens):
            raise ThrottledError(key, self.bucket(key).wait_time(tokens))

    async def acquire(self, key: str, tokens: float = 1, timeout: float | None = None) -> float:
        """Wait until admitted; returns the seconds waited. Raises ThrottledError if that would exceed ``timeout``."""
        bucket = self.bucket(key)
        lock = self._locks.setdefault(key, asyncio.Lock())
        waited = 0.0
        async with lock:
            while not bucket.try_acquire(tokens):
                wait = bucket.wait_time(tokens)
                if timeout is not None and waited + wait > timeout:
                    self.throttled[key] = self.throttled.get(key, 0) + 1
                    raise ThrottledError(key, wait)
                await self.asleep(wait)
                waited += wait
        self.admitted[key] = self.admitted.get(key, 0) + 1
        return waited
