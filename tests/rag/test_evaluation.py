import math

import pytest

from labkit.errors import InvalidInputError
from labkit.rag import (context_relevance, evaluate_run, groundedness, hit_rate, ndcg_at_k, precision_at_k,
                        recall_at_k, reciprocal_rank)
from rag_fixtures import *  # noqa: F401,F403  (shared session fixtures)

RANKED = ["d3", "d1", "d7", "d2", "d9"]
RELEVANT = {"d1": 1, "d2": 1, "d5": 1}


def test_hand_computed_binary():
    assert precision_at_k(RANKED, RELEVANT, 2) == 0.5
    assert precision_at_k(RANKED, RELEVANT, 5) == 2 / 5
    assert recall_at_k(RANKED, RELEVANT, 2) == 1 / 3
    assert recall_at_k(RANKED, RELEVANT, 5) == 2 / 3
    assert reciprocal_rank(RANKED, RELEVANT) == 0.5
    assert reciprocal_rank(RANKED, RELEVANT, k=1) == 0.0
    assert hit_rate(RANKED, RELEVANT, 1) == 0.0 and hit_rate(RANKED, RELEVANT, 2) == 1.0
    # DCG = 1/log2(3) + 1/log2(5); IDCG = 1 + 1/log2(3) + 1/log2(4)
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    idcg = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at_k(RANKED, RELEVANT, 5) == pytest.approx(dcg / idcg)


def test_graded_ndcg_uses_exponential_gain():
    ranked, rel = ["a", "b"], {"a": 1, "b": 2}
    dcg = (2**1 - 1) / 1 + (2**2 - 1) / math.log2(3)
    idcg = (2**2 - 1) / 1 + (2**1 - 1) / math.log2(3)
    assert ndcg_at_k(ranked, rel, 2) == pytest.approx(dcg / idcg)
    assert ndcg_at_k(["b", "a"], rel, 2) == pytest.approx(1.0)


def test_duplicates_and_empty_judgements():
    assert ndcg_at_k(["a", "a"], {"a": 1}, 2) == 1.0
    assert recall_at_k(["a"], {}, 1) == 0.0 and ndcg_at_k(["a"], set(), 3) == 0.0


def test_evaluate_run_means_over_judged_queries():
    run = {"q1": ["d1", "x"], "q2": ["x", "y"]}
    qrels = {"q1": {"d1": 1}, "q2": {"d2": 1}, "q3": {"d3": 1}}
    scores = evaluate_run(run, qrels, ["ndcg@10", "recall@2", "mrr", "precision@1", "hit_rate@2"])
    assert scores == {"ndcg@10": pytest.approx(1 / 3), "recall@2": pytest.approx(1 / 3), "mrr": pytest.approx(1 / 3),
                      "precision@1": pytest.approx(1 / 3), "hit_rate@2": pytest.approx(1 / 3)}
    with pytest.raises(InvalidInputError, match="Unknown metric"):
        evaluate_run(run, qrels, ["map@10"])
    with pytest.raises(InvalidInputError, match="cut-off"):
        evaluate_run(run, qrels, ["ndcg"])
    with pytest.raises(InvalidInputError):
        precision_at_k("abc", {"a"}, 1)


def test_groundedness_and_context_relevance(embeddings):
    context = "The warranty covers manufacturing defects for two years. Accidental damage is not covered."
    assert groundedness("The warranty covers defects for two years [w#0].", context) == 1.0
    assert groundedness("The warranty lasts ten years and includes free pizza.", context) == 0.0
    assert groundedness("Defects are covered for two years. Shipping is free worldwide.", context) == 0.5
    relevant = ["The warranty covers defects for two years.", "Our cafeteria serves pasta on Fridays."]
    assert context_relevance("What does the warranty cover?", relevant, embeddings) == 0.5
