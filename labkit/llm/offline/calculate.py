"""Skill: arithmetic, from a written expression or a word problem, with the working shown step by step.

The solving is done by :mod:`.arithmetic` (which reads the quantities and operations and evaluates them with
:mod:`labkit.safemath`); this skill decides when a prompt is a calculation and presents the steps.

What it can do: expressions in symbols or words, and word problems whose quantities and operations the solver can
read. What it cannot do: problems whose quantities it cannot read or use; then it says so rather than computing
something from half of them.
"""

from __future__ import annotations

import re

from labkit.llm.offline import cues
from labkit.llm.offline.arithmetic import solve
from labkit.llm.offline.skill import Result, Turn, abstain
from labkit.safemath import format_number

CANNOT_READ = "I could not read the quantities in this problem, so I cannot solve it."
_QUANTITY = re.compile(r"\d")


def problem_text(turn: Turn) -> str:
    """The text that holds the problem: a ``Question:``/``Problem:`` section, else the user's message."""
    return turn.view.sections.get("question") or turn.view.sections.get("problem") or turn.view.user


def solution(turn: Turn):
    """The solver's reading of this turn's problem, computed once per turn."""
    return turn.once("solution", lambda: solve(problem_text(turn), turn.temperature, turn.rng))


class Calculate:
    """Skill: a calculation request with at least two quantities in the problem itself."""

    name = "arithmetic"

    def applies(self, turn: Turn) -> float:
        text = problem_text(turn)
        quantities = len(re.findall(r"\d+(?:[.,]\d+)*", text))
        if not cues.MATH_REQUEST.search(text.lower()) or quantities < 1:
            return 0.0
        if solution(turn) is not None:
            return 0.75
        # Numbers in a question about a context are the context's business (the answer skill reads them).
        return 0.75 if quantities >= 2 and not turn.view.context else 0.0

    def run(self, turn: Turn) -> Result:
        found = solution(turn)
        if found is None:
            return abstain(CANNOT_READ)
        value = format_number(found.value)
        lines = [f"Step {i}: {s}" for i, s in enumerate(found.steps, 1)]
        return Result(text="\n".join([*lines, f"Answer: {value}"]), short=value, items=found.steps,
                      fields={"answer": found.value, "steps": found.steps},
                      aliases={"result": found.value, "value": found.value, "total": found.value})
