"""A real small language model behind LangChain's chat interface: ``get_model("local:gemma-3-270m")``.

The one idea: a *base* (pre-trained, not instruction-tuned) model does not chat; it continues text. So the chat
messages are rendered as a text to continue (:func:`render_prompt`):

* one human message and nothing else is the prompt itself, verbatim: write it as the beginning of the document you
  want continued (a few examples then ``Sentiment:``, a question then ``Answer:``);
* anything longer becomes a transcript: the system message as a first paragraph, then ``User:`` / ``Assistant:``
  lines, ending with ``Assistant:``, and ``\\nUser:`` is added to the stop sequences so the model does not write the
  user's next turn too.

Options: ``temperature`` (0 = greedy, the same text every time), ``seed`` (same seed, same sample), ``top_p``
(nucleus sampling), ``max_tokens``, ``stop``; streaming yields text as it is generated; token usage comes back in
``usage_metadata``. What it leaves out: tool calling and structured output (a 270M base model cannot follow a schema;
use the scoring API in :mod:`labkit.llm.local.scoring` to choose among options instead).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, Field, field_validator

from labkit.errors import InvalidInputError
from labkit.llm.local.catalogue import LOCAL_MODELS

__all__ = ["LocalChatModel", "render_prompt"]

CALL_KWARGS = {"temperature", "seed", "top_p", "max_tokens"}
TURN_STOP = "\nUser:"


def _text(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)


def render_prompt(messages: list[BaseMessage]) -> tuple[str, list[str]]:
    """The text a base model continues for these chat messages, and the stop sequences that rendering implies.

    >>> from langchain_core.messages import HumanMessage, SystemMessage, AIMessage
    >>> render_prompt([HumanMessage("The capital of France is")])
    ('The capital of France is', [])
    >>> text, stops = render_prompt([SystemMessage("Answer briefly."), HumanMessage("Hi"), AIMessage("Hello."),
    ...                              HumanMessage("2+2?")])
    >>> print(text)
    Answer briefly.
    <BLANKLINE>
    User: Hi
    Assistant: Hello.
    User: 2+2?
    Assistant:
    >>> stops
    ['\\nUser:']
    """
    if not messages:
        raise InvalidInputError("No messages to send: give at least one message (or a string) to the model.")
    if len(messages) == 1 and isinstance(messages[0], HumanMessage):
        return _text(messages[0]), []
    head: list[str] = []
    lines: list[str] = []
    for message in messages:
        if isinstance(message, SystemMessage):
            head.append(_text(message).strip())
        elif isinstance(message, HumanMessage):
            lines.append(f"User: {_text(message).strip()}")
        elif isinstance(message, AIMessage):
            lines.append(f"Assistant: {_text(message).strip()}")
        else:
            raise InvalidInputError(
                f"The local base model takes system, human and AI messages, not {type(message).__name__}; "
                "it has no tool calling.")
    lines.append("Assistant:")
    preamble = "\n\n".join(head) + "\n\n" if head else ""
    return preamble + "\n".join(lines), [TURN_STOP]


def _held_back(text: str, stops: list[str]) -> int:
    """How many characters at the end of ``text`` could be the start of a stop sequence (so cannot be shown yet).

    >>> _held_back("Paris.\\nUs", ["\\nUser:"])
    3
    >>> _held_back("Paris.", ["\\nUser:"])
    0
    """
    longest = 0
    for stop in stops:
        for size in range(min(len(stop) - 1, len(text)), 0, -1):
            if text.endswith(stop[:size]):
                longest = max(longest, size)
                break
    return longest


class LocalChatModel(BaseChatModel):
    """A bundled small model run on the CPU (see the module docstring). Options are validated; unknown ones are errors."""

    model_config = ConfigDict(extra="forbid")

    model: str = "gemma-3-270m"
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    seed: int | None = None
    top_p: float = Field(default=1.0, gt=0.0, le=1.0)
    max_tokens: int = Field(default=64, gt=0, le=2048)
    stop: list[str] | None = None

    @field_validator("model")
    @classmethod
    def _known(cls, name: str) -> str:
        if name not in LOCAL_MODELS:
            raise ValueError(f"unknown local model {name!r}; known: {', '.join(LOCAL_MODELS)}")
        return name

    @property
    def _llm_type(self) -> str:
        return "labkit-local"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model": self.model, "temperature": self.temperature, "seed": self.seed, "top_p": self.top_p,
                "max_tokens": self.max_tokens}

    @property
    def engine(self) -> Any:
        """The loaded model (:class:`~labkit.llm.local.runtime.Engine`), shared by every instance in the process."""
        from labkit.llm.local.runtime import load_engine

        return load_engine(self.model)

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        chunks = list(self._stream(messages, stop, run_manager, **kwargs))
        text = "".join(c.message.content for c in chunks)
        last = chunks[-1].message
        message = AIMessage(content=text, usage_metadata=last.usage_metadata, response_metadata=last.response_metadata)
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        unknown = set(kwargs) - CALL_KWARGS
        if unknown:
            raise InvalidInputError(
                f"Unknown option(s) for the local model: {sorted(unknown)}. Accepted: {sorted(CALL_KWARGS)} and stop.")
        options = {k: kwargs.get(k, getattr(self, k)) for k in CALL_KWARGS}
        prompt, implied = render_prompt(messages)
        stops = [s for s in [*(stop or self.stop or []), *implied] if s]
        engine = self.engine
        prompt_ids = engine.encode(prompt)
        text, shown, produced, finish = "", 0, 0, "length"
        for sample in engine.sample(prompt_ids, **options):
            produced += 1
            text += sample.text
            hits = [text.index(s) for s in stops if s in text]
            if hits:
                text, finish = text[: min(hits)], "stop"
                break
            visible = len(text) - _held_back(text, stops)
            if visible > shown:
                yield self._chunk(text[shown:visible], run_manager)
                shown = visible
        else:
            if produced < options["max_tokens"]:
                finish = "stop"  # the model ended the text itself
        usage = {"input_tokens": len(prompt_ids), "output_tokens": produced, "total_tokens": len(prompt_ids) + produced}
        final = AIMessageChunk(content=text[shown:], usage_metadata=usage,
                               response_metadata={"model_name": self.model, "finish_reason": finish})
        if run_manager and final.content:
            run_manager.on_llm_new_token(final.content, chunk=ChatGenerationChunk(message=final))
        yield ChatGenerationChunk(message=final)

    @staticmethod
    def _chunk(piece: str, run_manager: CallbackManagerForLLMRun | None) -> ChatGenerationChunk:
        chunk = ChatGenerationChunk(message=AIMessageChunk(content=piece))
        if run_manager:
            run_manager.on_llm_new_token(piece, chunk=chunk)
        return chunk
