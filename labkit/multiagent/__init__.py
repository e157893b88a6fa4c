"""Level 7: multi-agent coordination — a message broker, collaborative and specialist agents, a coordinator,
consensus and debate, and system metrics.

Start with :mod:`.messages` and :mod:`.broker` (how agents talk), then :mod:`.agent` and :mod:`.specialists` (what
they do), :mod:`.coordinator` (who does what, and what happens when someone fails), :mod:`.consensus` and
:mod:`.debate` (how they decide), :mod:`.metrics` (how the system behaves) and :mod:`.drill` (how it copes
with outages); :func:`.runner.run_sync` runs any of it from synchronous code. Everything is asyncio; every wait
has a deadline. Attributes load on first use.
"""

from __future__ import annotations

from labkit.lazy import lazy_exports

_EXPORTS = {
    "Kind": "labkit.multiagent.messages",
    "Message": "labkit.multiagent.messages",
    "BROADCAST": "labkit.multiagent.messages",
    "MessageBroker": "labkit.multiagent.broker",
    "CollaborativeAgent": "labkit.multiagent.agent",
    "ResearchAgent": "labkit.multiagent.specialists",
    "AnalysisAgent": "labkit.multiagent.specialists",
    "WriterAgent": "labkit.multiagent.specialists",
    "Coordinator": "labkit.multiagent.coordinator",
    "Workflow": "labkit.multiagent.coordinator",
    "Subtask": "labkit.multiagent.coordinator",
    "majority_vote": "labkit.multiagent.consensus",
    "weighted_vote": "labkit.multiagent.consensus",
    "negotiate": "labkit.multiagent.consensus",
    "Decision": "labkit.multiagent.consensus",
    "decision_frame": "labkit.multiagent.consensus",
    "run_debate": "labkit.multiagent.debate",
    "DebateResult": "labkit.multiagent.debate",
    "system_metrics": "labkit.multiagent.metrics",
    "agents_frame": "labkit.multiagent.metrics",
    "run_sync": "labkit.multiagent.runner",
    "outage_drill": "labkit.multiagent.drill",
    "compare_reassignment": "labkit.multiagent.drill",
}
__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, _EXPORTS)
