"""RAG performance analytics: log every query, then ask the log where the system fails, refuses, drifts or waits.

Offline evaluation (:mod:`.evaluation`) scores a retriever once, on a labelled set. In production the questions
keep coming and the system keeps changing (a re-index, a new embedding model, a new prompt), so you log one
:class:`QueryRecord` per question (the query type, the ranked ids and their scores, how long each stage took, and
whether the answer was given or refused) and aggregate the log with pandas:

* :func:`quality_by_type`: hit rate and MRR (where labels or feedback say what was relevant) and refusal rate per
  query type: an average over all questions hides the one type that is failing;
* :func:`score_drift`: has the distribution of top retrieval scores moved between two periods? The mean shift says
  which way; the two-sample Kolmogorov-Smirnov statistic (the largest gap between the two empirical distribution
  functions, 0 = same, 1 = disjoint) says how much, whatever the shape. Falling top scores with unchanged traffic
  usually mean the index lost documents or the embedding changed;
* :func:`stage_latency`: mean, p50 and p95 per stage, and each stage's share of the total: optimise the slowest
  stage, not the one you suspect.

Per-row quality uses :func:`~labkit.rag.evaluation.hit_rate` and :func:`~labkit.rag.evaluation.reciprocal_rank`,
so the analytics and the offline evaluation agree by construction. Stage times come from the injected ``clock``
(``time.perf_counter`` in production, a :class:`~labkit.clock.FakeClock` in tests).

>>> log = QueryLog(context=lambda q: "factual")
>>> _ = log.record("What is XK-4471?", ["model-3#0", "dock#0"], [0.91, 0.40], {"retrieve": 12.0, "generate": 300.0},
...                answered=True, relevant={"model-3#0"})
>>> quality_by_type(log.frame()).to_dict("records")
[{'type': 'factual', 'queries': 1, 'judged': 1, 'hit_rate': 1.0, 'mrr': 1.0, 'refusal_rate': 0.0}]

Left out: storage (write the records to SQLite or a log pipeline and load them into pandas for the report),
statistical significance of a drift (the KS p-value needs independent samples; bursts of similar queries are not),
and per-user or per-tenant cuts (add a column and group by it).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from labkit.clock import Clock
from labkit.errors import InvalidInputError


@dataclass(frozen=True)
class QueryRecord:
    """One logged question: what was retrieved (ids and scores, best first), stage times in ms, the outcome."""

    query: str
    query_type: str
    ranked: tuple[str, ...]
    scores: tuple[float, ...]
    latency_ms: Mapping[str, float]
    answered: bool
    relevant: frozenset[str] | None = None
    period: str = ""


class QueryLog:
    """Collects :class:`QueryRecord`\\ s; :meth:`ask` runs a RAG pipeline and times its two stages with ``clock``."""

    def __init__(self, clock: Clock = time.perf_counter, context: Callable[[str], str] | None = None):
        from labkit.rag.adaptive import query_type

        self.clock = clock
        self.context = context or query_type
        self.records: list[QueryRecord] = []

    def record(self, query: str, ranked: Sequence[str], scores: Sequence[float], latency_ms: Mapping[str, float],
               answered: bool, relevant: set[str] | None = None, period: str = "") -> QueryRecord:
        """Log one question whose numbers were measured elsewhere."""
        if not isinstance(query, str) or not query.strip():
            raise InvalidInputError("query must be non-empty text.")
        if isinstance(ranked, str) or len(ranked) != len(scores):
            raise InvalidInputError("ranked and scores must be lists of the same length (one score per id).")
        if not isinstance(latency_ms, Mapping) or any(not isinstance(v, (int, float)) or v < 0
                                                      for v in latency_ms.values()):
            raise InvalidInputError("latency_ms must map stage names to non-negative milliseconds.")
        entry = QueryRecord(query, self.context(query), tuple(ranked), tuple(float(s) for s in scores),
                            dict(latency_ms), bool(answered), None if relevant is None else frozenset(relevant), period)
        self.records.append(entry)
        return entry

    def ask(self, pipeline: Any, question: str, relevant: set[str] | None = None, period: str = "",
            k: int | None = None) -> Any:
        """Answer ``question`` with a :class:`~labkit.rag.pipeline.RAGPipeline`, timing retrieval and generation;
        return its :class:`~labkit.rag.pipeline.RAGAnswer`."""
        start = self.clock()
        hits = pipeline.retriever.retrieve(question, k or pipeline.k)
        retrieved = self.clock()
        answer = pipeline.answer_from_hits(question, hits)
        done = self.clock()
        self.record(question, [h.id for h in hits], [h.score for h in hits],
                    {"retrieve": (retrieved - start) * 1000, "generate": (done - retrieved) * 1000},
                    answer.answered, relevant, period)
        return answer

    def frame(self) -> Any:
        """The log as a DataFrame: one row per query with ``top_score``, ``hit`` and ``rr`` (NaN when unjudged),
        ``refused``, one ``ms_<stage>`` column per stage and ``ms_total``."""
        import pandas as pd

        from labkit.rag.evaluation import hit_rate, reciprocal_rank

        if not self.records:
            raise InvalidInputError("The log is empty: record or ask some questions first.")
        rows = []
        for r in self.records:
            judged = r.relevant is not None and len(r.relevant) > 0
            k = max(len(r.ranked), 1)
            rows.append({"query": r.query, "type": r.query_type, "period": r.period, "k": len(r.ranked),
                         "top_score": r.scores[0] if r.scores else float("nan"),
                         "hit": hit_rate(list(r.ranked), r.relevant, k) if judged else float("nan"),
                         "rr": reciprocal_rank(list(r.ranked), r.relevant, k) if judged else float("nan"),
                         "refused": not r.answered,
                         **{f"ms_{stage}": ms for stage, ms in r.latency_ms.items()},
                         "ms_total": sum(r.latency_ms.values())})
        return pd.DataFrame(rows)


def _frame(frame: Any) -> Any:
    import pandas as pd

    if isinstance(frame, QueryLog):
        return frame.frame()
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise InvalidInputError("Pass a QueryLog or the non-empty DataFrame from QueryLog.frame().")
    return frame


def quality_by_type(frame: Any) -> Any:
    """Per query type: queries, judged queries, hit rate and MRR over the judged ones, refusal rate over all."""
    frame = _frame(frame)
    grouped = frame.groupby("type", sort=True)
    out = grouped.agg(queries=("query", "size"), judged=("hit", "count"), hit_rate=("hit", "mean"),
                      mrr=("rr", "mean"), refusal_rate=("refused", "mean"))
    return out.reset_index()


def ks_statistic(a: Sequence[float], b: Sequence[float]) -> float:
    """The two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical CDFs.

    >>> ks_statistic([1, 2, 3], [1, 2, 3]), ks_statistic([1, 2], [5, 6]), ks_statistic([1, 2, 3, 4], [3, 4, 5, 6])
    (0.0, 1.0, 0.5)
    """
    import numpy as np

    x, y = np.sort(np.asarray(a, dtype=float)), np.sort(np.asarray(b, dtype=float))
    if not len(x) or not len(y):
        raise InvalidInputError("Both samples need at least one value.")
    grid = np.concatenate([x, y])
    cdf_x = np.searchsorted(x, grid, side="right") / len(x)
    cdf_y = np.searchsorted(y, grid, side="right") / len(y)
    return float(np.max(np.abs(cdf_x - cdf_y)))


def score_drift(frame: Any, before: str, after: str, column: str = "top_score") -> dict[str, float]:
    """Compare ``column`` between two periods: the means, the shift (after - before) and the KS statistic."""
    frame = _frame(frame)
    if column not in frame:
        raise InvalidInputError(f"No column {column!r} in the log; columns: {list(frame.columns)}.")
    samples = {}
    for period in (before, after):
        values = frame.loc[frame["period"] == period, column].dropna()
        if values.empty:
            raise InvalidInputError(f"No {column} values for period {period!r}; periods: {sorted(set(frame['period']))}.")
        samples[period] = values
    a, b = samples[before], samples[after]
    return {"before_mean": float(a.mean()), "after_mean": float(b.mean()), "shift": float(b.mean() - a.mean()),
            "ks": ks_statistic(a.tolist(), b.tolist()), "before_n": int(len(a)), "after_n": int(len(b))}


def stage_latency(frame: Any) -> Any:
    """Per stage (the ``ms_<stage>`` columns): mean, p50 and p95 in ms, and its share of total time; slowest first."""
    import pandas as pd

    frame = _frame(frame)
    stages = [c for c in frame.columns if c.startswith("ms_") and c != "ms_total"]
    if not stages:
        raise InvalidInputError("The log has no stage timings (ms_<stage> columns).")
    total = frame[stages].sum().sum()
    rows = [{"stage": c[3:], "mean_ms": frame[c].mean(), "p50_ms": frame[c].quantile(0.5),
             "p95_ms": frame[c].quantile(0.95), "share": (frame[c].sum() / total) if total else 0.0} for c in stages]
    return pd.DataFrame(rows).sort_values(["p95_ms", "stage"], ascending=[False, True]).reset_index(drop=True)
