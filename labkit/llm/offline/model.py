"""The offline chat model: a deterministic, keyless, download-free LangChain chat model that really does the work.

It reads the prompt (:mod:`.prompt`), asks each of its skills how sure it is that the prompt wants what it does,
runs the surest (:mod:`.registry`) and renders the result in the requested format (:mod:`.render`). The skills are
techniques, not canned text: extractive answers from the context (:mod:`.answer`), zero-shot classification
(:mod:`.classify`), field extraction (:mod:`.extract`), arithmetic with steps (:mod:`.calculate`), extractive
summaries (:mod:`.summarize`), critiques that check what can be checked (:mod:`.critique`), plans from the request's
own clauses (:mod:`.plan`), and native tool calls with arguments read from the request (:mod:`.calling`).

What it deliberately cannot do: know facts that are not in the prompt, or write open-ended prose. Every skill
measures how well the prompt supports its answer, and below the bar the model says it cannot answer and why. That
honesty is part of the lesson: retrieval and tools are how you give any model knowledge.

Temperature and seed: at temperature 0 the answer is the argmax and identical across runs and processes. Above 0,
each skill samples among its scored candidates (:mod:`.sampling`); with a seed the samples are reproducible, and
repeated calls with the same prompt give different samples, as self-consistency needs.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict, Field, PrivateAttr

from labkit.errors import InvalidInputError
from labkit.llm.offline.extract import field_value
from labkit.llm.offline.prompt import message_text, read_prompt
from labkit.llm.offline.registry import route
from labkit.llm.offline.render import render
from labkit.llm.offline.sampling import make_rng
from labkit.llm.offline.skill import Turn
from labkit.llm.offline.unknown import NO_KNOWLEDGE
from labkit.llm.tokens import count_tokens, truncate_tokens

__all__ = ["NO_KNOWLEDGE", "OfflineChatModel"]

CALL_KWARGS = {"tools", "tool_choice", "temperature", "seed", "max_tokens", "ls_structured_output_format",
               "parallel_tool_calls", "structured_output"}


def _similarity(query: str, texts: list[str]) -> list[float]:
    """Cosine similarity of ``query`` to each text with the bundled embeddings (vectors are unit length)."""
    from labkit.embed.model import get_embeddings

    vectors = get_embeddings().encode([query, *texts])
    return [float(v) for v in vectors[1:] @ vectors[0]]


class OfflineChatModel(BaseChatModel):
    """labkit's embedded default model (see the module docstring). Options are validated; unknown ones are errors."""

    model_config = ConfigDict(extra="forbid")

    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    seed: int | None = None
    max_tokens: int | None = Field(default=None, gt=0)
    semantic: bool = True
    """Use embeddings to rerank answers and score labels (better, ~5 s one-off load); False for lexical only."""

    _samples: Counter[str] = PrivateAttr(default_factory=Counter)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "labkit-offline"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model": "offline", "temperature": self.temperature, "seed": self.seed,
                "max_tokens": self.max_tokens, "semantic": self.semantic}

    # --- LangChain interface -----------------------------------------------------------------------------------

    def _convert_input(self, model_input: Any) -> Any:
        try:
            return super()._convert_input(model_input)
        except (ValueError, TypeError, NotImplementedError) as exc:
            raise InvalidInputError(
                f"Cannot use {type(model_input).__name__} as a prompt: pass a string, a list of messages or "
                f"(role, text) tuples, or a PromptValue. ({exc})"
            ) from None

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any) -> Any:
        """Bind LangChain tools, pydantic models, functions or OpenAI tool dicts; ``tool_choice`` forces a call."""
        formatted = [convert_to_openai_tool(t) for t in tools]
        if tool_choice in (True, "required"):
            tool_choice = "any"
        if isinstance(tool_choice, str) and tool_choice not in ("auto", "any", "none"):
            names = [t["function"]["name"] for t in formatted]
            if tool_choice not in names:
                raise InvalidInputError(f"tool_choice {tool_choice!r} is not one of the bound tools: {names}.")
        if "ls_structured_output_format" in kwargs:  # with_structured_output: the one tool is the output schema
            kwargs["structured_output"] = True
        return self.bind(tools=formatted, tool_choice=tool_choice, **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._respond(messages, stop, kwargs))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        message = self._respond(messages, stop, kwargs)
        pieces = re.findall(r"\S+\s*|\s+", message.content) or [""]
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            chunk = AIMessageChunk(
                content=piece,
                tool_call_chunks=[
                    {"name": c["name"], "args": json.dumps(c["args"]), "id": c["id"], "index": j}
                    for j, c in enumerate(message.tool_calls)
                ] if last else [],
                usage_metadata=message.usage_metadata if last else None,
                response_metadata=message.response_metadata if last else {},
            )
            if run_manager:
                run_manager.on_llm_new_token(piece, chunk=ChatGenerationChunk(message=chunk))
            yield ChatGenerationChunk(message=chunk)

    # --- the model ----------------------------------------------------------------------------------------------

    def _respond(self, messages: list[BaseMessage], stop: list[str] | None, kwargs: dict[str, Any]) -> AIMessage:
        unknown = set(kwargs) - CALL_KWARGS
        if unknown:
            raise InvalidInputError(
                f"Unknown option(s) for the offline model: {sorted(unknown)}. Accepted: {sorted(CALL_KWARGS)}."
            )
        view = read_prompt(messages)
        temperature = float(kwargs.get("temperature", self.temperature))
        seed = kwargs.get("seed", self.seed)
        prompt_key = "\x1e".join(message_text(m) for m in messages)
        with self._lock:
            index = self._samples[prompt_key]
            self._samples[prompt_key] += 1
        tools = kwargs.get("tools") or []
        turn = Turn(view, temperature, make_rng(seed, prompt_key, index), _similarity if self.semantic else None,
                    tools, kwargs.get("tool_choice"), structured=bool(kwargs.get("structured_output")))
        skill, result = route(turn)
        if turn.structured and not result.supported:  # a parser waits for fields: say why there are none
            raise InvalidInputError(result.reason)
        content, tool_calls = ("", result.tool_calls) if result.tool_calls else (render(result, turn, field_value), [])
        for s in stop or []:
            if s and s in content:
                content = content[: content.index(s)]
        max_tokens = kwargs.get("max_tokens", self.max_tokens)
        finish = "tool_calls" if tool_calls else "stop"
        if max_tokens and count_tokens(content) > max_tokens:
            content, finish = truncate_tokens(content, int(max_tokens)), "length"
        prompt_tokens = sum(count_tokens(message_text(m)) for m in messages)
        prompt_tokens += sum(count_tokens(json.dumps(t)) for t in tools)
        output_tokens = count_tokens(content) + sum(count_tokens(json.dumps(c["args"])) for c in tool_calls)
        return AIMessage(
            content=content,
            tool_calls=tool_calls,
            usage_metadata={"input_tokens": prompt_tokens, "output_tokens": output_tokens,
                            "total_tokens": prompt_tokens + output_tokens},
            response_metadata={"model_name": "offline", "finish_reason": finish, "skill": skill.name,
                               "supported": result.supported},
        )
