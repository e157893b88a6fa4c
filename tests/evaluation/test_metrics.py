"""Reference metrics against hand-computed cases, and a run scored overall and per stratum."""

from __future__ import annotations

import pytest

from labkit.errors import InvalidInputError, UnknownNameError
from labkit.evaluation.datasets import Example
from labkit.evaluation.metrics import (METRICS, exact_match, numbers_in, numeric_match, score_run,
                                       semantic_similarity, token_f1)


@pytest.mark.parametrize("output, expected, score", [
    ("The West Wing.", "west wing", 1.0),
    ("west wing of the museum", "west wing", 0.0),
    ("twelve euros", ["12 euros", "twelve euros"], 1.0),
    ("", "anything", 0.0),
])
def test_exact_match(output, expected, score):
    assert exact_match(output, expected) == score


def test_token_f1_hand_computed():
    # output tokens: first, tuesday, of, month (4); gold: first, tuesday, of, each, month (5); common 4
    assert token_f1("the first Tuesday of the month", "first Tuesday of each month") == pytest.approx(2 * 1 * 0.8 / 1.8)
    assert token_f1("Paris", "Paris") == 1.0
    assert token_f1("Lyon", "Paris") == 0.0


def test_numbers_and_numeric_match():
    assert numbers_in("returned 4.2% in 2022 and 1,240 m, -3 degrees") == [4.2, 2022.0, 1240.0, -3.0]
    assert numeric_match("16 x 64 = 1,024 GB", 1024) == 1.0
    assert numeric_match("16 x 64 = 1,024 GB", 1024, pick="first") == 0.0
    assert numeric_match("0.30000000000000004", 0.3) == 1.0
    assert numeric_match("about 1000", 1024) == 0.0
    assert numeric_match("about 1000", 1024, rel_tol=0.05) == 1.0
    assert numeric_match("It costs 12 euros", "12 euros") == 1.0
    with pytest.raises(InvalidInputError, match="pick"):
        numeric_match("1", 1, pick="middle")


def test_semantic_similarity_ranks_paraphrases_above_unrelated_text():
    same = semantic_similarity("Humidity is reported every five minutes.", "every 5 minutes")
    other = semantic_similarity("The bridge opened in 1998.", "every 5 minutes")
    assert same > other + 0.2


def test_embeddings_cannot_tell_30_days_from_60_days_but_numeric_match_can():
    """The reason numbers get their own metric: the contradiction is a near neighbour to MiniLM."""
    sim = semantic_similarity("Refunds are accepted within 60 days.", "Refunds are accepted within 30 days.")
    assert sim > 0.85
    assert numeric_match("Refunds are accepted within 60 days.", 30) == 0.0


def test_score_run_overall_per_stratum_and_missing_outputs_score_zero():
    examples = [Example("a", "q", "Paris", "city"), Example("b", "q", "Oslo", "city"), Example("c", "q", "42", "n")]
    run = score_run(examples, {"a": "Paris", "b": "Bergen", "c": "the answer is 42"},
                    metrics=("exact_match", "numeric"))
    assert run.summary == {"exact_match": round(1 / 3, 4), "numeric": round(1 / 3, 4)}
    assert run.by_stratum["city"] == {"exact_match": 0.5, "numeric": 0.0}
    assert run.by_stratum["n"] == {"exact_match": 0.0, "numeric": 1.0}
    missing = score_run(examples, {"a": "Paris"})
    assert [r["exact_match"] for r in missing.per_example] == [1.0, 0.0, 0.0]


def test_metric_names_come_from_the_registry():
    assert {"exact_match", "token_f1", "numeric", "semantic"} <= set(METRICS)
    with pytest.raises(UnknownNameError, match="exact_match"):
        score_run([Example("a", "q", "x")], {"a": "x"}, metrics=("bleu",))
    with pytest.raises(InvalidInputError, match="No examples"):
        score_run([], {})
