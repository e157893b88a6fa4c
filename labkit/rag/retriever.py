"""The retriever contract, and the adapter that makes any labkit retriever a LangChain ``BaseRetriever``.

The one idea: everything that finds chunks (a faiss index, BM25, a hybrid, a reranking pipeline) answers one
question, ``retrieve(query, k) -> list[Hit]`` with hits best first. Subclasses implement :meth:`Retriever._retrieve`;
the base class validates the arguments. Because the contract is tiny, retrievers compose: fusion, reranking and
query expansion each wrap other retrievers.

Left out: metadata filters in the contract (filter the hits, or build one index per partition).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from labkit.errors import InvalidInputError
from labkit.rag.documents import Hit


class Retriever(ABC):
    """Finds the ``k`` chunks most relevant to a query."""

    name = "retriever"

    def retrieve(self, query: str, k: int = 5) -> list[Hit]:
        check_query(query, k)
        return self._retrieve(query, k)

    @abstractmethod
    def _retrieve(self, query: str, k: int) -> list[Hit]:
        """Hits for a validated query, best first, at most ``k``."""

    def scores(self, query: str, depth: int = 100) -> dict[str, float]:
        """``{chunk id: score}`` for the top ``depth`` hits (what score fusion consumes)."""
        return {h.id: h.score for h in self.retrieve(query, depth)}

    def as_langchain(self, k: int = 4) -> Any:
        return as_langchain_retriever(self, k)


def check_query(query: Any, k: Any) -> None:
    """The arguments every ``retrieve`` takes: non-empty query text and a positive ``k`` (else InvalidInputError).

    >>> check_query("refund policy", 3) is None
    True
    """
    if not isinstance(query, str) or not query.strip():
        raise InvalidInputError("The query must be non-empty text.")
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise InvalidInputError(f"k must be a positive integer, got {k!r}.")


def as_langchain_retriever(retriever: Retriever, k: int = 4) -> Any:
    """Wrap a labkit :class:`Retriever` as a LangChain ``BaseRetriever`` (usable in LCEL chains and agents).

    Each LangChain ``Document`` carries the chunk text as ``page_content`` and ``id``, ``score``, ``doc_id`` and the
    chunk's metadata in ``metadata``.
    """
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document as LCDocument
    from langchain_core.retrievers import BaseRetriever
    from pydantic import ConfigDict

    if not isinstance(retriever, Retriever):
        raise InvalidInputError(f"as_langchain_retriever takes a labkit Retriever, got {type(retriever).__name__}.")

    class LabkitRetriever(BaseRetriever):
        model_config = ConfigDict(arbitrary_types_allowed=True)
        inner: Any
        k: int = 4

        def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
            return [LCDocument(page_content=h.text, id=h.id,
                               metadata={**h.chunk.metadata, "id": h.id, "doc_id": h.chunk.doc_id, "score": h.score})
                    for h in self.inner.retrieve(query, self.k)]

    return LabkitRetriever(inner=retriever, k=k)
