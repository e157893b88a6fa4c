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
from labkit.llm.offline.answer import answer_type
from labkit.llm.offline.arithmetic import CANNOT_READ, Abstention, Solution, work_out
from labkit.llm.offline.skill import Result, Turn, abstain
from labkit.llm.offline.values import numbers


_ASKS_A_KIND = re.compile(r"(?:which|what)\s+(?:kind|type|sort|category|class|group|label)\b|which (?:one|of (?:these|the))\b|"
                          r"is (?:this|it) (?:an? )?[a-z]+(?:,| or)\s", re.I)
"""A question that asks which kind of thing a text is, not for a number, whatever numbers the text holds."""


_HOW_MANY = re.compile(r"\bhow (?:many|much)\b", re.I)


def problem_text(turn: Turn) -> str:
    """The text that holds the problem: a ``Question:``/``Problem:`` section, else the question asked about a
    context (the context's numbers are the answer skill's), else the user's message."""
    v = turn.view
    marked = v.context and not v.material_inferred
    return v.sections.get("question") or v.sections.get("problem") or (v.question if marked else v.user)


def solution(turn: Turn) -> Solution | Abstention | None:
    """The solver's reading of this turn's problem (None: no arithmetic in it), computed once per turn."""
    return turn.once("solution", lambda: work_out(problem_text(turn), turn.temperature, turn.rng))


class Calculate:
    """Skill: a calculation request with at least two quantities in the problem itself."""

    name = "arithmetic"

    def applies(self, turn: Turn) -> float:
        found = solution(turn)
        if isinstance(found, Solution):
            # Unmarked material with a "who/when/where" question is a look-up, whatever numbers it holds.
            v = turn.view
            kind = answer_type(v.question)
            looked_up = v.material_inferred and (kind in ("person", "place") or kind == "date" and not
                                                 isinstance(found.value, str))  # a clock time is computed
            # "Using the log, how long did the kiln take?" points at the material to read it, not to compute.
            reads = (v.material_inferred and cues.MATERIAL_POINTER.search(v.question)
                     and not cues.COMPUTING_QUESTION.search(v.question))
            kind_asked = _ASKS_A_KIND.match(v.question.strip())  # "Which kind is this?" of "(roughly 870-1030)"
            return 0.0 if looked_up or reads or kind_asked else 0.75
        # An unreadable problem is this skill's to decline, but a question about a context is the answer skill's,
        # unless the question itself calls for computing ("... after eating 2?", "how many are left?").
        v = turn.view
        asked = [w.lower() for w in cues.COMPUTING_QUESTION.findall(v.question)]
        if asked and set(asked) == {"each"} and not _HOW_MANY.search(v.question):
            asked = []  # "What time does each session finish?": 'each' picks the thing, it computes nothing
        computing = not v.context or v.material_inferred and (numbers(v.question) or bool(asked) or (
            isinstance(found, Abstention) and found.reason != CANNOT_READ and len(found.quantities) >= 2
            and _HOW_MANY.match(v.question.strip())))
        # ("1 ball for every 3 players ... How many balls?": a problem the solver read but could not finish is no
        # look-up; the rate's "1 ball" is not the answer)
        return 0.75 if isinstance(found, Abstention) and computing else 0.0

    def run(self, turn: Turn) -> Result:
        found = solution(turn)
        if not isinstance(found, Solution):
            return abstain(found.reason if found else "I found no arithmetic to do in this prompt.")
        lines = [f"Step {i}: {s}" for i, s in enumerate(found.steps, 1)]
        return Result(text="\n".join([*lines, f"Answer: {found.answer}"]), short=found.answer, items=found.steps,
                      fields={"answer": found.value, "steps": found.steps},
                      aliases={"result": found.value, "value": found.value, "total": found.value})
