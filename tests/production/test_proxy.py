"""Routing, load balancing and the proxy end to end with scripted faults."""

from __future__ import annotations

from collections import Counter

import pytest

from labkit.errors import InvalidInputError
from labkit.llm import Latency, RateLimit, ScriptedChatModel, Timeout
from labkit.production.balancer import Endpoint, LeastLatency, RoundRobin, Weighted, get_balancer
from labkit.production.cache import MemoryCache
from labkit.production.clock import FakeClock
from labkit.production.proxy import LLMProxy, ProxyConfig, ProxyRequest
from labkit.production.ratelimit import RateLimiter
from labkit.production.routing import ModelOption, Router, classify_task, estimate_complexity
from labkit.production.telemetry import Telemetry

OPTIONS = [ModelOption("small", 1, 0.1, 4096), ModelOption("medium", 2, 0.5, 16000),
           ModelOption("large", 3, 3.0, 128000)]


@pytest.mark.parametrize("prompt, task", [
    ("Classify this ticket into one of: billing, bug, other", "classification"),
    ("Summarize the meeting notes", "summarization"),
    ("Write a python function that reverses a list", "code"),
    ("What is 17 * 23?", "math"),
    ("Why did the Roman empire fall?", "reasoning"),
    ("hello there", "chat"),
])
def test_classify_task(prompt, task):
    assert classify_task(prompt) == task


@pytest.mark.parametrize("prompt, level", [
    ("What time is it in Paris?", "simple"),
    ("Explain why the build failed and compare it with yesterday's run.", "moderate"),
    ("Analyze the logs, explain the root cause, compare two fixes step by step, then justify one; also plan a test.",
     "complex"),
])
def test_complexity_levels(prompt, level):
    c = estimate_complexity(prompt)
    assert c.level == level and c.reasons


def test_router_picks_cheapest_adequate_and_orders_fallbacks():
    router = Router(OPTIONS)
    easy = router.route("What is the refund window?")
    assert easy.model == "small" and easy.candidates == ("small", "medium", "large")
    hard = router.route("Compare both designs, explain the trade-offs step by step, then justify a choice.")
    assert hard.model == "large" and hard.complexity == "complex"
    code = router.route("Fix this python bug")
    assert code.model == "medium"  # code needs capability >= 2 even when short
    long_prompt = "word " * 20000
    assert router.route(long_prompt).model == "large"  # only the large window fits


def test_router_budget_and_errors():
    router = Router(OPTIONS)
    hard = "Compare both designs, explain the trade-offs step by step, then justify a choice."
    over = router.route(hard, max_cost=0.0001)
    assert over.model == "large" and any("over budget" in r for r in over.reasons)
    with pytest.raises(InvalidInputError):
        router.route("   ")
    with pytest.raises(InvalidInputError, match="No model handles"):
        Router([ModelOption("tiny", 1, 0.1, 10)]).route("a fairly long prompt " * 20)
    with pytest.raises(InvalidInputError):
        Router([])


def test_balancers():
    eps = [Endpoint("a", None), Endpoint("b", None), Endpoint("c", None)]
    rr = RoundRobin()
    assert [rr.pick(eps).name for _ in range(4)] == ["a", "b", "c", "a"]
    w = Weighted()
    weighted = [Endpoint("big", None, weight=5), Endpoint("s1", None, weight=1), Endpoint("s2", None, weight=1)]
    picks = Counter(w.pick(weighted).name for _ in range(70))
    assert picks == {"big": 50, "s1": 10, "s2": 10}
    ll = LeastLatency()
    assert ll.pick(eps).name == "a"  # untried endpoints go first
    eps[0].observe(0.5, True); eps[1].observe(0.1, True); eps[2].observe(0.3, True)
    assert ll.pick(eps).name == "b"
    for _ in range(5):
        eps[1].observe(1.0, True)  # b slows down; the EWMA follows
    assert ll.pick(eps).name == "c"
    with pytest.raises(InvalidInputError):
        get_balancer("random")
    with pytest.raises(InvalidInputError):
        Endpoint("x", None, weight=0)


def _proxy(pools, **kw):
    clock = FakeClock()
    kw.setdefault("config", ProxyConfig(failure_threshold=2, reset_timeout=10, max_attempts=3))
    return LLMProxy(pools, clock=clock, breaker_clock=clock, asleep=clock.asleep, **kw), clock


async def test_retry_moves_to_another_endpoint_and_breaker_opens():
    bad = ScriptedChatModel(replies=[Timeout()], repeat_last=True)
    good = ScriptedChatModel(replies=["fine"], repeat_last=True)
    proxy, clock = _proxy({"m": [Endpoint("bad", bad), Endpoint("good", good)]}, balancer="round_robin")
    results = [await proxy.ask(f"q{i}") for i in range(4)]
    assert all(r.ok and r.text == "fine" and r.endpoint == "good" for r in results)
    assert [r.attempts for r in results] == [2, 2, 1, 1]  # after 2 failures bad's breaker opened: no more tries
    assert len(bad.calls) == 2 and proxy.breakers["bad"].state == "open"
    clock.advance(10)
    assert proxy.breakers["bad"].state == "half_open"
    assert [t.target for _, t in proxy.transitions] == ["open", "half_open"]


async def test_falls_to_next_model_and_reports_clear_failure():
    proxy, _ = _proxy({"small": [Endpoint("s", ScriptedChatModel(replies=[RateLimit(1)], repeat_last=True))],
                       "large": [Endpoint("l", ScriptedChatModel(replies=["big answer", Timeout()], repeat_last=True))]},
                      router=Router([ModelOption("small", 1, 0.1), ModelOption("large", 3, 1.0)]))
    r = await proxy.ask("What is the refund window?")
    assert (r.ok, r.model, r.endpoint, r.attempts) == (True, "large", "l", 3)
    r2 = await proxy.ask("Another question?")
    assert not r2.ok and r2.source == "failed" and "attempt(s) failed" in r2.reason
    assert r2.reason == ("2 attempt(s) failed: small: every endpoint's breaker is open (or probing); l: ModelTimeoutError; "
                         "l: ModelTimeoutError; large: every endpoint's breaker is open (or probing)")


async def test_non_retryable_error_fails_at_once():
    from labkit.errors import ScriptExhaustedError

    model = ScriptedChatModel(replies=[])
    proxy, _ = _proxy({"m": [Endpoint("e", model), Endpoint("f", ScriptedChatModel(replies=["x"]))]},
                      balancer="round_robin")
    r = await proxy.ask("q")
    assert not r.ok and r.attempts == 1 and "not retryable" in r.reason and ScriptExhaustedError.__name__ in r.reason


async def test_timeout_is_enforced_by_the_proxy():
    slow = ScriptedChatModel(replies=[Latency(5.0, "late")], repeat_last=True)
    fast = ScriptedChatModel(replies=["on time"], repeat_last=True)
    proxy = LLMProxy({"m": [Endpoint("slow", slow), Endpoint("fast", fast)]}, balancer="round_robin",
                     config=ProxyConfig(timeout=0.05, max_retry_wait=0.0))
    r = await proxy.ask("q")
    assert r.ok and r.endpoint == "fast" and r.attempts == 2


async def test_cache_and_coalescing():
    model = ScriptedChatModel(replies=[Latency(0.05, "shared answer")], repeat_last=True)
    tel = Telemetry()
    cache = MemoryCache()
    proxy = LLMProxy({"m": [Endpoint("e", model)]}, cache=cache, telemetry=tel)
    first = await proxy.ask_many(["same question"] * 5)
    assert {r.text for r in first} == {"shared answer"}
    assert Counter(r.source for r in first) == {"model": 1, "coalesced": 4}
    assert len(model.calls) == 1
    again = await proxy.ask("same question")
    assert again.source == "cache" and len(model.calls) == 1
    assert proxy.metrics.summary()["requests"] == 6
    assert [line.split(" [")[0].strip() for line in tel.span_tree()][:2] == ["proxy.request", "proxy.attempt"]


async def test_rate_limit_per_user_rejects_with_reason():
    clock = FakeClock()
    proxy = LLMProxy({"m": [Endpoint("e", ScriptedChatModel(replies=["ok"], repeat_last=True))]},
                     limiter=RateLimiter(rate=1, capacity=2, clock=clock), clock=clock, breaker_clock=clock)
    results = [await proxy.ask(ProxyRequest(f"q{i}", user="alice")) for i in range(3)]
    results.append(await proxy.ask(ProxyRequest("q", user="bob")))
    assert [r.ok for r in results] == [True, True, False, True]
    assert results[2].source == "rejected" and "throttled" in results[2].reason
    bad = await proxy.ask("  ")
    assert bad.source == "rejected" and "empty" in bad.reason


async def test_concurrency_limit_is_respected():
    peak = {"now": 0, "max": 0}

    class Counting(ScriptedChatModel):
        async def _agenerate(self, *a, **k):
            peak["now"] += 1
            peak["max"] = max(peak["max"], peak["now"])
            try:
                return await super()._agenerate(*a, **k)
            finally:
                peak["now"] -= 1

    model = Counting(replies=[Latency(0.01, "ok")], repeat_last=True)
    proxy = LLMProxy({"m": [Endpoint("e", model, max_concurrency=3)]}, config=ProxyConfig(coalesce=False))
    results = await proxy.ask_many([f"q{i}" for i in range(12)])
    assert all(r.ok for r in results) and peak["max"] == 3


def test_proxy_configuration_errors():
    with pytest.raises(InvalidInputError):
        LLMProxy({})
    with pytest.raises(InvalidInputError, match="unique"):
        LLMProxy({"a": [Endpoint("x", None)], "b": [Endpoint("x", None)]})
    with pytest.raises(InvalidInputError, match="no endpoints"):
        LLMProxy({"small": [Endpoint("x", None)]}, router=Router(OPTIONS))
    with pytest.raises(InvalidInputError):
        ProxyConfig(max_attempts=0)


async def test_proxy_answers_when_its_cache_is_down():
    from labkit.production.redis_cache import RedisCache
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proxy = LLMProxy({"m": [Endpoint("e", ScriptedChatModel(replies=["ok"], repeat_last=True))]},
                     cache=RedisCache(f"redis://127.0.0.1:{port}/0", socket_timeout=0.2))
    r = await proxy.ask("q")
    assert r.ok and r.source == "model" and proxy.metrics.cache["miss"] == 1


async def test_cancelled_trial_call_does_not_wedge_the_breaker():
    import asyncio

    clock = FakeClock()
    model = ScriptedChatModel(replies=[Timeout(), Latency(5.0, "slow"), "fast"])
    proxy = LLMProxy({"m": [Endpoint("e", model)]}, clock=clock, breaker_clock=clock,
                     config=ProxyConfig(failure_threshold=1, reset_timeout=10, max_attempts=1, max_retry_wait=0))
    assert not (await proxy.ask("q1")).ok and proxy.breakers["e"].state == "open"
    clock.advance(10)
    task = asyncio.create_task(proxy.ask("q2"))  # the half-open trial call ...
    await asyncio.sleep(0.05)
    task.cancel()                                # ... is cancelled by its client
    with pytest.raises(asyncio.CancelledError):
        await task
    assert proxy.breakers["e"].admits()          # the slot came back
    r = await proxy.ask("q3")
    assert r.ok and r.text == "fast" and proxy.breakers["e"].state == "closed"
