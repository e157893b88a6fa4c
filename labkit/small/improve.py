"""A continuous-improvement loop: log the failures, add their corrections to the example pool, re-measure.

A small model in service improves without retraining when its example pool grows where it fails: each round, the
model answers a batch of real traffic, someone (or a stronger model) corrects the wrong answers, and the corrected
items join the pool it draws examples from. Whether that helps is measured on a **held-out** split after every
round, giving a curve.

The one idea: the held-out split measures, it never teaches. If a held-out item (or its label) ever reaches the pool,
the curve measures memory, not improvement. So :class:`ImprovementLoop` keeps the held-out keys, refuses any pool
addition that matches one (:class:`~labkit.errors.HeldOutLeakError`, compared after :func:`normalise_text`, so a
copy that differs only in case or spacing is caught too), and decides what to add from the feedback batches alone:
the held-out labels are read only to score.

What it leaves out: a human review queue (the corrections here are the batch's labels), forgetting or pruning old
examples, and deciding when to stop (a curve that flattens on the held-out split is the signal; choosing the round
by the held-out score would tune on it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from labkit.errors import HeldOutLeakError, InvalidInputError
from labkit.small.measure import Rate

__all__ = ["ImprovementLoop", "NearestExamples", "Round", "normalise_text"]

Example = dict[str, str]


def normalise_text(text: str) -> str:
    """The key two texts share when they differ only in case, spacing or surrounding punctuation.

    >>> normalise_text("  Great   PIES! ")
    'great pies'
    """
    return re.sub(r"\s+", " ", str(text).lower()).strip(" .,!?;:'\"")


class NearestExamples:
    """Label a text by a vote of its ``k`` most similar pool examples (cosine similarity of unit-length vectors).

    ``encode(list_of_texts)`` returns one unit-length row per text (MiniLM's ``encode``, or :func:`hashed_bow`);
    vectors are kept per text, so a growing pool is never re-encoded. A tied vote goes to the label of the closest
    example among the tied ones. The pool *is* the model: adding an example changes predictions at once.

    >>> from labkit.small.distill import hashed_bow
    >>> knn = NearestExamples(hashed_bow, k=1)
    >>> knn.predict([{"text": "great pies", "label": "pos"}, {"text": "cold tea", "label": "neg"}], ["the tea was cold"])
    ['neg']
    """

    def __init__(self, encode: Callable[[list[str]], Any], k: int = 3):
        if k < 1:
            raise InvalidInputError(f"k must be at least 1, got {k}.")
        self.encode, self.k = encode, k
        self._vectors: dict[str, Any] = {}

    def _vectors_of(self, texts: Sequence[str]) -> Any:
        import numpy as np

        new = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if new:
            self._vectors.update(zip(new, np.asarray(self.encode(new), dtype=np.float64)))
        return np.stack([self._vectors[t] for t in texts])

    def predict(self, pool: Sequence[Example], texts: Sequence[str]) -> list[str]:
        if not pool:
            raise InvalidInputError("The example pool is empty: give the loop at least one labelled example.")
        if not texts:
            return []
        similarity = self._vectors_of(list(texts)) @ self._vectors_of([e["text"] for e in pool]).T
        out = []
        for row in similarity:
            nearest = sorted(range(len(pool)), key=lambda j: -row[j])[: self.k]
            votes = Counter(pool[j]["label"] for j in nearest)
            top = max(votes.values())
            out.append(next(pool[j]["label"] for j in nearest if votes[pool[j]["label"]] == top))
        return out


@dataclass(frozen=True)
class Round:
    """One round of the loop: how many feedback items were reviewed, how many failed (and were added), the pool size
    after adding them, and the held-out accuracy measured with that pool. Round 0 is the starting point."""

    index: int
    reviewed: int
    failures: int
    pool_size: int
    heldout: Rate

    def __str__(self) -> str:
        return (f"round {self.index}: reviewed {self.reviewed:>2}, failed {self.failures:>2}, pool {self.pool_size:>3}, "
                f"held-out {self.heldout}")


class ImprovementLoop:
    """Grow an example pool from logged failures and measure each round on a held-out split it never learns from.

    ``predict(pool, texts)`` labels texts using the current pool (for instance :meth:`NearestExamples.predict`).
    ``add="failures"`` adds only the corrected mistakes of each batch; ``add="all"`` adds every reviewed item (the
    comparison that shows whether picking failures matters).

    >>> from labkit.small.distill import hashed_bow
    >>> loop = ImprovementLoop([{"text": "great pies", "label": "pos"}, {"text": "cold tea", "label": "neg"}],
    ...                        heldout=[{"text": "cold pies", "label": "neg"}], predict=NearestExamples(hashed_bow, 1).predict)
    >>> loop.step([{"text": "pies were cold and stale", "label": "neg"}]).failures, len(loop.pool)
    (1, 3)
    >>> loop.add([{"text": "Cold pies!", "label": "neg"}])
    Traceback (most recent call last):
    ...
    labkit.errors.HeldOutLeakError: 'Cold pies!' is in the held-out split: ...
    """

    def __init__(self, pool: Iterable[Example], heldout: Sequence[Example],
                 predict: Callable[[Sequence[Example], Sequence[str]], list[str]], *, add: str = "failures"):
        if add not in ("failures", "all"):
            raise InvalidInputError(f"add must be 'failures' or 'all', got {add!r}.")
        if not heldout:
            raise InvalidInputError("The held-out split is empty: keep some labelled items aside to measure on.")
        self._heldout = [dict(e) for e in heldout]
        self._heldout_keys = {normalise_text(e["text"]) for e in self._heldout}
        self.predict, self.mode = predict, add
        self._pool: list[Example] = []
        self._pool_keys: set[str] = set()
        self.failure_log: list[dict[str, Any]] = []
        self.rounds: list[Round] = []
        self.add(pool)

    @property
    def pool(self) -> tuple[Example, ...]:
        """The current pool (a copy: change it through :meth:`add`)."""
        return tuple(dict(e) for e in self._pool)

    def add(self, examples: Iterable[Example]) -> int:
        """Add labelled examples to the pool; returns how many were new. A held-out text is refused, always."""
        examples = [dict(e) for e in examples]
        for example in examples:
            if not isinstance(example.get("text"), str) or not isinstance(example.get("label"), str):
                raise InvalidInputError(f"A pool example needs a text and a label (strings), got {example!r}.")
            if normalise_text(example["text"]) in self._heldout_keys:
                raise HeldOutLeakError(example["text"])
        added = 0
        for example in examples:
            key = normalise_text(example["text"])
            if key not in self._pool_keys:
                self._pool_keys.add(key)
                self._pool.append({"text": example["text"], "label": example["label"]})
                added += 1
        return added

    def evaluate(self) -> Rate:
        """Accuracy on the held-out split with the current pool. It reads the held-out labels and writes nothing."""
        predicted = self.predict(self._pool, [e["text"] for e in self._heldout])
        return Rate.of([p == e["label"] for p, e in zip(predicted, self._heldout)])

    def step(self, batch: Sequence[Example]) -> Round:
        """Answer one feedback batch, log its failures, add the corrections, re-measure on the held-out split.

        A batch holding a held-out text is refused before anything is predicted: the splits must not overlap.
        """
        if not self.rounds:
            self.rounds.append(Round(0, 0, 0, len(self._pool), self.evaluate()))
        batch = [dict(e) for e in batch]
        for example in batch:           # a held-out item in the traffic means the splits overlap: stop before scoring
            if normalise_text(str(example.get("text", ""))) in self._heldout_keys:
                raise HeldOutLeakError(str(example["text"]))
        index = len(self.rounds)
        predicted = self.predict(self._pool, [e["text"] for e in batch])
        failed = [e for p, e in zip(predicted, batch) if p != e["label"]]
        self.failure_log += [{"round": index, "text": e["text"], "predicted": p, "label": e["label"]}
                             for p, e in zip(predicted, batch) if p != e["label"]]
        self.add(failed if self.mode == "failures" else batch)
        self.rounds.append(Round(index, len(batch), len(failed), len(self._pool), self.evaluate()))
        return self.rounds[-1]

    def run(self, batches: Iterable[Sequence[Example]]) -> list[Round]:
        """:meth:`step` through every batch; returns all rounds, round 0 (the starting pool) first."""
        for batch in batches:
            self.step(batch)
        if not self.rounds:
            self.rounds.append(Round(0, 0, 0, len(self._pool), self.evaluate()))
        return list(self.rounds)
