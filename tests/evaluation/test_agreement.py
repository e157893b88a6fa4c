"""Agreement and Cohen's kappa, checked against scikit-learn on random label sets and on hand-worked cases."""

from __future__ import annotations

import math
import random

import pytest
from sklearn.metrics import cohen_kappa_score  # scikit-learn comes with sentence-transformers, a core dependency

from labkit.errors import InvalidInputError
from labkit.evaluation.agreement import calibrate, cohens_kappa, confusion, percent_agreement


@pytest.mark.parametrize("seed", range(12))
def test_kappa_matches_scikit_learn(seed):
    rng = random.Random(seed)
    labels = ["pass", "fail", "unsure"][: rng.choice([2, 3])]
    n = rng.randint(5, 60)
    a = [rng.choice(labels) for _ in range(n)]
    b = [x if rng.random() < 0.6 else rng.choice(labels) for x in a]
    expected = cohen_kappa_score(a, b)
    if math.isnan(expected):
        assert math.isnan(cohens_kappa(a, b))
    else:
        assert cohens_kappa(a, b) == pytest.approx(expected)


def test_kappa_extremes():
    human = ["pass", "fail"] * 5
    assert cohens_kappa(human, human) == 1.0
    assert cohens_kappa([{"pass": "fail", "fail": "pass"}[h] for h in human], human) == -1.0
    assert cohens_kappa(["pass"] * 10, human) == 0.0          # a constant judge judges nothing
    assert math.isnan(cohens_kappa(["pass"] * 4, ["pass"] * 4))  # chance explains everything


def test_agreement_and_confusion():
    assert percent_agreement(["a", "b", "b", "a"], ["a", "b", "a", "a"]) == 0.75
    assert confusion(["a", "b", "b"], ["a", "a", "b"]) == {("a", "a"): 1, ("b", "a"): 1, ("b", "b"): 1}


def test_calibrate_measures_on_answered_items_and_reports_coverage():
    judge = ["pass", None, None, "fail", "pass", None]
    human = ["pass", "fail", "pass", "fail", "fail", "pass"]
    result = calibrate(judge, human)
    assert (result.n, result.answered, result.coverage) == (6, 3, 0.5)
    assert result.agreement == round(2 / 3, 4)
    assert result.kappa == pytest.approx(cohens_kappa(["pass", "fail", "pass"], ["pass", "fail", "fail"]), abs=1e-4)
    silent = calibrate([None, None], ["pass", "fail"])
    assert silent.agreement is None and "abstained on every item" in silent.summary()


@pytest.mark.parametrize("a, b, message", [
    (["x"], ["x", "y"], "different numbers"),
    ([], [], "No items"),
    ("ab", "ab", "not strings"),
])
def test_bad_input_is_one_clear_error(a, b, message):
    with pytest.raises(InvalidInputError, match=message):
        cohens_kappa(a, b)
