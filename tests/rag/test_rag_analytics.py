import math

import pytest

from labkit.clock import FakeClock
from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel
from labkit.rag import Chunk, RAGPipeline
from labkit.rag.analytics import QueryLog, ks_statistic, quality_by_type, score_drift, stage_latency
from labkit.rag.documents import Hit
from labkit.rag.retriever import Retriever


def typed(query):
    return "code" if any(ch.isdigit() for ch in query) else "prose"


def sample_log():
    log = QueryLog(context=typed)
    log.record("part 4471?", ["a", "b", "c"], [0.9, 0.5, 0.1], {"retrieve": 10, "generate": 100}, True, {"b"}, "w1")
    log.record("part 99?", ["x", "y", "z"], [0.8, 0.4, 0.2], {"retrieve": 30, "generate": 300}, False, {"q"}, "w1")
    log.record("refunds?", ["r", "s", "t"], [0.7, 0.3, 0.1], {"retrieve": 20, "generate": 200}, True, {"r"}, "w2")
    log.record("shipping?", ["u", "v", "w"], [0.3, 0.2, 0.1], {"retrieve": 40, "generate": 100}, False, None, "w2")
    return log


def test_quality_by_type_matches_hand_computed_values():
    rows = {r["type"]: r for r in quality_by_type(sample_log()).to_dict("records")}
    # code: one hit at rank 2 (rr 0.5), one miss; both judged; one refusal
    assert rows["code"] == {"type": "code", "queries": 2, "judged": 2, "hit_rate": 0.5, "mrr": 0.25, "refusal_rate": 0.5}
    # prose: one judged hit at rank 1; the unjudged query counts for refusals only
    assert rows["prose"] == {"type": "prose", "queries": 2, "judged": 1, "hit_rate": 1.0, "mrr": 1.0,
                             "refusal_rate": 0.5}


def test_score_drift_and_the_ks_statistic_against_scipy():
    drift = score_drift(sample_log(), "w1", "w2")
    assert drift["before_mean"] == pytest.approx(0.85) and drift["after_mean"] == pytest.approx(0.5)
    assert drift["shift"] == pytest.approx(-0.35) and drift["ks"] == 1.0 and drift["before_n"] == 2
    stats = pytest.importorskip("scipy.stats")
    a, b = [0.1, 0.4, 0.4, 0.9, 1.3], [0.2, 0.4, 0.5, 0.7, 1.1, 2.0, 2.5]
    assert ks_statistic(a, b) == pytest.approx(stats.ks_2samp(a, b).statistic)
    with pytest.raises(InvalidInputError, match="period 'w9'"):
        score_drift(sample_log(), "w1", "w9")


def test_stage_latency_ranks_the_slowest_stage_first():
    table = stage_latency(sample_log())
    assert table["stage"].tolist() == ["generate", "retrieve"]
    generate = table.iloc[0]
    assert generate["mean_ms"] == 175 and generate["p50_ms"] == 150
    assert generate["share"] == pytest.approx(700 / 800)


class Slow(Retriever):
    """A retriever that takes ``seconds`` on the fake clock and always finds the same chunk."""

    def __init__(self, clock, seconds):
        self.clock, self.seconds = clock, seconds

    def _retrieve(self, query, k):
        self.clock.advance(self.seconds)
        return [Hit(Chunk("refund", "Refunds within 30 days.", "handbook"), 0.75)]


def test_ask_times_both_stages_on_the_injected_clock_and_logs_refusals():
    clock = FakeClock()
    model = ScriptedChatModel(replies=["Within 30 days [refund].", "I cannot find the answer in the provided context."])
    pipeline = RAGPipeline(Slow(clock, 0.25), model, k=1)
    log = QueryLog(clock=clock, context=lambda q: "factual")
    first = log.ask(pipeline, "How long is the refund window?", relevant={"refund"}, period="p")
    second = log.ask(pipeline, "Who is the CEO?", period="p")
    assert first.answered and not second.answered
    frame = log.frame()
    assert frame["ms_retrieve"].tolist() == [250.0, 250.0] and frame["ms_generate"].tolist() == [0.0, 0.0]
    assert frame["refused"].tolist() == [False, True] and frame["top_score"].tolist() == [0.75, 0.75]
    assert frame["hit"].iloc[0] == 1.0 and math.isnan(frame["hit"].iloc[1])


def test_bad_input_is_a_clear_error():
    log = QueryLog(context=typed)
    with pytest.raises(InvalidInputError, match="empty"):
        log.frame()
    with pytest.raises(InvalidInputError, match="same length"):
        log.record("q", ["a", "b"], [0.1], {}, True)
    with pytest.raises(InvalidInputError, match="milliseconds"):
        log.record("q", ["a"], [0.1], {"retrieve": -1}, True)
    with pytest.raises(InvalidInputError, match="QueryLog"):
        quality_by_type([])
