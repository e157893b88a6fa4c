"""Tool chaining: a fixed workflow where each tool's output feeds the next tool's arguments.

What it teaches: not every multi-tool task needs a model to decide the order. When the steps are known ("look up
the unit price, then multiply by the quantity"), write them down: each :class:`ChainStep` names a tool and its
arguments, and a string argument may quote an earlier output as ``{previous}`` or ``{<step name>}``. The chain runs
through a :class:`~labkit.tools.registry.ToolRegistry` -- local tools, MCP tools (``MCPClient.registry()``) or a
fallback toolbox (``MCPToolbox.registry()``) alike -- and stops at the first failure, saying which step failed.

The one idea: a chain is data, so it can be checked before it runs (every tool exists, every placeholder names an
earlier step) and its trace is the list of results.

Left out: branches and loops (that is a graph: see :mod:`labkit.agents.graphs`) and retrying a failed step (put a
fallback server behind the registry instead).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from labkit.errors import InvalidInputError
from labkit.tools.registry import ToolRegistry, ToolResult

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class ChainStep:
    """One tool call of a chain; ``name`` (default: the tool's) is how later steps refer to its output."""

    tool: str
    args: Mapping[str, Any] = field(default_factory=dict)
    name: str = ""

    @property
    def key(self) -> str:
        return self.name or self.tool


@dataclass
class ChainResult:
    """Every step's result in order; ``output`` is the last one's; ``failed_at`` names the failing step, or ''."""

    results: list[ToolResult]
    failed_at: str = ""

    @property
    def ok(self) -> bool:
        return not self.failed_at

    @property
    def output(self) -> str:
        return self.results[-1].output if self.results and self.ok else ""


def fill(value: Any, outputs: Mapping[str, str]) -> Any:
    """Replace ``{name}`` placeholders in a string argument with earlier outputs; other values pass unchanged.

    >>> fill("{quantity} * {previous}", {"quantity": "3", "previous": "4.5"})
    '3 * 4.5'
    >>> fill(7, {})
    7
    """
    if not isinstance(value, str):
        return value
    return _PLACEHOLDER.sub(lambda m: outputs[m.group(1)] if m.group(1) in outputs else m.group(0), value)


def _check(registry: ToolRegistry, steps: Sequence[ChainStep]) -> None:
    if not steps:
        raise InvalidInputError("A chain needs at least one step.")
    known: set[str] = set()
    for i, step in enumerate(steps):
        if step.tool not in registry:
            raise InvalidInputError(f"Step {i + 1} uses tool {step.tool!r}, which the registry does not have "
                                    f"(tools: {', '.join(registry.names())}).")
        for value in step.args.values():
            for ref in _PLACEHOLDER.findall(value) if isinstance(value, str) else ():
                if ref not in known | ({"previous"} if i else set()):
                    raise InvalidInputError(f"Step {i + 1} ({step.key}) refers to {{{ref}}}, which no earlier step "
                                            f"produced (earlier: {sorted(known) or 'none'}).")
        known.add(step.key)


def run_chain(registry: ToolRegistry, steps: Sequence[ChainStep]) -> ChainResult:
    """Run ``steps`` in order through ``registry``, each with earlier outputs filled in; stop at the first failure.

    >>> registry = ToolRegistry()
    >>> @registry.register
    ... def double(x: float) -> float:
    ...     '''Double a number.'''
    ...     return 2 * x
    >>> chain = run_chain(registry, [ChainStep("double", {"x": 3}, name="first"),
    ...                              ChainStep("double", {"x": "{first}"})])
    >>> chain.ok, [r.output for r in chain.results]
    (True, ['6.0', '12.0'])
    """
    _check(registry, steps)
    outputs: dict[str, str] = {}
    results: list[ToolResult] = []
    for step in steps:
        result = registry.call(step.tool, {k: fill(v, outputs) for k, v in step.args.items()})
        results.append(result)
        if not result.ok:
            return ChainResult(results, failed_at=step.key)
        outputs[step.key] = outputs["previous"] = result.output
    return ChainResult(results)
