"""Hierarchical teams: a supervisor delegates to team leads, who delegate to their workers (or to sub-leads).

The one idea: a team lead is an agent to the level above and a coordinator to the level below. It accepts a task
like any :class:`~labkit.multiagent.agent.CollaborativeAgent`, and performs it by running it through its own
*desk*, a :class:`~labkit.multiagent.coordinator.Coordinator` over its members — so assignment by capability,
deadlines, reassignment, trust and verification work the same at every level, and a failure below becomes a
failure report one level up, where the next team can be tried.

Three limits keep a tree of delegation from running away:

* **depth**: :func:`org_depth` measures the org chart and :func:`build_teams` refuses one deeper than
  ``max_depth`` (and any cycle, or a member with two leads): every extra level adds a round trip and a place to
  fail;
* **budget**: a subtask's ``budget`` is the number of task requests it may cause in the whole tree below. Each
  request costs 1, and a lead receives a share of what is left (:func:`~labkit.multiagent.coordinator.budget_share`)
  for its own requests, so the total can never exceed what the supervisor was given;
* **trust**: one :class:`~labkit.multiagent.trust.TrustScores` ledger is shared by every desk; verified outcomes
  raise or lower each member's score, and the next task goes to the most trusted capable member first.

>>> org_depth({"boss": ["lead-a", "lead-b"], "lead-a": ["w1", "w2"], "lead-b": ["w3"]})
2

What it leaves out: returning unspent budget up the tree (a lead's reply would have to report what it spent),
leads that split one task among several members and merge the parts, and re-organising teams at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from labkit.errors import DelegationError, InvalidInputError
from labkit.multiagent.agent import CollaborativeAgent
from labkit.multiagent.broker import MessageBroker
from labkit.multiagent.coordinator import Coordinator, Subtask, Workflow
from labkit.multiagent.trust import TrustScores


def org_root(org: Mapping[str, Sequence[str]]) -> str:
    """The one name in an org chart (``{lead: [members]}``) that nobody lists as a member.

    >>> org_root({"lead": ["w1"], "boss": ["lead"]})
    'boss'
    """
    members = [m for team in org.values() for m in team]
    roots = [lead for lead in org if lead not in members]
    if len(roots) != 1:
        raise InvalidInputError(f"An org chart needs exactly one top (a lead nobody lists); found {roots or 'none'}"
                                " — a cycle leaves none, two separate trees leave two.")
    return roots[0]


def org_depth(org: Mapping[str, Sequence[str]]) -> int:
    """Levels of delegation below the top: 1 when the top's members are all workers. Refuses cycles and members
    listed under two leads (a tree has one path to each agent)."""
    members = [m for team in org.values() for m in team]
    twice = sorted({m for m in members if members.count(m) > 1})
    if twice:
        raise InvalidInputError(f"Each agent reports to one lead; listed more than once: {', '.join(twice)}.")
    empty = [lead for lead, team in org.items() if not team]
    if empty:
        raise InvalidInputError(f"A lead needs at least one member; empty teams: {', '.join(empty)}.")

    def depth(name: str, path: tuple[str, ...]) -> int:
        if name in path:
            raise InvalidInputError(f"The org chart has a cycle: {' -> '.join((*path, name))}.")
        if name not in org:
            return 0
        return 1 + max(depth(m, (*path, name)) for m in org[name])

    return depth(org_root(org), ())


class TeamLead(CollaborativeAgent):
    """An agent that does its tasks by delegating them to ``members`` through its own coordinator desk.

    Its specialisations are its members' (it accepts what its team can do); ``trust`` and ``verify`` are passed to
    the desk; the budget a task arrives with becomes the budget of the desk's subtask. The desk posts as
    ``"<name>.desk"`` so transcripts show which level each request came from.
    """

    delegates = True

    def __init__(self, name: str, broker: MessageBroker, members: Iterable[CollaborativeAgent], *,
                 trust: TrustScores | None = None, verify: Callable[[Subtask, str], bool] | None = None,
                 accept_timeout: float = 2.0, result_timeout: float = 30.0, max_attempts: int = 3,
                 capacity: int = 4, max_backlog: int = 4):
        members = list(members)
        if not members:
            raise InvalidInputError(f"Team lead {name!r} needs at least one member.")
        skills = dict.fromkeys(s for m in members for s in m.specialisations)
        super().__init__(name, skills, broker, members[0].model, capacity=capacity, max_backlog=max_backlog)
        self.members = members
        self.desk = Coordinator(broker, members, model=self.model, name=f"{name}.desk", accept_timeout=accept_timeout,
                                result_timeout=result_timeout, max_attempts=max_attempts, trust=trust, verify=verify)

    async def perform(self, task: dict[str, Any]) -> str:
        """Run the task through the desk; a task nobody below could do becomes a :class:`DelegationError`."""
        budget = task.get("budget")
        subtask = Subtask(str(task.get("task", "")), str(task.get("description", "")),
                          str(task.get("capability", "")), budget=budget)
        await self.desk.complete(subtask, dict(task.get("inputs", {})))
        if subtask.status != "done":
            raise DelegationError(self.name, self.desk.events_of(subtask.id)[-1])
        return subtask.output


class Teams:
    """A built hierarchy: the supervisor (a :class:`Coordinator`), the leads by name, and every agent to start."""

    def __init__(self, supervisor: Coordinator, leads: dict[str, TeamLead], agents: list[CollaborativeAgent],
                 depth: int):
        self.supervisor, self.leads, self.agents, self.depth = supervisor, leads, agents, depth

    def start(self) -> None:
        """Start every lead and worker (inside a running event loop)."""
        for agent in self.agents:
            agent.start()

    async def stop(self) -> None:
        for agent in self.agents:
            await agent.stop()

    async def run(self, workflow: Workflow) -> Workflow:
        """Run a workflow from the top; give its subtasks a ``budget`` to cap the requests each may cause."""
        return await self.supervisor.run(workflow)

    def events(self) -> list[str]:
        """Every desk's log, the supervisor's first, each line prefixed with the desk's name."""
        desks = [self.supervisor, *(lead.desk for lead in self.leads.values())]
        return [f"{desk.name}: {line}" for desk in desks for line in desk.events]


def build_teams(org: Mapping[str, Sequence[str]], workers: Iterable[CollaborativeAgent], broker: MessageBroker, *,
                max_depth: int = 3, trust: TrustScores | None = None,
                verify: Callable[[Subtask, str], bool] | None = None, accept_timeout: float = 2.0,
                result_timeout: float = 30.0, max_attempts: int = 3) -> Teams:
    """Build the tree in ``org`` (``{lead: [members]}``; the top is the supervisor) over ``workers`` on ``broker``.

    Every name in the chart that is not a lead must be one of ``workers``; leads are created bottom-up, each over
    its members, and all share ``trust`` and ``verify``. A chart deeper than ``max_depth`` is refused.
    """
    depth = org_depth(org)
    if depth > max_depth:
        raise InvalidInputError(f"The org chart is {depth} levels deep; max_depth is {max_depth}. Flatten a level "
                                "or raise max_depth.")
    by_name = {w.name: w for w in workers}
    unknown = sorted(m for team in org.values() for m in team if m not in org and m not in by_name)
    if unknown:
        raise InvalidInputError(f"Members with no worker and no team of their own: {', '.join(unknown)}.")
    options = dict(trust=trust, verify=verify, accept_timeout=accept_timeout, result_timeout=result_timeout,
                   max_attempts=max_attempts)
    root = org_root(org)
    leads: dict[str, TeamLead] = {}

    def member(name: str) -> CollaborativeAgent:
        if name in org and name not in leads:
            leads[name] = TeamLead(name, broker, [member(m) for m in org[name]], **options)
        return leads.get(name) or by_name[name]

    top = [member(m) for m in org[root]]
    supervisor = Coordinator(broker, top, model=top[0].model, name=root, **options)
    used = [by_name[m] for team in org.values() for m in team if m in by_name]
    return Teams(supervisor, leads, [*leads.values(), *used], depth)
