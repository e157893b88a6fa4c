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

Nothing waits forever: every wait is a :meth:`~labkit.multiagent.broker.MessageBroker.next_reply` with a deadline.

What it leaves out: cancelling work an agent is still doing after a timeout (its late reply is simply ignored),
and re-decomposing a project when a whole stage fails.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from labkit.agents.deadline import await_with_deadline
from labkit.agents.plan import Plan, Step, parse_steps
from labkit.errors import DeadlineExceededError, InvalidInputError, UnknownAgentError
from labkit.multiagent.agent import CollaborativeAgent
from labkit.multiagent.broker import MessageBroker
from labkit.multiagent.messages import Kind


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


class Coordinator:
    """Runs workflows over a team of :class:`~labkit.multiagent.agent.CollaborativeAgent` (module docstring)."""

    def __init__(self, broker: MessageBroker, team: Iterable[CollaborativeAgent], *, model: Any = None,
                 name: str = "coordinator", accept_timeout: float = 2.0, result_timeout: float = 30.0,
                 max_attempts: int = 3, load_penalty: float = 0.25):
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
        """The best agent for ``capability`` not in ``exclude``: match minus load, then name; None if nobody fits."""
        excluded = set(exclude)
        scored = []
        for name, agent in self.team.items():
            if name in excluded or not agent.can_do(capability):
                continue
            scored.append((-(1.0 - self.load_penalty * self.load[name]), name))
        return min(scored)[1] if scored else None

    # --- 3. monitor ---------------------------------------------------------------------------------------------

    def _log(self, text: str) -> None:
        self.events.append(text)

    def events_of(self, subtask_id: str) -> list[str]:
        """The events of one subtask in order (events of parallel subtasks interleave in :attr:`events`)."""
        return [e for e in self.events if e.startswith(f"{subtask_id}:")]

    async def _attempt(self, subtask: Subtask, agent: str, inputs: dict[str, str]) -> tuple[bool, str]:
        """One assignment: request, wait for accept, wait for the result. Returns (done, output or reason)."""
        request = self.broker.message(self.name, agent, Kind.TASK_REQUEST,
                                      {"task": subtask.id, "description": subtask.description,
                                       "capability": subtask.capability, "inputs": inputs},
                                      conversation=subtask.id)
        try:
            await self.broker.request(request)
        except UnknownAgentError as exc:
            return False, str(exc)
        try:
            answer = await self.broker.next_reply(request, self.accept_timeout)
            if answer.kind is Kind.TASK_DECLINE:
                return False, f"declined ({answer.content.get('reason', '')})"
            result = await self.broker.next_reply(request, self.result_timeout)
            if result.kind is Kind.TASK_RESULT:
                return True, str(result.content.get("output", ""))
            return False, f"failed ({result.content.get('error', result.kind.value)})"
        except DeadlineExceededError as exc:
            return False, f"no answer within {exc.seconds:g} s"
        finally:
            self.broker.close(request)

    async def complete(self, subtask: Subtask, inputs: dict[str, str]) -> None:
        """Assign, monitor and reassign one subtask until it is done or no agent is left to try."""
        started = time.monotonic()
        subtask.status = "running"
        while len(subtask.tried) < self.max_attempts:
            agent = self.choose(subtask.capability, subtask.tried)
            if agent is None:
                break
            subtask.tried.append(agent)
            subtask.assigned = agent
            self.load[agent] += 1
            self._log(f"{subtask.id}: assigned to {agent}")
            try:
                ok, detail = await self._attempt(subtask, agent, inputs)
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
        self._log(f"{subtask.id}: {subtask.status} after trying {', '.join(subtask.tried) or 'nobody'}")

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
