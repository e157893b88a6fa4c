"""The agent loop: plan, execute, evaluate — with every step verified, recorded and bounded.

The one idea: an agent is a loop around a model, and the loop is ordinary code you can read. :meth:`Agent.run`

1. **plans** — asks the model for steps (or takes a :class:`~labkit.agents.plan.Plan` you wrote) and turns each
   step into data: a tool call when a bound tool fits it, otherwise a reasoning step;
2. **executes** — in dependency order; each step runs under a deadline, is verified against its success criterion,
   and on failure is retried with an adjusted strategy (:mod:`labkit.agents.healing`), then its ``fallback``
   (contingency) runs; steps whose inputs failed are skipped, not guessed;
3. **evaluates** — the run succeeds when every step passed (and the goal's own criterion, if given); otherwise the
   failed and skipped steps get another round, up to ``max_rounds``.

Working memory holds this run's step outputs; long-term memory recalls what earlier runs learned and stores this
run's result and failure lessons. Hard limits (:class:`~labkit.agents.limits.Limits`) on steps, tokens and time
stop the loop with the reason recorded in :attr:`AgentRun.status` and the trace.

What it leaves out: parallel execution of independent steps (the phases are shown, the steps run one at a time)
and re-planning from scratch with a new plan (the rounds retry the same plan's failed steps).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from labkit.agents.criteria import Verdict, verify
from labkit.agents.deadline import call_with_deadline
from labkit.agents.healing import Adjustment, SelfHealing
from labkit.agents.limits import Budget, Limits
from labkit.agents.memory import LongTermMemory, Memory, WorkingMemory
from labkit.agents.plan import Plan, Step, fill_placeholders, parse_steps
from labkit.agents.trace import StepRecord, Trace
from labkit.errors import DeadlineExceededError, InvalidInputError, LabkitError, PlanError
from labkit.tools.registry import ToolRegistry


@dataclass
class AgentRun:
    """The outcome of :meth:`Agent.run`: status, answer, the plan and the trace, and what memory was recalled."""

    goal: str
    status: str  # succeeded | failed | stopped | invalid_plan
    answer: str = ""
    reason: str = ""
    plan: Plan | None = None
    trace: Trace = field(default_factory=Trace)
    outputs: dict[str, str] = field(default_factory=dict)
    rounds: int = 0
    recalled: list[Memory] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "succeeded"


def agent_tools(tools: Iterable[Any] | ToolRegistry) -> ToolRegistry:
    """An agent's tools as a :class:`~labkit.tools.ToolRegistry` (agents build on the level-4 registry).

    A registry is used as it is. A LangChain tool joins unchanged; a plain function becomes one with LangChain's
    ``@tool``, whose whole docstring is the description the model reads, so it must have one.
    """
    if isinstance(tools, ToolRegistry):
        return tools
    from langchain_core.tools import BaseTool, tool

    converted = []
    for obj in tools:
        if not isinstance(obj, BaseTool):
            if not callable(obj):
                raise InvalidInputError(f"Cannot use {type(obj).__name__} as a tool: pass a LangChain tool or a "
                                        "function.")
            if not (getattr(obj, "__doc__", None) or "").strip():
                raise InvalidInputError(
                    f"Function {getattr(obj, '__name__', obj)!r} has no docstring: a tool needs a description so the "
                    "model knows when to use it. Add a docstring or decorate it with @tool(description=...).")
            obj = tool(obj)
        converted.append(obj)
    return ToolRegistry(converted)


def usage_tokens(message: Any) -> int:
    """Total tokens reported by a LangChain AI message (0 when the provider reports none)."""
    usage = getattr(message, "usage_metadata", None) or {}
    return int(usage.get("total_tokens", 0))


class Agent:
    """A plan → execute → evaluate agent over a chat model and LangChain tools (see the module docstring)."""

    def __init__(self, model: Any = None, tools: Iterable[Any] = (), *, limits: Limits | None = None,
                 memory: LongTermMemory | None = None, judge: Any = None, max_rounds: int = 1,
                 healing: SelfHealing | None = None):
        from labkit.llm import resolve_model

        if not isinstance(max_rounds, int) or max_rounds < 1:
            raise InvalidInputError(f"max_rounds must be a positive integer, got {max_rounds!r}.")
        self.model = resolve_model(model)
        self.judge = judge if judge is not None else self.model
        self.toolbox = agent_tools(tools)
        self.limits = limits or Limits()
        self.memory = memory if memory is not None else LongTermMemory()
        self.working = WorkingMemory()
        self.max_rounds = max_rounds
        self.healing = healing or SelfHealing(max_attempts=self.limits.max_attempts)

    # --- 1. plan ------------------------------------------------------------------------------------------------

    def plan(self, goal: str, budget: Budget | None = None, trace: Trace | None = None) -> Plan:
        """Ask the model for numbered steps; each becomes a tool step (if a bound tool fits it) or a reasoning step."""
        budget = budget or Budget(self.limits)
        started = time.monotonic()
        reply = call_with_deadline(self.model.invoke, f"Plan how to: {goal}", seconds=budget.step_deadline(),
                                   what="Planning")
        texts = parse_steps(str(reply.content))
        tokens = usage_tokens(reply)
        note = ""
        if not texts:  # the model answered instead of planning: the goal is a one-step plan
            texts, note = [goal], "no numbered steps in the reply: one-step plan"
        steps = []
        for i, text in enumerate(texts, 1):
            call, used = self._choose_tool(text, self.toolbox.langchain_tools(), budget)
            tokens += used
            depends = (f"s{i - 1}",) if i > 1 else ()
            if call:
                steps.append(Step(f"s{i}", text, kind="tool", tool=call["name"], args=call["args"], depends_on=depends))
            else:
                steps.append(Step(f"s{i}", text, depends_on=depends))
        budget.spend(steps=1, tokens=tokens)
        plan = Plan(goal, steps)
        if trace is not None:
            trace.add(StepRecord("plan", "planning", goal, "; ".join(f"{s.id}={s.kind}" for s in steps),
                                 attempts=1, tokens=tokens, seconds=time.monotonic() - started, note=note))
        return plan

    def _choose_tool(self, text: str, tools: Iterable[Any], budget: Budget) -> tuple[dict[str, Any] | None, int]:
        """The model's tool call for a step's text among ``tools`` (None when no tool fits), and tokens used."""
        tools = list(tools)
        if not tools:
            return None, 0
        try:
            bound = self.model.bind_tools(tools)
        except NotImplementedError:  # a model without tool calling: every step is a reasoning step
            return None, 0
        reply = call_with_deadline(bound.invoke, text, seconds=budget.step_deadline(), what="Tool selection")
        calls = reply.tool_calls or []
        return (calls[0] if calls else None), usage_tokens(reply)

    # --- 2. execute ---------------------------------------------------------------------------------------------

    def reasoning_prompt(self, step: Step, outputs: dict[str, str], plan: Plan, recalled: list[Memory],
                         adjustment: Adjustment | None) -> str:
        """The prompt for a reasoning step: recalled memories, the outputs it builds on, the task, the adjustment."""
        from labkit.llm.tokens import count_tokens, truncate_tokens

        ancestors = [s.id for s in plan.steps if s.id in outputs and s.id in self._ancestors(plan, step)]
        context = "\n".join(f"[{sid}] {self._describe(plan.step(sid), outputs)}: {outputs[sid]}" for sid in ancestors)
        parts = []
        if recalled and not (adjustment and adjustment.strategy == "shorten"):
            parts.append("Memory:\n" + "\n".join(f"- {m.text}" for m in recalled))
        if context:
            if adjustment and adjustment.strategy == "shorten":
                context = truncate_tokens(context, max(16, count_tokens(context) // 2))
            parts.append(f"Context:\n{context}")
        task = fill_placeholders(step.description, outputs)
        if adjustment and adjustment.strategy == "strict":
            task += "\nAnswer with the result only."
        if adjustment and adjustment.strategy == "rephrase":
            task += f"\nMake sure the answer satisfies: {step.success} ({adjustment.reason})."
        parts.append(f"Question: {task}")
        return "\n".join(parts)

    @staticmethod
    def _describe(step: Step, outputs: dict[str, str]) -> str:
        return fill_placeholders(step.description, outputs).rstrip(" .:")

    @staticmethod
    def _ancestors(plan: Plan, step: Step) -> set[str]:
        found: set[str] = set()
        frontier = list(step.depends_on)
        while frontier:
            sid = frontier.pop()
            if sid not in found:
                found.add(sid)
                frontier.extend(plan.step(sid).depends_on)
        return found

    def _attempt(self, step: Step, plan: Plan, outputs: dict[str, str], recalled: list[Memory],
                 adjustment: Adjustment | None, seconds: float, box: dict[str, Any]) -> str:
        """Run one attempt of a step under a deadline; ``box`` receives its input and tokens for the record."""
        if step.kind == "tool":
            tool = self.toolbox.get(step.tool or "").as_langchain()
            args = fill_placeholders(step.args, outputs)
            box["input"] = f"{step.tool}({json.dumps(args, ensure_ascii=False)})"
            result = call_with_deadline(tool.invoke, args, seconds=seconds, what=f"Tool {step.tool!r}")
            return result if isinstance(result, str) else json.dumps(result, ensure_ascii=False, default=str)
        prompt = self.reasoning_prompt(step, outputs, plan, recalled, adjustment)
        box["input"] = prompt
        reply = call_with_deadline(self.model.invoke, prompt, seconds=seconds, what=f"Step {step.id!r}")
        box["tokens"] += usage_tokens(reply)
        return str(reply.content).strip()

    def _run_step(self, step: Step, plan: Plan, outputs: dict[str, str], recalled: list[Memory],
                  budget: Budget, phase: int, note: str = "") -> StepRecord:
        box: dict[str, Any] = {"input": step.description, "tokens": 0}
        started = time.monotonic()
        check = (lambda out: verify(out, step.success, judge=self.judge, question=step.description,
                                    timeout=budget.step_deadline()))
        outcome = self.healing.run(
            lambda adj: self._attempt(step, plan, outputs, recalled, adj, budget.step_deadline(), box),
            check=check, time_left=budget.remaining_seconds)
        budget.spend(steps=len(outcome.attempts), tokens=box["tokens"])
        if outcome.ok:
            status = "passed"
        elif isinstance(outcome.error, DeadlineExceededError):
            status = "timeout"
        else:
            status = "error" if outcome.error is not None else "failed"
        last = outcome.attempts[-1] if outcome.attempts else None
        problem = (last.error or last.verdict) if last else ""
        return StepRecord(step.id, step.kind, box["input"], "" if outcome.value is None else str(outcome.value),
                          status, len(outcome.attempts), outcome.strategy, box["tokens"],
                          time.monotonic() - started, "; ".join(p for p in (note, problem) if p), phase)

    def execute(self, plan: Plan, budget: Budget, trace: Trace, outputs: dict[str, str],
                recalled: list[Memory] = ()) -> str | None:
        """Run every step not yet passed, in dependency order; returns the limit that stopped it, if any."""
        phase_of = {sid: i for i, phase in enumerate(plan.phases(), 1) for sid in phase}
        stopped: str | None = None
        for sid in plan.order():
            if sid in outputs:
                continue
            step = plan.step(sid)
            blocked = [d for d in step.depends_on if d not in outputs]
            if stopped or (stopped := budget.exhausted()):
                trace.add(StepRecord(sid, step.kind, step.description, status="skipped", note=f"stopped: {stopped}",
                                     phase=phase_of[sid]))
                continue
            if blocked:
                trace.add(StepRecord(sid, step.kind, step.description, status="skipped",
                                     note=f"needs {', '.join(blocked)}, which did not pass", phase=phase_of[sid]))
                continue
            record = trace.add(self._run_step(step, plan, outputs, list(recalled), budget, phase_of[sid]))
            if record.status != "passed" and step.fallback is not None and not budget.exhausted():
                fallback = trace.add(self._run_step(step.fallback, plan, outputs, list(recalled), budget,
                                                    phase_of[sid], note=f"contingency for {sid}"))
                record = fallback if fallback.status == "passed" else record
            if record.status == "passed":
                outputs[sid] = record.output
                self.working.remember(sid, record.output)
            self.working.note(f"{sid}: {record.status}")
        return stopped

    # --- 3. evaluate --------------------------------------------------------------------------------------------

    def evaluate(self, plan: Plan, outputs: dict[str, str], answer: str, success: str | None) -> Verdict:
        """Did the run reach its goal? Every step must have passed, then the goal's own criterion (if any)."""
        missing = [s.id for s in plan.steps if s.id not in outputs]
        if missing:
            return Verdict(False, f"steps without a passing output: {', '.join(missing)}")
        if success:
            return verify(answer, success, judge=self.judge, question=plan.goal, timeout=self.limits.step_timeout)
        return Verdict(True)

    @staticmethod
    def answer_of(plan: Plan, outputs: dict[str, str]) -> str:
        """The outputs of the final steps (those nothing else depends on), in plan order."""
        needed = {d for s in plan.steps for d in s.depends_on}
        return "\n".join(outputs[s.id] for s in plan.steps if s.id not in needed and s.id in outputs)

    def validate(self, plan: Plan) -> None:
        """Reject a plan this agent cannot run: a cycle, or a tool it does not have."""
        plan.order()
        for step in plan.steps:
            for s in (step, step.fallback) if step.fallback else (step,):
                if s.kind == "tool" and s.tool not in self.toolbox:
                    raise PlanError(f"Step {s.id!r} uses tool {s.tool!r}, which this agent does not have; "
                                    f"its tools: {self.toolbox.names() or 'none'}.")

    def run(self, goal: str, plan: Plan | None = None, success: str | None = None, *,
            budget: Budget | None = None, trace: Trace | None = None) -> AgentRun:
        """Plan (unless ``plan`` is given), execute and evaluate; never raises for a bad plan or a spent budget.

        ``budget`` and ``trace`` continue ones already started (a subclass that planned before calling this).
        """
        if not isinstance(goal, str) or not goal.strip():
            raise InvalidInputError("The goal must be a non-empty string describing what to achieve.")
        budget = budget or Budget(self.limits)
        trace = trace if trace is not None else Trace()
        self.working.clear()
        recalled = self.memory.recall(goal)
        run = AgentRun(goal, "failed", trace=trace, recalled=recalled)
        try:
            plan = plan if plan is not None else self.plan(goal, budget, trace)
            self.validate(plan)
        except PlanError as exc:
            run.status, run.reason = "invalid_plan", str(exc)
            return run
        except LabkitError as exc:  # the model failed while planning (timeout, rate limit, ...)
            run.status, run.reason = "failed", f"planning failed: {type(exc).__name__}: {exc}"
            return run
        run.plan = plan
        outputs: dict[str, str] = {}
        for run.rounds in range(1, self.max_rounds + 1):
            stopped = self.execute(plan, budget, trace, outputs, recalled)
            run.answer = self.answer_of(plan, outputs)
            verdict = self.evaluate(plan, outputs, run.answer, success)
            trace.add(StepRecord("evaluate", "evaluation", success or "every step passed",
                                 "passed" if verdict.passed else verdict.reason,
                                 "passed" if verdict.passed else "failed", phase=0))
            if verdict.passed:
                run.status, run.reason = "succeeded", ""
                break
            run.status, run.reason = ("stopped", stopped) if stopped else ("failed", verdict.reason)
            if stopped:
                break
            limit = budget.exhausted()
            if limit:
                run.status, run.reason = "stopped", limit
                break
        run.outputs = dict(outputs)
        self._learn(run)
        return run

    def _learn(self, run: AgentRun) -> None:
        """Store the result, and a lesson for every step that failed, in long-term memory."""
        self.memory.remember(f"Goal '{run.goal}' {run.status}: {run.answer or run.reason}"[:500], kind="task")
        for r in run.trace.records:
            if r.status in ("failed", "error", "timeout") and r.note:
                self.memory.remember(f"Step '{r.step}' ({r.input[:80]}) {r.status}: {r.note}"[:300], kind="lesson")
