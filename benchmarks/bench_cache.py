"""Cache benchmark: hit rate and latency saved on a repeated-query workload, and semantic-cache precision.

Part 1 (exact caches): a seeded Zipf workload of --queries questions over --distinct distinct questions (a few are
asked very often, most rarely, as in real support traffic) goes through CachedChatModel around the offline model,
once per backend (memory, sqlite, memory+sqlite tiered, and redis when --redis-url is given). Reported: hit rate,
mean latency of a miss (a model call) and of a hit, and the total time saved versus no cache.
--model-latency adds a simulated provider delay to every real model call (the offline model answers in
milliseconds; hosted models take 0.3-3 s), so the saving can be read at realistic scales.

Part 2 (semantic cache): cached FAQ questions, then paraphrases (should hit the right entry) and near-misses
(should miss). For each threshold: precision = correct hits / all hits, recall = correct hits / paraphrases.

Usage: python benchmarks/bench_cache.py [--queries 500] [--distinct 60] [--model-latency 0.0]
       [--pairs labkit/production/data/semantic_cache_pairs.json] [--redis-url redis://127.0.0.1:6379/0]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from labkit.llm import get_model
from labkit.production.cache import Cache, MemoryCache, SQLiteCache, TieredCache
from labkit.production.llm_cache import CachedChatModel
from labkit.production.semantic_cache import SemanticCache

DEFAULT_PAIRS = Path(__file__).resolve().parent.parent / "labkit" / "production" / "data" / "semantic_cache_pairs.json"
TOPICS = ["refund", "shipping", "warranty", "password", "invoice", "discount", "return", "delivery", "account", "payment"]


class _Delayed:
    """Adds a fixed delay to each model call, standing in for a hosted model's latency."""

    def __init__(self, model, delay: float):
        self.model, self.delay = model, delay

    def invoke(self, *a, **k):
        time.sleep(self.delay)
        return self.model.invoke(*a, **k)


def workload(n: int, distinct: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    questions = [f"Context: Our {TOPICS[i % len(TOPICS)]} policy, version {i}, allows changes within {7 + i % 23} days "
                 f"of purchase.\nQuestion: Within how many days does the {TOPICS[i % len(TOPICS)]} policy {i} allow "
                 f"changes?" for i in range(distinct)]
    weights = [1 / (rank + 1) for rank in range(distinct)]  # Zipf, s = 1
    return rng.choices(questions, weights=weights, k=n)


def run_exact(cache: Cache, prompts: list[str], delay: float) -> dict:
    inner = get_model()
    model = CachedChatModel(inner=inner, store=cache)
    if delay:
        object.__setattr__(model, "inner", _Delayed(inner, delay))
    inner.invoke("Context: warm-up sentence.\nQuestion: warm-up?")  # load the model outside the timing
    hit_t, miss_t = [], []
    for p in prompts:
        t0 = time.perf_counter()
        reply = model.invoke(p)
        (hit_t if reply.response_metadata.get("cache") == "hit" else miss_t).append(time.perf_counter() - t0)
    miss_ms, hit_ms = statistics.mean(miss_t) * 1000, (statistics.mean(hit_t) * 1000 if hit_t else 0.0)
    return {"backend": cache.name, "hit_rate": round(cache.stats.hit_rate, 3), "miss_ms": round(miss_ms, 2),
            "hit_ms": round(hit_ms, 3), "saved_s": round(len(hit_t) * (miss_ms - hit_ms) / 1000, 2),
            "saved_pct": round(100 * len(hit_t) * (miss_ms - hit_ms) / (len(prompts) * miss_ms), 1)}


def run_semantic(pairs_path: Path, thresholds: list[float]) -> list[dict]:
    data = json.loads(pairs_path.read_text())
    intent_of = {c["text"]: c["intent"] for c in data["cached"]}
    rows = []
    for t in thresholds:
        cache = SemanticCache(threshold=t)
        for c in data["cached"]:
            cache.set(c["text"], c["intent"])
        hits = correct = 0
        for q in data["queries"]:
            hit = cache.lookup(q["text"])
            if hit is None:
                continue
            hits += 1
            correct += intent_of[hit.matched] == q["intent"]
        positives = sum(q["intent"] is not None for q in data["queries"])
        rows.append({"threshold": t, "hits": hits, "precision": round(correct / hits, 3) if hits else None,
                     "recall": round(correct / positives, 3)})
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--queries", type=int, default=500)
    p.add_argument("--distinct", type=int, default=60)
    p.add_argument("--model-latency", type=float, default=0.0, help="simulated provider delay per model call (s)")
    p.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    p.add_argument("--thresholds", default="0.6,0.7,0.75,0.8,0.85,0.9,0.95")
    p.add_argument("--redis-url")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json")
    args = p.parse_args(argv)
    prompts = workload(args.queries, args.distinct, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        backends: list[Cache] = [MemoryCache(), SQLiteCache(Path(tmp) / "c.sqlite"),
                                 TieredCache([MemoryCache(max_size=16), SQLiteCache(Path(tmp) / "t.sqlite")])]
        if args.redis_url:
            from labkit.production.redis_cache import RedisCache

            backends.append(RedisCache(args.redis_url, prefix=f"bench{args.seed}:"))
            backends[-1].clear()
        exact = [run_exact(c, prompts, args.model_latency) for c in backends]
    print(f"workload: {args.queries} queries, {len(set(prompts))} distinct (Zipf over {args.distinct}), "
          f"model latency +{args.model_latency}s")
    print("| backend | hit rate | miss ms | hit ms | time saved s | saved % |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in exact:
        print(f"| {r['backend']} | {r['hit_rate']} | {r['miss_ms']} | {r['hit_ms']} | {r['saved_s']} | {r['saved_pct']} |")
    semantic = run_semantic(args.pairs, [float(t) for t in args.thresholds.split(",")])
    print("\nsemantic cache on", args.pairs.name)
    print("| threshold | hits | precision | recall |")
    print("| --- | --- | --- | --- |")
    for r in semantic:
        print(f"| {r['threshold']} | {r['hits']} | {r['precision']} | {r['recall']} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"exact": exact, "semantic": semantic}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
