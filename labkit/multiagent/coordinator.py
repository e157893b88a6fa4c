"""The coordinator: decompose a project into a workflow, assign subtasks, watch them, reassign when an agent fails.

The one idea: delegation needs supervision. The coordinator

1. **decomposes** the project into subtasks (the model's step plan), tags each with the capability it needs
   (the model classifies it into the team's capabilities) and links them into stages: consecutive subtasks of one
   capability form a stage that runs in parallel, and each stage needs the one before;
2. **assigns** each subtask to the agent with the best score = capability match − load (subtasks it is already
   working on), ties broken by name so runs are repeatable;
3. **monitors**: the agent must accept within ``accept_timeout`` and deliver within ``result_timeout``; a decline,
   a silence, a failure report or a late result sends the subtask to the next best agent (at most ``max_attempts``
   agents), and every such event is logged. A subtask whose inputs failed is skipped.

Two refinements, both off by default: with a :class:`~labkit.multiagent.trust.TrustScores` ledger (``trust=``)
the capability match is the agent's trust score instead of 1, and every outcome updates it — a result counts as a
success (or, with a ``verify(subtask, output)`` check, as a success only when it passes; a rejected result is
reassigned like a failure), a failure report or a silence as a failure, a decline as nothing (busy is not
unreliable). A subtask's ``budget`` caps the task requests it may cause, its members' own requests included
(:func:`budget_share`); :mod:`labkit.multiagent.hierarchy` builds teams of teams on both.

Nothing waits forever: every wait is a :meth:`~labkit.multiagent.broker.MessageBroker.next_reply` with a deadline.

What it leaves out: cancelling work an agent is still doing after a timeout (its late reply is simply ignored),
and re-decomposing a project when a whole stage fails.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from labkit.agents.deadline import await_with_deadline
from labkit.agents.plan import Plan, Step, parse_steps
from labkit.errors import DeadlineExceededError, InvalidInputError, UnknownAgentError
from labkit.multiagent.agent import CollaborativeAgent
from labkit.multiagent.broker import MessageBroker
from labkit.multiagent.messages import Kind
from labkit.multiagent.trust import TrustScores


@dataclass
class Subtask:
    """One unit of a workflow and what happened to it."""

    id: str
    description: str
    capability: str
    depends_on: tuple[str, ...] = ()
    status: str = "pending"  # pending | running | done | failed | skipped | unassigned
    assigned: str = ""
    tried: list[str] = field(default_factory=list)
    output: str = ""
    latency: float = 0.0
    budget: int | None = None  # task requests this subtask may still cause (None: only max_attempts limits)

    def __post_init__(self) -> None:
        if self.budget is not None and (isinstance(self.budget, bool) or not isinstance(self.budget, int)
                                        or self.budget < 0):
            raise InvalidInputError(f"Subtask {self.id!r}: budget must be a whole number >= 0 or None, "
                                    f"got {self.budget!r}.")


@dataclass
class Workflow:
    """A project split into subtasks with dependencies."""

    project: str
    subtasks: list[Subtask]

    def __post_init__(self) -> None:
        # the plan checks ids, unknown dependencies and cycles
        self._plan = Plan(self.project, [Step(s.id, s.description, depends_on=s.depends_on) for s in self.subtasks])
        self._plan.phases()

    def phases(self) -> list[list[str]]:
        return self._plan.phases()

    def get(self, subtask_id: str) -> Subtask:
        return next(s for s in self.subtasks if s.id == subtask_id)

    def progress(self) -> dict[str, int]:
        """Subtasks by status, e.g. ``{"done": 3, "failed": 1}``."""
        counts: dict[str, int] = {}
        for s in self.subtasks:
            counts[s.status] = counts.get(s.status, 0) + 1
        return counts

    def to_frame(self, latency: bool = False) -> Any:
        import pandas as pd

        rows = []
        for s in self.subtasks:
            row = {"subtask": s.id, "capability": s.capability, "description": s.description,
                   "depends_on": ", ".join(s.depends_on), "status": s.status, "agent": s.assigned,
                   "tried": " > ".join(s.tried), "output": s.output[:60]}
            if latency:
                row["latency"] = s.latency
            rows.append(row)
        return pd.DataFrame(rows)


def stages(capabilities: Sequence[str]) -> list[tuple[str, ...]]:
    """Dependencies from capability stages: a run of equal capabilities is one stage, needing the previous stage.

    >>> stages(["research", "research", "analysis", "writing"])
    [(), (), ('s1', 's2'), ('s3',)]
    """
    deps: list[tuple[str, ...]] = []
    previous: list[str] = []
    current: list[str] = []
    for i, cap in enumerate(capabilities, 1):
        if i > 1 and cap != capabilities[i - 2]:
            previous, current = current, []
        deps.append(tuple(previous))
        current.append(f"s{i}")
    return deps


def budget_share(budget: int, candidates: int) -> int:
    """What a delegating member may spend below itself: the budget left after the request that reaches it, split
    evenly among the ``candidates`` still to try (itself included), so later candidates keep their part — but at
    least 1 while anything is left, since a lead with nothing to pass down can do nothing.

    >>> budget_share(7, 2), budget_share(7, 1), budget_share(2, 3), budget_share(1, 3)
    (3, 6, 1, 0)
    """
    return max(0, min(budget - 1, max(1, (budget - 1) // max(1, candidates))))


class Coordinator:
    """Runs workflows over a team of :class:`~labkit.multiagent.agent.CollaborativeAgent` (module docstring)."""

    def __init__(self, broker: MessageBroker, team: Iterable[CollaborativeAgent], *, model: Any = None,
                 name: str = "coordinator", accept_timeout: float = 2.0, result_timeout: float = 30.0,
                 max_attempts: int = 3, load_penalty: float = 0.25, trust: TrustScores | None = None,
                 verify: Callable[[Subtask, str], bool] | None = None):
        from labkit.llm import resolve_model

        self.broker = broker
        self.team = {a.name: a for a in team}
        if not self.team:
            raise InvalidInputError("A coordinator needs a team of at least one agent.")
        if not isinstance(max_attempts, int) or max_attempts < 1:
            raise InvalidInputError(f"max_attempts must be a positive integer, got {max_attempts!r}.")
        self.model = resolve_model(model)
        self.name = name
        self.mailbox = broker.register(name)
        self.accept_timeout, self.result_timeout = accept_timeout, result_timeout
        self.max_attempts, self.load_penalty = max_attempts, load_penalty
        self.trust, self.verify = trust, verify
        self.load: dict[str, int] = {n: 0 for n in self.team}
        self.events: list[str] = []

    @property
    def capabilities(self) -> list[str]:
        """Every specialisation in the team, in first-seen order."""
        seen: dict[str, None] = {}
        for agent in self.team.values():
            for s in agent.specialisations:
                seen.setdefault(s, None)
        return list(seen)

    # --- 1. decompose -------------------------------------------------------------------------------------------

    async def decompose(self, project: str) -> Workflow:
        """Steps from the model's plan, each tagged with a capability, linked into stages."""
        reply = await await_with_deadline(self.model.ainvoke(f"Plan how to: {project}"), self.result_timeout,
                                          "Decomposition")
        texts = parse_steps(str(reply.content)) or [project]
        caps = self.capabilities
        tagged = []
        for text in texts:
            if len(caps) == 1:
                tagged.append(caps[0])
                continue
            reply = await await_with_deadline(self.model.ainvoke(
                f"Classify the text into one of: {', '.join(caps)}.\nText: {text}"), self.result_timeout, "Tagging")
            label = str(reply.content).strip().lower()
            tagged.append(label if label in caps else caps[0])
        deps = stages(tagged)
        return Workflow(project, [Subtask(f"s{i}", t, c, d) for i, (t, c, d) in enumerate(zip(texts, tagged, deps), 1)])

    # --- 2. assign ----------------------------------------------------------------------------------------------

    def choose(self, capability: str, exclude: Iterable[str] = ()) -> str | None:
        """The best agent for ``capability`` not in ``exclude``: match (1, or its trust) minus load, then name;
        None if nobody fits."""
        excluded = set(exclude)
        scored = []
        for name, agent in self.team.items():
            if name in excluded or not agent.can_do(capability):
                continue
            match = self.trust.score(name) if self.trust is not None else 1.0
            scored.append((-(match - self.load_penalty * self.load[name]), name))
        return min(scored)[1] if scored else None

    # --- 3. monitor ---------------------------------------------------------------------------------------------

    def _log(self, text: str) -> None:
        self.events.append(text)

    def events_of(self, subtask_id: str) -> list[str]:
        """The events of one subtask in order (events of parallel subtasks interleave in :attr:`events`)."""
        return [e for e in self.events if e.startswith(f"{subtask_id}:")]

    def _outcome(self, agent: str, success: bool) -> None:
        if self.trust is not None:
            self.trust.record(agent, success)

    async def _attempt(self, subtask: Subtask, agent: str, inputs: dict[str, str],
                       share: int | None = None) -> tuple[bool, str]:
        """One assignment: request, wait for accept, wait for the result (and check it). Returns (done, output or
        reason). ``share`` is the budget the agent may spend below itself (sent only when the subtask has one)."""
        content = {"task": subtask.id, "description": subtask.description, "capability": subtask.capability,
                   "inputs": inputs}
        if share is not None:
            content["budget"] = share
        request = self.broker.message(self.name, agent, Kind.TASK_REQUEST, content, conversation=subtask.id)
        try:
            await self.broker.request(request)
        except UnknownAgentError as exc:
            self._outcome(agent, False)
            return False, str(exc)
        try:
            answer = await self.broker.next_reply(request, self.accept_timeout)
            if answer.kind is Kind.TASK_DECLINE:  # busy or the wrong skill: says nothing about reliability
                return False, f"declined ({answer.content.get('reason', '')})"
            result = await self.broker.next_reply(request, self.result_timeout)
            if result.kind is not Kind.TASK_RESULT:
                self._outcome(agent, False)
                return False, f"failed ({result.content.get('error', result.kind.value)})"
            output = str(result.content.get("output", ""))
            if self.verify is not None and not self.verify(subtask, output):
                self._outcome(agent, False)
                return False, "rejected (the output failed verification)"
            self._outcome(agent, True)
            return True, output
        except DeadlineExceededError as exc:
            self._outcome(agent, False)
            return False, f"no answer within {exc.seconds:g} s"
        finally:
            self.broker.close(request)

    async def complete(self, subtask: Subtask, inputs: dict[str, str]) -> None:
        """Assign, monitor and reassign one subtask until it is done or no agent is left to try."""
        started = time.monotonic()
        subtask.status = "running"
        passed_over: list[str] = []  # leads the budget cannot reach (nothing left for them to pass down)
        while len(subtask.tried) < self.max_attempts and (subtask.budget is None or subtask.budget >= 1):
            agent = self.choose(subtask.capability, [*subtask.tried, *passed_over])
            if agent is None:
                break
            share = None
            if subtask.budget is not None:  # this request costs 1; a delegating member gets a share to pass down
                left = sum(1 for n, a in self.team.items()
                           if n not in subtask.tried and n not in passed_over and a.can_do(subtask.capability))
                share = budget_share(subtask.budget, left) if self.team[agent].delegates else 0
                if self.team[agent].delegates and share < 1:
                    passed_over.append(agent)
                    self._log(f"{subtask.id}: {agent} passed over (no budget left to pass down)")
                    continue
                subtask.budget -= 1 + share
            subtask.tried.append(agent)
            subtask.assigned = agent
            self.load[agent] += 1
            self._log(f"{subtask.id}: assigned to {agent}" + (f" (budget {share})" if share else ""))
            try:
                ok, detail = await self._attempt(subtask, agent, inputs, share)
            finally:
                self.load[agent] -= 1
            if ok:
                subtask.status, subtask.output = "done", detail
                subtask.latency = time.monotonic() - started
                self._log(f"{subtask.id}: done by {agent}")
                return
            self._log(f"{subtask.id}: {agent} {detail}")
        subtask.latency = time.monotonic() - started
        subtask.status = "failed" if subtask.tried else "unassigned"
        subtask.assigned = ""
        spent = " (budget spent)" if subtask.budget is not None and (subtask.budget == 0 or passed_over) else ""
        self._log(f"{subtask.id}: {subtask.status} after trying {', '.join(subtask.tried) or 'nobody'}{spent}")

    async def run(self, work: str | Workflow) -> Workflow:
        """Decompose (for a project string) and run a workflow phase by phase, subtasks of a phase in parallel."""
        workflow = work if isinstance(work, Workflow) else await self.decompose(work)
        for phase in workflow.phases():
            ready = []
            for sid in phase:
                subtask = workflow.get(sid)
                failed = [d for d in subtask.depends_on if workflow.get(d).status != "done"]
                if failed:
                    subtask.status = "skipped"
                    self._log(f"{sid}: skipped, needs {', '.join(failed)}")
                    continue
                ready.append(subtask)
            await asyncio.gather(*(self.complete(s, {f"[{d}] {workflow.get(d).description}":
                                                    workflow.get(d).output for d in s.depends_on}) for s in ready))
        return workflow
