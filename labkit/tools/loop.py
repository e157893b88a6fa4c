"""The tool-calling loop: ask, run the requested tools, feed results back, repeat until an answer or the cap.

What it teaches: tool use is a conversation. The model replies either with text (done) or with tool calls; we run
each call through the registry (validation included), append one ``ToolMessage`` per call, and ask again. The same
loop runs on LangChain's native tool calls (``bind_tools``: the offline model, OpenAI, Anthropic, Ollama...) and,
for models without them, on the text protocol of :mod:`labkit.tools.protocol`.

The one idea: the loop, not the model, owns control. It caps the number of turns (a confused model can call tools
forever), and it turns every failure (unknown tool, bad arguments, a tool's exception) into an observation the model
can act on.

Left out: parallel execution of independent calls (they run in order) and streaming.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from labkit.errors import InvalidInputError, MalformedOutputError, ToolLoopLimitError
from labkit.tools.protocol import INSTRUCTIONS, Action, FinalAnswer, parse_action
from labkit.tools.registry import ToolRegistry


@dataclass(frozen=True)
class ToolStep:
    """One tool call made during the loop and what came back."""

    tool: str
    args: dict[str, Any]
    output: str
    ok: bool


@dataclass
class ToolLoopResult:
    """The final answer, every tool step in order, how many model turns it took, and which protocol ran."""

    answer: str
    steps: list[ToolStep] = field(default_factory=list)
    turns: int = 0
    mode: str = "native"


def _supports_native_tools(model: Any) -> bool:
    from langchain_core.language_models import BaseChatModel

    bind = getattr(type(model), "bind_tools", None)
    return bind is not None and bind is not BaseChatModel.bind_tools


def run_tool_loop(
    model: Any,
    registry: ToolRegistry,
    question: str,
    *,
    max_iterations: int = 5,
    mode: Literal["auto", "native", "text"] = "auto",
    system: str | None = None,
) -> ToolLoopResult:
    """Answer ``question`` with ``model`` using the tools in ``registry``.

    ``mode="auto"`` uses native tool calls when the model class implements ``bind_tools`` and the text protocol
    otherwise. Raises :class:`~labkit.errors.ToolLoopLimitError` after ``max_iterations`` model turns without an answer.
    """
    if not isinstance(question, str) or not question.strip():
        raise InvalidInputError("The question must be non-empty text.")
    if not isinstance(max_iterations, int) or max_iterations < 1:
        raise InvalidInputError(f"max_iterations must be a positive integer, got {max_iterations!r}.")
    if mode not in ("auto", "native", "text"):
        raise InvalidInputError(f"mode must be 'auto', 'native' or 'text', got {mode!r}.")
    if len(registry) == 0:
        raise InvalidInputError("The registry has no tools; register at least one before running the loop.")
    if mode == "auto":
        mode = "native" if _supports_native_tools(model) else "text"
    if mode == "native":
        return _native_loop(model, registry, question, max_iterations, system)
    return _text_loop(model, registry, question, max_iterations, system)


def _native_loop(model: Any, registry: ToolRegistry, question: str, cap: int, system: str | None) -> ToolLoopResult:
    from langchain_core.messages import HumanMessage, SystemMessage, ToolMessage

    bound = model.bind_tools(registry.langchain_tools())
    messages: list[Any] = ([SystemMessage(system)] if system else []) + [HumanMessage(question)]
    steps: list[ToolStep] = []
    for turn in range(1, cap + 1):
        reply = bound.invoke(messages)
        messages.append(reply)
        calls = getattr(reply, "tool_calls", None) or []
        if not calls:
            return ToolLoopResult(_text_of(reply), steps, turn, "native")
        for call in calls:
            result = registry.call(call["name"], call.get("args", {}))
            steps.append(ToolStep(call["name"], dict(call.get("args") or {}), result.content, result.ok))
            messages.append(ToolMessage(result.content, tool_call_id=call.get("id") or f"call_{len(steps)}",
                                        name=call["name"]))
    raise ToolLoopLimitError(cap)


def _text_loop(model: Any, registry: ToolRegistry, question: str, cap: int, system: str | None) -> ToolLoopResult:
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    preamble = INSTRUCTIONS.format(tools=registry.describe())
    messages: list[Any] = [SystemMessage(f"{system}\n\n{preamble}" if system else preamble),
                           HumanMessage(f"Question: {question}")]
    steps: list[ToolStep] = []
    for turn in range(1, cap + 1):
        reply = model.invoke(messages)
        text = _text_of(reply)
        messages.append(AIMessage(text))
        try:
            parsed = parse_action(text)
        except MalformedOutputError as exc:
            messages.append(HumanMessage(f"Observation: your reply did not follow the format. {exc}"))
            continue
        if isinstance(parsed, FinalAnswer):
            return ToolLoopResult(parsed.text, steps, turn, "text")
        args = _map_bare_input(registry, parsed)
        result = registry.call(parsed.tool, args)
        steps.append(ToolStep(parsed.tool, args, result.content, result.ok))
        messages.append(HumanMessage(f"Observation: {result.content}"))
    raise ToolLoopLimitError(cap)


def _map_bare_input(registry: ToolRegistry, action: Action) -> dict[str, Any]:
    """A bare ``Action Input: 2+2`` becomes ``{"expression": "2+2"}`` when the tool has exactly one parameter."""
    if set(action.args) == {"input"} and action.tool in registry:
        params = list(registry.get(action.tool).args_model.model_fields)
        if len(params) == 1 and params[0] != "input":
            return {params[0]: action.args["input"]}
    return dict(action.args)


def _text_of(message: Any) -> str:
    content = getattr(message, "content", message)
    if isinstance(content, list):
        return "".join(b if isinstance(b, str) else str(b.get("text", "")) for b in content)
    return str(content)
