"""The planning agent: analyse the task's complexity, plan in phases, verify each step, and keep a contingency.

The one idea: before acting on a complex task, size it up and prepare for failure. :class:`PlanningAgent` extends
the basic loop with

- **complexity analysis** — computed from the plan's shape (steps, tool steps, phases, the longest dependency
  chain), not asked of the model, so it is the same every time and explains itself;
- **phases** — steps grouped so each phase needs only earlier phases (:meth:`~labkit.agents.plan.Plan.phases`);
- **verification** — every step is checked against its success criterion before later phases use it;
- **contingency** — every tool step gets a fallback before execution starts: another tool the model would choose
  for the same step with the first one excluded, or, when no other tool fits, a reasoning step that works from
  what earlier steps found.

What it leaves out: estimating cost or duration per phase, and asking a person to approve the plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from labkit.agents.agent import Agent, AgentRun
from labkit.agents.limits import Budget
from labkit.agents.plan import Plan, Step
from labkit.agents.trace import Trace
from labkit.errors import LabkitError, PlanError


@dataclass(frozen=True)
class Analysis:
    """The shape of a plan and the complexity level it implies."""

    steps: int
    tool_steps: int
    phases: int
    longest_chain: int
    score: int
    complexity: str

    def as_dict(self) -> dict[str, Any]:
        return {"steps": self.steps, "tool_steps": self.tool_steps, "phases": self.phases,
                "longest_chain": self.longest_chain, "score": self.score, "complexity": self.complexity}


def analyse(plan: Plan) -> Analysis:
    """Complexity from the plan's shape: ``score = steps + tool steps + phases``; low <= 5 < medium <= 10 < high.

    >>> analyse(Plan("g", [Step("a", "x"), Step("b", "y", depends_on=("a",))])).complexity
    'low'
    """
    phases = plan.phases()
    depth: dict[str, int] = {}
    for sid in plan.order():
        depth[sid] = 1 + max((depth[d] for d in plan.step(sid).depends_on), default=0)
    tool_steps = sum(1 for s in plan.steps if s.kind == "tool")
    score = len(plan.steps) + tool_steps + len(phases)
    level = "low" if score <= 5 else "medium" if score <= 10 else "high"
    return Analysis(len(plan.steps), tool_steps, len(phases), max(depth.values()), score, level)


class PlanningAgent(Agent):
    """An :class:`~labkit.agents.agent.Agent` that analyses, phases and prepares contingencies (module docstring)."""

    def __init__(self, model: Any = None, tools: Iterable[Any] = (), **kwargs: Any):
        super().__init__(model, tools, **kwargs)

    def with_contingencies(self, plan: Plan, budget: Budget) -> Plan:
        """The plan with a fallback for every tool step that has none (another tool, else a reasoning step)."""
        steps = []
        for step in plan.steps:
            if step.kind == "tool" and step.fallback is None:
                others = self.toolbox.langchain_tools(exclude={step.tool or ""})
                call, _ = self._choose_tool(step.description, others, budget) if others else (None, 0)
                if call:
                    fallback = Step(f"{step.id}_alt", step.description, kind="tool", tool=call["name"],
                                    args=call["args"], depends_on=step.depends_on, success=step.success)
                else:
                    fallback = Step(f"{step.id}_alt", step.description, depends_on=step.depends_on,
                                    success=step.success)
                step = replace(step, fallback=fallback)
            steps.append(step)
        return Plan(plan.goal, steps)

    def run(self, goal: str, plan: Plan | None = None, success: str | None = None, *,
            budget: Budget | None = None, trace: Trace | None = None) -> AgentRun:
        budget = budget or Budget(self.limits)
        trace = trace if trace is not None else Trace()
        try:
            base = plan if plan is not None else self.plan(goal, budget, trace)
            analysis = analyse(base)
            prepared = self.with_contingencies(base, budget)
        except PlanError as exc:
            return AgentRun(goal, "invalid_plan", reason=str(exc), trace=trace)
        except LabkitError as exc:  # the model failed while planning
            return AgentRun(goal, "failed", reason=f"planning failed: {type(exc).__name__}: {exc}", trace=trace)
        run = super().run(goal, plan=prepared, success=success, budget=budget, trace=trace)
        run.details["analysis"] = analysis.as_dict()
        run.details["phases"] = prepared.phases()
        return run
