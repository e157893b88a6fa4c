import pytest

from labkit.errors import InvalidInputError
from labkit.rag import HybridRetriever, reciprocal_rank_fusion, weighted_fusion
from labkit.rag.evaluation import recall_at_k
from labkit.rag.fusion import normalize_scores
from rag_fixtures import *  # noqa: F401,F403  (shared session fixtures)


def test_rrf_hand_computed():
    fused = dict(reciprocal_rank_fusion([["a", "b"], ["b", "c"]], k=60))
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["a"] == pytest.approx(1 / 61) and fused["c"] == pytest.approx(1 / 62)
    weighted = reciprocal_rank_fusion([["a"], ["b"]], k=0, weights=[1.0, 3.0])
    assert weighted == [("b", 3.0), ("a", 1.0)]


def test_weighted_fusion_and_normalisation():
    assert normalize_scores({"a": 3.0, "b": 1.0}, "zscore") == {"a": 1.0, "b": -1.0}
    assert normalize_scores({"a": 2.0}, "minmax") == {"a": 1.0}
    fused = weighted_fusion([{"a": 10.0, "b": 0.0}, {"a": 0.2, "b": 0.6}], weights=[0.25, 0.75])
    assert fused == [("b", 0.75), ("a", 0.25)]
    with pytest.raises(InvalidInputError):
        normalize_scores({"a": 1.0}, "softmax")
    with pytest.raises(InvalidInputError):
        weighted_fusion([{"a": 1.0}], weights=[1, 2])


@pytest.mark.parametrize("method", ["rrf", "weighted"])
def test_hybrid_recall_at_least_each_single_method(method, dense_index, bm25_index, queries):
    hybrid = HybridRetriever([bm25_index, dense_index], method=method, depth=10)

    def mean_recall(retriever, k=2):
        return sum(recall_at_k([h.id for h in retriever.retrieve(q, k)], rel, k) for q, rel in queries.items()) / len(queries)

    assert mean_recall(hybrid) >= max(mean_recall(bm25_index), mean_recall(dense_index))
    assert hybrid.retrieve("What is XK-4471?", 1)[0].id == "sku"


def test_hybrid_bad_input(bm25_index):
    with pytest.raises(InvalidInputError, match="at least two"):
        HybridRetriever([bm25_index])
    with pytest.raises(InvalidInputError, match="method"):
        HybridRetriever([bm25_index, bm25_index], method="max")
