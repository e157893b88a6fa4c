"""Log correlation: group records by trace, rebuild the span tree, slowest path, first error; OTel and logging in."""

from __future__ import annotations

import logging
import random

import pytest

from labkit.errors import InvalidInputError
from labkit.production.correlation import LogCollector, correlate, span_records
from labkit.production.telemetry import Telemetry


def span(trace, span_id, parent, name, start, end, status="ok"):
    return {"kind": "span", "trace_id": trace, "span_id": span_id, "parent_id": parent, "name": name,
            "start": start, "end": end, "status": status}


def log(trace, span_id, at, level, message):
    return {"kind": "log", "trace_id": trace, "span_id": span_id, "time": at, "level": level, "message": message}


# Two interleaved requests that reuse span ids (ids are unique only within a trace), lines out of order.
RECORDS = [
    log("t2", "s1", 5.01, "INFO", "request received"),
    span("t1", "s3", "s2", "db.query", 0.05, 0.30),
    log("t1", "s4", 0.55, "ERROR", "model timed out after 0.4 s"),
    span("t2", "s1", None, "api.request", 5.0, 5.2),
    span("t1", "s1", None, "api.request", 0.0, 1.0, "error"),
    span("t1", "s2", "s1", "rag.retrieve", 0.02, 0.35),
    span("t1", "s4", "s1", "llm.generate", 0.36, 0.56, "error"),
    log("t1", "s3", 0.10, "WARNING", "slow query plan"),
    span("t1", "s5", "s1", "llm.fallback", 0.57, 0.95),
    log("t1", "s1", 0.99, "ERROR", "request failed: fallback answer served"),
    log("t1", "s9", 0.40, "INFO", "span s9 was sampled out"),
    {"kind": "log", "trace_id": None, "span_id": None, "time": 0.0, "level": "INFO", "message": "server started"},
]


def test_grouping_rebuilds_each_tree_and_puts_logs_under_their_span():
    traces = correlate(RECORDS)
    assert list(traces) == ["t2", "t1"]  # order of first appearance; the untraced start-up line belongs to none
    t1 = traces["t1"]
    assert t1.tree() == [
        "api.request 1000 ms [error]",
        "  ERROR request failed: fallback answer served",
        "  rag.retrieve 330 ms",
        "    db.query 250 ms",
        "      WARNING slow query plan",
        "  llm.generate 200 ms [error]",
        "    ERROR model timed out after 0.4 s",
        "  llm.fallback 380 ms",
    ]
    assert [r["message"] for r in t1.orphan_logs] == ["span s9 was sampled out"]
    assert traces["t2"].tree(logs=False) == ["api.request 200 ms"]


def test_slowest_path_follows_the_longest_child():
    path = correlate(RECORDS)["t1"].slowest_path()
    assert [s.name for s in path] == ["api.request", "llm.fallback"]


def test_first_error_is_by_time_not_by_file_order():
    origin = correlate(RECORDS)["t1"].first_error()
    assert origin.at == 0.55 and origin.span.name == "llm.generate" and origin.message.startswith("model timed out")
    assert origin.path == ["api.request", "llm.generate"]
    assert correlate(RECORDS)["t2"].first_error() is None


def test_at_the_same_instant_the_deeper_span_is_the_origin():
    records = [span("t", "a", None, "outer", 0, 2, "error"), span("t", "b", "a", "middle", 0, 2, "error"),
               span("t", "c", "b", "inner", 1, 2, "error")]
    assert correlate(records)["t"].first_error().path == ["outer", "middle", "inner"]


def test_result_does_not_depend_on_the_order_lines_arrive_in():
    shuffled = RECORDS[:]
    random.Random(7).shuffle(shuffled)
    a, b = correlate(RECORDS)["t1"], correlate(shuffled)["t1"]
    assert a.tree() == b.tree() and a.first_error().path == b.first_error().path


def test_a_lost_parent_leaves_its_children_as_roots():
    records = [span("t", "b", "gone", "child", 1, 2), span("t", "c", "gone", "sibling", 0, 3)]
    trace = correlate(records)["t"]
    assert [s.name for s in trace.roots] == ["sibling", "child"] and trace.root.name == "sibling"


@pytest.mark.parametrize("records, match", [
    ([["span"]], "must be a dict"),
    ([{"kind": "metric"}], "kind 'metric'"),
    ([{"kind": "span", "trace_id": "t", "span_id": "a", "name": "x", "start": 0}], "lacks end"),
    ([span("t", "a", None, "x", 0, 1), span("t", "a", None, "y", 0, 1)], "twice"),
    ([span("t", "a", None, "x", 2, 1)], "ends before"),
    ([span("t", "a", "b", "x", 0, 1), span("t", "b", "a", "y", 0, 1)], "cycle"),
])
def test_malformed_records_are_clear_errors(records, match):
    with pytest.raises(InvalidInputError, match=match):
        correlate(records)


def test_a_trace_of_logs_only_says_so():
    trace = correlate([log("t", "a", 0, "ERROR", "boom")])["t"]
    with pytest.raises(InvalidInputError, match="no spans"):
        trace.slowest_path()
    with pytest.raises(InvalidInputError, match="no span 'zz'"):
        trace.path_to("zz")


def test_otel_spans_and_python_logging_correlate_end_to_end():
    tel = Telemetry(service="rag-api")
    collector = LogCollector()
    logger = logging.getLogger("labkit.test.correlation")
    logger.addHandler(collector)
    logger.setLevel(logging.INFO)
    try:
        logger.info("outside any request")
        for question in ("refunds?", "hours?"):
            with tel.span("rag.request"):
                logger.info("question %s", question)
                with tel.span("rag.retrieve"):
                    logger.warning("only one hit")
                try:
                    with tel.span("rag.generate"):
                        raise TimeoutError("model timed out")
                except TimeoutError:
                    logger.error("answered from the fallback")
    finally:
        logger.removeHandler(collector)

    assert collector.records[0]["trace_id"] is None
    traces = correlate(span_records(tel) + collector.records)
    assert len(traces) == 2
    for trace, question in zip(traces.values(), ("refunds?", "hours?")):
        assert len(trace.trace_id) == 32 and trace.root.service == "rag-api"
        assert trace.tree(times=False) == ["rag.request", f"  INFO question {question}",
                                           "  ERROR answered from the fallback", "  rag.retrieve",
                                           "    WARNING only one hit", "  rag.generate [error]"]
        # the error log was written after rag.generate ended with its exception: the span is the origin
        assert trace.first_error().path == ["rag.request", "rag.generate"]
