"""The offline model's skills, in order, and the router: one loop that asks each how sure it is and runs the surest.

Adding a skill is one module with a class that follows :class:`~.skill.Skill` and one line in :data:`SKILLS`. The
order breaks ties: when two skills are equally sure, the one listed first answers.

There is no fallback chain. If the surest skill cannot support an answer, the model abstains with that skill's
reason; it does not ask the next skill, which would answer a question nobody asked (a summary of a context whose
question it could not answer is a confident wrong reply, not a recovery).

>>> from labkit.llm.offline.prompt import read_prompt
>>> route(Turn(read_prompt([("human", "What is 6 * 7?")])))[0].name
'arithmetic'
"""

from __future__ import annotations

from labkit.llm.offline.answer import AnswerQuestion
from labkit.llm.offline.calculate import Calculate
from labkit.llm.offline.calling import AnswerFromTools, CallTools
from labkit.llm.offline.chat import Acknowledge
from labkit.llm.offline.classify import Classify
from labkit.llm.offline.critique import Critique
from labkit.llm.offline.extract import Extract
from labkit.llm.offline.plan import Plan
from labkit.llm.offline.skill import Result, Skill, Turn
from labkit.llm.offline.summarize import Summarize
from labkit.llm.offline.unknown import NoKnowledge

SKILLS: list[Skill] = [
    AnswerFromTools(),
    CallTools(),
    Critique(),
    Classify(),
    Plan(),
    Summarize(),
    Extract(),
    Calculate(),
    AnswerQuestion(),
    Acknowledge(),
    NoKnowledge(),
]


def route(turn: Turn, skills: list[Skill] = SKILLS) -> tuple[Skill, Result]:
    """The surest skill for this turn (first listed on ties) and what it produced."""
    best = max(skills, key=lambda skill: skill.applies(turn))
    return best, best.run(turn)
