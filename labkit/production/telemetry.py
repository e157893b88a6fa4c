"""Observability: traces through the OpenTelemetry SDK, and the few metrics that tell you a service is healthy.

The one idea: a log line says *that* something happened; a **trace** says where the time went inside one request
(proxy → cache → model → guardrail), as a tree of **spans** with attributes. **Metrics** aggregate over requests:
latency *percentiles* (p95 is what your slowest users feel; an average hides them), error rate, cache hit rate.

Spans go through OpenTelemetry's SDK, the vendor-neutral standard, so the same code exports to Jaeger, Tempo,
Honeycomb or any OTLP collector: pass that exporter (``OTLPSpanExporter`` from ``opentelemetry-exporter-otlp``)
instead of the default in-memory one. Tests and lessons read the in-memory exporter.

>>> percentile([10, 20, 30, 40, 50], 50), percentile([10, 20, 30, 40, 50], 95)
(30, 50)

Log lines join their spans in :mod:`labkit.production.correlation`. Left out: sampling policies (every span is
kept), metric exemplars.
"""

from __future__ import annotations

import json
import math
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from labkit.errors import InvalidInputError


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``q``% of the values at or below it.

    >>> percentile([1, 2, 3, 4], 25), percentile([1, 2, 3, 4], 75), percentile([7], 99)
    (1, 3, 7)
    """
    if not 0 < q <= 100:
        raise InvalidInputError(f"q is a percentage in (0, 100], got {q!r}.")
    if not values:
        raise InvalidInputError("percentile() of no values is undefined; record something first.")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


class Metrics:
    """Request latencies, outcomes and cache lookups, summarised as percentiles and rates.

    Pass an OpenTelemetry ``meter`` to also publish them as OTel instruments (a latency histogram and counters),
    e.g. ``Telemetry().meter``.
    """

    def __init__(self, meter: Any = None):
        self.latencies: list[float] = []
        self.outcomes: Counter[str] = Counter()
        self.cache: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._otel = None
        if meter is not None:
            self._otel = (meter.create_histogram("llm.request.duration", unit="s", description="request latency"),
                          meter.create_counter("llm.request.count", description="requests by outcome"),
                          meter.create_counter("llm.cache.lookups", description="cache lookups by result"))

    def record_request(self, latency: float, error: str | None = None, **attributes: Any) -> None:
        """One finished request: its latency in seconds and the error class name (None: success)."""
        outcome = error or "ok"
        with self._lock:
            self.latencies.append(float(latency))
            self.outcomes[outcome] += 1
        if self._otel:
            self._otel[0].record(latency, {"outcome": outcome, **attributes})
            self._otel[1].add(1, {"outcome": outcome, **attributes})

    def record_cache(self, hit: bool) -> None:
        with self._lock:
            self.cache["hit" if hit else "miss"] += 1
        if self._otel:
            self._otel[2].add(1, {"result": "hit" if hit else "miss"})

    @property
    def requests(self) -> int:
        return sum(self.outcomes.values())

    @property
    def error_rate(self) -> float:
        return (self.requests - self.outcomes["ok"]) / self.requests if self.requests else 0.0

    @property
    def cache_hit_rate(self) -> float:
        total = self.cache["hit"] + self.cache["miss"]
        return self.cache["hit"] / total if total else 0.0

    def latency(self, q: float) -> float:
        return percentile(self.latencies, q)

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"requests": self.requests, "error_rate": round(self.error_rate, 4),
                               "cache_hit_rate": round(self.cache_hit_rate, 4),
                               "errors": {k: v for k, v in sorted(self.outcomes.items()) if k != "ok"}}
        if self.latencies:
            out.update({f"p{q}": self.latency(q) for q in (50, 95, 99)})
        return out


class Telemetry:
    """A private OpenTelemetry tracer (and meter) provider with an exporter; ``span(...)`` opens a span.

    A private provider (not the process-global one) lets several services, tests and lessons each keep their own
    spans. Exceptions escaping a span are recorded on it and mark it as an error, then re-raised.
    """

    def __init__(self, service: str = "labkit", exporter: Any = None, metric_reader: Any = None):
        from opentelemetry.sdk.metrics import MeterProvider
        from opentelemetry.sdk.metrics.export import InMemoryMetricReader
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import SimpleSpanProcessor
        from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

        resource = Resource.create({"service.name": service})
        self.exporter = exporter if exporter is not None else InMemorySpanExporter()
        self.provider = TracerProvider(resource=resource)
        self.provider.add_span_processor(SimpleSpanProcessor(self.exporter))
        self.tracer = self.provider.get_tracer("labkit.production")
        self.metric_reader = metric_reader if metric_reader is not None else InMemoryMetricReader()
        self.meter_provider = MeterProvider(resource=resource, metric_readers=[self.metric_reader])
        self.meter = self.meter_provider.get_meter("labkit.production")

    @contextmanager
    def span(self, name: str, **attributes: Any) -> Iterator[Any]:
        """``with telemetry.span("retrieve", k=5) as span: ...``; nested spans become children."""
        clean = {k: v for k, v in attributes.items() if isinstance(v, (str, bool, int, float))}
        with self.tracer.start_as_current_span(name, attributes=clean) as span:
            yield span

    def finished_spans(self) -> list[Any]:
        """Finished spans (in-memory exporter only), in the order they ended."""
        if not hasattr(self.exporter, "get_finished_spans"):
            raise InvalidInputError("finished_spans() needs the in-memory exporter; other exporters ship spans away.")
        return list(self.exporter.get_finished_spans())

    def clear(self) -> None:
        if hasattr(self.exporter, "clear"):
            self.exporter.clear()

    def span_tree(self) -> list[str]:
        """One line per span, indented under its parent, in start order: name, status and attributes.

        No ids or times, so lessons can print it deterministically.
        """
        spans = sorted(self.finished_spans(), key=lambda s: s.start_time)
        by_id = {s.context.span_id: s for s in spans}
        children: dict[int | None, list[Any]] = {}
        for s in spans:
            parent = s.parent.span_id if s.parent is not None and s.parent.span_id in by_id else None
            children.setdefault(parent, []).append(s)
        lines: list[str] = []

        def walk(parent: int | None, depth: int) -> None:
            for s in children.get(parent, []):
                attrs = ", ".join(f"{k}={v}" for k, v in sorted(s.attributes.items()))
                status = s.status.status_code.name
                lines.append(f"{'  ' * depth}{s.name} [{status}]" + (f" {attrs}" if attrs else ""))
                walk(s.context.span_id, depth + 1)

        walk(None, 0)
        return lines

    def export_json(self) -> str:
        """Finished spans as JSON lines (OpenTelemetry's own JSON form), e.g. to attach to a bug report."""
        return "\n".join(json.dumps(json.loads(s.to_json())) for s in self.finished_spans())

    def metric_points(self) -> dict[str, float]:
        """Current OTel metric values by instrument name (sums for counters, counts for histograms)."""
        data = self.metric_reader.get_metrics_data()
        out: dict[str, float] = {}
        if data is None:
            return out
        for rm in data.resource_metrics:
            for sm in rm.scope_metrics:
                for metric in sm.metrics:
                    for point in metric.data.data_points:
                        value = getattr(point, "value", None)
                        value = point.count if value is None else value
                        out[metric.name] = out.get(metric.name, 0) + value
        return out
