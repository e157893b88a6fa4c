"""Skill: the honest last resort. When no other skill applies, the prompt asks for knowledge the offline model does
not have (a fact that is not in the prompt) or for open-ended writing it cannot do, and it says so.
"""

from __future__ import annotations

from labkit.llm.offline import cues
from labkit.llm.offline.skill import Result, Turn, abstain

NO_KNOWLEDGE = (
    "I don't know. The offline model answers only from what the prompt gives it (context, conversation, tool "
    "results); add the relevant text or a tool, or use a real model."
)


class NoKnowledge:
    """Skill: say plainly that the answer needs knowledge or writing the offline model does not have."""

    name = "unknown"

    def applies(self, turn: Turn) -> float:
        return 0.6 if cues.OPEN_WRITING.match(turn.view.user) and not turn.view.context else 0.1

    def run(self, turn: Turn) -> Result:
        return abstain(NO_KNOWLEDGE)
