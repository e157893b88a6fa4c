"""``labkit bench retrieval``: score BM25, dense or hybrid retrieval on a BEIR dataset, as the papers do.

What it teaches: a benchmark you can rerun with one command. It loads a BEIR folder (:mod:`labkit.rag.beir`),
indexes the corpus (title + text), retrieves the top 100 for every judged query, and prints nDCG@10 and recall@100
(the BEIR headline numbers) plus per-query latency percentiles. Dense document embeddings go through labkit's
embedding cache, so only the first run pays for embedding the corpus. Query embedding is timed separately from the
index search (with the cache off), because in production it is often the larger part of dense latency.

The one idea: report the number next to the exact command that produced it.

Left out: significance tests between methods and multi-dataset sweeps (run the command per dataset).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labkit.errors import InvalidInputError

METHODS = ("bm25", "dense", "hybrid")


@dataclass
class BenchResult:
    """Scores, per-query latencies (milliseconds) and the run itself (``{qid: [(doc, score), ...]}``)."""

    method: str
    scores: dict[str, float]
    latency_ms: dict[str, list[float]] = field(default_factory=dict)
    run: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    n_docs: int = 0
    n_queries: int = 0


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (linear interpolation).

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.5
    """
    import numpy as np

    return float(np.percentile(np.asarray(values, dtype=np.float64), q)) if values else float("nan")


def run_retrieval_benchmark(dataset: str | Path, method: str = "bm25", *, split: str = "test", depth: int = 100,
                            fusion: str = "weighted", weights: tuple[float, float] = (0.5, 0.5),
                            normalization: str = "zscore", rrf_k: int = 60, k1: float = 1.2, b: float = 0.75,
                            batch_size: int = 64, progress: Any = None) -> BenchResult:
    """Index ``dataset`` with ``method`` and evaluate the top ``depth`` per judged query."""
    from labkit.rag.beir import load_beir
    from labkit.rag.dense import DenseIndex
    from labkit.rag.evaluation import evaluate_run
    from labkit.rag.fusion import HybridRetriever
    from labkit.rag.sparse import BM25Index

    if method not in METHODS:
        raise InvalidInputError(f"method must be one of {', '.join(METHODS)}, got {method!r}.")
    say = progress or (lambda msg: None)
    data = load_beir(dataset, split)
    say(f"{data.name}: {len(data.corpus)} documents, {len(data.queries)} judged queries ({split})")
    latency: dict[str, list[float]] = {"retrieval": []}
    bm25 = dense = None
    if method in ("bm25", "hybrid"):
        t0 = time.perf_counter()
        bm25 = BM25Index(k1=k1, b=b).add(data.corpus)
        say(f"bm25 index built in {time.perf_counter() - t0:.1f} s")
    if method in ("dense", "hybrid"):
        from labkit.embed import MiniLMEmbeddings

        t0 = time.perf_counter()
        dense = DenseIndex(MiniLMEmbeddings(batch_size=batch_size), kind="flat").add(data.corpus)
        say(f"dense index built in {time.perf_counter() - t0:.1f} s (document embeddings via the embedding cache)")
        query_encoder = MiniLMEmbeddings(batch_size=1, cache=False)
        query_encoder.encode(["warm up"])
        latency["query_embedding"] = []
    hybrid = HybridRetriever([bm25, dense], fusion, list(weights), rrf_k=rrf_k, normalization=normalization,
                             depth=depth) if method == "hybrid" else None
    run: dict[str, list[tuple[str, float]]] = {}
    for qid, text in data.queries.items():
        qvec = None
        if dense is not None:
            t0 = time.perf_counter()
            qvec = query_encoder.encode([text])[0]
            latency["query_embedding"].append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        if method == "bm25":
            hits = bm25.retrieve(text, depth)
        elif method == "dense":
            hits = dense.hits_for_vector(qvec, depth)
        else:
            hits = hybrid.fuse([bm25.retrieve(text, depth), dense.hits_for_vector(qvec, depth)], depth)
        latency["retrieval"].append((time.perf_counter() - t0) * 1000)
        run[qid] = [(h.id, h.score) for h in hits]
    ranked = {q: [d for d, _ in hits] for q, hits in run.items()}
    scores = evaluate_run(ranked, data.qrels, ["ndcg@10", "recall@100", "mrr@10"])
    return BenchResult(method, scores, latency, run, len(data.corpus), len(data.queries))


def cmd_retrieval(args: argparse.Namespace) -> int:
    from labkit.rag.beir import write_trec_run

    weights = tuple(float(w) for w in args.weights.split(","))
    if len(weights) != 2:
        raise InvalidInputError("--weights takes two numbers, BM25 first: e.g. 0.5,0.5")
    result = run_retrieval_benchmark(args.dataset, args.method, split=args.split, depth=args.depth,
                                     fusion=args.fusion, weights=weights, normalization=args.normalization,
                                     rrf_k=args.rrf_k, k1=args.k1, b=args.b, progress=print)
    for name, values in result.latency_ms.items():
        print(f"latency {name}: p50={percentile(values, 50):.2f} ms p95={percentile(values, 95):.2f} ms")
    if args.run_out:
        print(f"run written to {write_trec_run(result.run, args.run_out, tag=f'labkit-{args.method}')}")
    print(f"MRR@10={result.scores['mrr@10']:.4f}")
    print(f"nDCG@10={result.scores['ndcg@10']:.4f} R@100={result.scores['recall@100']:.4f}")
    return 0


def register(subparsers: Any) -> None:
    """Add ``labkit bench retrieval``."""
    bench = subparsers.add_parser("bench", help="run reproducible benchmarks (retrieval on BEIR datasets)")
    sub = bench.add_subparsers(dest="bench_command", metavar="BENCHMARK")
    p = sub.add_parser("retrieval", help="nDCG@10 / R@100 of bm25, dense or hybrid retrieval on a BEIR folder")
    p.add_argument("--dataset", required=True, help="BEIR folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv)")
    p.add_argument("--method", choices=METHODS, default="bm25")
    p.add_argument("--split", default="test")
    p.add_argument("--run-out", help="write the TREC run file here")
    p.add_argument("--depth", type=int, default=100, help="hits per query (default 100)")
    p.add_argument("--fusion", choices=("weighted", "rrf"), default="weighted", help="hybrid fusion (default weighted)")
    p.add_argument("--weights", default="0.5,0.5", help="hybrid weights, BM25 first (default 0.5,0.5)")
    p.add_argument("--normalization", choices=("zscore", "minmax", "none"), default="zscore")
    p.add_argument("--rrf-k", type=int, default=60)
    p.add_argument("--k1", type=float, default=1.2)
    p.add_argument("--b", type=float, default=0.75)
    p.set_defaults(func=cmd_retrieval)
    bench.set_defaults(func=lambda args: (bench.print_help(), 0)[1])
