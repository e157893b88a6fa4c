"""Domain retrieval: ``labkit.rag``'s retriever with a metadata filter and a score floor; filter, then rank by
meaning (and recency).

The one idea: the domain layer needs only ``retrieve(query, k, where, min_score) -> hits``, and that is
``labkit.rag``'s contract (``retrieve(query, k)``, one method to write) with two arguments on top.
:class:`DomainRetriever` is a :class:`labkit.rag.retriever.Retriever`, and a domain :class:`Hit` is a
``labkit.rag`` hit whose chunk is the whole document, so rag's fusion, reranking and LangChain adapter take domain
retrievers as they are. :class:`EmbeddingRetriever` embeds each document's title and text once with
:mod:`labkit.embed`, removes every inadmissible document *before* ranking, and an optional recency weight nudges
newer documents up (newer precedent, newer studies), as the domain profiles ask. :class:`RagRetriever` adapts any
``labkit.rag`` index (faiss, BM25, hybrid, reranked), filtering after ranking.

Left out: chunking, BM25/hybrid fusion and reranking; those belong to ``labkit.rag`` and plug in through the
adapter.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from labkit.domains.corpus import DomainDocument
from labkit.errors import InvalidInputError
from labkit.rag.documents import Chunk
from labkit.rag.documents import Hit as RagHit
from labkit.rag.retriever import Retriever, check_query

Where = Callable[[Mapping[str, Any]], bool]


def as_chunk(document: DomainDocument) -> Chunk:
    """The whole document as one ``labkit.rag`` chunk (its title kept in the metadata).

    >>> as_chunk(DomainDocument("d1", "Title", "Text.")).metadata
    {'title': 'Title'}
    """
    return Chunk(document.id, document.text, document.id, 0, len(document.text),
                 {**document.metadata, "title": document.title})


def as_document(chunk: Chunk) -> DomainDocument:
    """The inverse of :func:`as_chunk`: a chunk as a domain document (title from ``metadata['title']``)."""
    return DomainDocument(chunk.id, str(chunk.metadata.get("title", "")), chunk.text, dict(chunk.metadata))


@dataclass(frozen=True, init=False, repr=False, eq=False)
class Hit(RagHit):
    """A retrieved document and its score (cosine similarity, plus any recency bonus): a ``labkit.rag`` hit whose
    chunk is the document (:func:`as_chunk`, or the chunk an adapted rag index found)."""

    document: DomainDocument

    def __init__(self, document: DomainDocument, score: float, source: str = "", chunk: Chunk | None = None):
        object.__setattr__(self, "document", document)
        object.__setattr__(self, "chunk", chunk if chunk is not None else as_chunk(document))
        object.__setattr__(self, "score", score)
        object.__setattr__(self, "source", source)

    def __repr__(self) -> str:
        return f"Hit(document={self.document!r}, score={self.score!r})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.document, self.score) == (other.document, other.score)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.document, self.score))


def _check(where: Any, min_score: Any) -> None:
    if not isinstance(min_score, (int, float)) or isinstance(min_score, bool):
        raise InvalidInputError(f"min_score must be a number, got {min_score!r}.")
    if where is not None and not callable(where):
        raise InvalidInputError("where must be a filter (a callable on document metadata) or None.")


class DomainRetriever(Retriever):
    """``labkit.rag``'s :class:`~labkit.rag.retriever.Retriever` plus ``where`` (a filter on document metadata) and
    ``min_score``. The base validates every argument; subclasses write :meth:`_search`. Called the rag way,
    ``retrieve(query, k)`` filters nothing; only the default score floor of 0 applies."""

    name = "domain"

    def retrieve(self, query: str, k: int = 3, where: Where | None = None, min_score: float = 0.0) -> list[Hit]:
        """The ``k`` best documents that pass ``where`` and score at least ``min_score``, best first."""
        check_query(query, k)
        _check(where, min_score)
        return self._search(query, k, where, min_score)

    def _retrieve(self, query: str, k: int) -> list[Hit]:  # rag's contract: no filter, no floor
        return self._search(query, k, None, float("-inf"))

    @abstractmethod
    def _search(self, query: str, k: int, where: Where | None, min_score: float) -> list[Hit]:
        """Hits for validated arguments, best first, at most ``k``."""


class EmbeddingRetriever(DomainRetriever):
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

    def _search(self, query: str, k: int, where: Where | None, min_score: float) -> list[Hit]:
        if self._vectors is None:
            self._vectors = self._encode([f"{d.title}. {d.text}" for d in self.documents])
        q = self._encode([query])[0]
        scores = (self._vectors @ q).tolist()
        bonus = self._recency()
        admitted = [(d, s + b) for d, s, b in zip(self.documents, scores, bonus) if where is None or where(d.metadata)]
        ranked = sorted((Hit(d, round(score, 6)) for d, score in admitted), key=lambda h: -h.score)
        return [h for h in ranked if h.score >= min_score][:k]


class RagRetriever(DomainRetriever):
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

    def _search(self, query: str, k: int, where: Where | None, min_score: float) -> list[Hit]:
        """The ``k`` best admissible hits among the inner retriever's top ``depth``."""
        out: list[Hit] = []
        for hit in self.retriever.retrieve(query, max(k, self.depth)):
            doc = as_document(hit.chunk)
            if (where is None or where(doc.metadata)) and hit.score >= min_score:
                out.append(Hit(doc, float(hit.score), hit.source, hit.chunk))
            if len(out) == k:
                break
        return out
