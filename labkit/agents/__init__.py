"""Level 6: single agents — plans as data, the plan → execute → evaluate loop, reflection, planning, tool use.

Start with :mod:`.plan` (steps with dependencies), then :mod:`.agent` (the loop, with :mod:`.criteria`,
:mod:`.healing`, :mod:`.limits`, :mod:`.memory` and :mod:`.trace`), then the patterns built on it:
:mod:`.reflection`, :mod:`.planning` and :mod:`.tooluse`. :mod:`.deadline` keeps every call bounded.
:mod:`.graphs` runs the same patterns on LangGraph when a run must pause for a person, survive a restart, rewind or
fan out, and says when to pick which.

Tools are LangChain tools (``@tool``), so a learner's own tools plug in. Attributes load on first use, so
``import labkit.agents`` stays light.
"""

from __future__ import annotations

from labkit.lazy import lazy_exports

_EXPORTS = {
    "Step": "labkit.agents.plan",
    "Plan": "labkit.agents.plan",
    "Agent": "labkit.agents.agent",
    "AgentRun": "labkit.agents.agent",
    "Limits": "labkit.agents.limits",
    "WorkingMemory": "labkit.agents.memory",
    "LongTermMemory": "labkit.agents.memory",
    "Trace": "labkit.agents.trace",
    "verify": "labkit.agents.criteria",
    "parse_score": "labkit.agents.criteria",
    "SelfHealing": "labkit.agents.healing",
    "diagnose": "labkit.agents.healing",
    "ReflectionAgent": "labkit.agents.reflection",
    "PlanningAgent": "labkit.agents.planning",
    "analyse": "labkit.agents.planning",
    "ToolUseAgent": "labkit.agents.tooluse",
    "Toolbox": "labkit.agents.toolbox",
    "call_with_deadline": "labkit.agents.deadline",
    "await_with_deadline": "labkit.agents.deadline",
    "build_agent_graph": "labkit.agents.graphs",
    "build_map_reduce_graph": "labkit.agents.graphs",
    "sqlite_checkpointer": "labkit.agents.graphs",
    "merge_counts": "labkit.agents.graphs",
}
__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, _EXPORTS)
