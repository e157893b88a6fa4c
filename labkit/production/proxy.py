"""An LLM proxy: one front door for many models and endpoints, where every production pattern meets.

The one idea: applications should ask *one* thing for an answer and never learn which provider, replica or cache
gave it. Behind that door, for each request, in order:

1. **rate limit** per user (token bucket), so one client cannot spend everyone's quota;
2. **route** to the cheapest adequate model (task, complexity, cost), with more capable models as fallbacks;
3. **cache** lookup (any :class:`~labkit.production.cache.Cache`, exact or semantic);
4. **coalesce**: identical requests already in flight wait for that one answer instead of calling again;
5. **balance** across the chosen model's endpoints (round-robin / least-latency / weighted), skipping endpoints
   whose **circuit breaker** is open, under a per-endpoint **concurrency limit**;
6. **retry** retryable failures (timeouts, 429s) on another endpoint with jittered backoff, then fall to the next
   model; never retry what cannot succeed;
7. **measure**: an OpenTelemetry span per request and per attempt, latency percentiles, error and hit rates.

``ask`` never raises for a model or capacity failure: it returns a :class:`ProxyResponse` with ``ok=False`` and a
``reason`` that says what happened. Programming errors still raise, so they cannot hide as "failed requests".

Left out: HTTP serving (wrap ``ask`` in any async web framework), streaming, provider-specific token accounting.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from typing import Any

from labkit.errors import (CacheBackendError, CircuitOpenError, InvalidInputError, ModelError, ModelTimeoutError, RetryableModelError,
                           ThrottledError)
from labkit.production.balancer import Balancer, Endpoint, get_balancer
from labkit.production.breaker import CircuitBreaker, Transition
from labkit.production.cache import Cache, make_key
from labkit.production.ratelimit import RateLimiter
from labkit.production.retry import RetryPolicy
from labkit.production.routing import Router
from labkit.production.telemetry import Metrics, Telemetry


@dataclass(frozen=True)
class ProxyConfig:
    """Knobs of the proxy; every one is discussed in lesson 11 (proxy tuning)."""

    max_attempts: int = 3
    """Attempts per request across all endpoints and models."""
    timeout: float = 10.0
    """Seconds one attempt may take before it counts as a timeout."""
    max_retry_wait: float = 2.0
    """Longest pause between attempts: a 429's long retry_after applies to that endpoint, so move on instead."""
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(base_delay=0.05, max_delay=1.0))
    """Backoff between attempts (its max_attempts and retry_on are not used: the proxy decides those)."""
    failure_threshold: int = 5
    reset_timeout: float = 30.0
    """Per-endpoint circuit breaker settings."""
    coalesce: bool = True
    cache_ttl: float | None = 300.0
    limiter_timeout: float | None = 0.0
    """How long a request may wait for its user's rate-limit token (0: reject at once, None: wait)."""

    def __post_init__(self) -> None:
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise InvalidInputError(f"max_attempts must be an integer >= 1, got {self.max_attempts!r}.")
        if self.timeout <= 0:
            raise InvalidInputError(f"timeout must be > 0 seconds, got {self.timeout!r}.")


@dataclass(frozen=True)
class ProxyRequest:
    prompt: str
    user: str = "anonymous"
    task: str | None = None
    max_cost: float | None = None


@dataclass(frozen=True)
class ProxyResponse:
    """The outcome of one request. ``source``: model, cache, coalesced, rejected (never tried) or failed."""

    ok: bool
    text: str | None
    source: str
    reason: str
    model: str | None = None
    endpoint: str | None = None
    attempts: int = 0
    latency: float = 0.0


class LLMProxy:
    """Route, cache, coalesce, balance, break, retry and measure. ``pools`` maps a model name to its endpoints."""

    def __init__(self, pools: Mapping[str, Sequence[Endpoint]], router: Router | None = None,
                 balancer: str = "least_latency", cache: Cache | None = None, limiter: RateLimiter | None = None,
                 config: ProxyConfig | None = None, telemetry: Telemetry | None = None, metrics: Metrics | None = None,
                 clock: Callable[[], float] = time.perf_counter, breaker_clock: Callable[[], float] = time.monotonic,
                 asleep: Callable[[float], Awaitable[None]] = asyncio.sleep, rng: random.Random | None = None):
        if not pools or not all(pools.values()):
            raise InvalidInputError("The proxy needs at least one model with at least one endpoint.")
        names = [e.name for eps in pools.values() for e in eps]
        if len(set(names)) != len(names):
            raise InvalidInputError(f"Endpoint names must be unique across pools, got {names}.")
        if router is not None:
            unknown = [o.name for o in router.options if o.name not in pools]
            if unknown:
                raise InvalidInputError(f"The router knows models with no endpoints: {unknown}.")
        self.pools = {m: list(eps) for m, eps in pools.items()}
        self.router = router
        self.balancers: dict[str, Balancer] = {m: get_balancer(balancer) for m in self.pools}
        self.cache, self.limiter = cache, limiter
        self.config = config or ProxyConfig()
        self.telemetry, self.metrics = telemetry, metrics or Metrics()
        self.clock, self.asleep = clock, asleep
        self.rng = rng or random.Random(0)
        self.transitions: list[tuple[str, Transition]] = []
        self.breakers = {e.name: CircuitBreaker(e.name, self.config.failure_threshold, self.config.reset_timeout,
                                                clock=breaker_clock,
                                                on_transition=lambda t, n=e.name: self.transitions.append((n, t)))
                         for eps in self.pools.values() for e in eps}
        self.counts: dict[str, int] = {"model": 0, "cache": 0, "coalesced": 0, "rejected": 0, "failed": 0}
        self._inflight: dict[str, asyncio.Future[ProxyResponse]] = {}

    def _span(self, name: str, **attributes: Any) -> Any:
        return self.telemetry.span(name, **attributes) if self.telemetry else nullcontext(None)

    # --- the request path --------------------------------------------------------------------------------------

    async def ask(self, request: ProxyRequest | str) -> ProxyResponse:
        if isinstance(request, str):
            request = ProxyRequest(request)
        start = self.clock()
        with self._span("proxy.request", user=request.user) as span:
            response = await self._ask(request)
            response = replace(response, latency=self.clock() - start)
            if span is not None:
                span.set_attribute("outcome", response.source)
                if response.model:
                    span.set_attribute("model", response.model)
                if not response.ok:
                    from opentelemetry.trace import Status, StatusCode

                    span.set_status(Status(StatusCode.ERROR, response.reason))
        self.counts[response.source] += 1
        self.metrics.record_request(response.latency, None if response.ok else response.source)
        return response

    async def ask_many(self, requests: Sequence[ProxyRequest | str]) -> list[ProxyResponse]:
        """Send all requests concurrently; results in request order."""
        return list(await asyncio.gather(*(self.ask(r) for r in requests)))

    async def _ask(self, request: ProxyRequest) -> ProxyResponse:
        if self.limiter is not None:
            try:
                await self.limiter.acquire(request.user, timeout=self.config.limiter_timeout)
            except ThrottledError as exc:
                return ProxyResponse(False, None, "rejected", f"throttled: {exc}")
        try:
            candidates = self._candidates(request)
        except InvalidInputError as exc:
            return ProxyResponse(False, None, "rejected", f"bad request: {exc}")
        key = "proxy:" + make_key(candidates[0], request.prompt)
        if self.cache is not None:
            try:
                cached = self.cache.get(key)
            except CacheBackendError:
                cached = None  # a cache outage costs latency, never an answer
            self.metrics.record_cache(cached is not None)
            if cached is not None:
                return ProxyResponse(True, cached["text"], "cache", "cache hit", cached["model"])
        if self.config.coalesce and key in self._inflight:
            leader = await asyncio.shield(self._inflight[key])
            return replace(leader, source="coalesced" if leader.ok else leader.source,
                           reason=f"coalesced with an identical in-flight request ({leader.reason})", attempts=0)
        future: asyncio.Future[ProxyResponse] = asyncio.get_running_loop().create_future()
        if self.config.coalesce:
            self._inflight[key] = future
        try:
            response = await self._forward(request, candidates)
            if response.ok and self.cache is not None:
                try:
                    self.cache.set(key, {"text": response.text, "model": response.model}, self.config.cache_ttl)
                except CacheBackendError:
                    pass
            future.set_result(response)
            return response
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: followers (if any) re-raise it themselves
            raise
        finally:
            self._inflight.pop(key, None)

    def _candidates(self, request: ProxyRequest) -> list[str]:
        if not isinstance(request.prompt, str) or not request.prompt.strip():
            raise InvalidInputError("the prompt is empty")
        if self.router is None:
            return list(self.pools)
        with self._span("proxy.route") as span:
            decision = self.router.route(request.prompt, task=request.task, max_cost=request.max_cost)
            if span is not None:
                span.set_attribute("model", decision.model)
                span.set_attribute("task", decision.task)
                span.set_attribute("complexity", decision.complexity)
        return [m for m in decision.candidates if m in self.pools]

    def _eligible(self, model: str) -> list[Endpoint]:
        closed = [e for e in self.pools[model] if self.breakers[e.name].admits()]
        return [e for e in closed if not e.saturated] or closed

    async def _forward(self, request: ProxyRequest, candidates: list[str]) -> ProxyResponse:
        attempts = 0
        errors: list[str] = []
        for model in candidates:
            while attempts < self.config.max_attempts:
                eligible = self._eligible(model)
                if not eligible:
                    errors.append(f"{model}: every endpoint's breaker is open (or probing)")
                    break
                endpoint = self.balancers[model].pick(eligible)
                attempts += 1
                outcome = await self._attempt(request, model, endpoint, attempts)
                if isinstance(outcome, ProxyResponse):
                    return outcome
                errors.append(f"{endpoint.name}: {outcome}")
                if outcome.startswith("fatal"):
                    return ProxyResponse(False, None, "failed", f"not retryable: {outcome}", model,
                                         endpoint.name, attempts)
            if attempts >= self.config.max_attempts:
                break
        return ProxyResponse(False, None, "failed", f"{attempts} attempt(s) failed: " + "; ".join(errors),
                             attempts=attempts)

    async def _attempt(self, request: ProxyRequest, model: str, endpoint: Endpoint, number: int) -> ProxyResponse | str:
        """One call to one endpoint: a response on success, else a short description of the failure."""
        breaker = self.breakers[endpoint.name]
        wait = 0.0
        with self._span("proxy.attempt", endpoint=endpoint.name, attempt=number) as span:
            try:
                breaker.before_call()
            except CircuitOpenError:
                return "breaker open"
            try:
                await endpoint.semaphore.acquire()
            except BaseException:
                breaker.abandon()  # cancelled while queueing: give a half-open trial slot back
                raise
            try:
                endpoint.in_flight += 1
                started = self.clock()
                try:
                    reply = await asyncio.wait_for(endpoint.model.ainvoke(request.prompt), self.config.timeout)
                except (RetryableModelError, asyncio.TimeoutError) as exc:
                    error: ModelError = exc if isinstance(exc, ModelError) else ModelTimeoutError(self.config.timeout)
                    failure = type(error).__name__
                    wait = min(self.config.retry.delay(number, error, self.rng), self.config.max_retry_wait)
                except ModelError as exc:
                    error, failure = exc, f"fatal {type(exc).__name__}: {exc}"
                except BaseException:
                    breaker.abandon()  # cancelled mid-call: no outcome to record
                    raise
                else:
                    error, failure = None, ""
                finally:
                    endpoint.in_flight -= 1
                if error is None:
                    breaker.record_success()
                    endpoint.observe(self.clock() - started, ok=True)
                else:
                    breaker.record_failure(error)
                    endpoint.observe(self.clock() - started, ok=False)
                    if span is not None:
                        span.set_attribute("error", type(error).__name__)
            finally:
                endpoint.semaphore.release()
        if error is None:
            return ProxyResponse(True, str(reply.content), "model", "answered", model, endpoint.name, number)
        if wait:
            await self.asleep(wait)  # back off outside the concurrency slot, so others can use the endpoint
        return failure

    # --- reporting ---------------------------------------------------------------------------------------------

    def endpoint_table(self) -> list[dict[str, Any]]:
        """Per endpoint: model, requests, failures, breaker state (latency left out: it is wall-clock)."""
        return [{"model": m, "endpoint": e.name, "requests": e.requests, "failures": e.failures,
                 "breaker": self.breakers[e.name].state} for m, eps in self.pools.items() for e in eps]
