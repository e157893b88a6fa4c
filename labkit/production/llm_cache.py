"""Cache model calls: wrap any LangChain chat model so repeated prompts are answered from a cache.

The one idea: the key must contain *everything that can change the answer* (model identity, its parameters such as
temperature, every message, the per-call options), or the cache serves answers to questions nobody asked. With an
exact cache the key is a hash of all of that (the same recipe as :mod:`labkit.llm.cache` record/replay). With a
:class:`~labkit.production.semantic_cache.SemanticCache` the key is the text of the last human message, so keep one
semantic cache per model and system prompt.

>>> from labkit.llm import ScriptedChatModel
>>> from labkit.production.cache import MemoryCache
>>> model = CachedChatModel(inner=ScriptedChatModel(replies=["42"]), store=MemoryCache())
>>> model.invoke("6 * 7?").content, model.invoke("6 * 7?").content    # the second call never reaches the model
('42', '42')
>>> model.invoke("6 * 7?").response_metadata["cache"], len(model.inner.calls)
('hit', 1)

Only plain text replies are cached: a reply that calls tools is passed through (replaying a tool call skips its side
effects). Sampling with temperature > 0 and no seed is cached too; that is a choice (cheaper, less diverse).
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict

from labkit.llm.cache import prompt_key
from labkit.errors import CacheBackendError, InvalidInputError
from labkit.production.cache import Cache


def _inner_params(model: Any) -> dict[str, Any]:
    model = getattr(model, "bound", model)
    return dict(getattr(model, "_identifying_params", {}) or {})


class CachedChatModel(BaseChatModel):
    """A chat model that looks in ``store`` before calling ``inner`` and stores plain-text replies after."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    inner: Any
    store: Any
    """The labkit cache (``cache`` is taken: LangChain's own global-cache switch)."""
    ttl: float | None = None
    semantic: bool | None = None
    """Key by the last human message (True) or by a hash of the full request (False); None: decided by the cache."""

    @property
    def _llm_type(self) -> str:
        return "labkit-cached"

    def _is_semantic(self) -> bool:
        if self.semantic is not None:
            return self.semantic
        return getattr(self.store, "name", "") == "semantic"

    def cache_key(self, messages: list[BaseMessage], options: dict[str, Any]) -> str:
        if self._is_semantic():
            humans = [m for m in messages if isinstance(m, HumanMessage)]
            return str(humans[-1].content if humans else messages[-1].content)
        spec = type(getattr(self.inner, "bound", self.inner)).__name__
        return "llm:" + prompt_key(spec, _inner_params(self.inner), messages, options)[0]

    def _lookup(self, messages: list[BaseMessage], stop: list[str] | None, kwargs: dict[str, Any]) -> tuple[str, AIMessage | None]:
        if not isinstance(self.store, Cache):
            raise InvalidInputError("CachedChatModel.store must be a labkit.production.cache.Cache (MemoryCache, ...).")
        key = self.cache_key(messages, {**kwargs, "stop": stop})
        try:
            stored = self.store.get(key)
        except CacheBackendError:
            return key, None  # the cache is down: answer from the model, slower but correct
        if stored is None:
            return key, None
        return key, AIMessage(content=stored["content"], usage_metadata=None,
                              response_metadata={**stored.get("metadata", {}), "cache": "hit"})

    def _remember(self, key: str, message: AIMessage) -> AIMessage:
        if not message.tool_calls and isinstance(message.content, str):
            meta = {k: v for k, v in message.response_metadata.items() if isinstance(v, (str, int, float, bool))}
            try:
                self.store.set(key, {"content": message.content, "metadata": meta}, self.ttl)
            except CacheBackendError:
                pass
        message.response_metadata = {**message.response_metadata, "cache": "miss"}
        return message

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        key, hit = self._lookup(messages, stop, kwargs)
        if hit is None:
            hit = self._remember(key, self.inner.invoke(messages, stop=stop, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=hit)])

    async def _agenerate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                         run_manager: AsyncCallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        key, hit = self._lookup(messages, stop, kwargs)
        if hit is None:
            hit = self._remember(key, await self.inner.ainvoke(messages, stop=stop, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=hit)])
