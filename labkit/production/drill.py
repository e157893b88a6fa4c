"""Failure drills: run the proxy against scripted endpoints with injected faults, deterministically.

The one idea: resilience settings (attempts, breaker threshold, reset timeout) are tuned by *replaying the same
failures* under different settings and comparing outcomes, the way a fire drill tests a plan. With a fake clock and
requests sent one after another, a drill is exactly reproducible, so two settings can be compared on identical
faults. (``benchmarks/bench_proxy_load.py`` is the concurrent, wall-clock version.)

>>> import random
>>> [type(r).__name__ for r in faulty_replies(random.Random(0), fault_rate=0.5, n=4, outage=1)]
['RateLimit', 'str', 'Timeout', 'str']
"""

from __future__ import annotations

import random
from typing import Any

from labkit.errors import InvalidInputError
from labkit.llm import RateLimit, ScriptedChatModel, Timeout
from labkit.production.balancer import Endpoint
from labkit.production.clock import FakeClock
from labkit.production.proxy import LLMProxy, ProxyConfig


def faulty_replies(rng: random.Random, fault_rate: float, n: int, outage: int = 0, text: str = "ok") -> list[Any]:
    """``n`` scripted replies: the first ``outage`` are faults, then each is a fault with probability ``fault_rate``
    (half timeouts, half rate limits)."""
    if not 0 <= fault_rate <= 1:
        raise InvalidInputError(f"fault_rate is a probability, got {fault_rate!r}.")
    out: list[Any] = []
    for i in range(n):
        if i < outage or rng.random() < fault_rate:
            out.append(Timeout() if rng.random() < 0.5 else RateLimit(retry_after=1.0))
        else:
            out.append(text)
    return out


async def run_drill(config: ProxyConfig, requests: int = 100, fault_rate: float = 0.2, outage: int = 10,
                    endpoints: int = 3, balancer: str = "round_robin", seconds_between: float = 1.0,
                    seed: int = 0) -> dict[str, Any]:
    """Send ``requests`` one per ``seconds_between`` (fake) seconds; endpoint 1 starts with an ``outage``."""
    rng = random.Random(seed)
    models = [ScriptedChatModel(replies=faulty_replies(rng, fault_rate, 4 * requests, outage if i == 0 else 0,
                                                       f"answer from ep-{i + 1}"), repeat_last=True)
              for i in range(endpoints)]
    clock = FakeClock()
    proxy = LLMProxy({"m": [Endpoint(f"ep-{i + 1}", m) for i, m in enumerate(models)]}, balancer=balancer,
                     config=config, clock=clock, breaker_clock=clock, asleep=clock.asleep, rng=random.Random(seed))
    answered = failed = attempts = 0
    for i in range(requests):
        r = await proxy.ask(f"request {i}")
        answered += r.ok
        failed += not r.ok
        attempts += r.attempts
        clock.advance(seconds_between)
    calls = sum(len(m.calls) for m in models)
    return {"answered": answered, "failed": failed, "model_calls": calls,
            "calls_per_request": round(calls / requests, 2),
            "breaker_opens": sum(t.target == "open" for _, t in proxy.transitions),
            "backoff_s": round(sum(clock.slept), 1)}
