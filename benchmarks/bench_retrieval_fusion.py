"""Tune hybrid fusion honestly on a BEIR dataset: pick settings on one half of the queries, report the other half.

Tuning fusion weights on the queries you report inflates the number. This script splits the judged queries by
position (even / odd), evaluates RRF and weighted score fusion (z-score and min-max normalisation, several BM25
weights) on the *tuning* half, picks the best by nDCG@10, and reports that setting on the *held-out* half and on
all queries, next to BM25 and dense alone. BM25 and dense hit lists (top 100) are computed once; document and query
embeddings go through labkit's embedding cache.

    python benchmarks/bench_retrieval_fusion.py /path/to/scifact
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from labkit.embed import MiniLMEmbeddings  # noqa: E402
from labkit.rag import BM25Index, DenseIndex, HybridRetriever  # noqa: E402
from labkit.rag.beir import load_beir  # noqa: E402
from labkit.rag.evaluation import evaluate_run  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("dataset", help="BEIR folder")
    p.add_argument("--split", default="test")
    p.add_argument("--depth", type=int, default=100)
    args = p.parse_args(argv)
    data = load_beir(args.dataset, args.split)
    bm25, dense = BM25Index().add(data.corpus), DenseIndex(MiniLMEmbeddings()).add(data.corpus)
    qids = list(data.queries)
    vectors = dense.embed([data.queries[q] for q in qids])
    sparse_hits = {q: bm25.retrieve(data.queries[q], args.depth) for q in qids}
    dense_hits = {q: dense.hits_for_vector(vectors[i], args.depth) for i, q in enumerate(qids)}
    halves = {"tune": qids[0::2], "held-out": qids[1::2], "all": qids}

    def scores(ranked: dict[str, list[str]], which: str) -> dict[str, float]:
        qs = halves[which]
        return evaluate_run({q: ranked[q] for q in qs}, {q: data.qrels[q] for q in qs}, ["ndcg@10", "recall@100"])

    def fused(h: HybridRetriever) -> dict[str, list[str]]:
        return {q: [x.id for x in h.fuse([sparse_hits[q], dense_hits[q]], args.depth)] for q in qids}

    candidates = {f"rrf k={k}": HybridRetriever([bm25, dense], "rrf", rrf_k=k) for k in (10, 20, 60)}
    for norm in ("zscore", "minmax"):
        for w in (0.3, 0.4, 0.5, 0.6, 0.7):
            candidates[f"weighted {norm} bm25={w}"] = HybridRetriever([bm25, dense], "weighted", [w, 1 - w],
                                                                      normalization=norm)
    runs = {name: fused(h) for name, h in candidates.items()}
    best = max(runs, key=lambda name: scores(runs[name], "tune")["ndcg@10"])
    rows = {"bm25": {q: [x.id for x in sparse_hits[q]] for q in qids},
            "dense": {q: [x.id for x in dense_hits[q]] for q in qids},
            "rrf k=60 (untuned)": runs["rrf k=60"], "weighted zscore bm25=0.5 (untuned)": runs["weighted zscore bm25=0.5"],
            f"{best} (best on tune half)": runs[best]}
    print("| method | nDCG@10 tune | nDCG@10 held-out | nDCG@10 all | R@100 all |\n|---|---|---|---|---|")
    for name, ranked in rows.items():
        t, h, a = (scores(ranked, w) for w in ("tune", "held-out", "all"))
        print(f"| {name} | {t['ndcg@10']:.4f} | {h['ndcg@10']:.4f} | {a['ndcg@10']:.4f} | {a['recall@100']:.4f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
