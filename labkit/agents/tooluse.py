"""The tool-use agent: a ReAct-style loop with native tool calls, recovery when a tool fails, and tool statistics.

The one idea: the model decides *which* tool and *what* arguments (native ``tool_calls``), the loop decides what
happens when a tool misbehaves. Each turn the model either calls tools or answers. Every call runs under a
deadline; a failure is retried (``max_retries``), and if the tool still fails the agent asks the model to choose a
*different* tool for the same request, with the broken one excluded for the rest of the task. A tool that *refuses
the request* (bad arguments, an unsafe SQL statement, access denied: a
:class:`~labkit.errors.ToolRequestRefusedError`, a labkit ``InvalidInputError`` or a pydantic validation error) is not
broken: the call is recorded as ``refused``, not retried, and the model reads the reason and may correct its request
with the same tool next turn. Unknown tool names, exceptions, and tools that never return all end as recorded events,
never as a crash or a hang. Per-tool statistics (calls, successes, failures, refusals, timeouts, mean latency) show
which tools earn their place.

What it leaves out: running independent calls of one turn in parallel, and learning tool preferences across tasks
beyond the statistics kept on the agent.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from labkit.agents.agent import agent_tools, usage_tokens
from labkit.agents.deadline import call_with_deadline
from labkit.errors import DeadlineExceededError, InvalidInputError, ToolRequestRefusedError

REFUSALS = (ToolRequestRefusedError, InvalidInputError, ValidationError)
"""What a tool raises when the *request* is wrong (the model can correct it), as opposed to the tool being down."""
SYSTEM = ("You are a careful assistant. Use the tools when they help; answer from their results. "
          "If a tool fails, try a different one.")


@dataclass
class ToolEvent:
    """One tool call: which tool, its arguments, the outcome, and whether it replaced a failed call."""

    turn: int
    tool: str
    args: dict[str, Any]
    status: str  # ok | error | refused | timeout | unknown_tool
    result: str
    attempts: int = 1
    seconds: float = 0.0
    replaces: str = ""


@dataclass
class ToolStats:
    """Per-tool counters across every task this agent ran."""

    calls: int = 0
    ok: int = 0
    errors: int = 0
    refused: int = 0
    timeouts: int = 0
    seconds: float = 0.0

    @property
    def effectiveness(self) -> float:
        """Share of calls that returned a result."""
        return self.ok / self.calls if self.calls else 0.0


@dataclass
class ToolRun:
    """The outcome of :meth:`ToolUseAgent.run`."""

    task: str
    answer: str
    status: str  # answered | max_turns | no_answer | model_timeout
    events: list[ToolEvent] = field(default_factory=list)
    turns: int = 0
    tokens: int = 0

    def to_frame(self, durations: bool = True) -> Any:
        import pandas as pd

        rows = []
        for e in self.events:
            row = {"turn": e.turn, "tool": e.tool, "args": json.dumps(e.args, ensure_ascii=False), "status": e.status,
                   "attempts": e.attempts, "result": e.result[:60], "replaces": e.replaces}
            if durations:
                row["seconds"] = e.seconds
            rows.append(row)
        return pd.DataFrame(rows)


class ToolUseAgent:
    """A ReAct-style tool loop over any LangChain chat model that supports ``bind_tools`` (module docstring)."""

    def __init__(self, model: Any = None, tools: Iterable[Any] = (), *, max_turns: int = 5, tool_timeout: float = 5.0,
                 max_retries: int = 1, model_timeout: float = 60.0, system: str = SYSTEM):
        from labkit.llm import resolve_model

        self.model = resolve_model(model)
        self.toolbox = agent_tools(tools)
        if not len(self.toolbox):
            raise InvalidInputError("A tool-use agent needs at least one tool.")
        if not isinstance(max_turns, int) or max_turns < 1:
            raise InvalidInputError(f"max_turns must be a positive integer, got {max_turns!r}.")
        if not isinstance(max_retries, int) or max_retries < 0:
            raise InvalidInputError(f"max_retries must be 0 or more, got {max_retries!r}.")
        self.max_turns, self.tool_timeout, self.max_retries, self.system = max_turns, tool_timeout, max_retries, system
        self.model_timeout = model_timeout
        self.stats: dict[str, ToolStats] = {name: ToolStats() for name in self.toolbox.names()}

    def stats_frame(self) -> Any:
        """Per-tool statistics as a pandas table (``mean_seconds`` varies run to run)."""
        import pandas as pd

        return pd.DataFrame([{"tool": n, "calls": s.calls, "ok": s.ok, "errors": s.errors, "refused": s.refused,
                              "timeouts": s.timeouts,
                              "effectiveness": round(s.effectiveness, 2),
                              "mean_seconds": s.seconds / s.calls if s.calls else 0.0}
                             for n, s in self.stats.items()])

    def _invoke(self, name: str, args: dict[str, Any], turn: int) -> ToolEvent:
        """Call a tool with retries under a deadline, and count the outcome."""
        if name not in self.toolbox:
            return ToolEvent(turn, name, args, "unknown_tool",
                             f"Error: there is no tool named {name!r}; tools: {self.toolbox.names()}.", 0)
        tool, stats = self.toolbox.get(name).as_langchain(), self.stats[name]
        event = ToolEvent(turn, name, args, "error", "", 0)
        for _ in range(1 + self.max_retries):
            event.attempts += 1
            stats.calls += 1
            started = time.monotonic()
            try:
                result = call_with_deadline(tool.invoke, args, seconds=self.tool_timeout, what=f"Tool {name!r}")
            except DeadlineExceededError as exc:
                event.status, event.result = "timeout", f"Error: {exc}"
                stats.timeouts += 1
            except REFUSALS as exc:  # the request was wrong, not the tool: the model may fix it
                event.status, event.result = "refused", f"Error: {type(exc).__name__}: {exc}"
                stats.refused += 1
            except Exception as exc:  # a failing tool is an event, not a crash
                event.status, event.result = "error", f"Error: {type(exc).__name__}: {exc}"
                stats.errors += 1
            else:
                event.status = "ok"
                event.result = result if isinstance(result, str) else json.dumps(result, default=str)
                stats.ok += 1
            finally:
                elapsed = time.monotonic() - started
                stats.seconds += elapsed
                event.seconds += elapsed
            if event.status in ("ok", "refused", "timeout"):  # a refusal repeats; a tool that hung is not called again
                break
        return event

    def run(self, task: str) -> ToolRun:
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

        if not isinstance(task, str) or not task.strip():
            raise InvalidInputError("The task must be a non-empty string.")
        run = ToolRun(task, "", "max_turns")
        messages: list[Any] = [SystemMessage(self.system), HumanMessage(task)]
        broken: set[str] = set()
        for turn in range(1, self.max_turns + 1):
            run.turns = turn
            available = self.toolbox.langchain_tools(exclude=broken)
            model = self.model.bind_tools(available) if available else self.model
            try:
                reply = call_with_deadline(model.invoke, messages, seconds=self.model_timeout, what="The model")
            except DeadlineExceededError as exc:
                run.status, run.answer = "model_timeout", ""
                run.events.append(ToolEvent(turn, "(model)", {}, "timeout", str(exc), 1))
                return run
            run.tokens += usage_tokens(reply)
            if not reply.tool_calls:
                run.answer = str(reply.content).strip()
                run.status = "answered" if run.answer else "no_answer"
                return run
            calls, results = [], []
            for call in reply.tool_calls:
                event = self._invoke(call["name"], dict(call.get("args") or {}), turn)
                run.events.append(event)
                if event.status not in ("ok", "refused"):
                    broken.add(event.tool)
                    substitute = self._substitute(messages, broken, turn, event, run)
                    if substitute is not None:
                        event, call = substitute
                        run.events.append(event)
                calls.append({**call, "type": "tool_call"})
                results.append(ToolMessage(event.result, tool_call_id=call["id"], name=event.tool))
            messages.append(AIMessage(content=str(reply.content), tool_calls=calls))
            messages.extend(results)
        return run

    def _substitute(self, messages: list[Any], broken: set[str], turn: int, failed: ToolEvent,
                    run: ToolRun) -> tuple[ToolEvent, dict[str, Any]] | None:
        """Ask the model for a different tool for the same request; run it. None when no other tool fits."""
        others = self.toolbox.langchain_tools(exclude=broken)
        if not others:
            return None
        try:
            reply = call_with_deadline(self.model.bind_tools(others).invoke, messages, seconds=self.model_timeout,
                                       what="The model")
        except DeadlineExceededError:
            return None
        run.tokens += usage_tokens(reply)
        made = {(e.tool, json.dumps(e.args, sort_keys=True)) for e in run.events if e.turn == turn}
        fresh = [c for c in reply.tool_calls or [] if (c["name"], json.dumps(c.get("args") or {}, sort_keys=True))
                 not in made]  # the model may re-plan the whole turn: take a call not already made
        if not fresh:
            return None
        call = fresh[0]
        event = self._invoke(call["name"], dict(call.get("args") or {}), turn)
        event.replaces = failed.tool
        if event.status not in ("ok", "refused"):
            broken.add(event.tool)
        return event, call
