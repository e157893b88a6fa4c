"""Fallback chains: model A -> model B -> cache -> template."""

from __future__ import annotations

import pytest

from labkit.errors import FallbackExhaustedError, InvalidInputError
from labkit.llm import RateLimit, ScriptedChatModel, Timeout
from labkit.production.breaker import CircuitBreaker
from labkit.production.cache import MemoryCache
from labkit.production.clock import FakeClock
from labkit.production.fallback import FallbackChain, Step, cache_step, model_step, template_step


def _chain(a_replies, b_replies, cache):
    return FallbackChain([model_step("A", ScriptedChatModel(replies=a_replies)),
                          model_step("B", ScriptedChatModel(replies=b_replies)),
                          cache_step(cache), template_step("Degraded: try again later.")], cache=cache)


def test_each_level_of_the_chain_answers_in_turn():
    cache = MemoryCache()
    chain = _chain(["a1", Timeout(), Timeout(), Timeout()], ["b1", RateLimit(2)], cache)
    first = chain.invoke("q")
    assert (first.text, first.source, first.degraded) == ("a1", "A", False)
    second = chain.invoke("q")
    assert (second.text, second.source) == ("b1", "B") and "ModelTimeoutError" in second.errors["A"]
    third = chain.invoke("q")  # both models down: the remembered answer
    assert (third.text, third.source) == ("b1", "cache") and set(third.errors) == {"A", "B"}
    fourth = chain.invoke("never seen")
    assert fourth.source == "template" and fourth.text == "Degraded: try again later."
    assert "no cached answer" in fourth.errors["cache"]
    assert chain.served == {"A": 1, "B": 1, "cache": 1, "template": 1}


async def test_async_chain_with_breaker_guard():
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=1, reset_timeout=60, clock=clock)
    primary = ScriptedChatModel(replies=[Timeout()], repeat_last=True)
    chain = FallbackChain([model_step("A", primary, guard=breaker.acall),
                           model_step("B", ScriptedChatModel(replies=["b"], repeat_last=True))])
    results = [await chain.ainvoke("q") for _ in range(3)]
    assert [r.source for r in results] == ["B", "B", "B"]
    assert len(primary.calls) == 1  # after opening, the breaker fails fast without calling A
    assert "CircuitOpenError" in results[2].errors["A"]


def test_chain_without_template_can_exhaust():
    chain = FallbackChain([model_step("A", ScriptedChatModel(replies=[Timeout()]))])
    with pytest.raises(FallbackExhaustedError, match="A: ModelTimeoutError"):
        chain.invoke("q")


def test_bad_chains():
    with pytest.raises(InvalidInputError):
        FallbackChain([])
    with pytest.raises(InvalidInputError, match="unique"):
        FallbackChain([template_step(), template_step()])
    assert FallbackChain([Step("x", str.upper)]).invoke("hi").text == "HI"
