"""Reranking: retrieve many cheaply, then order the few best carefully.

What it teaches: first-stage retrievers are built for speed over millions of chunks; a second stage can afford a
better score on the top 20-100. Here:

* :class:`EmbeddingReranker`: cosine similarity between the query and each candidate, the natural second stage
  after BM25 (it adds meaning to keyword matches).
* :class:`SentenceReranker`: a finer *cross-score*: each candidate is scored by its best-matching sentence (plus a
  share of its whole-chunk similarity), so a long chunk with one precise answer sentence rises.
* :func:`mmr`: maximal marginal relevance, trading relevance against redundancy so the top k are not five copies
  of the same fact.

The one idea: recall comes from the first stage, precision from the second: retrieve wide, rerank narrow.

Left out: cross-encoder models (a query-document transformer); no such model ships offline. The
:class:`Reranker` contract takes one, a class with ``score(query, texts)``, if you have it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import numpy as np

from labkit.errors import InvalidInputError
from labkit.rag.chunking import sentence_spans
from labkit.rag.documents import Hit
from labkit.rag.retriever import Retriever


def _unit(vectors: Any) -> np.ndarray:
    v = np.asarray(vectors, dtype=np.float32)
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


def _embed(embeddings: Any, texts: list[str]) -> np.ndarray:
    if hasattr(embeddings, "encode"):
        return _unit(embeddings.encode(texts))
    return _unit(embeddings.embed_documents(texts))


class Reranker(ABC):
    """Scores candidate texts for a query; :meth:`rerank` orders hits by that score."""

    def __init__(self, embeddings: Any = None):
        self._embeddings = embeddings

    @property
    def embeddings(self) -> Any:
        if self._embeddings is None:
            from labkit.embed import get_embeddings

            self._embeddings = get_embeddings()
        return self._embeddings

    @abstractmethod
    def score(self, query: str, texts: list[str]) -> list[float]:
        """One relevance score per text (higher is better)."""

    def rerank(self, query: str, hits: list[Hit], k: int | None = None) -> list[Hit]:
        if not hits:
            return []
        scores = self.score(query, [h.text for h in hits])
        order = sorted(range(len(hits)), key=lambda i: (-scores[i], i))
        return [Hit(hits[i].chunk, float(scores[i]), "rerank") for i in order[:k]]


class EmbeddingReranker(Reranker):
    """Cosine similarity of query and candidate."""

    def score(self, query: str, texts: list[str]) -> list[float]:
        vectors = _embed(self.embeddings, [query, *texts])
        return [float(s) for s in vectors[1:] @ vectors[0]]


class SentenceReranker(Reranker):
    """``alpha * best sentence similarity + (1 - alpha) * whole-chunk similarity``."""

    def __init__(self, embeddings: Any = None, alpha: float = 0.7):
        super().__init__(embeddings)
        if not 0 <= alpha <= 1:
            raise InvalidInputError(f"alpha must be in [0, 1], got {alpha}.")
        self.alpha = alpha

    def score(self, query: str, texts: list[str]) -> list[float]:
        sentences = [[t[a:b].strip() for a, b in sentence_spans(t) if t[a:b].strip()] or [t] for t in texts]
        flat = [s for group in sentences for s in group]
        vectors = _embed(self.embeddings, [query, *texts, *flat])
        q, whole, sent = vectors[0], vectors[1:1 + len(texts)] @ vectors[0], vectors[1 + len(texts):] @ vectors[0]
        out, pos = [], 0
        for i, group in enumerate(sentences):
            best = float(sent[pos:pos + len(group)].max())
            pos += len(group)
            out.append(self.alpha * best + (1 - self.alpha) * float(whole[i]))
        del q
        return out


def mmr(query_vector: np.ndarray, vectors: np.ndarray, k: int, lambda_: float = 0.7) -> list[int]:
    """Indices of ``k`` rows chosen by maximal marginal relevance (relevance minus similarity to those chosen).

    >>> q = np.array([1.0, 0.0]); docs = np.array([[1.0, 0.0], [0.99, 0.14], [0.6, 0.8]])
    >>> mmr(q, docs, 2, lambda_=0.3)   # the near-duplicate of doc 0 is skipped for the different doc 2
    [0, 2]
    """
    vectors, q = _unit(vectors), _unit(query_vector)
    relevance = vectors @ q
    chosen: list[int] = []
    candidates = list(range(len(vectors)))
    while candidates and len(chosen) < k:
        if chosen:
            redundancy = (vectors[candidates] @ vectors[chosen].T).max(axis=1)
        else:
            redundancy = np.zeros(len(candidates))
        scores = lambda_ * relevance[candidates] - (1 - lambda_) * redundancy
        best = candidates[int(np.argmax(scores))]
        chosen.append(best)
        candidates.remove(best)
    return chosen


class RerankingRetriever(Retriever):
    """First stage ``retriever`` fetches ``candidates`` hits; ``reranker`` orders them; the top ``k`` are returned."""

    name = "reranked"

    def __init__(self, retriever: Retriever, reranker: Reranker, candidates: int = 20):
        if candidates < 1:
            raise InvalidInputError("candidates must be at least 1.")
        self.retriever, self.reranker, self.candidates = retriever, reranker, candidates

    def _retrieve(self, query: str, k: int) -> list[Hit]:
        return self.reranker.rerank(query, self.retriever.retrieve(query, max(k, self.candidates)), k)
