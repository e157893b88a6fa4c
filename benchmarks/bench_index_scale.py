"""Index scale sweep: exact (flat) vs approximate (HNSW, IVF) faiss indexes on synthetic 384-d vectors.

For each size N it builds every index kind over the same unit vectors, then measures build time, memory (the index's serialized
size: vectors plus graph or inverted lists), single-query p50 latency (one thread, one query at a time, as a service sees it) and
recall@10 against exact search. Approximate indexes are swept over their query-time knob (``efSearch`` for HNSW,
``nprobe`` for IVF) so the recall/latency trade-off is visible, not just one point.

Data (``--data``): ``clusters`` is a mixture of Gaussians (``--clusters`` centres on the unit sphere plus noise),
which is easy for approximate search because neighbours share a cluster; ``spectrum`` is an unclustered Gaussian
whose variance decays as 1/i over the dimensions (the shape of real embedding spectra), which is much harder. Report
both. Queries are held-out points from the same distribution.

    python benchmarks/bench_index_scale.py --sizes 10000 100000 1000000 --out results.json

Memory: 1M x 384 float32 is 1.5 GB per copy; each index is built, measured and freed in turn (peak stays < 8 GB).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from labkit.rag.dense import make_faiss_index, set_search_params  # noqa: E402


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic(n: int, dim: int, clusters: int, noise: float, seed: int, kind: str = "clusters") -> np.ndarray:
    """``clusters``: centres on the sphere plus noise (easy: neighbours share a cluster). ``spectrum``: a Gaussian
    whose variance decays as 1/i over the dimensions, like the spectrum of real sentence embeddings, with no
    clusters at all (hard: nothing for IVF's cells to latch onto)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, dim)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    scale = (1.0 / np.arange(1, dim + 1)) ** 0.5
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 100_000):  # in blocks, so generating 1M never holds float64 copies
        m = min(100_000, n - start)
        if kind == "spectrum":
            block = (rng.normal(size=(m, dim)) * scale).astype(np.float32)
        else:
            block = centres[rng.integers(0, clusters, m)] + rng.normal(scale=noise, size=(m, dim)).astype(np.float32)
        out[start:start + m] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def p50_latency_ms(index, queries: np.ndarray, k: int) -> tuple[float, np.ndarray]:
    found = np.empty((len(queries), k), dtype=np.int64)
    times = []
    for i, q in enumerate(queries):
        t0 = time.perf_counter()
        _, idx = index.search(q[None, :], k)
        times.append((time.perf_counter() - t0) * 1000)
        found[i] = idx[0]
    return float(np.median(times)), found


def recall(found: np.ndarray, exact: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(e)) / len(e) for f, e in zip(found, exact)]))


def run_size(n: int, args: argparse.Namespace) -> list[dict]:
    import faiss

    faiss.omp_set_num_threads(args.build_threads)
    data = synthetic(n + args.queries, args.dim, args.clusters, args.noise, args.seed, args.data)
    base, queries = data[:n], np.ascontiguousarray(data[n:])
    rows = []
    exact = None
    for kind in ["flat", *args.kinds]:
        gc.collect()
        t0 = time.perf_counter()
        options = {"m": args.hnsw_m, "ef_construction": args.ef_construction}
        index = make_faiss_index(kind, args.dim, n, **options)
        if not index.is_trained:
            sample = base[np.random.default_rng(0).choice(n, min(n, args.train_size), replace=False)]
            index.train(sample)
        index.add(base)
        build = time.perf_counter() - t0
        memory = faiss.serialize_index(index).nbytes / 2**20  # what the index holds: vectors + graph/lists
        faiss.omp_set_num_threads(1)
        knobs = [None] if kind == "flat" else (args.ef_search if kind == "hnsw" else args.nprobe)
        for knob in knobs:
            if kind == "hnsw":
                set_search_params(index, ef_search=knob)
            elif kind in ("ivf", "ivfpq"):
                set_search_params(index, nprobe=knob)
            p50, found = p50_latency_ms(index, queries, 10)
            if kind == "flat":
                exact = found
            row = {"n": n, "kind": kind, "knob": knob, "build_s": round(build, 2), "memory_mb": round(memory, 1),
                   "p50_ms": round(p50, 3), "recall@10": round(recall(found, exact), 4)}
            rows.append(row)
            print(json.dumps(row), flush=True)
        faiss.omp_set_num_threads(args.build_threads)
        del index
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    p.add_argument("--kinds", nargs="+", default=["hnsw", "ivf"], choices=["hnsw", "ivf", "ivfpq", "sq8"])
    p.add_argument("--dim", type=int, default=384)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--data", choices=["clusters", "spectrum"], default="clusters")
    p.add_argument("--clusters", type=int, default=1000)
    p.add_argument("--noise", type=float, default=0.04, help="per-dimension noise around each centre")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--hnsw-m", type=int, default=32)
    p.add_argument("--ef-construction", type=int, default=80)
    p.add_argument("--ef-search", type=int, nargs="+", default=[16, 32, 64, 128])
    p.add_argument("--nprobe", type=int, nargs="+", default=[4, 16, 64])
    p.add_argument("--train-size", type=int, default=100_000)
    p.add_argument("--build-threads", type=int, default=2)
    p.add_argument("--out", help="write all rows as JSON here")
    args = p.parse_args(argv)
    rows = [r for n in args.sizes for r in run_size(n, args)]
    print("\n| N | index | knob | build s | index MB | p50 ms | recall@10 |\n|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['n']:,} | {r['kind']} | {r['knob'] or '-'} | {r['build_s']} | {r['memory_mb']} | "
              f"{r['p50_ms']} | {r['recall@10']} |")
    print(f"\npeak resident memory of this process: {peak_rss_mb():.0f} MB")
    if args.out:
        Path(args.out).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
