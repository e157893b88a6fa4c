"""Hybrid retrieval: combine ranked lists from different retrievers into one.

What it teaches: BM25 and dense retrieval fail on different queries, so combining them helps, but their scores
live on different scales (BM25 is unbounded, cosine sits in [-1, 1]). Two standard answers:

* Reciprocal rank fusion (RRF) ignores scores and sums ``weight / (k + rank)`` over the lists. No tuning, robust,
  and the usual default (``k = 60`` from the original paper).
* Weighted score combination normalises each list's scores (min-max or z-score over the retrieved depth) and sums
  them with weights. It uses *how much* better a hit is, not only its rank, and with tuned weights it usually beats
  RRF; tune the weights on held-out queries, never on the test set you report.

The one idea: fuse ranks when you cannot tune, fuse normalised scores when you can.

Left out: learned fusion (a model over features of each hit).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from labkit.errors import InvalidInputError
from labkit.rag.documents import Hit
from labkit.rag.retriever import Retriever


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = 60,
                           weights: Sequence[float] | None = None) -> list[tuple[str, float]]:
    """Fuse ranked id lists: ``score(d) = sum_i w_i / (k + rank_i(d))`` with ranks from 1.

    >>> reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]], k=1)
    [('b', 0.8333333333333333), ('a', 0.75), ('c', 0.5833333333333333)]
    """
    weights = [1.0] * len(rankings) if weights is None else list(weights)
    if len(weights) != len(rankings):
        raise InvalidInputError(f"{len(weights)} weights for {len(rankings)} rankings; give one weight per list.")
    if k < 0:
        raise InvalidInputError(f"The RRF constant k must be >= 0, got {k}.")
    fused: dict[str, float] = {}
    for ranking, w in zip(rankings, weights):
        for rank, doc in enumerate(ranking, start=1):
            fused[doc] = fused.get(doc, 0.0) + w / (k + rank)
    return sorted(fused.items(), key=lambda t: (-t[1], t[0]))


def normalize_scores(scores: dict[str, float], method: str = "minmax") -> dict[str, float]:
    """Scores mapped onto a common scale: ``minmax`` to [0, 1], ``zscore`` to mean 0 / std 1, or ``none``.

    >>> normalize_scores({"a": 10.0, "b": 5.0, "c": 0.0})
    {'a': 1.0, 'b': 0.5, 'c': 0.0}
    """
    if not scores or method == "none":
        return dict(scores)
    values = np.array(list(scores.values()), dtype=np.float64)
    if method == "minmax":
        lo, span = values.min(), values.max() - values.min()
        normed = (values - lo) / span if span > 0 else np.ones_like(values)
    elif method == "zscore":
        std = values.std()
        normed = (values - values.mean()) / std if std > 0 else np.zeros_like(values)
    else:
        raise InvalidInputError(f"Unknown normalisation {method!r}; use 'minmax', 'zscore' or 'none'.")
    return {key: float(v) for key, v in zip(scores, normed)}


def weighted_fusion(score_lists: Sequence[dict[str, float]], weights: Sequence[float] | None = None,
                    normalization: str = "minmax") -> list[tuple[str, float]]:
    """Normalise each ``{id: score}`` list, then sum ``weight * score`` per id.

    An id missing from a list gets that list's minimum normalised score (it ranked below the depth retrieved).

    >>> weighted_fusion([{"a": 2.0, "b": 1.0}, {"b": 0.9, "c": 0.1}], weights=[0.5, 0.5])
    [('a', 0.5), ('b', 0.5), ('c', 0.0)]
    """
    weights = [1.0 / len(score_lists)] * len(score_lists) if weights is None else list(weights)
    if len(weights) != len(score_lists):
        raise InvalidInputError(f"{len(weights)} weights for {len(score_lists)} score lists.")
    normed = [normalize_scores(s, normalization) for s in score_lists]
    floors = [min(n.values()) if n else 0.0 for n in normed]
    ids = sorted({i for n in normed for i in n})
    fused = {i: sum(w * n.get(i, floor) for n, w, floor in zip(normed, weights, floors)) for i in ids}
    return sorted(fused.items(), key=lambda t: (-round(t[1], 12), t[0]))


class HybridRetriever(Retriever):
    """Fuse several retrievers (e.g. ``[BM25Index, DenseIndex]``) with ``rrf`` or ``weighted`` score fusion.

    ``depth``: how many hits each retriever contributes before fusion (more depth, better recall, more work).
    """

    name = "hybrid"

    def __init__(self, retrievers: Sequence[Retriever], method: str = "weighted",
                 weights: Sequence[float] | None = None, *, rrf_k: int = 60, normalization: str = "zscore",
                 depth: int = 100):
        if len(retrievers) < 2:
            raise InvalidInputError("A hybrid retriever needs at least two retrievers to fuse.")
        if method not in ("rrf", "weighted"):
            raise InvalidInputError(f"method must be 'rrf' or 'weighted', got {method!r}.")
        if weights is not None and len(weights) != len(retrievers):
            raise InvalidInputError(f"{len(weights)} weights for {len(retrievers)} retrievers.")
        self.retrievers = list(retrievers)
        self.method, self.weights, self.rrf_k = method, weights, rrf_k
        self.normalization, self.depth = normalization, depth

    def fuse(self, hit_lists: Sequence[Sequence[Hit]], k: int) -> list[Hit]:
        """Fuse already-retrieved hit lists (one per retriever)."""
        by_id: dict[str, Any] = {}
        for hits in hit_lists:
            for h in hits:
                by_id.setdefault(h.id, h.chunk)
        if self.method == "rrf":
            fused = reciprocal_rank_fusion([[h.id for h in hits] for hits in hit_lists], self.rrf_k, self.weights)
        else:
            fused = weighted_fusion([{h.id: h.score for h in hits} for hits in hit_lists], self.weights,
                                    self.normalization)
        return [Hit(by_id[i], s, self.name) for i, s in fused[:k]]

    def _retrieve(self, query: str, k: int) -> list[Hit]:
        depth = max(k, self.depth)
        return self.fuse([r.retrieve(query, depth) for r in self.retrievers], k)
