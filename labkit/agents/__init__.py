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

from labkit.lazy import lazy_face

__all__, __getattr__ = lazy_face(__name__, {
    "plan": ("Step", "Plan"),
    "agent": ("Agent", "AgentRun", "agent_tools"),
    "limits": ("Limits",),
    "memory": ("WorkingMemory", "LongTermMemory"),
    "trace": ("Trace",),
    "criteria": ("verify", "parse_score"),
    "healing": ("SelfHealing", "diagnose"),
    "reflection": ("ReflectionAgent", "compare_reflection", "keyword_coverage", "load_tasks"),
    "planning": ("PlanningAgent", "analyse"),
    "tooluse": ("ToolUseAgent",),
    "deadline": ("call_with_deadline", "await_with_deadline"),
    "graphs": ("build_agent_graph", "build_map_reduce_graph", "sqlite_checkpointer", "merge_counts", "ask", "resume",
               "pending", "checkpoints", "fork"),
})
