"""Telemetry (OpenTelemetry spans and metrics) and health checks."""

from __future__ import annotations

import json

import pytest

from labkit.errors import InvalidInputError
from labkit.production.breaker import CircuitBreaker
from labkit.production.clock import FakeClock
from labkit.production.health import HealthMonitor, breaker_check, threshold_check
from labkit.production.telemetry import Metrics, Telemetry, percentile


def test_percentile_nearest_rank_against_hand_computed():
    values = list(range(1, 101))
    assert [percentile(values, q) for q in (1, 50, 95, 99, 100)] == [1, 50, 95, 99, 100]
    assert percentile([5, 1, 3], 50) == 3
    with pytest.raises(InvalidInputError):
        percentile([], 50)
    with pytest.raises(InvalidInputError):
        percentile([1], 0)


def test_spans_nest_and_record_errors():
    tel = Telemetry(service="test")
    with tel.span("request", user="u1"):
        with tel.span("retrieve", k=3):
            pass
        with pytest.raises(ValueError):
            with tel.span("generate"):
                raise ValueError("boom")
    # the error was handled inside "request", so only "generate" is marked as failed
    assert tel.span_tree() == ["request [UNSET] user=u1", "  retrieve [UNSET] k=3", "  generate [ERROR]"]
    spans = {s.name: s for s in tel.finished_spans()}
    assert spans["retrieve"].parent.span_id == spans["request"].context.span_id
    assert spans["generate"].events[0].name == "exception"
    assert spans["request"].resource.attributes["service.name"] == "test"
    lines = [json.loads(line) for line in tel.export_json().splitlines()]
    assert [d["name"] for d in lines] == ["retrieve", "generate", "request"]


def test_metrics_summary_and_otel_instruments():
    tel = Telemetry()
    m = Metrics(meter=tel.meter)
    for latency in (0.1, 0.2, 0.3, 0.4):
        m.record_request(latency)
    m.record_request(2.0, error="ModelTimeoutError")
    m.record_cache(True); m.record_cache(False); m.record_cache(True)
    s = m.summary()
    assert s["requests"] == 5 and s["error_rate"] == 0.2 and s["p50"] == 0.3 and s["p95"] == 2.0
    assert s["cache_hit_rate"] == pytest.approx(0.6667) and s["errors"] == {"ModelTimeoutError": 1}
    points = tel.metric_points()
    assert points["llm.request.count"] == 5 and points["llm.request.duration"] == 5
    assert points["llm.cache.lookups"] == 3


def test_health_is_worst_of_parts_with_criticality():
    clock = FakeClock()
    breaker = CircuitBreaker("primary", failure_threshold=1, reset_timeout=10, clock=clock)
    errors = {"rate": 0.0}
    monitor = HealthMonitor()
    monitor.register("primary", breaker_check(breaker))
    monitor.register("errors", threshold_check(lambda: errors["rate"], 0.05, 0.25, "error rate"))
    monitor.register("redis", lambda: 1 / 0, critical=False)
    report = monitor.run()
    assert report.status == "degraded"
    assert report.as_dict()["checks"]["redis"]["detail"].startswith("check raised ZeroDivisionError")
    breaker.record_failure()
    assert monitor.run().status == "unhealthy"
    clock.advance(10)
    errors["rate"] = 0.1
    report = monitor.run()
    assert report.status == "degraded" and [r.status for r in report.results] == ["degraded", "degraded", "degraded"]


def test_threshold_check_compares_worst_first():
    check = threshold_check(lambda: 250, degraded_at=100, unhealthy_at=200)
    assert check()[0] == "unhealthy"  # the tutorial bug (checking > 100 first) would say degraded
    with pytest.raises(InvalidInputError):
        threshold_check(lambda: 0, 5, 1)
    monitor = HealthMonitor()
    monitor.register("odd", lambda: "sort of")
    assert monitor.run().results[0].detail == "check returned 'sort of', not a status"


def test_any_span_exporter_can_be_plugged_in():
    import io

    from opentelemetry.sdk.trace.export import ConsoleSpanExporter

    sink = io.StringIO()
    tel = Telemetry(service="exported", exporter=ConsoleSpanExporter(out=sink))
    with tel.span("work", items=3):
        pass
    assert '"name": "work"' in sink.getvalue() and '"items": 3' in sink.getvalue()
    with pytest.raises(InvalidInputError, match="in-memory exporter"):
        tel.finished_spans()


async def test_concurrent_requests_keep_their_own_trace():
    from labkit.llm import Latency, ScriptedChatModel
    from labkit.production.balancer import Endpoint
    from labkit.production.proxy import LLMProxy

    tel = Telemetry()
    model = ScriptedChatModel(replies=[Latency(0.01, "ok")], repeat_last=True)
    proxy = LLMProxy({"m": [Endpoint("a", model), Endpoint("b", model)]}, telemetry=tel)
    await proxy.ask_many([f"q{i}" for i in range(10)])
    spans = tel.finished_spans()
    requests = {s.context.span_id: s for s in spans if s.name == "proxy.request"}
    attempts = [s for s in spans if s.name == "proxy.attempt"]
    assert len(requests) == 10 and len(attempts) == 10
    assert all(a.parent.span_id in requests and a.context.trace_id == requests[a.parent.span_id].context.trace_id
               for a in attempts)
    assert len({s.context.trace_id for s in requests.values()}) == 10
