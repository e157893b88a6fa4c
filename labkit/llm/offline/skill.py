"""The one contract every skill of the offline model follows, and the turn it works on.

A skill is a small object with a ``name`` and two methods:

- ``applies(turn) -> float``: how sure it is, in 0..1, that this prompt asks for what it does (0 = not at all);
- ``run(turn) -> Result``: the answer, with how well the prompt supports it and, when it does not, why not.

The router (:mod:`.registry`) asks every skill, runs the surest one and renders its :class:`Result` in the output
format the prompt asked for (:mod:`.render`). A skill never formats JSON or bullets itself; it fills the result's
parts (prose, list items, one-word form, named fields) and rendering picks what the format needs.

Support is the honesty mechanism. A skill that finds no good answer does not hand over its best guess: it returns
:func:`abstain` with the reason ("the notes do not mention 2021"), and the model says exactly that.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from labkit.llm.offline.prompt import PromptView

Similarity = Callable[[str, list[str]], list[float]]

SUPPORTED = 0.5
"""A result with support below this is not an answer: the model abstains and gives the result's reason."""


@dataclass
class Result:
    """What a skill produced. ``text`` is the plain-prose answer; the other parts serve other output formats."""

    text: str = ""
    support: float = 1.0
    reason: str = ""
    items: list[str] | None = None
    """The answer as a list (plan steps, summary sentences), for bulleted or numbered output."""
    short: str | None = None
    """The answer in one word or number (a label, a value), for 'answer in one word'."""
    fields: dict[str, Any] = field(default_factory=dict)
    """The answer as a JSON object when the prompt asks for JSON without naming keys."""
    aliases: dict[str, Any] = field(default_factory=dict)
    """Extra names the answer's parts answer to when the prompt names keys (``category`` for a label)."""
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    prose_only: bool = False
    """Said as prose even where JSON was asked: an abstention whose JSON of nulls would be misread (a yes-or-no key
    left null reads as "no" to the program that parses it)."""

    @property
    def supported(self) -> bool:
        return self.support >= SUPPORTED


def abstain(reason: str, support: float = 0.0, prose_only: bool = False) -> Result:
    """A result that says the model cannot answer, and why (``reason`` is said to the user as written)."""
    return Result(text=reason, support=support, reason=reason, prose_only=prose_only)


@dataclass
class Turn:
    """One answer being worked out: the prompt taken apart, the sampling state, and the bound tools."""

    view: PromptView
    temperature: float = 0.0
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    similarity: Similarity | None = None
    tools: list[dict[str, Any]] = field(default_factory=list)
    tool_choice: Any = None
    structured: bool = False
    """The call comes from ``with_structured_output`` (the one bound tool is the output schema)."""
    memo: dict[str, Any] = field(default_factory=dict)
    """Work shared between skills' ``applies`` and ``run`` (a solved problem, tool scores), computed once."""

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` the first time ``key`` is asked for in this turn, the stored value after that."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    @property
    def material(self) -> str:
        """What to work on: the prompt's data sections, else what the user said earlier, else the system message."""
        if self.view.context:
            return self.view.context
        said = [text for role, text in self.view.history if role == "human"]
        return "\n".join(said) if said else self.view.system


class Skill(Protocol):
    """What the registry needs from a skill (see the module docstring)."""

    name: str

    def applies(self, turn: Turn) -> float: ...

    def run(self, turn: Turn) -> Result: ...
