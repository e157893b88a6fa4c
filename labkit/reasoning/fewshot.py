"""Few-shot prompting: teach by example, and pick the examples that resemble the query (faiss + optional MMR).

The one idea: the examples in a prompt are the strongest instruction it has, so *which* examples appear matters.
A static set shows the same examples for every query; a similarity selector embeds the example bank once, puts the
vectors in a faiss inner-product index (unit vectors, so inner product = cosine) and, for each query, takes the
``k`` nearest examples. Nearest-only can return near-duplicates, so Maximal Marginal Relevance (MMR) trades a
little similarity for diversity: each next pick maximises ``lambda * sim(query, x) - (1 - lambda) * max sim(x,
already picked)``.

Left out: example-bank curation (deduplication, label balancing) and learned retrievers for examples.

>>> Example("Great quality!", "positive").render(1)
'Example 1: "Great quality!" -> positive'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from labkit.errors import InvalidInputError


@dataclass(frozen=True)
class Example:
    """One worked example: an input, the output wanted for it and, optionally, why."""

    input: str
    output: str
    reasoning: str = ""

    def render(self, number: int) -> str:
        """One line per example; the reasoning, when given, after the output."""
        why = f" (because: {self.reasoning})" if self.reasoning else ""
        return f'Example {number}: "{self.input}" -> {self.output}{why}'



def _check_examples(examples: Sequence[Example]) -> list[Example]:
    examples = list(examples)
    if not examples:
        raise InvalidInputError("Few-shot prompting needs at least one example; the example bank is empty.")
    for i, e in enumerate(examples):
        if not isinstance(e, Example) or not e.input.strip() or not e.output.strip():
            raise InvalidInputError(f"Example {i} must be an Example with non-empty input and output, got {e!r}.")
    return examples


def _check_k(k: int) -> int:
    if not isinstance(k, int) or k < 1:
        raise InvalidInputError(f"k (examples per prompt) must be a positive integer, got {k!r}.")
    return k


def few_shot_prompt(task: str, examples: Sequence[Example], query: str) -> str:
    """The task, the numbered examples, then the query under ``Input:`` with its output left open.

    Examples are instructions (they show the mapping), the query is the material: labelling only the query keeps a
    model, the offline one included, from mistaking the examples' text for the text to work on.
    """
    if not isinstance(task, str) or not task.strip():
        raise InvalidInputError("Describe the task: few_shot_prompt needs non-empty task text.")
    if not isinstance(query, str) or not query.strip():
        raise InvalidInputError("The query must be non-empty text.")
    shots = "\n".join(e.render(i) for i, e in enumerate(_check_examples(examples), 1))
    return f"{task.strip()}\n\nHere are some examples:\n{shots}\n\nInput: {query.strip()}\nOutput:"


class StaticSelector:
    """The same first ``k`` examples for every query (the baseline)."""

    def __init__(self, examples: Sequence[Example], k: int = 3):
        self.examples = _check_examples(examples)
        self.k = _check_k(k)

    def select(self, query: str) -> list[Example]:
        return self.examples[: self.k]


class SimilaritySelector:
    """The ``k`` examples nearest to the query by embedding cosine, from a faiss ``IndexFlatIP``; ``mmr=True``
    re-picks among the ``fetch_k`` nearest for diversity, weighted by ``lambda_mult`` (1.0 = pure similarity)."""

    def __init__(self, examples: Sequence[Example], k: int = 3, mmr: bool = False, lambda_mult: float = 0.5,
                 fetch_k: int = 10, embeddings: Any = None):
        import faiss

        self.examples = _check_examples(examples)
        self.k = _check_k(k)
        if not 0.0 <= lambda_mult <= 1.0:
            raise InvalidInputError(f"lambda_mult must be between 0 and 1, got {lambda_mult!r}.")
        self.mmr, self.lambda_mult, self.fetch_k = mmr, lambda_mult, max(_check_k(fetch_k), k)
        if embeddings is None:
            from labkit.embed import get_embeddings

            embeddings = get_embeddings()
        self.embeddings = embeddings
        self.vectors = self._encode([e.input for e in self.examples])
        self.index = faiss.IndexFlatIP(self.vectors.shape[1])
        self.index.add(self.vectors)

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = np.asarray(self.embeddings.embed_documents(texts), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12))

    def scored(self, query: str) -> list[tuple[Example, float]]:
        """The selected examples with their cosine similarity to the query, in pick order."""
        if not isinstance(query, str) or not query.strip():
            raise InvalidInputError("The query must be non-empty text.")
        q = self._encode([query])
        n = min(self.fetch_k if self.mmr else self.k, len(self.examples))
        sims, ids = self.index.search(q, n)
        candidates = [(int(i), float(s)) for i, s in zip(ids[0], sims[0]) if i >= 0]
        if self.mmr:
            candidates = mmr_select(candidates, self.vectors, min(self.k, len(candidates)), self.lambda_mult)
        return [(self.examples[i], s) for i, s in candidates[: self.k]]

    def select(self, query: str) -> list[Example]:
        return [e for e, _ in self.scored(query)]


def mmr_select(candidates: list[tuple[int, float]], vectors: np.ndarray, k: int, lambda_mult: float) -> list[tuple[int, float]]:
    """Greedy Maximal Marginal Relevance over ``(index, similarity to query)`` candidates.

    >>> v = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    >>> [i for i, _ in mmr_select([(0, 0.9), (1, 0.9), (2, 0.5)], v, 2, 0.5)]
    [0, 2]
    """
    chosen: list[tuple[int, float]] = []
    pool = list(candidates)
    while pool and len(chosen) < k:
        def gain(item: tuple[int, float]) -> float:
            redundancy = max((float(vectors[item[0]] @ vectors[c]) for c, _ in chosen), default=0.0)
            return lambda_mult * item[1] - (1 - lambda_mult) * redundancy

        best = max(pool, key=gain)
        chosen.append(best)
        pool.remove(best)
    return chosen


def load_support_examples(path: str | None = None) -> tuple[list[Example], list[Example]]:
    """A support-intent example bank and held-out queries (bundled ``data/support_examples.json`` or ``path``)."""
    source = Path(path) if path else resources.files("labkit.reasoning").joinpath("data/support_examples.json")
    raw = json.loads(source.read_text(encoding="utf-8"))
    bank = [Example(e["input"], e["output"], e.get("reasoning", "")) for e in raw["bank"]]
    queries = [Example(e["input"], e["output"]) for e in raw["queries"]]
    return bank, queries


def label_match_rate(selector: StaticSelector | SimilaritySelector, queries: Sequence[Example]) -> float:
    """Share of selected examples whose output equals the query's own label (how on-topic the shots are)."""
    queries = _check_examples(queries)
    hits = total = 0
    for q in queries:
        picked = selector.select(q.input)
        hits += sum(e.output == q.output for e in picked)
        total += len(picked)
    return hits / total
