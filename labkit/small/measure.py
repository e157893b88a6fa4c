"""Measure a prompting technique on a real small model, honestly: a labelled set, paired runs, confidence intervals.

The one idea: a technique "works" only if the difference it makes is larger than the noise of a small test set.
So every rate comes with its size and a 95% Wilson interval (:func:`wilson`), and every comparison of two techniques
on the same items with a paired bootstrap interval of the difference (:func:`paired_difference`): when that interval
contains 0, the honest report is "no measurable effect at this n", whatever the two rates look like.

The labelled material (``labkit/small/data/local_eval.json``, :func:`load_local_eval`) was written before any
measurement on topics absent from the rest of labkit: 60 held-out reviews with a separate pool of 16 examples to draw
few-shot examples from, and 24 invented facts for grounding. Lesson 09 runs it on ``local:gemma-3-270m``.

What it leaves out: multiple-comparison corrections, and any tuning: nothing here may be adjusted to the eval items.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from labkit.errors import InvalidInputError


def load_local_eval() -> dict[str, Any]:
    """The bundled labelled set: ``sentiment`` (``pool``, ``eval``, ``labels``) and ``grounding`` items."""
    return json.loads(resources.files("labkit.small").joinpath("data/local_eval.json").read_text(encoding="utf-8"))


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval for a success rate (95% by default); sound even at 0/n or n/n.

    >>> [round(x, 3) for x in wilson(45, 60)]
    [0.628, 0.842]
    >>> wilson(0, 10)[0]
    0.0
    """
    if n <= 0 or not 0 <= successes <= n:
        raise InvalidInputError(f"A rate needs 0 <= successes <= n and n > 0, got {successes}/{n}.")
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Rate:
    """A success rate with its size and 95% Wilson interval.

    >>> str(Rate.of([True, True, False, True]))
    '0.75 (3/4, 95% CI 0.30-0.95)'
    """

    successes: int
    n: int

    @classmethod
    def of(cls, outcomes: Sequence[bool]) -> Rate:
        return cls(sum(bool(o) for o in outcomes), len(outcomes))

    @property
    def value(self) -> float:
        return self.successes / self.n

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.successes, self.n)

    def __str__(self) -> str:
        low, high = self.interval
        return f"{self.value:.2f} ({self.successes}/{self.n}, 95% CI {low:.2f}-{high:.2f})"


@dataclass(frozen=True)
class Difference:
    """``b - a`` for paired outcomes, with a 95% bootstrap interval; ``clear`` when the interval excludes 0."""

    mean: float
    low: float
    high: float
    n: int

    @property
    def clear(self) -> bool:
        return self.low > 0 or self.high < 0

    def __str__(self) -> str:
        verdict = "a clear difference" if self.clear else "no clear difference at this n"
        return f"{self.mean:+.2f} (n={self.n}, 95% CI {self.low:+.2f} to {self.high:+.2f}: {verdict})"


def paired_difference(a: Sequence[float], b: Sequence[float], *, rounds: int = 4000, seed: int = 0) -> Difference:
    """Mean of ``b - a`` over paired items, with a percentile bootstrap interval (items resampled with replacement).

    >>> d = paired_difference([0, 0, 1, 0, 1, 0, 0, 1], [1, 1, 1, 0, 1, 1, 1, 1])
    >>> d.mean, d.clear
    (0.5, True)
    """
    if len(a) != len(b) or not a:
        raise InvalidInputError(f"Paired outcomes need two non-empty lists of equal length, got {len(a)} and {len(b)}.")
    diffs = [float(y) - float(x) for x, y in zip(a, b)]
    rng = random.Random(seed)
    n = len(diffs)
    means = sorted(sum(rng.choices(diffs, k=n)) / n for _ in range(rounds))
    return Difference(sum(diffs) / n, means[int(0.025 * rounds)], means[int(0.975 * rounds) - 1], n)


def shots_block(examples: Sequence[dict[str, str]]) -> str:
    """Labelled examples as the start of a completion-style sentiment prompt (the part every question shares).

    >>> shots_block([{"text": "Cold tea.", "label": "negative"}])
    'Review: Cold tea.\\nSentiment: negative\\n\\n'
    """
    return "".join(f"Review: {e['text']}\nSentiment: {e['label']}\n\n" for e in examples)


def review_prompt(text: str, examples: Sequence[dict[str, str]] = ()) -> str:
    """A completion-style sentiment prompt: labelled examples (if any), then the review and an open ``Sentiment:``.

    >>> print(review_prompt("Great pies.", [{"text": "Cold tea.", "label": "negative"}]))
    Review: Cold tea.
    Sentiment: negative
    <BLANKLINE>
    Review: Great pies.
    Sentiment:
    """
    return f"{shots_block(examples)}Review: {text}\nSentiment:"


def qa_prompt(question: str, context: str | None = None) -> str:
    """A completion-style question prompt, with the context first when there is one.

    >>> qa_prompt("Who won?", "Ada won the race.")
    'Context: Ada won the race.\\nQuestion: Who won?\\nAnswer:'
    """
    head = f"Context: {context}\n" if context else ""
    return f"{head}Question: {question}\nAnswer:"


def balanced_sample(pool: Sequence[dict[str, str]], k: int, rng: random.Random) -> list[dict[str, str]]:
    """``k`` examples drawn at random with the labels as even as ``k`` allows, in shuffled order.

    >>> pool = [{"text": str(i), "label": "ab"[i % 2]} for i in range(10)]
    >>> sorted(e["label"] for e in balanced_sample(pool, 4, random.Random(1)))
    ['a', 'a', 'b', 'b']
    """
    labels = sorted({e["label"] for e in pool})
    chosen: list[dict[str, str]] = []
    for i, label in enumerate(labels):
        share = k // len(labels) + (1 if i < k % len(labels) else 0)
        chosen += rng.sample([e for e in pool if e["label"] == label], share)
    rng.shuffle(chosen)
    return chosen


def most_similar(query_vector: Any, pool_vectors: Any, pool: Sequence[dict[str, str]], k: int) -> list[dict[str, str]]:
    """The ``k`` pool examples whose (unit-length) vectors are closest to the query's, the closest placed last.

    The closest example goes right before the question, where a small model weighs it most.

    >>> import numpy as np
    >>> pool = [{"text": t, "label": "x"} for t in "abc"]
    >>> [e["text"] for e in most_similar(np.array([1.0, 0.0]), np.array([[1.0, 0], [0, 1.0], [0.7, 0.7]]), pool, 2)]
    ['c', 'a']
    """
    order = sorted(range(len(pool)), key=lambda i: float(pool_vectors[i] @ query_vector), reverse=True)[:k]
    return [pool[i] for i in reversed(order)]
