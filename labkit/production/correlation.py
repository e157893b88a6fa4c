"""Log correlation across a trace: put every log line back into the request, and the span, that wrote it.

The one idea: in a service of several parts, the log lines of one request are scattered among thousands of others,
across processes and files, and arrive out of order. If every line carries the **trace id** of its request and the
**span id** of the operation that wrote it (OpenTelemetry's context, stamped by :class:`TraceContextFilter`), then
grouping by trace id gathers one request, the spans' parent ids rebuild its tree, and each line lands under the span
that wrote it. Two questions then have exact answers:

* **where did the time go?** :meth:`Trace.slowest_path` walks from the root into the longest child at each level;
* **what broke first?** :meth:`Trace.first_error` is the earliest error, by timestamp, never by file order (an
  exception ends the inner span first, so the earliest error is where it started, not the parents it crossed).

The records are plain dicts, as they sit in a JSON-lines log or a log store:

* a span: ``{"kind": "span", "trace_id", "span_id", "parent_id" (None for a root), "name", "start", "end",
  "status" ("ok" or "error"), "service" (optional)}``; :func:`span_records` writes them from
  :class:`~labkit.production.telemetry.Telemetry`'s finished spans;
* a log line: ``{"kind": "log", "trace_id", "span_id", "time", "level", "message", ...}``; :class:`LogCollector`
  writes them from Python's ``logging`` inside a span.

>>> def span(span_id, parent_id, name, start, end, status="ok"):
...     return {"kind": "span", "trace_id": "t1", "span_id": span_id, "parent_id": parent_id, "name": name,
...             "start": start, "end": end, "status": status}
>>> records = [span("a", None, "request", 0.0, 1.0), span("b", "a", "retrieve", 0.0, 0.2),
...            span("c", "a", "generate", 0.2, 0.9, "error"),
...            {"kind": "log", "trace_id": "t1", "span_id": "c", "time": 0.8, "level": "ERROR",
...             "message": "model timeout"}]
>>> trace = correlate(records)["t1"]
>>> print("\\n".join(trace.tree()))
request 1000 ms
  retrieve 200 ms
  generate 700 ms [error]
    ERROR model timeout
>>> [span.name for span in trace.slowest_path()], trace.first_error().path
(['request', 'generate'], ['request', 'generate'])

Left out: the strict critical path through concurrent children (Jaeger's: the chain of last-finishing spans, which
can switch branches), clock skew between machines (a child that seems to start before its parent), sampling (a
trace whose spans were dropped keeps its logs as ``orphan_logs``) and links between traces (a queue consumer's span
linking to the producer's trace).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from labkit.clock import Clock, wall_clock
from labkit.errors import InvalidInputError

ERROR_LEVELS = ("ERROR", "CRITICAL")
_SPAN_FIELDS = ("trace_id", "span_id", "name", "start", "end")
_LOG_FIELDS = ("trace_id", "span_id", "time", "level", "message")


@dataclass
class SpanNode:
    """One span of a rebuilt trace, with the log lines it wrote and its children in start order."""

    span_id: str
    name: str
    parent_id: str | None
    start: float
    end: float
    status: str = "ok"
    service: str = ""
    logs: list[dict[str, Any]] = field(default_factory=list)
    children: list[SpanNode] = field(default_factory=list)

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class ErrorOrigin:
    """The first error of a trace: when, in which span, what it said, and the span names from the root down to it."""

    at: float
    span: SpanNode
    message: str
    path: list[str]


@dataclass
class Trace:
    """One request: its spans by id, the root span(s), and log lines whose span never reported (``orphan_logs``)."""

    trace_id: str
    spans: dict[str, SpanNode] = field(default_factory=dict)
    roots: list[SpanNode] = field(default_factory=list)
    orphan_logs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def root(self) -> SpanNode:
        """The earliest root: a complete trace has one; a lost parent span leaves its children as extra roots."""
        if not self.roots:
            raise InvalidInputError(f"Trace {self.trace_id!r} has log lines but no spans; was it sampled out?")
        return self.roots[0]

    def walk(self) -> Iterator[tuple[int, SpanNode]]:
        """Every span depth-first in start order, with its depth (roots at 0)."""
        stack = [(0, span) for span in reversed(self.roots)]
        while stack:
            depth, span = stack.pop()
            yield depth, span
            stack.extend((depth + 1, child) for child in reversed(span.children))

    def tree(self, logs: bool = True, times: bool = True) -> list[str]:
        """One line per span (name, duration in ms, ``[error]``), indented under its parent, its log lines below it.

        ``times=False`` leaves the durations out, for output that must not depend on how fast the machine was.
        """
        lines = []
        for depth, span in self.walk():
            took = f" {span.duration * 1000:.0f} ms" if times else ""
            mark = " [error]" if span.status == "error" else ""
            lines.append(f"{'  ' * depth}{span.name}{took}{mark}")
            if logs:
                lines.extend(f"{'  ' * (depth + 1)}{log['level']} {log['message']}" for log in span.logs)
        return lines

    def path_to(self, span_id: str) -> list[SpanNode]:
        """The spans from the root down to ``span_id``.

        >>> root = {"kind": "span", "trace_id": "t", "span_id": "r", "name": "root", "start": 0, "end": 1}
        >>> t = correlate([root, {**root, "span_id": "k", "parent_id": "r", "name": "kid"}])["t"]
        >>> [s.name for s in t.path_to("k")]
        ['root', 'kid']
        """
        if span_id not in self.spans:
            raise InvalidInputError(f"Trace {self.trace_id!r} has no span {span_id!r}.")
        path = [self.spans[span_id]]
        while path[-1].parent_id in self.spans:
            path.append(self.spans[path[-1].parent_id])
        return path[::-1]

    def slowest_path(self) -> list[SpanNode]:
        """From the root, step into the longest child (ties: the earlier one) until a leaf: where to look first."""
        path = [self.root]
        while path[-1].children:
            path.append(max(path[-1].children, key=lambda s: (s.duration, -s.start)))
        return path

    def first_error(self) -> ErrorOrigin | None:
        """The earliest error by time: an ERROR/CRITICAL log line, or a span that ended with status error.

        At the same instant the deeper span wins (an exception ends the inner span first, then its parents).
        ``None`` when the trace has no error. Orphan logs are not considered: without their span there is no path.
        """
        candidates = []
        for depth, span in self.walk():
            for log in span.logs:
                if str(log["level"]).upper() in ERROR_LEVELS:
                    candidates.append((log["time"], -depth, span, str(log["message"])))
            if span.status == "error":
                candidates.append((span.end, -depth, span, f"span {span.name} ended with an error"))
        if not candidates:
            return None
        at, _, span, message = min(candidates, key=lambda c: (c[0], c[1]))
        return ErrorOrigin(at, span, message, [s.name for s in self.path_to(span.span_id)])


def _check(record: Any, index: int) -> str:
    if not isinstance(record, dict):
        raise InvalidInputError(f"Record {index} is a {type(record).__name__}; each record must be a dict.")
    kind = record.get("kind")
    needed = {"span": _SPAN_FIELDS, "log": _LOG_FIELDS}.get(kind)
    if needed is None:
        raise InvalidInputError(f"Record {index} has kind {kind!r}; use 'span' or 'log'.")
    if record.get("trace_id") is None:
        return kind  # outside any request: nothing to correlate
    missing = [name for name in needed if record.get(name) is None]
    if missing:
        raise InvalidInputError(f"Record {index} ({kind}) lacks {', '.join(missing)}.")
    return kind


def correlate(records: Iterable[dict[str, Any]]) -> dict[str, Trace]:
    """Group span and log records by trace id and rebuild each trace's tree (traces in order of first appearance).

    Records without a trace id (start-up lines, background jobs) belong to no request and are skipped. Logs are
    ordered by time within their span, children by start time, whatever order the lines arrived in.
    """
    traces: dict[str, Trace] = {}
    logs: list[dict[str, Any]] = []
    for index, record in enumerate(records):
        kind = _check(record, index)
        trace_id = record.get("trace_id")
        if trace_id is None:
            continue
        trace = traces.setdefault(str(trace_id), Trace(str(trace_id)))
        if kind == "log":
            logs.append(record)
            continue
        span_id = str(record["span_id"])
        if span_id in trace.spans:
            raise InvalidInputError(f"Trace {trace_id!r} reports span {span_id!r} twice (record {index}).")
        if record["end"] < record["start"]:
            raise InvalidInputError(f"Span {span_id!r} ends before it starts (record {index}).")
        parent = record.get("parent_id")
        trace.spans[span_id] = SpanNode(span_id, str(record["name"]), None if parent is None else str(parent),
                                        float(record["start"]), float(record["end"]),
                                        str(record.get("status", "ok")).lower(), str(record.get("service", "")))
    for log in sorted(logs, key=lambda r: r["time"]):
        trace = traces[str(log["trace_id"])]
        span = trace.spans.get(str(log["span_id"]))
        (span.logs if span is not None else trace.orphan_logs).append(log)
    for trace in traces.values():
        for span in sorted(trace.spans.values(), key=lambda s: (s.start, s.span_id)):
            parent = trace.spans.get(span.parent_id) if span.parent_id is not None else None
            (parent.children if parent is not None else trace.roots).append(span)
        if len(list(trace.walk())) != len(trace.spans):
            raise InvalidInputError(f"Trace {trace.trace_id!r}: parent ids form a cycle; a trace is a tree.")
    return traces


# -- records from OpenTelemetry spans and from Python logging --------------------------------------------------------


def _hex_ids(context: Any) -> tuple[str, str]:
    return f"{context.trace_id:032x}", f"{context.span_id:016x}"


def span_records(spans: Any) -> list[dict[str, Any]]:
    """Span records from a :class:`~labkit.production.telemetry.Telemetry` (its finished spans) or a list of OTel spans.

    Ids become the hex strings OTLP and every tracing UI show; times become seconds.
    """
    if hasattr(spans, "finished_spans"):
        spans = spans.finished_spans()
    records = []
    for span in spans:
        trace_id, span_id = _hex_ids(span.context)
        records.append({"kind": "span", "trace_id": trace_id, "span_id": span_id,
                        "parent_id": _hex_ids(span.parent)[1] if span.parent is not None else None,
                        "name": span.name, "start": span.start_time / 1e9, "end": span.end_time / 1e9,
                        "status": "error" if span.status.status_code.name == "ERROR" else "ok",
                        "service": span.resource.attributes.get("service.name", "")})
    return records


class TraceContextFilter(logging.Filter):
    """Stamps each log record with the current OpenTelemetry span's ``trace_id`` and ``span_id`` (None outside one).

    Add it to any handler (``handler.addFilter(TraceContextFilter())``) so a JSON formatter can write the ids.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        from opentelemetry import trace

        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            record.trace_id, record.span_id = _hex_ids(context)
        else:
            record.trace_id = record.span_id = None
        return True


class LogCollector(logging.Handler):
    """A logging handler that keeps each record as a log record dict, trace context included, timed by ``clock``.

    The default clock is the wall clock because OpenTelemetry times spans with it; both must share one time line.
    """

    def __init__(self, clock: Clock = wall_clock, level: int = logging.NOTSET):
        super().__init__(level)
        self.clock = clock
        self.records: list[dict[str, Any]] = []
        self.addFilter(TraceContextFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append({"kind": "log", "trace_id": getattr(record, "trace_id", None),
                             "span_id": getattr(record, "span_id", None), "time": self.clock(),
                             "level": record.levelname, "logger": record.name, "message": record.getMessage()})
