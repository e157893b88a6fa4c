"""A scripted chat model for tests and failure drills: queued replies and injected faults.

Production code must survive timeouts, rate limits, malformed JSON and slow responses. Real providers produce
those at random; this model produces them on cue, so a test can say "the second call is rate-limited" and assert
exactly how many retries happen.

>>> model = ScriptedChatModel(replies=["first", RateLimit(retry_after=2), "third"])
>>> model.invoke("hi").content
'first'
>>> try:
...     model.invoke("hi")
... except RateLimitError as exc:
...     exc.retry_after
2
>>> model.invoke("hi").content, len(model.calls)
('third', 3)
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict, PrivateAttr

from labkit.errors import InvalidInputError, ModelTimeoutError, RateLimitError, ScriptExhaustedError


@dataclass(frozen=True)
class Timeout:
    """The call fails with :class:`~labkit.errors.ModelTimeoutError` (after sleeping ``seconds`` when > 0)."""

    seconds: float = 0.0


@dataclass(frozen=True)
class RateLimit:
    """The call fails with :class:`~labkit.errors.RateLimitError` carrying ``retry_after``."""

    retry_after: float = 1.0


@dataclass(frozen=True)
class MalformedJSON:
    """The call returns text that looks like JSON but does not parse."""

    text: str = '{"answer": "unterminated'


@dataclass(frozen=True)
class Latency:
    """The call sleeps ``seconds`` and then returns ``then`` (a reply or another fault)."""

    seconds: float
    then: Any = "ok"


@dataclass(frozen=True)
class ToolCalls:
    """The call returns an AI message with these tool calls: ``ToolCalls([("search", {"q": "x"})])``."""

    calls: Sequence[tuple[str, dict[str, Any]]]
    content: str = ""


@dataclass
class Call:
    """What the model was asked in one call."""

    messages: list[BaseMessage]
    kwargs: dict[str, Any] = field(default_factory=dict)


class ScriptedChatModel(BaseChatModel):
    """Replies from a queue, in order. Items: str, AIMessage, dict (sent as JSON), or a fault object above.

    ``repeat_last=True`` keeps answering with the last item once the queue is used up; otherwise an extra call
    raises :class:`~labkit.errors.ScriptExhaustedError`, which catches code that calls the model more than expected.
    """

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    replies: list[Any]
    repeat_last: bool = False
    name: str | None = "scripted"

    _position: int = PrivateAttr(default=0)
    _calls: list[Call] = PrivateAttr(default_factory=list)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "labkit-scripted"

    @property
    def calls(self) -> list[Call]:
        """Every call made so far, in order."""
        return self._calls

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any) -> Any:
        return self.bind(tools=[convert_to_openai_tool(t) for t in tools], tool_choice=tool_choice, **kwargs)

    def _next(self, messages: list[BaseMessage], kwargs: dict[str, Any]) -> Any:
        with self._lock:
            self._calls.append(Call(list(messages), dict(kwargs)))
            if self._position >= len(self.replies):
                if self.repeat_last and self.replies:
                    return self.replies[-1]
                raise ScriptExhaustedError(
                    f"The scripted model has {len(self.replies)} replies and was called a "
                    f"{len(self._calls)}th time. Queue more replies or set repeat_last=True."
                )
            item = self.replies[self._position]
            self._position += 1
            return item

    @staticmethod
    def _message(item: Any) -> AIMessage:
        if isinstance(item, Timeout):
            raise ModelTimeoutError(item.seconds or 30.0)
        if isinstance(item, RateLimit):
            raise RateLimitError(item.retry_after)
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, MalformedJSON):
            return AIMessage(content=item.text)
        if isinstance(item, ToolCalls):
            calls = [{"name": n, "args": a, "id": f"call_{i}", "type": "tool_call"} for i, (n, a) in enumerate(item.calls)]
            return AIMessage(content=item.content, tool_calls=calls)
        if isinstance(item, AIMessage):
            return item
        if isinstance(item, dict):
            return AIMessage(content=json.dumps(item))
        if isinstance(item, str):
            return AIMessage(content=item)
        raise InvalidInputError(f"Cannot script a reply of type {type(item).__name__}.")

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        item = self._next(messages, kwargs)
        while isinstance(item, Latency):
            time.sleep(item.seconds)
            item = item.then
        if isinstance(item, Timeout) and item.seconds:
            time.sleep(item.seconds)
        return ChatResult(generations=[ChatGeneration(message=self._message(item))])

    async def _agenerate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                         run_manager: AsyncCallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        item = self._next(messages, kwargs)
        while isinstance(item, Latency):
            await asyncio.sleep(item.seconds)
            item = item.then
        if isinstance(item, Timeout) and item.seconds:
            await asyncio.sleep(item.seconds)
        return ChatResult(generations=[ChatGeneration(message=self._message(item))])
