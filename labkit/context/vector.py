"""Long-term vector memory: store what was said as embeddings, recall it by meaning when it becomes relevant.

The one idea: a window forgets and a summary compresses, but a vector memory keeps every item and brings back only
the few that resemble the current message. Each item is embedded once (bundled MiniLM, unit vectors) into a faiss
inner-product index; :meth:`VectorMemory.search` embeds the query and returns the ``k`` nearest items above a
similarity floor, so "What is my name?" can recall "Hi, I'm Alice." from fifty turns ago.

Left out: deletion and updates (faiss flat indexes are append-only here) and persistence; use :mod:`labkit.rag`
indexes for document-scale stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from labkit.errors import InvalidInputError


@dataclass(frozen=True)
class MemoryItem:
    """One remembered text with free-form metadata (turn number, role, importance...)."""

    text: str
    id: int
    metadata: dict[str, Any] = field(default_factory=dict)


class VectorMemory:
    """Append-only semantic memory over a faiss ``IndexFlatIP``."""

    def __init__(self, embeddings: Any = None, min_similarity: float = 0.2):
        import faiss

        if embeddings is None:
            from labkit.embed import get_embeddings

            embeddings = get_embeddings()
        if not -1.0 <= min_similarity <= 1.0:
            raise InvalidInputError(f"min_similarity must be a cosine in [-1, 1], got {min_similarity!r}.")
        self.embeddings = embeddings
        self.min_similarity = min_similarity
        self.items: list[MemoryItem] = []
        self._index: Any = None
        self._faiss = faiss

    def __len__(self) -> int:
        return len(self.items)

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = np.asarray(self.embeddings.embed_documents(texts), dtype=np.float32)
        return np.ascontiguousarray(vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12))

    def add(self, text: str, **metadata: Any) -> MemoryItem:
        if not isinstance(text, str) or not text.strip():
            raise InvalidInputError("Only non-empty text can be remembered.")
        vector = self._encode([text.strip()])
        if self._index is None:
            self._index = self._faiss.IndexFlatIP(vector.shape[1])
        self._index.add(vector)
        item = MemoryItem(text.strip(), len(self.items), dict(metadata))
        self.items.append(item)
        return item

    def search(self, query: str, k: int = 3) -> list[tuple[MemoryItem, float]]:
        """The ``k`` most similar items with their cosine similarity, best first, above ``min_similarity``."""
        if not isinstance(query, str) or not query.strip():
            raise InvalidInputError("The memory search query must be non-empty text.")
        if not isinstance(k, int) or k < 1:
            raise InvalidInputError(f"k must be a positive integer, got {k!r}.")
        if not self.items:
            return []
        sims, ids = self._index.search(self._encode([query]), min(k, len(self.items)))
        return [(self.items[int(i)], float(s)) for i, s in zip(ids[0], sims[0])
                if i >= 0 and s >= self.min_similarity]
