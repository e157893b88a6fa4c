"""Plans as data: steps with ids, dependencies, a kind, and a success criterion, run in dependency order.

The one idea: an agent's plan is not prose in a prompt, it is a data structure you can inspect, validate, draw and
execute. Each :class:`Step` says what to do (a ``tool`` call with arguments, or a ``reasoning`` step answered by the
model), which steps it needs first (``depends_on``), how to tell it worked (``success``, see
:mod:`labkit.agents.criteria`) and, optionally, what to do instead when it fails (``fallback``, the contingency).

:meth:`Plan.order` sorts the steps topologically (the standard library's :mod:`graphlib`); a cycle is a clear
:class:`~labkit.errors.PlanCycleError`, never an endless loop. :meth:`Plan.phases` groups steps that could run side by
side. Later steps use earlier outputs through ``{step_id}`` placeholders in their arguments or description.

What it leaves out: conditional branches and loops inside a plan (re-planning covers those), and parallel execution
(phases are computed, the executor runs them one step at a time so traces stay easy to read).

>>> plan = Plan("order total", [Step("a", "price of a"), Step("b", "price of b"),
...                             Step("sum", "add {a} and {b}", depends_on=("a", "b"))])
>>> plan.order(), plan.phases()
(['a', 'b', 'sum'], [['a', 'b'], ['sum']])
"""

from __future__ import annotations

import graphlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from labkit.errors import PlanCycleError, PlanError

KINDS = ("tool", "reasoning")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][\w-]*)\}")


@dataclass(frozen=True)
class Step:
    """One step of a plan. ``kind`` is ``"tool"`` (needs ``tool`` and ``args``) or ``"reasoning"`` (the model)."""

    id: str
    description: str
    kind: str = "reasoning"
    tool: str | None = None
    args: Mapping[str, Any] = field(default_factory=dict)
    depends_on: tuple[str, ...] = ()
    success: str = "nonempty"
    fallback: Step | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not re.fullmatch(r"[A-Za-z_][\w-]*", self.id):
            raise PlanError(f"Step id {self.id!r} is not a valid name: use letters, digits, '_' or '-' (e.g. 's1').")
        if self.kind not in KINDS:
            raise PlanError(f"Step {self.id!r} has kind {self.kind!r}; a step is one of {KINDS}.")
        if self.kind == "tool" and not self.tool:
            raise PlanError(f"Step {self.id!r} is a tool step but names no tool: pass tool='<tool name>'.")
        if self.kind == "reasoning" and self.tool:
            raise PlanError(f"Step {self.id!r} is a reasoning step but names tool {self.tool!r}: use kind='tool'.")
        if isinstance(self.depends_on, str):
            object.__setattr__(self, "depends_on", (self.depends_on,))
        object.__setattr__(self, "depends_on", tuple(self.depends_on))
        object.__setattr__(self, "args", dict(self.args))
        if self.id in self.depends_on:
            raise PlanCycleError([self.id, self.id])


@dataclass(frozen=True)
class Plan:
    """A goal and its steps. Construction checks ids and dependencies; :meth:`order` checks for cycles."""

    goal: str
    steps: Sequence[Step]

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(self.steps))
        if not self.steps:
            raise PlanError(f"The plan for {self.goal!r} has no steps: give it at least one Step.")
        seen: set[str] = set()
        for step in self.steps:
            if not isinstance(step, Step):
                raise PlanError(f"Plan steps must be Step objects, got {type(step).__name__}.")
            if step.id in seen:
                raise PlanError(f"Two steps share the id {step.id!r}: step ids must be unique.")
            seen.add(step.id)
        for step in self.steps:
            unknown = [d for d in step.depends_on if d not in seen]
            if unknown:
                raise PlanError(f"Step {step.id!r} depends on unknown step(s) {unknown}; known steps: {sorted(seen)}.")

    def step(self, step_id: str) -> Step:
        """The step with this id."""
        for s in self.steps:
            if s.id == step_id:
                return s
        raise PlanError(f"The plan has no step {step_id!r}; steps: {[s.id for s in self.steps]}.")

    def _sorter(self) -> graphlib.TopologicalSorter[str]:
        sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
        for s in self.steps:
            sorter.add(s.id, *s.depends_on)
        return sorter

    def phases(self) -> list[list[str]]:
        """Steps grouped into phases: each phase needs only steps of earlier phases (plan order within a phase)."""
        sorter = self._sorter()
        try:
            sorter.prepare()
        except graphlib.CycleError as exc:
            cycle = list(exc.args[1])
            raise PlanCycleError(cycle[::-1]) from None
        position = {s.id: i for i, s in enumerate(self.steps)}
        out: list[list[str]] = []
        while sorter.is_active():
            ready = sorted(sorter.get_ready(), key=position.__getitem__)
            out.append(ready)
            sorter.done(*ready)
        return out

    def order(self) -> list[str]:
        """Step ids in an order where every step comes after the steps it depends on."""
        return [step_id for phase in self.phases() for step_id in phase]

    def dependents(self, step_id: str) -> set[str]:
        """Every step that needs ``step_id``, directly or through other steps."""
        found: set[str] = set()
        frontier = {step_id}
        while frontier:
            nxt = {s.id for s in self.steps if set(s.depends_on) & frontier} - found
            found |= nxt
            frontier = nxt
        return found

    def to_frame(self) -> Any:
        """The plan as a pandas table (one row per step)."""
        import pandas as pd

        return pd.DataFrame([{"step": s.id, "kind": s.kind, "tool": s.tool or "", "description": s.description,
                              "depends_on": ", ".join(s.depends_on), "success": s.success,
                              "fallback": s.fallback.id if s.fallback else ""} for s in self.steps])


def fill_placeholders(value: Any, outputs: Mapping[str, str]) -> Any:
    """Replace ``{step_id}`` with that step's output, in strings and inside lists and dicts; others are left alone.

    >>> fill_placeholders({"expression": "{a} * 3"}, {"a": "12"})
    {'expression': '12 * 3'}
    """
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda m: str(outputs[m.group(1)]) if m.group(1) in outputs else m.group(0), value)
    if isinstance(value, Mapping):
        return {k: fill_placeholders(v, outputs) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(fill_placeholders(v, outputs) for v in value)
    return value


def parse_steps(text: str) -> list[str]:
    """Step texts from a model's numbered or bulleted list (other lines are ignored).

    >>> parse_steps("Here is the plan:\\n1. Collect data\\n2) Compute totals\\n- Write report")
    ['Collect data', 'Compute totals', 'Write report']
    """
    steps = []
    for line in text.splitlines():
        m = re.match(r"^\s*(?:\d+[.)]|[-*•])\s+(.+?)\s*$", line)
        if m:
            steps.append(m.group(1))
    return steps
