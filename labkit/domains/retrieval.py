"""Domain retrieval behind a one-method interface: filter by metadata first, then rank by meaning (and recency).

The one idea: the domain layer needs only ``retrieve(query, k, where) -> hits``. Here that is a dense retriever over a
small corpus: each document's title and text are embedded once with :mod:`labkit.embed`, the filter removes every
inadmissible document *before* ranking, and an optional recency weight nudges newer documents up (newer precedent,
newer studies), as the domain profiles ask. Any retriever with the same method can take its place:
:class:`RagRetriever` adapts ``labkit.rag``'s indexes (faiss, BM25, hybrid, reranked) without importing them.

Left out: chunking, BM25/hybrid fusion and reranking; those belong to ``labkit.rag`` and plug in through the
adapter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from labkit.domains.corpus import DomainDocument
from labkit.errors import InvalidInputError

Where = Callable[[Mapping[str, Any]], bool]


@dataclass(frozen=True)
class Hit:
    """A retrieved document and its score (cosine similarity, plus any recency bonus)."""

    document: DomainDocument
    score: float


class Retriever(Protocol):
    """What the domain assistant needs from retrieval."""

    def retrieve(self, query: str, k: int = 3, where: Where | None = None, min_score: float = 0.0) -> list[Hit]:
        ...  # pragma: no cover


def _check(query: Any, k: Any, min_score: Any) -> None:
    if not isinstance(query, str) or not query.strip():
        raise InvalidInputError("query must be a non-empty string.")
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise InvalidInputError(f"k must be a positive integer, got {k!r}.")
    if not isinstance(min_score, (int, float)) or isinstance(min_score, bool):
        raise InvalidInputError(f"min_score must be a number, got {min_score!r}.")


class EmbeddingRetriever:
    """Cosine ranking over embedded documents with pre-filtering; see the module docstring.

    ``recency_weight`` adds up to that much to the newest document's score (linearly by its ``year``; documents
    without a year get no bonus).
    """

    def __init__(self, documents: Sequence[DomainDocument], embeddings: Any = None, recency_weight: float = 0.0):
        documents = list(documents)
        if not documents or not all(isinstance(d, DomainDocument) for d in documents):
            raise InvalidInputError("EmbeddingRetriever needs a non-empty list of DomainDocument objects.")
        if not isinstance(recency_weight, (int, float)) or not 0 <= recency_weight <= 1:
            raise InvalidInputError(f"recency_weight must be between 0 and 1, got {recency_weight!r}.")
        self.documents = documents
        self.recency_weight = float(recency_weight)
        self._embeddings = embeddings
        self._vectors: Any = None

    def _encode(self, texts: list[str]) -> Any:
        if self._embeddings is None:
            from labkit.embed import get_embeddings

            self._embeddings = get_embeddings()
        import numpy as np

        if hasattr(self._embeddings, "encode"):
            return np.asarray(self._embeddings.encode(texts), dtype="float32")
        vectors = np.asarray(self._embeddings.embed_documents(texts), dtype="float32")  # any LangChain Embeddings
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

    def _recency(self) -> list[float]:
        years = [d.metadata.get("year") for d in self.documents]
        known = [y for y in years if isinstance(y, int)]
        if not known or self.recency_weight == 0 or max(known) == min(known):
            return [0.0] * len(years)
        lo, hi = min(known), max(known)
        return [self.recency_weight * (y - lo) / (hi - lo) if isinstance(y, int) else 0.0 for y in years]

    def retrieve(self, query: str, k: int = 3, where: Where | None = None, min_score: float = 0.0) -> list[Hit]:
        """The ``k`` best documents that pass ``where`` and score at least ``min_score``, best first."""
        _check(query, k, min_score)
        if where is not None and not callable(where):
            raise InvalidInputError("where must be a filter (a callable on document metadata) or None.")
        if self._vectors is None:
            self._vectors = self._encode([f"{d.title}. {d.text}" for d in self.documents])
        q = self._encode([query])[0]
        scores = (self._vectors @ q).tolist()
        bonus = self._recency()
        admitted = [(d, s + b) for d, s, b in zip(self.documents, scores, bonus) if where is None or where(d.metadata)]
        ranked = sorted((Hit(d, round(score, 6)) for d, score in admitted), key=lambda h: -h.score)
        return [h for h in ranked if h.score >= min_score][:k]


class RagRetriever:
    """Adapts any ``labkit.rag`` retriever (``DenseIndex``, ``BM25Index``, ``HybridRetriever``, a reranking
    pipeline) to the domain interface.

    ``labkit.rag``'s contract is ``retrieve(query, k) -> [rag Hit]`` without metadata filters, so this adapter
    over-fetches ``depth`` hits, turns each chunk into a :class:`DomainDocument` (chunk id, ``metadata['title']``,
    chunk text, chunk metadata) and filters *after* ranking. Keep ``depth`` at least the index size for small
    corpora: an admissible document ranked below ``depth`` is lost, which the readiness report's
    ``filter_correctness`` check detects.
    """

    def __init__(self, retriever: Any, depth: int = 100, documents: Sequence[DomainDocument] | None = None):
        if not callable(getattr(retriever, "retrieve", None)):
            raise InvalidInputError("RagRetriever wraps a labkit.rag retriever (an object with retrieve(query, k)).")
        if not isinstance(depth, int) or isinstance(depth, bool) or depth < 1:
            raise InvalidInputError(f"depth must be a positive integer, got {depth!r}.")
        self.retriever = retriever
        self.depth = depth
        self.documents = list(documents) if documents is not None else None

    def retrieve(self, query: str, k: int = 3, where: Where | None = None, min_score: float = 0.0) -> list[Hit]:
        """The ``k`` best admissible hits among the inner retriever's top ``depth``."""
        _check(query, k, min_score)
        if where is not None and not callable(where):
            raise InvalidInputError("where must be a filter (a callable on document metadata) or None.")
        out: list[Hit] = []
        for hit in self.retriever.retrieve(query, max(k, self.depth)):
            chunk = hit.chunk
            doc = DomainDocument(chunk.id, str(chunk.metadata.get("title", "")), chunk.text, dict(chunk.metadata))
            if (where is None or where(doc.metadata)) and hit.score >= min_score:
                out.append(Hit(doc, float(hit.score)))
            if len(out) == k:
                break
        return out
