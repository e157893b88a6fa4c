"""Failure drills are reproducible and respond to the settings they tune."""

from __future__ import annotations

from labkit.production.drill import run_drill
from labkit.production.proxy import ProxyConfig
from labkit.production.retry import RetryPolicy


async def test_drill_is_deterministic_and_more_attempts_answer_more():
    policy = RetryPolicy(base_delay=0.5, jitter="none")
    one = await run_drill(ProxyConfig(max_attempts=1, failure_threshold=5, retry=policy), requests=60)
    again = await run_drill(ProxyConfig(max_attempts=1, failure_threshold=5, retry=policy), requests=60)
    three = await run_drill(ProxyConfig(max_attempts=3, failure_threshold=5, retry=policy), requests=60)
    assert one == again
    assert one["answered"] + one["failed"] == 60 and one["calls_per_request"] == 1.0
    assert three["answered"] > one["answered"] and three["model_calls"] > one["model_calls"]


async def test_low_threshold_flaps_more():
    low = await run_drill(ProxyConfig(failure_threshold=2, reset_timeout=10), requests=80)
    high = await run_drill(ProxyConfig(failure_threshold=10, reset_timeout=10), requests=80)
    assert low["breaker_opens"] > high["breaker_opens"]
