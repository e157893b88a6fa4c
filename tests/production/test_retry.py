"""Retry: exact attempt counts per error class, backoff arithmetic, jitter bounds, retry_after honoured."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labkit.errors import (InvalidInputError, MalformedOutputError, ModelTimeoutError, RateLimitError,
                           RetryExhaustedError, ScriptExhaustedError)
from labkit.llm import Latency, MalformedJSON, RateLimit, ScriptedChatModel, Timeout
from labkit.production.clock import FakeClock
from labkit.production.retry import Retrier, RetryPolicy


def _retrier(clock, **policy):
    return Retrier(RetryPolicy(**{"jitter": "none", "base_delay": 1, **policy}), sleep=clock.sleep,
                   asleep=clock.asleep, rng=random.Random(0))


def _parse_json(model):
    text = model.invoke("answer in JSON").content
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedOutputError("not JSON", raw=text) from exc


@pytest.mark.parametrize("faults, expected_calls, outcome", [
    ([Timeout()], 2, "ok"),                                   # retryable: one retry, then success
    ([Timeout(), Timeout(), Timeout()], 4, "ok"),             # retryable up to max_attempts (4)
    ([RateLimit(3)], 2, "ok"),
    ([Timeout()] * 4, 4, RetryExhaustedError),                # gives up after exactly max_attempts
    ([MalformedJSON()], 1, MalformedOutputError),             # deterministic output error: never retried
])
def test_attempts_per_error_class(faults, expected_calls, outcome):
    model = ScriptedChatModel(replies=[*faults, '{"ok": true}'])
    clock = FakeClock()
    retrier = _retrier(clock)
    if outcome == "ok":
        assert retrier.call(_parse_json, model) == {"ok": True}
    else:
        with pytest.raises(outcome):
            retrier.call(_parse_json, model)
    assert len(model.calls) == expected_calls
    assert retrier.total_attempts == expected_calls


def test_exhausted_error_carries_attempts_and_cause():
    clock = FakeClock()
    with pytest.raises(RetryExhaustedError) as info:
        _retrier(clock, max_attempts=3).call(ScriptedChatModel(replies=[Timeout()], repeat_last=True).invoke, "x")
    assert info.value.attempts == 3 and isinstance(info.value.last_error, ModelTimeoutError)
    assert isinstance(info.value.__cause__, ModelTimeoutError)
    assert clock.slept == [1.0, 2.0]  # two waits between three attempts, exponential


def test_malformed_output_can_be_opted_in():
    model = ScriptedChatModel(replies=[MalformedJSON(), '{"ok": 1}'])
    clock = FakeClock()
    retrier = _retrier(clock, retry_on=(MalformedOutputError,))
    assert retrier.call(_parse_json, model) == {"ok": 1} and len(model.calls) == 2


def test_non_retryable_errors_pass_through_at_once():
    clock = FakeClock()
    model = ScriptedChatModel(replies=[])
    with pytest.raises(ScriptExhaustedError):
        _retrier(clock).call(model.invoke, "x")
    assert clock.slept == [] and len(model.calls) == 1


def test_rate_limit_retry_after_is_a_floor_on_the_wait():
    clock = FakeClock()
    model = ScriptedChatModel(replies=[RateLimit(retry_after=7), Timeout(), "done"])
    retrier = _retrier(clock)
    assert retrier.call(model.invoke, "x").content == "done"
    assert clock.slept == [7.0, 2.0]
    assert [(a.number, a.error, a.wait) for a in retrier.history] == [(1, "RateLimitError", 7.0),
                                                                      (2, "ModelTimeoutError", 2.0)]


async def test_async_retry_uses_injected_async_sleep():
    clock = FakeClock()
    model = ScriptedChatModel(replies=[Timeout(), Latency(0.0, RateLimit(0.5)), "done"])
    retrier = _retrier(clock, base_delay=0.25)
    assert (await retrier.acall(model.ainvoke, "x")).content == "done"
    assert clock.slept == [0.25, 0.5]


def test_backoff_caps_at_max_delay():
    policy = RetryPolicy(base_delay=1, multiplier=3, max_delay=10, jitter="none")
    assert [policy.backoff(n) for n in range(1, 5)] == [1, 3, 9, 10]


@given(failures=st.integers(1, 12), seed=st.integers(0, 10_000), jitter=st.sampled_from(["full", "equal"]))
def test_jitter_stays_within_bounds(failures, seed, jitter):
    policy = RetryPolicy(base_delay=0.5, max_delay=20, jitter=jitter)
    cap = policy.backoff(failures)
    wait = policy.delay(failures, None, random.Random(seed))
    low = 0 if jitter == "full" else cap / 2
    assert low <= wait <= cap


def test_seeded_jitter_is_reproducible():
    a = [RetryPolicy().delay(n, rng=random.Random(1)) for n in range(1, 5)]
    b = [RetryPolicy().delay(n, rng=random.Random(1)) for n in range(1, 5)]
    assert a == b


@pytest.mark.parametrize("bad", [dict(max_attempts=0), dict(jitter="random"), dict(multiplier=0.5),
                                 dict(base_delay=-1)])
def test_bad_policies_are_refused(bad):
    with pytest.raises(InvalidInputError):
        RetryPolicy(**bad)


def test_rate_limit_error_is_retryable_by_default():
    assert RetryPolicy().is_retryable(RateLimitError(1)) and not RetryPolicy().is_retryable(ValueError())
