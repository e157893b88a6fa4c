"""The levels of labkit and what each subpackage may import: the layering of DESIGN.md, declared once, as data.

The one idea: the package is a building with floors. The models (``embed``, then ``llm``) are the ground floor
every level stands on; the course levels follow in teaching order, each allowed to use the ones below it; the
platform (``assess``, ``grading``, ``progress``) stands beside them and never imports a level, because assessments
reference levels and the grader must not depend on them. ``tests/test_layout.py`` reads :data:`LEVELS` and fails on
an import that breaks the rule, and on any subpackage missing from the table, so a new subpackage must say here
where it stands.

The top-level modules (``errors``, ``config``, ``clock``, ``registry``, ``sqlite``, ``lazy``, ``safemath``) are
the foundations under every floor and import no subpackage; ``cli`` and ``demo`` sit on the roof and may import
anything.

>>> LEVELS["rag"].level, sorted(LEVELS["rag"].may_import)
('L4-L5', ['context', 'embed', 'llm', 'prompting', 'reasoning', 'tools'])
>>> sorted(LEVELS["grading"].may_import)
['assess', 'progress']
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    """Where a subpackage stands (``level``: ``"model"``, ``"L1"`` ... or ``"platform"``) and what it may import."""

    name: str
    level: str
    may_import: frozenset[str]


MODELS = (("embed", "model"), ("llm", "model"))
COURSE = (("prompting", "L1"), ("reasoning", "L2"), ("context", "L3"), ("tools", "L4"), ("rag", "L4-L5"),
          ("agents", "L6"), ("multiagent", "L7"), ("production", "L8"), ("small", "small models"),
          ("domains", "domain RAG"), ("evaluation", "evaluation"))
PLATFORM = ("assess", "grading", "progress")


def _declare() -> dict[str, Level]:
    table: dict[str, Level] = {}
    below: list[str] = []
    for name, level in (*MODELS, *COURSE):  # each floor may use every floor below it
        table[name] = Level(name, level, frozenset(below))
        below.append(name)
    for name in PLATFORM:  # the platform uses itself only, never a level or a model
        table[name] = Level(name, "platform", frozenset(PLATFORM) - {name})
    return table


LEVELS: dict[str, Level] = _declare()
