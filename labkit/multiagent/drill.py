"""Outage drills: run one workflow with some agents silent, with and without reassignment, and count what finishes.

The one idea: resilience is measured, not assumed. A drill builds a small team (two agents per capability),
silences the named agents (they are registered, so requests reach them, but they never read their mailbox — the
worst kind of failure, since nothing errors), runs a fixed research → analysis → writing workflow, and reports how
many subtasks finished. With ``max_attempts=1`` the coordinator gives up on the first silent agent; with more, it
reassigns after ``accept_timeout`` seconds.

What it leaves out: agents that crash halfway through a task or answer wrongly (see the tests for failure reports).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from labkit.multiagent.agent import CollaborativeAgent
from labkit.multiagent.broker import MessageBroker
from labkit.multiagent.coordinator import Coordinator, Subtask, Workflow

TEAM = {"research-1": "research", "research-2": "research", "analysis-1": "analysis", "analysis-2": "analysis",
        "writing-1": "writing", "writing-2": "writing"}
NOTES = ["The pilot reduced delivery times from 5 days to 3 days.", "Customer complaints fell by 40 percent.",
         "The pilot cost 20,000 euros over six months."]


def drill_workflow() -> Workflow:
    return Workflow("pilot review", [
        Subtask("s1", "What happened to delivery times?", "research"),
        Subtask("s2", "What happened to customer complaints?", "research"),
        Subtask("s3", "Summarize the effect of the pilot", "analysis", ("s1", "s2")),
        Subtask("s4", "Summarize the findings for the board", "writing", ("s3",)),
    ])


async def outage_drill(down: Sequence[str] = (), max_attempts: int = 3, accept_timeout: float = 0.2,
                       model: Any = None) -> Workflow:
    """Run :func:`drill_workflow` with the agents in ``down`` silent; returns the finished workflow."""
    from labkit.llm import resolve_model

    model = resolve_model(model)
    broker = MessageBroker()
    team = [CollaborativeAgent(name, [cap], broker, model, knowledge=NOTES) for name, cap in TEAM.items()]
    for agent in team:
        if agent.name not in down:
            agent.start()
    coordinator = Coordinator(broker, team, model=model, accept_timeout=accept_timeout, result_timeout=60.0,
                              max_attempts=max_attempts)
    try:
        return await coordinator.run(drill_workflow())
    finally:
        for agent in team:
            await agent.stop()


async def compare_reassignment(scenarios: Sequence[Sequence[str]], attempts: Sequence[int] = (1, 3),
                               accept_timeout: float = 0.2) -> Any:
    """Subtasks finished per outage scenario, with each ``max_attempts`` setting, as a table."""
    import pandas as pd

    rows = []
    for down in scenarios:
        row: dict[str, Any] = {"silent agents": ", ".join(down) or "none"}
        for n in attempts:
            workflow = await outage_drill(down, n, accept_timeout)
            row[f"done (max_attempts={n})"] = f"{workflow.progress().get('done', 0)}/{len(workflow.subtasks)}"
        rows.append(row)
    return pd.DataFrame(rows)
