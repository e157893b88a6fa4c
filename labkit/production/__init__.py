"""Level 8: production patterns around a model call, each as a small module you can read in one sitting.

| module | idea |
| --- | --- |
| ``cache``, ``redis_cache``, ``semantic_cache``, ``llm_cache`` | one cache interface, many tiers; never pay twice for the same answer |
| ``clock`` | a fake clock: every time-dependent part takes ``clock``/``sleep`` so tests and lessons are exact |
| ``retry``, ``breaker``, ``ratelimit``, ``fallback`` | failures are normal: retry what can succeed, stop hammering what cannot, degrade gracefully |
| ``keys`` | API key rotation: rest a rate-limited key, retire a revoked one, rotate on a schedule |
| ``routing``, ``balancer``, ``proxy`` | one front door for many models: pick a model, pick an endpoint, limit, coalesce, measure |
| ``drill`` | replay identical injected failures under different settings to tune them |
| ``telemetry``, ``health`` | traces (OpenTelemetry), latency percentiles, error and hit rates, health checks |
| ``correlation`` | log correlation: group log lines by trace, rebuild the span tree, slowest path, first error |
| ``alerting`` | anomaly scores against a robust rolling baseline; alert rules with a for-duration and a cooldown |
| ``pool`` | connection pooling: a bounded pool with checkout health checks and recycling by uses and age |
| ``pii``, ``injection``, ``filters`` | guardrails on what goes in and what comes out |
| ``policy``, ``audit``, ``workflow`` | governance: decisions as data, a tamper-evident log, sagas with compensation |
| ``scaling``, ``indextuning`` | capacity planning on paper, and vector index trade-offs measured |

``commands`` adds ``labkit guard`` and ``labkit audit-verify``. The public names load from here on first use
(``from labkit.production import CircuitBreaker``), so this package imports nothing heavy on its own. Two modules
define a ``Step`` (fallback and workflow steps): import those from their module.
"""

from __future__ import annotations

from labkit.lazy import lazy_face

__all__, __getattr__ = lazy_face(__name__, {
    "cache": ("Cache", "CacheStats", "MemoryCache", "SQLiteCache", "TieredCache", "BACKENDS", "create_cache",
             "register_backend", "make_key"),
    "redis_cache": ("RedisCache",),
    "semantic_cache": ("SemanticCache",),
    "llm_cache": ("CachedChatModel",),
    "clock": ("FakeClock",),
    "retry": ("Retrier", "RetryPolicy"),
    "breaker": ("CircuitBreaker",),
    "ratelimit": ("TokenBucket", "RateLimiter"),
    "fallback": ("FallbackChain", "model_step", "cache_step", "template_step"),
    "keys": ("KeyRing",),
    "routing": ("Router", "ModelOption"),
    "balancer": ("Endpoint", "BALANCERS", "get_balancer"),
    "proxy": ("LLMProxy", "ProxyConfig"),
    "drill": ("run_drill",),
    "telemetry": ("Telemetry", "Metrics"),
    "health": ("HealthMonitor", "threshold_check", "breaker_check"),
    "correlation": ("correlate", "Trace", "SpanNode", "span_records", "TraceContextFilter", "LogCollector"),
    "alerting": ("robust_zscores", "ewma_zscores", "find_anomalies", "AlertRule", "AlertEvent", "Alerter"),
    "pool": ("ConnectionPool", "PoolStats", "sqlite_pool"),
    "pii": ("detect_pii", "redact"),
    "injection": ("detect_injection", "spotlight", "SimilarityDetector"),
    "filters": ("FilterChain", "pii_filter", "secret_filter", "prompt_leak_filter", "length_filter"),
    "policy": ("PolicyEngine", "Policy", "Rule"),
    "audit": ("AuditLog", "AuditEntry"),
    "workflow": ("Workflow", "EventBus", "Step"),
    "scaling": ("replicas_needed", "series_availability", "parallel_availability", "downtime_per_year", "Region",
               "plan_regions", "holt_forecast"),
    "indextuning": ("clustered_vectors", "sweep_ivf", "sweep_hnsw"),
})
