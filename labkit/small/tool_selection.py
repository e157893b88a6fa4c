"""Keyword tool selection: choose a tool from word overlap with its name, description and keywords — no model call.

Small models pick tools badly when many tool schemas crowd their window, and every tool schema costs prompt
tokens. The one idea: most requests name their tool in plain words ("convert", "weather", "schedule"), so score each
tool by the request terms it shares with the tool's text, weight rare terms more (a term every tool mentions says
nothing, like IDF in search), and only hand the small model the chosen tool, or none. Measure it: a labelled request
set gives an accuracy figure, and its mistakes show exactly where keywords fail (paraphrases, synonyms).

Left out: embedding similarity (see the offline model's ``bind_tools``, which blends both) and multi-tool plans.

>>> selector = KeywordToolSelector([ToolSpec("weather", "Forecast for a city", ("rain",)),
...                                 ToolSpec("calculator", "Evaluate arithmetic", ("sum", "times"))])
>>> selector.choose("Will it rain in Paris?")
'weather'
>>> selector.choose("Hello!") is None
True
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from labkit.errors import InvalidInputError
from labkit.small.terms import term_set

KEYWORD_WEIGHT = 2.0
"""A term the tool's author listed as a keyword counts this much more than one found in its description."""


@dataclass(frozen=True)
class ToolSpec:
    """What the selector knows about a tool: its name, a one-line description and optional extra keywords."""

    name: str
    description: str = ""
    keywords: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidInputError("ToolSpec.name must be a non-empty string.")
        if not isinstance(self.description, str):
            raise InvalidInputError(f"ToolSpec.description of {self.name!r} must be a string.")
        if isinstance(self.keywords, str) or not all(isinstance(k, str) for k in self.keywords):
            raise InvalidInputError(f"ToolSpec.keywords of {self.name!r} must be a tuple of strings, not one string.")
        object.__setattr__(self, "keywords", tuple(self.keywords))

    @classmethod
    def from_tool(cls, tool: Any) -> "ToolSpec":
        """A spec from anything with ``name`` and ``description`` (a LangChain tool, a ``@tool`` function)."""
        if isinstance(tool, ToolSpec):
            return tool
        if isinstance(tool, dict):
            return cls(tool.get("name", ""), tool.get("description", ""), tuple(tool.get("keywords", ())))
        name, description = getattr(tool, "name", None), getattr(tool, "description", "")
        if not isinstance(name, str):
            raise InvalidInputError(f"Cannot read a tool name from {type(tool).__name__}: give it .name/.description.")
        return cls(name, description or "")


@dataclass(frozen=True)
class ToolScore:
    """One tool's score for a request and the terms that earned it."""

    name: str
    score: float
    matched: tuple[str, ...]


class KeywordToolSelector:
    """Scores tools against a request by weighted term overlap; see the module docstring."""

    def __init__(self, tools: Iterable[Any], min_score: float = 0.5):
        specs = [ToolSpec.from_tool(t) for t in tools]
        if not specs:
            raise InvalidInputError("KeywordToolSelector needs at least one tool.")
        names = [s.name for s in specs]
        if len(set(names)) != len(names):
            raise InvalidInputError(f"Tool names must be unique, got {names}.")
        if not isinstance(min_score, (int, float)) or min_score < 0:
            raise InvalidInputError(f"min_score must be a non-negative number, got {min_score!r}.")
        self.tools = specs
        self.min_score = float(min_score)
        self._described = {s.name: term_set(f"{s.name.replace('_', ' ')} {s.description}") for s in specs}
        self._keywords = {s.name: [term_set(k) for k in s.keywords if term_set(k)] for s in specs}
        vocab: Counter[str] = Counter()
        for s in specs:
            vocab.update(self._described[s.name] | frozenset().union(*self._keywords[s.name]))
        # IDF scaled so a term only one tool mentions weighs 1 and a term every tool mentions weighs least.
        n = len(specs)
        self._idf = {t: math.log(1 + n / df) / math.log(1 + n) for t, df in vocab.items()}

    def scores(self, request: str) -> list[ToolScore]:
        """Every tool's score for ``request``, best first (ties keep the tools' order)."""
        if not isinstance(request, str):
            raise InvalidInputError(f"request must be a string, got {type(request).__name__}.")
        words = term_set(request)
        out = []
        for spec in self.tools:
            matched: dict[str, float] = {}
            for phrase in self._keywords[spec.name]:  # a keyword phrase counts when all its terms are present
                if phrase <= words:
                    for t in phrase:
                        matched[t] = KEYWORD_WEIGHT * self._idf[t]
            for t in self._described[spec.name] & words:
                matched.setdefault(t, self._idf[t])
            out.append(ToolScore(spec.name, round(sum(matched.values()), 4), tuple(sorted(matched))))
        order = {s.name: i for i, s in enumerate(self.tools)}
        return sorted(out, key=lambda s: (-s.score, order[s.name]))

    def select(self, request: str, k: int = 1) -> list[ToolScore]:
        """Up to ``k`` tools scoring at least ``min_score``, best first; empty when no tool fits."""
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise InvalidInputError(f"k must be a positive integer, got {k!r}.")
        return [s for s in self.scores(request) if s.score >= self.min_score and s.score > 0][:k]

    def choose(self, request: str) -> str | None:
        """The single best tool's name, or ``None`` when no tool clears ``min_score`` (answer without a tool)."""
        best = self.select(request, 1)
        return best[0].name if best else None


@dataclass(frozen=True)
class SelectionReport:
    """Accuracy of a selector on labelled requests, with every mistake kept for inspection."""

    n: int
    correct: int
    mistakes: tuple[tuple[str, str | None, str | None], ...] = field(default=())
    per_tool: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0


def evaluate_selector(selector: KeywordToolSelector, requests: Sequence[tuple[str, str | None]]) -> SelectionReport:
    """Score ``selector`` on ``(request, expected tool or None)`` pairs.

    >>> s = KeywordToolSelector([ToolSpec("weather", "rain forecast")])
    >>> evaluate_selector(s, [("rain tomorrow?", "weather"), ("hi", None), ("is it wet?", "weather")]).accuracy
    0.6666666666666666
    """
    if not isinstance(selector, KeywordToolSelector):
        raise InvalidInputError("evaluate_selector needs a KeywordToolSelector.")
    pairs = list(requests)
    if not pairs:
        raise InvalidInputError("evaluate_selector needs at least one labelled request.")
    known = {t.name for t in selector.tools}
    correct = 0
    mistakes = []
    per_tool: dict[str, list[int]] = {}
    for item in pairs:
        if not (isinstance(item, (tuple, list)) and len(item) == 2 and isinstance(item[0], str)):
            raise InvalidInputError(f"Each labelled request must be (text, tool name or None), got {item!r}.")
        text, expected = item
        if expected is not None and expected not in known:
            raise InvalidInputError(f"Label {expected!r} for {text!r} is not one of the tools {sorted(known)}.")
        got = selector.choose(text)
        tally = per_tool.setdefault(expected or "(none)", [0, 0])
        tally[1] += 1
        if got == expected:
            correct += 1
            tally[0] += 1
        else:
            mistakes.append((text, expected, got))
    return SelectionReport(len(pairs), correct, tuple(mistakes), {k: (v[0], v[1]) for k, v in per_tool.items()})


def load_tool_requests() -> tuple[list[ToolSpec], list[tuple[str, str | None]]]:
    """The bundled tools and labelled requests (``labkit/small/data/tool_requests.json``)."""
    raw = json.loads(resources.files("labkit.small").joinpath("data/tool_requests.json").read_text(encoding="utf-8"))
    tools = [ToolSpec(t["name"], t["description"], tuple(t.get("keywords", ()))) for t in raw["tools"]]
    return tools, [(r["text"], r["tool"]) for r in raw["requests"]]
