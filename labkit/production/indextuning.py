"""Vector index tuning: how much recall you trade for how much less work, measured against exact search.

The one idea: approximate indexes skip most vectors. **IVF** clusters the vectors into ``nlist`` cells and scans
only the ``nprobe`` nearest cells; **HNSW** walks a proximity graph, keeping ``efSearch`` candidates. Raising
``nprobe``/``efSearch`` buys recall with work. The honest way to tune is a sweep: recall@k against a flat (exact)
index on your own vectors, next to a cost measure. We report the *fraction of vectors scanned* (IVF) rather than
milliseconds, because it is deterministic and transfers across machines; time it on the target hardware last.

>>> recall_at_k([[1, 2, 3]], [[1, 2, 4]])
0.667

Everything runs on one thread so results are reproducible (faiss's k-means and HNSW build vary with threading).
Left out: product quantisation (IVF-PQ) memory trade-offs, GPU indexes, filtered search.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from labkit.errors import InvalidInputError


def recall_at_k(approx: Sequence[Sequence[int]], exact: Sequence[Sequence[int]]) -> float:
    """Mean fraction of the exact top-k found by the approximate search (rounded to 3 places)."""
    if len(approx) != len(exact) or not exact:
        raise InvalidInputError("approx and exact need the same, non-zero number of queries.")
    hits = [len(set(a) & set(e)) / len(e) for a, e in zip(approx, exact)]
    return round(float(np.mean(hits)), 3)


def clustered_vectors(n: int, dim: int, clusters: int, seed: int = 0, spread: float = 0.35) -> np.ndarray:
    """Unit vectors drawn around ``clusters`` random centres: a stand-in for embeddings of a topical corpus."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, dim))
    points = centres[rng.integers(0, clusters, size=n)] + spread * rng.normal(size=(n, dim))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    return points.astype(np.float32)


def _faiss():
    import faiss

    faiss.omp_set_num_threads(1)
    return faiss


def exact_neighbours(base: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    faiss = _faiss()
    index = faiss.IndexFlatIP(base.shape[1])
    index.add(base)
    return index.search(queries, k)[1]


def sweep_ivf(base: np.ndarray, queries: np.ndarray, k: int, nlist: int, nprobes: Sequence[int]) -> list[dict]:
    """Recall@k and fraction of the base scanned for each ``nprobe`` of an IVF-Flat index."""
    if nlist < 1 or nlist > len(base):
        raise InvalidInputError(f"nlist must be between 1 and the number of vectors ({len(base)}).")
    faiss = _faiss()
    exact = exact_neighbours(base, queries, k)
    quantizer = faiss.IndexFlatIP(base.shape[1])
    index = faiss.IndexIVFFlat(quantizer, base.shape[1], nlist, faiss.METRIC_INNER_PRODUCT)
    index.train(base)
    index.add(base)
    _, cell_of = quantizer.search(base, 1)
    sizes = np.bincount(cell_of[:, 0], minlength=nlist)
    rows = []
    for nprobe in nprobes:
        index.nprobe = nprobe
        found = index.search(queries, k)[1]
        _, probed = quantizer.search(queries, nprobe)
        scanned = float(np.mean([sizes[p].sum() for p in probed])) / len(base)
        rows.append({"nprobe": nprobe, "recall@k": recall_at_k(found.tolist(), exact.tolist()),
                     "scanned": round(scanned, 3)})
    return rows


def sweep_hnsw(base: np.ndarray, queries: np.ndarray, k: int, m: int, ef_searches: Sequence[int]) -> list[dict]:
    """Recall@k for each ``efSearch`` of an HNSW index with ``m`` links per node."""
    faiss = _faiss()
    exact = exact_neighbours(base, queries, k)
    index = faiss.IndexHNSWFlat(base.shape[1], m, faiss.METRIC_INNER_PRODUCT)
    index.add(base)
    rows = []
    for ef in ef_searches:
        index.hnsw.efSearch = ef
        found = index.search(queries, k)[1]
        rows.append({"efSearch": ef, "recall@k": recall_at_k(found.tolist(), exact.tolist())})
    return rows
