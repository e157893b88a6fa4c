"""Foundation benchmarks: import cost, offline-model latency, embedding-cache speed-up.

Usage:  python benchmarks/bench_foundation.py [--passages 5000] [--calls 30]

Prints a markdown table. Times are medians on this machine; the cache figure is a ratio measured in one run, so
it holds on a noisy shared machine where absolute times do not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAVY = ("torch", "faiss", "sentence_transformers", "langchain_openai", "langchain_anthropic", "langchain_ollama")


def import_time(runs: int = 15) -> tuple[float, list[str]]:
    code = ("import sys, time; t = time.perf_counter(); import labkit; d = time.perf_counter() - t; "
            f"print(d); print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    times, loaded = [], set()
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
        times.append(float(out[0]))
        loaded.update(filter(None, out[1].split(",")))
    return statistics.median(times), sorted(loaded)


def long_prompt(target_tokens: int = 2000) -> tuple[str, list[str]]:
    from labkit.llm.tokens import count_tokens

    topics = ["solar panels", "wind turbines", "battery storage", "grid balancing", "heat pumps", "hydrogen"]
    sentences, i = [], 0
    while count_tokens(" ".join(sentences)) < target_tokens - 60:
        t = topics[i % len(topics)]
        sentences.append(f"Report {i} notes that {t} capacity grew by {i % 17 + 3} percent in region {i % 9}.")
        i += 1
    questions = [f"How much did {t} capacity grow in report {k}?" for k, t in zip(range(0, i, max(1, i // 30)), topics * 10)]
    return " ".join(sentences), questions


def offline_latency(calls: int, semantic: bool) -> tuple[float, int]:
    from labkit.llm import OfflineChatModel
    from labkit.llm.tokens import count_tokens

    context, questions = long_prompt()
    model = OfflineChatModel(semantic=semantic)
    model.invoke(f"Context: {context}\nQuestion: {questions[0]}")  # warm-up: loads tokenizer / embedding model
    times = []
    for q in (questions * 3)[:calls]:
        prompt = f"Context: {context}\nQuestion: {q}"
        t = time.perf_counter()
        model.invoke(prompt)
        times.append(time.perf_counter() - t)
    return statistics.median(times), count_tokens(f"Context: {context}\nQuestion: {questions[0]}")


def embedding_cache(passages: int) -> tuple[float, float]:
    from labkit.embed import EmbeddingCache, MiniLMEmbeddings

    texts = [f"Passage {i}: measurements of sample {i % 97} under condition {i % 13} showed effect size {i % 7}."
             for i in range(passages)]
    with tempfile.TemporaryDirectory() as tmp:
        emb = MiniLMEmbeddings(cache=EmbeddingCache(Path(tmp) / "vectors.sqlite"))
        emb.encode(["warm up the model"])
        t = time.perf_counter()
        emb.encode(texts)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        emb.encode(texts)
        warm = time.perf_counter() - t
    return cold, warm


def main() -> None:
    # A fresh embedding cache: the semantic latency below then includes embedding each new question.
    os.environ["LABKIT_EMBED_CACHE"] = str(Path(tempfile.mkdtemp()) / "vectors.sqlite")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=5000)
    parser.add_argument("--calls", type=int, default=30)
    args = parser.parse_args()

    median_import, loaded = import_time()
    lexical, tokens = offline_latency(args.calls, semantic=False)
    semantic, _ = offline_latency(args.calls, semantic=True)
    cold, warm = embedding_cache(args.passages)
    print("| measure | result |")
    print("| --- | --- |")
    print(f"| `import labkit`, median of 15 fresh processes | {median_import * 1000:.0f} ms; heavy modules loaded: {loaded or 'none'} |")
    print(f"| offline model, {tokens}-token prompt with context, median of {args.calls} calls, lexical (`semantic=False`) | {lexical * 1000:.1f} ms |")
    print(f"| same, with embedding rerank (default `semantic=True`), after warm-up | {semantic * 1000:.1f} ms |")
    print(f"| embed {args.passages} passages cold / again from the cache | {cold:.1f} s / {warm:.3f} s = {cold / warm:.0f}x faster |")


if __name__ == "__main__":
    main()
