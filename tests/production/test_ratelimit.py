"""Token bucket and per-key limiter with a fake clock."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labkit.errors import InvalidInputError, ThrottledError
from labkit.production.clock import FakeClock
from labkit.production.ratelimit import RateLimiter, TokenBucket


def test_bucket_burst_then_refill_at_rate():
    clock = FakeClock()
    b = TokenBucket(rate=1, capacity=2, clock=clock)
    assert [b.try_acquire() for _ in range(3)] == [True, True, False]
    clock.advance(0.999)
    assert not b.try_acquire()
    clock.advance(0.001)
    assert b.try_acquire()
    clock.advance(100)
    assert b.tokens == 0 and b.wait_time() == 0  # refill is capped at capacity on next touch
    assert [b.try_acquire() for _ in range(3)] == [True, True, False]


def test_weighted_costs():
    clock = FakeClock()
    b = TokenBucket(rate=10, capacity=100, clock=clock)
    assert b.try_acquire(80) and not b.try_acquire(30)
    assert b.wait_time(30) == pytest.approx(1.0)
    with pytest.raises(InvalidInputError, match="never be admitted"):
        b.try_acquire(101)


@given(st.lists(st.tuples(st.floats(0, 5), st.integers(1, 3)), max_size=40))
def test_never_admits_more_than_capacity_plus_refill(events):
    clock = FakeClock()
    b = TokenBucket(rate=2, capacity=5, clock=clock)
    admitted = 0
    for dt, cost in events:
        clock.advance(dt)
        admitted += cost if b.try_acquire(cost) else 0
    assert admitted <= 5 + 2 * clock() + 1e-9


def test_keys_are_independent_and_check_raises_with_wait():
    clock = FakeClock()
    limiter = RateLimiter(rate=1, capacity=1, clock=clock)
    limiter.check("alice")
    limiter.check("bob")
    with pytest.raises(ThrottledError) as info:
        limiter.check("alice")
    assert info.value.key == "alice" and info.value.wait == pytest.approx(1.0)
    assert limiter.admitted == {"alice": 1, "bob": 1} and limiter.throttled == {"alice": 1}
    with pytest.raises(InvalidInputError):
        limiter.check("")


async def test_async_acquire_waits_in_order_with_fake_sleep():
    clock = FakeClock()
    limiter = RateLimiter(rate=2, capacity=1, clock=clock, asleep=clock.asleep)
    order = []

    async def request(i):
        waited = await limiter.acquire("tenant")
        order.append((i, clock(), waited))

    await asyncio.gather(*(request(i) for i in range(4)))
    assert [i for i, _, _ in order] == [0, 1, 2, 3]
    assert [t for _, t, _ in order] == [0.0, 0.5, 1.0, 1.5]


async def test_async_acquire_timeout():
    clock = FakeClock()
    limiter = RateLimiter(rate=1, capacity=1, clock=clock, asleep=clock.asleep)
    await limiter.acquire("k")
    with pytest.raises(ThrottledError):
        await limiter.acquire("k", timeout=0.5)
    assert clock() == 0.0
