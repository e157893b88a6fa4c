"""System metrics: how much the agents talked, how long tasks took, and how busy each agent was.

The one idea: a multi-agent system is a distributed system, so measure it like one. Three views answer the usual
questions — *is the protocol chatty?* (messages by kind), *where is the time going?* (latency per subtask) and
*is the work balanced?* (tasks and busy share per agent). Busy share is the agent's busy seconds over the
elapsed seconds of the run.

What it leaves out: export to a metrics backend (see :mod:`labkit.production`'s OpenTelemetry telemetry).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from labkit.multiagent.agent import CollaborativeAgent
from labkit.multiagent.broker import MessageBroker
from labkit.multiagent.coordinator import Workflow


def system_metrics(broker: MessageBroker, agents: Iterable[CollaborativeAgent], workflow: Workflow | None = None,
                   elapsed: float | None = None) -> dict[str, Any]:
    """A dict of the three views (plain Python values, ready for a table or a JSON report)."""
    agents = list(agents)
    latencies = {s.id: s.latency for s in workflow.subtasks} if workflow else {}
    elapsed = elapsed if elapsed is not None else (max(latencies.values(), default=0.0) or 1.0)
    return {
        "messages_by_kind": dict(sorted(broker.counts().items())),
        "messages_total": len(broker.log),
        "undeliverable": len(broker.undeliverable),
        "reply_timeouts": len(broker.timeouts),
        "task_latency": latencies,
        "mean_task_latency": sum(latencies.values()) / len(latencies) if latencies else 0.0,
        "agents": {a.name: {"tasks_done": a.tasks_done, "tasks_failed": a.tasks_failed, "tokens": a.tokens,
                            "busy_seconds": a.busy_seconds,
                            "utilisation": min(1.0, a.busy_seconds / elapsed) if elapsed > 0 else 0.0}
                   for a in agents},
    }


def agents_frame(metrics: dict[str, Any], timings: bool = False) -> Any:
    """Per-agent rows; ``timings=False`` leaves out the run-to-run varying busy seconds and utilisation."""
    import pandas as pd

    frame = pd.DataFrame.from_dict(metrics["agents"], orient="index")
    return frame if timings else frame.drop(columns=["busy_seconds", "utilisation"])
