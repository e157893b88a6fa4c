"""Load test of labkit's LLM proxy, in process: N concurrent requests against scripted endpoints with injected faults.

Every endpoint is a ScriptedChatModel whose replies are drawn from a seeded RNG: with probability --fault-rate a fault
(a timeout after a short wait, or a 429 with retry_after), otherwise an answer after a random latency. One endpoint
also starts with an outage (--outage consecutive faults) so its circuit breaker must open, half-open after
--reset-timeout seconds and close again. The proxy routes between a small and a large model, balances across two
endpoints each, retries on other endpoints, caches and coalesces duplicates.

Checks (exit code 1 if any fails): zero unhandled exceptions; every request either answered or failed with a
non-empty reason; every breaker's transitions follow closed->open->half_open->(closed|open), each opening after
exactly --failure-threshold consecutive failures and each half-open exactly --reset-timeout after its opening.

Usage: python benchmarks/bench_proxy_load.py [--requests 200] [--fault-rate 0.2] [--spacing 0] [--seed 0] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from collections import Counter

from labkit.llm import Latency, RateLimit, ScriptedChatModel, Timeout
from labkit.production.balancer import Endpoint
from labkit.production.cache import MemoryCache
from labkit.production.proxy import LLMProxy, ProxyConfig, ProxyRequest
from labkit.production.retry import RetryPolicy
from labkit.production.routing import ModelOption, Router
from labkit.production.telemetry import percentile

SIMPLE = ["What is the refund window for order {i}?", "Where is parcel {i} now?", "Reset the password for user {i}.",
          "What are the opening hours of store {i}?"]
COMPLEX = ["Compare plan A and plan B for customer {i}, explain the trade-offs step by step and then recommend one.",
           "Analyze why ticket {i} was escalated, justify the priority and then design a fix plan."]


def script(rng: random.Random, name: str, fault_rate: float, outage: int, n: int = 2000) -> list:
    replies: list = []
    for k in range(n):
        if k < outage or rng.random() < fault_rate:
            replies.append(Timeout(seconds=rng.uniform(0.005, 0.02)) if rng.random() < 0.5
                           else RateLimit(retry_after=0.05))
        else:
            replies.append(Latency(rng.uniform(0.005, 0.03), f"answer from {name}"))
    return replies


def check_transitions(proxy: LLMProxy, threshold: int, reset_timeout: float) -> list[str]:
    allowed = {("closed", "open"), ("open", "half_open"), ("half_open", "closed"), ("half_open", "open")}
    problems = []
    for name, breaker in proxy.breakers.items():
        state, opened_at = "closed", None
        for t in breaker.transitions:
            if t.source != state or (t.source, t.target) not in allowed:
                problems.append(f"{name}: illegal {t.source}->{t.target} from state {state}")
            if (t.source, t.target) == ("closed", "open") and not t.reason.startswith(f"{threshold} consecutive"):
                problems.append(f"{name}: opened with reason {t.reason!r}")
            if t.target == "open":
                opened_at = t.at
            if t.target == "half_open" and abs(t.at - opened_at - reset_timeout) > 1e-6:
                problems.append(f"{name}: half-open {t.at - opened_at:.3f}s after opening, not {reset_timeout}")
            state = t.target
    return problems


async def run(args: argparse.Namespace) -> dict:
    rng = random.Random(args.seed)
    models = {}
    pools = {}
    for model in ("small", "large"):
        eps = []
        for i in (1, 2):
            name = f"{model}-{i}"
            outage = args.outage if name == "small-2" else 0
            models[name] = ScriptedChatModel(replies=script(rng, name, args.fault_rate, outage), repeat_last=True)
            eps.append(Endpoint(name, models[name], max_concurrency=args.endpoint_concurrency))
        pools[model] = eps
    router = Router([ModelOption("small", 1, 0.15), ModelOption("large", 3, 2.5, 128000)])
    config = ProxyConfig(max_attempts=args.max_attempts, timeout=1.0, max_retry_wait=0.1,
                         retry=RetryPolicy(base_delay=0.01, max_delay=0.1), failure_threshold=args.failure_threshold,
                         reset_timeout=args.reset_timeout)
    proxy = LLMProxy(pools, router=router, balancer=args.balancer, cache=MemoryCache(), config=config,
                     rng=random.Random(args.seed))
    prompts = []
    for i in range(args.requests):
        if i and rng.random() < 0.1:
            prompts.append(rng.choice(prompts))  # a duplicate: coalesced or cached
        else:
            pool = COMPLEX if rng.random() < 0.25 else SIMPLE
            prompts.append(rng.choice(pool).format(i=i))
    requests = [ProxyRequest(p, user=f"user-{i % 20}") for i, p in enumerate(prompts)]
    started = time.perf_counter()

    async def send(i: int, request: ProxyRequest):
        if args.spacing:
            await asyncio.sleep(i * args.spacing)  # staggered arrivals; 0 = all at once
        return await proxy.ask(request)

    results = await asyncio.gather(*(send(i, r) for i, r in enumerate(requests)), return_exceptions=True)
    elapsed = time.perf_counter() - started
    unhandled = [r for r in results if isinstance(r, BaseException)]
    responses = [r for r in results if not isinstance(r, BaseException)]
    unclear = [r for r in responses if not r.ok and not r.reason.strip()]
    calls = sum(len(m.calls) for m in models.values())
    injected = sum(1 for m in models.values() for k in range(len(m.calls))
                   if not isinstance(m.replies[min(k, len(m.replies) - 1)], Latency))
    latencies = [r.latency * 1000 for r in responses]
    problems = check_transitions(proxy, args.failure_threshold, args.reset_timeout)
    return {
        "requests": len(requests), "model_calls": calls, "injected_faults": injected,
        "injected_fault_rate": round(injected / calls, 3) if calls else 0.0,
        "answered": sum(r.ok for r in responses), "failed_with_reason": sum(not r.ok for r in responses),
        "unclear_failures": len(unclear), "unhandled_errors": len(unhandled),
        "sources": dict(Counter(r.source for r in responses)),
        "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
        "throughput_rps": round(len(requests) / elapsed, 1),
        "breaker_transitions": [(n, t.source, t.target) for n, t in proxy.transitions],
        "transition_problems": problems,
        "endpoints": proxy.endpoint_table(),
        "failure_reasons": sorted({r.reason for r in responses if not r.ok})[:5],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--fault-rate", type=float, default=0.2)
    p.add_argument("--outage", type=int, default=8, help="consecutive faults at the start of endpoint small-2")
    p.add_argument("--failure-threshold", type=int, default=5)
    p.add_argument("--reset-timeout", type=float, default=0.2)
    p.add_argument("--max-attempts", type=int, default=3)
    p.add_argument("--endpoint-concurrency", type=int, default=16)
    p.add_argument("--balancer", default="least_latency", choices=["round_robin", "least_latency", "weighted"])
    p.add_argument("--spacing", type=float, default=0.0, help="seconds between arrivals (0: all 200 at once)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", help="write the full result here")
    args = p.parse_args(argv)
    out = asyncio.run(run(args))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(out, fh, indent=2)
    for key in ("requests", "model_calls", "injected_fault_rate", "answered", "failed_with_reason", "unhandled_errors",
                "unclear_failures", "sources", "p50_ms", "p95_ms", "throughput_rps"):
        print(f"{key:>20}: {out[key]}")
    print(f"{'breaker transitions':>20}: {out['breaker_transitions']}")
    for row in out["endpoints"]:
        print(f"{'':>20}  {row}")
    if out["failure_reasons"]:
        print(f"{'failure reasons':>20}: {out['failure_reasons']}")
    ok = (out["unhandled_errors"] == 0 and out["unclear_failures"] == 0 and not out["transition_problems"]
          and out["answered"] + out["failed_with_reason"] == out["requests"])
    print("\nPASS" if ok else f"\nFAIL: {out['transition_problems']}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
