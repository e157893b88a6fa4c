"""The scripted model replays its queue exactly and injects each fault on cue."""

from __future__ import annotations

import asyncio
import json

import pytest

from labkit.errors import ModelTimeoutError, RateLimitError, RetryableModelError, ScriptExhaustedError
from labkit.llm import Latency, MalformedJSON, RateLimit, ScriptedChatModel, Timeout, ToolCalls, get_model


def test_replies_in_order_and_calls_recorded():
    model = ScriptedChatModel(replies=["a", {"x": 1}, ToolCalls([("search", {"q": "cats"})])])
    assert model.invoke("one").content == "a"
    assert json.loads(model.invoke("two").content) == {"x": 1}
    assert model.invoke("three").tool_calls[0]["args"] == {"q": "cats"}
    assert [c.messages[-1].content for c in model.calls] == ["one", "two", "three"]


def test_faults_are_raised_as_retryable_labkit_errors():
    model = ScriptedChatModel(replies=[Timeout(), RateLimit(retry_after=3), MalformedJSON(), "fine"])
    with pytest.raises(ModelTimeoutError):
        model.invoke("x")
    with pytest.raises(RateLimitError) as info:
        model.invoke("x")
    assert info.value.retry_after == 3 and isinstance(info.value, RetryableModelError)
    with pytest.raises(json.JSONDecodeError):
        json.loads(model.invoke("x").content)
    assert model.invoke("x").content == "fine"


def test_exhausted_script_is_a_clear_error_unless_repeating():
    model = ScriptedChatModel(replies=["only"])
    model.invoke("x")
    with pytest.raises(ScriptExhaustedError, match="repeat_last"):
        model.invoke("x")
    repeating = ScriptedChatModel(replies=["again"], repeat_last=True)
    assert [repeating.invoke("x").content for _ in range(3)] == ["again"] * 3


def test_latency_then_reply_async():
    model = ScriptedChatModel(replies=[Latency(0.01, "slow"), Latency(0.01, Timeout())])
    assert asyncio.run(model.ainvoke("x")).content == "slow"
    with pytest.raises(ModelTimeoutError):
        asyncio.run(model.ainvoke("x"))


def test_factory_builds_scripted_model():
    assert get_model("scripted", replies=["hi"]).invoke("x").content == "hi"
