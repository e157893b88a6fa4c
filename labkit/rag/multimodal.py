"""Multimodal RAG over text, tables and images: one index, every modality turned into searchable text.

What it teaches: a handbook is paragraphs, a price table and a diagram. The practical way to retrieve across them
with one text embedding model is to *render each modality as text that keeps its meaning*: a table row becomes
``column: value`` pairs (and the table also gets one overview chunk listing its columns), an image becomes its
caption or OCR text (:func:`labkit.rag.loaders.load_image`). Every chunk keeps ``modality`` in its metadata, so
answers can say where a fact came from, results can be filtered by modality, and a quota can make sure a table or a
figure is not crowded out by paragraphs.

The one idea: normalise modalities to text at indexing time, keep the modality as metadata for retrieval time.

Left out: image embeddings (CLIP-style joint spaces); with captions the bundled text model suffices offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from labkit.errors import InvalidInputError
from labkit.rag.chunking import RecursiveChunker
from labkit.rag.dense import DenseIndex
from labkit.rag.documents import Chunk, Document, Hit
from labkit.rag.fusion import HybridRetriever
from labkit.rag.retriever import Retriever
from labkit.rag.sparse import BM25Index

MODALITIES = ("text", "table", "image")


def table_overview(documents: Sequence[Document]) -> list[Document]:
    """One overview document per table (its name and columns), so 'which table has prices?' finds the table."""
    tables: dict[str, Document] = {}
    for d in documents:
        if d.metadata.get("modality") == "table" and d.metadata.get("table") not in tables:
            name, cols = d.metadata["table"], d.metadata.get("columns", [])
            tables[name] = Document(f"{name}-overview", f"Table {name} with columns: {', '.join(cols)}.",
                                    {**d.metadata, "rows": None, "overview": True})
    return list(tables.values())


class MultimodalRetriever(Retriever):
    """Hybrid (BM25 + dense) retrieval over documents of every modality, with filters and per-modality quotas."""

    name = "multimodal"

    def __init__(self, documents: Sequence[Document], embeddings: Any = None, chunk_size: int = 500):
        docs = list(documents)
        bad = [d for d in docs if d.metadata.get("modality", "text") not in MODALITIES]
        if bad:
            raise InvalidInputError(f"Document {bad[0].id!r} has modality {bad[0].metadata.get('modality')!r}; "
                                    f"use one of {', '.join(MODALITIES)}.")
        chunker = RecursiveChunker(size=chunk_size)
        self.chunks: list[Chunk] = []
        for d in [*docs, *table_overview(docs)]:
            meta = {"modality": "text", **d.metadata}
            if meta["modality"] == "text":
                self.chunks.extend(chunker.split(Document(d.id, d.text, meta)))
            else:  # a table row or an image caption is one unit: never split it
                self.chunks.append(Chunk(d.id, d.text, d.id, 0, len(d.text), meta))
        self.dense = DenseIndex(embeddings).add(self.chunks)
        self.bm25 = BM25Index().add(self.chunks)
        self.hybrid = HybridRetriever([self.bm25, self.dense], method="rrf", depth=50)

    def counts(self) -> dict[str, int]:
        """How many chunks of each modality are indexed."""
        out = {m: 0 for m in MODALITIES}
        for c in self.chunks:
            out[c.metadata["modality"]] += 1
        return out

    def retrieve(self, query: str, k: int = 5, modalities: Sequence[str] | None = None,
                 quota: dict[str, int] | None = None) -> list[Hit]:
        """Top ``k`` hits, optionally only of ``modalities``; ``quota`` guarantees at least n hits per modality when
        any exist in the top 50 (e.g. ``{"table": 1}``)."""
        unknown = set(modalities or []) | set(quota or {})
        unknown -= set(MODALITIES)
        if unknown:
            raise InvalidInputError(f"Unknown modalities {sorted(unknown)}; use {', '.join(MODALITIES)}.")
        pool = super().retrieve(query, max(k, 50))
        if modalities:
            pool = [h for h in pool if h.chunk.metadata["modality"] in modalities]
        chosen: list[Hit] = []
        for modality, n in (quota or {}).items():
            chosen.extend([h for h in pool if h.chunk.metadata["modality"] == modality][:n])
        for h in pool:
            if len(chosen) >= k:
                break
            if h not in chosen:
                chosen.append(h)
        rank = {h.id: i for i, h in enumerate(pool)}
        return sorted(chosen[:k], key=lambda h: rank[h.id])

    def _retrieve(self, query: str, k: int) -> list[Hit]:
        return [Hit(h.chunk, h.score, self.name) for h in self.hybrid.retrieve(query, k)]
