"""A dense vector index on faiss: exact (flat), graph-based (HNSW) and clustered (IVF), saved without pickle.

What it teaches: dense retrieval embeds chunks and the query into one vector space and returns the nearest chunks.
With unit vectors the inner product *is* cosine similarity, so every index here uses ``METRIC_INNER_PRODUCT``.

* ``flat``: compares the query with every vector. Exact, O(n) per query; the reference the others are measured
  against (recall@k vs. flat).
* ``hnsw``: a navigable small-world graph; ``m`` links per node, ``ef_search`` candidates explored per query.
  Fast and accurate, no training, more memory (the graph).
* ``ivf``: k-means clusters the vectors into ``nlist`` cells; a query scans the ``nprobe`` nearest cells. Needs
  training data; ``nprobe`` trades recall for speed.
* ``ivfpq`` / ``sq8``: compressed vectors (product quantisation, 8-bit scalars): a fraction of the memory for a
  little recall (embedding compression from the syllabus).

Persistence: ``faiss.write_index`` for the vectors and a JSON file for ids, texts and settings. Never pickle:
loading a pickle runs code, loading these files only reads data.

The one idea: flat is the truth; approximate indexes buy speed with recall, and you should measure both
(``benchmarks/bench_index_scale.py``).

Left out: deletions and updates in place (rebuild) and GPU indexes; sharding and replicas are in :mod:`.sharding`.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from labkit.errors import InvalidInputError, RetrievalError
from labkit.rag.documents import Chunk, Hit, as_chunks
from labkit.rag.retriever import Retriever

KINDS = ("flat", "hnsw", "ivf", "ivfpq", "sq8")
FORMAT_VERSION = 1


def default_nlist(n: int) -> int:
    """Clusters for an IVF index over ``n`` vectors: about 4 * sqrt(n), with at least 39 training points per cluster.

    >>> default_nlist(10_000), default_nlist(1_000_000), default_nlist(100)
    (256, 4000, 2)
    """
    return max(1, min(int(4 * math.sqrt(n)) // 16 * 16 or 1, n // 39))


def make_faiss_index(kind: str, dim: int, n_hint: int = 0, *, m: int = 32, ef_construction: int = 200,
                     nlist: int | None = None, pq_m: int = 48) -> Any:
    """An empty faiss index of ``kind`` for ``dim``-d unit vectors (inner product)."""
    import faiss

    ip = faiss.METRIC_INNER_PRODUCT
    if kind == "flat":
        return faiss.IndexFlatIP(dim)
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, m, ip)
        index.hnsw.efConstruction = ef_construction
        return index
    if kind in ("ivf", "ivfpq"):
        cells = nlist or default_nlist(max(n_hint, 1))
        quantizer = faiss.IndexFlatIP(dim)
        if kind == "ivf":
            return faiss.IndexIVFFlat(quantizer, dim, cells, ip)
        if dim % pq_m:
            raise InvalidInputError(f"ivfpq needs dim divisible by pq_m ({dim} % {pq_m} != 0).")
        return faiss.IndexIVFPQ(quantizer, dim, cells, pq_m, 8, ip)
    if kind == "sq8":
        return faiss.IndexScalarQuantizer(dim, faiss.ScalarQuantizer.QT_8bit, ip)
    raise InvalidInputError(f"Unknown index kind {kind!r}; choose one of: {', '.join(KINDS)}.")


def set_search_params(index: Any, *, ef_search: int = 64, nprobe: int = 16) -> None:
    """Apply the query-time knobs (``efSearch`` for HNSW, ``nprobe`` for IVF) to an index of any kind."""
    import faiss

    if hasattr(index, "hnsw"):
        index.hnsw.efSearch = ef_search
    ivf = faiss.try_extract_index_ivf(index) if hasattr(faiss, "try_extract_index_ivf") else None
    if ivf is not None:
        ivf.nprobe = nprobe


class DenseIndex(Retriever):
    """Chunks embedded with ``embeddings`` (default: the bundled MiniLM) in a faiss index of ``kind``.

    ``ef_search`` and ``nprobe`` can be changed after building (they are read at every search).
    """

    name = "dense"

    def __init__(self, embeddings: Any = None, kind: str = "flat", *, m: int = 32, ef_construction: int = 200,
                 ef_search: int = 64, nlist: int | None = None, nprobe: int = 16):
        if kind not in KINDS:
            raise InvalidInputError(f"Unknown index kind {kind!r}; choose one of: {', '.join(KINDS)}.")
        self._embeddings = embeddings
        self.kind = kind
        self.m, self.ef_construction, self.ef_search = m, ef_construction, ef_search
        self.nlist, self.nprobe = nlist, nprobe
        self.index: Any = None
        self.chunks: list[Chunk] = []
        self._ids: set[str] = set()

    @property
    def embeddings(self) -> Any:
        if self._embeddings is None:
            from labkit.embed import get_embeddings

            self._embeddings = get_embeddings()
        return self._embeddings

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit float32 vectors for texts (uses ``encode`` when the embeddings have it: batched and cached)."""
        if hasattr(self.embeddings, "encode"):
            vectors = np.asarray(self.embeddings.encode(list(texts)), dtype=np.float32)
        else:
            vectors = np.asarray(self.embeddings.embed_documents(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12))

    def add(self, items: Any, vectors: np.ndarray | None = None) -> DenseIndex:
        """Embed and add chunks (or documents, or strings); pass ``vectors`` to skip embedding."""
        chunks = as_chunks(items)
        clash = self._ids.intersection(c.id for c in chunks)
        if clash:
            raise InvalidInputError(f"Chunk id {sorted(clash)[0]!r} is already in the index; ids must be unique.")
        if not chunks:
            return self
        vecs = self.embed([c.text for c in chunks]) if vectors is None else np.ascontiguousarray(vectors, dtype=np.float32)
        if vecs.shape[0] != len(chunks):
            raise InvalidInputError(f"{vecs.shape[0]} vectors for {len(chunks)} chunks; pass one vector per chunk.")
        if self.index is None:
            self.index = make_faiss_index(self.kind, vecs.shape[1], len(chunks), m=self.m,
                                          ef_construction=self.ef_construction, nlist=self.nlist)
        if self.index.d != vecs.shape[1]:
            raise RetrievalError(f"Vectors have {vecs.shape[1]} dimensions but the index has {self.index.d}.")
        if not self.index.is_trained:
            self.index.train(vecs)
        self.index.add(vecs)
        self.chunks.extend(chunks)
        self._ids.update(c.id for c in chunks)
        return self

    def __len__(self) -> int:
        return len(self.chunks)

    def search_vectors(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """faiss search for a batch of query vectors: ``(scores, positions)``, -1 where fewer than k exist."""
        if self.index is None or not self.chunks:
            raise RetrievalError("The index is empty: add() chunks before searching.")
        set_search_params(self.index, ef_search=self.ef_search, nprobe=self.nprobe)
        q = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        return self.index.search(q, min(k, len(self.chunks)))

    def _retrieve(self, query: str, k: int) -> list[Hit]:
        qv = self.embed([query])
        return self.hits_for_vector(qv[0], k)

    def hits_for_vector(self, vector: np.ndarray, k: int) -> list[Hit]:
        scores, positions = self.search_vectors(vector[None, :], k)
        return [Hit(self.chunks[p], float(s), self.name) for s, p in zip(scores[0], positions[0]) if p >= 0]

    # --- persistence without pickle -----------------------------------------------------------------------------

    def save(self, folder: str | Path) -> Path:
        """Write ``index.faiss`` (faiss's own format) and ``chunks.json`` (ids, texts, settings) into ``folder``."""
        import faiss

        if self.index is None:
            raise RetrievalError("Nothing to save: the index is empty.")
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self.index, str(out / "index.faiss"))
        meta = {"format": FORMAT_VERSION, "kind": self.kind, "dim": int(self.index.d),
                "settings": {"m": self.m, "ef_construction": self.ef_construction, "ef_search": self.ef_search,
                             "nlist": self.nlist, "nprobe": self.nprobe},
                "embeddings": getattr(self.embeddings, "model_name", type(self.embeddings).__name__),
                "chunks": [c.to_json() for c in self.chunks]}
        (out / "chunks.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        return out

    @classmethod
    def load(cls, folder: str | Path, embeddings: Any = None) -> DenseIndex:
        """Read an index written by :meth:`save`; checks the files agree with each other."""
        import faiss

        src = Path(folder)
        if not (src / "index.faiss").is_file() or not (src / "chunks.json").is_file():
            raise RetrievalError(f"{src} does not hold a saved index (index.faiss + chunks.json).")
        try:
            meta = json.loads((src / "chunks.json").read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise RetrievalError(f"{src / 'chunks.json'} is not valid JSON ({exc.msg}).") from None
        if meta.get("format") != FORMAT_VERSION:
            raise RetrievalError(f"{src} was saved in format {meta.get('format')!r}; this labkit reads {FORMAT_VERSION}.")
        self = cls(embeddings, meta["kind"], **meta["settings"])
        self.index = faiss.read_index(str(src / "index.faiss"))
        self.chunks = [Chunk.from_json(c) for c in meta["chunks"]]
        self._ids = {c.id for c in self.chunks}
        if self.index.ntotal != len(self.chunks):
            raise RetrievalError(f"{src}: index.faiss has {self.index.ntotal} vectors but chunks.json lists "
                                 f"{len(self.chunks)} chunks; the files do not belong together.")
        return self
