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
| ``pii``, ``injection``, ``filters`` | guardrails on what goes in and what comes out |
| ``policy``, ``audit``, ``workflow`` | governance: decisions as data, a tamper-evident log, sagas with compensation |
| ``scaling``, ``indextuning`` | capacity planning on paper, and vector index trade-offs measured |

``commands`` adds ``labkit guard`` and ``labkit audit-verify``. Import the module you need (``from labkit.production.breaker import CircuitBreaker``); this package imports nothing
heavy on its own.
"""
