"""Episodic memory: keep the *important* interactions, each with an importance score, and search them.

The one idea: not every turn deserves to be remembered. Small talk ("nice weather today") should fade; a name, a
preference, an allergy, a decision or an instruction ("always answer in French") should not. Each interaction is
scored for importance from 1 to 10 with explainable signals; only episodes at or above a threshold are stored, and
search ranks them by meaning *and* importance: ``similarity x (0.5 + importance / 20)``.

The default scorer is rule-based so its reasons can be shown; pass any ``scorer(text) -> (score, reasons)``, for
example one that asks a model to rate importance, to replace it.

Left out: forgetting curves (decay with time) and consolidation of episodes into summaries.

>>> importance("The weather is nice today.")[0], importance("I'm allergic to peanuts, remember that.")[0]
(1, 5)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from labkit.context.vector import VectorMemory
from labkit.errors import InvalidInputError

_SIGNALS = (
    (re.compile(r"\b(?:[Mm]y name is|I'm|I am|[Cc]all me)\s+[A-Z][a-z]+"), 3, "identity"),
    (re.compile(r"\b(?:i|we)\s+(?:really\s+)?(?:like|love|prefer|enjoy|hate|dislike|can't stand)\b", re.I), 3, "preference"),
    (re.compile(r"\b(?:always|never|remember|don't forget|make sure)\b", re.I), 2, "instruction"),
    (re.compile(r"\b(?:decided|agreed|booked|going to|plan to|deadline|due)\b", re.I), 2, "decision or commitment"),
    (re.compile(r"\b(?:allerg\w*|diagnos\w*|address|birthday|password|medication)\b", re.I), 2, "critical fact"),
    (re.compile(r"\b(?:my|our)\s+\w+|\b(?:i|we)\s+(?:work|live|study|moved)\b", re.I), 2, "personal detail"),
    (re.compile(r"\d"), 1, "specific number or date"),
)

Scorer = Callable[[str], tuple[int, list[str]]]


def importance(text: str) -> tuple[int, list[str]]:
    """Importance from 1 (forgettable) to 10, and the signals that raised it."""
    score, reasons = 1, []
    for pattern, weight, reason in _SIGNALS:
        if pattern.search(text):
            score += weight
            reasons.append(reason)
    return min(score, 10), reasons


@dataclass(frozen=True)
class Episode:
    """One remembered interaction."""

    query: str
    response: str
    importance: int
    reasons: tuple[str, ...]
    turn: int


class EpisodicMemory:
    """Stores interactions whose importance reaches ``threshold``; search ranks by similarity and importance."""

    def __init__(self, threshold: int = 3, scorer: Scorer = importance, embeddings: Any = None):
        if not isinstance(threshold, int) or not 1 <= threshold <= 10:
            raise InvalidInputError(f"threshold must be an integer from 1 to 10, got {threshold!r}.")
        self.threshold, self.scorer = threshold, scorer
        self.index = VectorMemory(embeddings, min_similarity=0.1)
        self.episodes: list[Episode] = []
        self.seen = 0

    def record(self, query: str, response: str = "") -> Episode | None:
        """Score an interaction (the user's words carry the importance) and keep it if it matters enough."""
        if not isinstance(query, str) or not query.strip():
            raise InvalidInputError("An episode needs the user's non-empty message.")
        self.seen += 1
        score, reasons = self.scorer(query)
        if not 1 <= score <= 10:
            raise InvalidInputError(f"The importance scorer must return 1..10, got {score!r}.")
        if score < self.threshold:
            return None
        episode = Episode(query.strip(), response.strip(), score, tuple(reasons), self.seen - 1)
        self.episodes.append(episode)
        self.index.add(query.strip(), episode=len(self.episodes) - 1)
        return episode

    def search(self, query: str, k: int = 3) -> list[tuple[Episode, float]]:
        """Best episodes for ``query``: ``similarity x (0.5 + importance / 20)``, best first."""
        found = self.index.search(query, k=max(k * 3, k))
        ranked = [(self.episodes[item.metadata["episode"]], sim) for item, sim in found]
        scored = [(ep, round(sim * (0.5 + ep.importance / 20), 4)) for ep, sim in ranked]
        return sorted(scored, key=lambda x: -x[1])[:k]
