"""Hierarchical RAG: find the right document, then the right section, then the right chunk.

What it teaches: in a large, structured collection (manuals, handbooks, papers) flat chunk search gets distracted
by look-alike paragraphs from the wrong document. Searching top-down narrows the space at each level: a document
is represented by its title and opening, a section by its header path and text, a chunk by itself. Each hit keeps
its path (``document > section > chunk``), which is also a better citation.

The one idea: use the structure the author already wrote; retrieval happens level by level, each level filtering
the next.

Left out: model-written summaries per node (summaries here are extractive: title, headers and opening text) and
re-balancing when one document dominates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from labkit.errors import InvalidInputError, RetrievalError
from labkit.rag.chunking import MarkdownHeaderChunker, RecursiveChunker
from labkit.rag.documents import Chunk, Document, Hit
from labkit.rag.retriever import Retriever


@dataclass(frozen=True)
class Node:
    """One node of the hierarchy: its level, id, parent, the text it is searched by, and the chunk it returns."""

    level: str
    id: str
    parent: str
    search_text: str
    chunk: Chunk


class HierarchicalIndex(Retriever):
    """Documents -> markdown sections -> chunks of ``chunk_size`` characters, searched top-down.

    ``retrieve(query, k)`` keeps the best ``top_documents`` documents, then their best ``top_sections`` sections,
    then returns the ``k`` best chunks inside those sections, each scored by the mean of its three levels' scores.
    """

    name = "hierarchical"

    def __init__(self, embeddings: Any = None, chunk_size: int = 400, top_documents: int = 2, top_sections: int = 3,
                 summary_chars: int = 300):
        self._embeddings = embeddings
        self.chunker = RecursiveChunker(size=chunk_size)
        self.top_documents, self.top_sections, self.summary_chars = top_documents, top_sections, summary_chars
        self.nodes: dict[str, list[Node]] = {"document": [], "section": [], "chunk": []}
        self.vectors: dict[str, np.ndarray] = {}

    @property
    def embeddings(self) -> Any:
        if self._embeddings is None:
            from labkit.embed import get_embeddings

            self._embeddings = get_embeddings()
        return self._embeddings

    def add_documents(self, documents: Sequence[Document]) -> HierarchicalIndex:
        for doc in documents:
            if not isinstance(doc, Document):
                raise InvalidInputError(f"add_documents takes Document values, got {type(doc).__name__}.")
            title = doc.metadata.get("title", doc.id)
            sections = MarkdownHeaderChunker().split(doc)
            headers = "; ".join(s.metadata["section"] for s in sections if s.metadata.get("section"))
            summary = f"{title}. {headers}. {' '.join(doc.text.split())[: self.summary_chars]}"
            self.nodes["document"].append(Node("document", doc.id, "", summary,
                                               Chunk(doc.id, doc.text, doc.id, 0, len(doc.text), dict(doc.metadata))))
            for s in sections:
                section = s.metadata.get("section", "")
                path = section if section.lower().startswith(title.lower()) else f"{title} > {section}".rstrip(" >")
                self.nodes["section"].append(Node("section", s.id, doc.id, f"{path}\n{s.text}", s))
                for j, (a, b, _) in enumerate(self.chunker.spans(s.text)):
                    text = s.text[a:b]
                    if not text.strip():
                        continue
                    chunk = Chunk(f"{s.id}.{j}", text, doc.id, s.start + a, s.start + b,
                                  {**s.metadata, "path": path, "section_id": s.id})
                    self.nodes["chunk"].append(Node("chunk", chunk.id, s.id, f"{path}: {text}", chunk))
        for level, nodes in self.nodes.items():
            vecs = np.asarray(self.embeddings.embed_documents([n.search_text for n in nodes]), dtype=np.float32)
            self.vectors[level] = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return self

    def _scores(self, level: str, qv: np.ndarray, parents: set[str] | None) -> list[tuple[float, Node]]:
        sims = self.vectors[level] @ qv
        return sorted(((float(s), n) for s, n in zip(sims, self.nodes[level])
                       if parents is None or n.parent in parents), key=lambda t: -t[0])

    def search_path(self, query: str) -> dict[str, list[tuple[float, str]]]:
        """The documents and sections kept at each level, with scores (to show how the search narrowed)."""
        qv = self._query_vector(query)
        docs = self._scores("document", qv, None)[: self.top_documents]
        sections = self._scores("section", qv, {n.id for _, n in docs})[: self.top_sections]
        return {"document": [(round(s, 4), n.id) for s, n in docs],
                "section": [(round(s, 4), n.id) for s, n in sections]}

    def _query_vector(self, query: str) -> np.ndarray:
        if not self.nodes["chunk"]:
            raise RetrievalError("The hierarchical index is empty: add_documents() first.")
        qv = np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
        return qv / max(float(np.linalg.norm(qv)), 1e-12)

    def _retrieve(self, query: str, k: int) -> list[Hit]:
        qv = self._query_vector(query)
        docs = self._scores("document", qv, None)[: self.top_documents]
        doc_score = {n.id: s for s, n in docs}
        sections = self._scores("section", qv, set(doc_score))[: self.top_sections]
        section_score = {n.id: s for s, n in sections}
        parent_doc = {n.id: n.parent for _, n in sections}
        chunks = self._scores("chunk", qv, set(section_score))
        scored = [((s + section_score[n.parent] + doc_score[parent_doc[n.parent]]) / 3, n) for s, n in chunks]
        scored.sort(key=lambda t: -t[0])
        return [Hit(n.chunk, s, self.name) for s, n in scored[:k]]
