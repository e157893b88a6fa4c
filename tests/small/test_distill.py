"""Distillation: the student learns the teacher's labels (not gold), and the report keeps accuracy and agreement apart."""

from __future__ import annotations

import numpy as np
import pytest

from labkit.errors import InvalidInputError
from labkit.small.distill import (LogisticStudent, MeteredTeacher, hashed_bow, load_transfer_reviews,
                                  report_distillation)


def test_hashed_bow_is_stable_and_unit_length():
    a, b = hashed_bow(["The pies were great", "the PIES were great!"], dim=64)
    assert np.allclose(a, b) and abs(float(a @ a) - 1.0) < 1e-9
    with pytest.raises(InvalidInputError):
        hashed_bow("one text")


def test_student_separates_a_learnable_problem_and_matches_a_reference_fit():
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal(1.0, 0.5, (40, 3)), rng.normal(-1.0, 0.5, (40, 3))])
    y = ["pos"] * 40 + ["neg"] * 40
    student = LogisticStudent().fit(x, y)
    assert sum(p == t for p, t in zip(student.predict(x), y)) >= 78
    sklearn = pytest.importorskip("sklearn.linear_model")
    reference = sklearn.LogisticRegression().fit(x, y).predict(x)
    assert sum(p == r for p, r in zip(student.predict(x), reference)) >= 78   # the same decisions, bar the boundary


def test_student_learns_what_it_is_taught_even_when_wrong():
    # flip the teacher's labels: a student imitates, it does not know better
    data = load_transfer_reviews()["transfer"]
    texts = [r["text"] for r in data]
    flipped = ["negative" if r["label"] == "positive" else "positive" for r in data]
    student = LogisticStudent().fit(hashed_bow(texts), flipped)
    agreement = np.mean([p == f for p, f in zip(student.predict(hashed_bow(texts)), flipped)])
    assert agreement > 0.9


def test_student_errors_are_clear():
    with pytest.raises(InvalidInputError, match="two labels"):
        LogisticStudent().fit(np.ones((2, 2)), ["a", "a"])
    with pytest.raises(InvalidInputError, match="not been trained"):
        LogisticStudent().predict(np.ones((1, 2)))
    with pytest.raises(InvalidInputError, match="width"):
        LogisticStudent().fit(np.eye(2), ["a", "b"]).predict(np.ones((1, 3)))


def test_metered_teacher_counts_calls_and_tokens():
    teacher = MeteredTeacher(lambda t: "x", tokens_of=lambda t: len(t.split()))
    for text in ("a b", "c d e"):
        teacher(text)
    assert (teacher.calls, teacher.tokens) == (2, 5)


def test_report_keeps_accuracy_against_gold_and_agreement_against_the_teacher():
    gold = ["p", "p", "n", "n", "p"]
    teacher = ["p", "n", "n", "n", "p"]       # 4/5 right
    student = ["p", "n", "n", "p", "p"]       # copies the teacher's mistake, adds its own: 3/5 right, 4/5 agree
    report = report_distillation(teacher, student, gold, teacher_calls_per_item=1)
    assert (report.teacher.successes, report.student.successes, report.agreement.successes) == (4, 3, 4)
    assert report.student_calls_per_item == 0 and "agreement" in str(report)
    with pytest.raises(InvalidInputError, match="one label per test item"):
        report_distillation(["p"], ["p", "n"], ["p"])


def test_transfer_set_is_balanced_and_disjoint_from_the_held_out_reviews():
    from labkit.small.measure import load_local_eval

    data = load_transfer_reviews()
    labels = [r["label"] for r in data["transfer"]]
    assert len(labels) == 80 and labels.count("positive") == 40
    local = load_local_eval()["sentiment"]
    heldout = {r["text"] for r in local["eval"] + local["pool"]}
    assert not heldout & {r["text"] for r in data["transfer"]}


def test_distillation_end_to_end_on_bag_of_words():
    # a keyword teacher labels the transfer set; the student (never shown gold) is judged on the gold held-out reviews
    from labkit.small.measure import load_local_eval

    cues = ("great", "friendly", "warm", "clean", "perfect", "beautiful", "lovely", "fresh", "patient", "smooth")
    teacher = MeteredTeacher(lambda t: "positive" if any(c in t.lower() for c in cues) else "negative")
    transfer = [r["text"] for r in load_transfer_reviews()["transfer"]]
    taught = [teacher(t) for t in transfer]
    student = LogisticStudent().fit(hashed_bow(transfer), taught)
    test = load_local_eval()["sentiment"]["eval"]
    report = report_distillation([teacher(r["text"]) for r in test], student.predict(hashed_bow([r["text"] for r in test])),
                                 [r["label"] for r in test], teacher_calls_per_item=1)
    assert teacher.calls == 80 + 60
    assert report.agreement.n == report.student.n == 60
    assert 0.5 <= report.agreement.value <= 1.0
