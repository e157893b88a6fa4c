"""Level 7: multi-agent coordination — a message broker, collaborative and specialist agents, a coordinator,
consensus and debate, and system metrics.

Start with :mod:`.messages` and :mod:`.broker` (how agents talk), then :mod:`.agent` and :mod:`.specialists` (what
they do), :mod:`.coordinator` (who does what, and what happens when someone fails), :mod:`.consensus` and
:mod:`.debate` (how they decide), :mod:`.trust` and :mod:`.hierarchy` (whom to rely on, teams of teams),
:mod:`.metrics` (how the system behaves) and :mod:`.drill` (how it copes
with outages); :func:`.runner.run_sync` runs any of it from synchronous code. Everything is asyncio; every wait
has a deadline. Attributes load on first use.
"""

from __future__ import annotations

from labkit.lazy import lazy_face

__all__, __getattr__ = lazy_face(__name__, {
    "messages": ("Kind", "Message", "BROADCAST"),
    "broker": ("MessageBroker",),
    "agent": ("CollaborativeAgent",),
    "specialists": ("ResearchAgent", "AnalysisAgent", "WriterAgent"),
    "coordinator": ("Coordinator", "Workflow", "Subtask", "budget_share"),
    "trust": ("TrustScores",),
    "hierarchy": ("TeamLead", "Teams", "build_teams", "org_depth"),
    "consensus": ("majority_vote", "weighted_vote", "negotiate", "Decision", "decision_frame"),
    "debate": ("run_debate", "DebateResult"),
    "metrics": ("system_metrics", "agents_frame"),
    "runner": ("run_sync",),
    "drill": ("outage_drill", "compare_reassignment"),
})
