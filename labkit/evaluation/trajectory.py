"""Agent trajectory checks: judge what an agent did, not only what it finally said.

Two agents can give the same final answer, one after looking the order up and one by guessing; one may also have
called ``refund_payment`` on the way. A trajectory check reads the sequence of tool calls and asserts:

* **expected tools**, in one of three senses: ``"in_order"`` (they appear in this order, other calls may come in
  between: the usual choice), ``"exact"`` (exactly this sequence, nothing else), ``"any_order"`` (each appears);
* **forbidden tools** never called (side effects the task must not cause);
* a **step budget**: at most ``max_steps`` tool calls (loops and dithering cost money and time).

:func:`tool_sequence` reads the calls from whatever the run left: tool names, ``{"name": ...}`` or
``{"tool": ...}`` records, objects with a ``tool`` name (the steps of :func:`labkit.tools.run_tool_loop`), or
LangChain messages (an ``AIMessage``'s ``tool_calls``), so the same check works on labkit's tool loop, a LangGraph
run's messages or a trace. :func:`check_trajectory` returns every problem in words.

>>> report = check_trajectory(["lookup_order", "get_weather", "refund_payment"],
...                           expected=["lookup_order", "refund_status"], forbidden=["refund_payment"], max_steps=2)
>>> report.passed
False
>>> for problem in report.problems:
...     print(problem)
expected refund_status after lookup_order (in order), never called
called forbidden tool refund_payment at step 3
3 tool calls, over the budget of 2

Left out: checking the arguments of each call (compare them with :mod:`.metrics` once the names match) and
partial-credit scores such as tool-call F1.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from labkit.errors import InvalidInputError

ORDERS = ("in_order", "exact", "any_order")


def tool_sequence(steps: Iterable[Any]) -> list[str]:
    """The names of the tools called, in order, from names, dicts or LangChain messages.

    >>> tool_sequence(["search", {"name": "fetch"}, {"tool": "summarise", "args": {}}])
    ['search', 'fetch', 'summarise']
    """
    if isinstance(steps, str):
        raise InvalidInputError("Pass a list of steps (tool names, dicts or messages), not one string.")
    names: list[str] = []
    for step in steps:
        if isinstance(step, str):
            names.append(step)
        elif isinstance(step, dict) and isinstance(step.get("name") or step.get("tool"), str):
            names.append(step.get("name") or step["tool"])
        elif hasattr(step, "tool_calls"):  # an AIMessage: zero or more calls
            names.extend(call["name"] for call in step.tool_calls)
        elif isinstance(getattr(step, "tool", None), str):  # a step record, e.g. labkit.tools' ToolStep
            names.append(step.tool)
        elif getattr(step, "type", None) == "tool" or type(step).__name__ in {"HumanMessage", "SystemMessage",
                                                                            "ToolMessage"}:
            continue  # tool results and user turns are not calls
        else:
            raise InvalidInputError(f"Cannot read a tool call from {type(step).__name__}: pass tool names, "
                                    "{'name': ...} dicts or LangChain messages.")
    return names


@dataclass(frozen=True)
class TrajectoryReport:
    """``passed`` when there are no ``problems``; ``tools`` is the sequence that was checked."""

    tools: list[str]
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def _missing_in_order(tools: Sequence[str], expected: Sequence[str]) -> str | None:
    position = 0
    for i, name in enumerate(expected):
        while position < len(tools) and tools[position] != name:
            position += 1
        if position == len(tools):
            after = f" after {expected[i - 1]}" if i else ""
            return f"expected {name}{after} (in order), never called"
        position += 1
    return None


def check_trajectory(steps: Iterable[Any], expected: Sequence[str] = (), *, order: str = "in_order",
                     forbidden: Sequence[str] = (), max_steps: int | None = None) -> TrajectoryReport:
    """Check a run's tool calls against expected tools, forbidden tools and a step budget (module docstring)."""
    if order not in ORDERS:
        raise InvalidInputError(f"order must be one of {', '.join(ORDERS)}, not {order!r}.")
    if max_steps is not None and max_steps < 0:
        raise InvalidInputError(f"max_steps must be 0 or more, not {max_steps}.")
    tools = tool_sequence(steps)
    problems = []
    if order == "exact" and list(tools) != list(expected):
        problems.append(f"expected exactly {' -> '.join(expected) or 'no calls'}, got {' -> '.join(tools) or 'none'}")
    elif order == "any_order":
        problems += [f"expected {name}, never called" for name in dict.fromkeys(expected) if name not in tools]
    elif order == "in_order":
        missing = _missing_in_order(tools, expected)
        if missing:
            problems.append(missing)
    problems += [f"called forbidden tool {name} at step {i}" for i, name in enumerate(tools, 1) if name in forbidden]
    if max_steps is not None and len(tools) > max_steps:
        problems.append(f"{len(tools)} tool calls, over the budget of {max_steps}")
    return TrajectoryReport(tools, problems)
