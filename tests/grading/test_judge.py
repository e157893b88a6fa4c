"""The judge reads only marked JSON from its own cells, strictly, and scores against expectations it alone holds."""

from __future__ import annotations

import json

import pytest
from grading_helpers import ASSESSMENT
from nbformat.v4 import new_code_cell, new_output

from labkit.assess.spec import load_assessment
from labkit.grading.harness import cases_payload, harness_cells, markers
from labkit.grading.judge import extract, judge_challenge, judge_quizzes

NONCE = "feedface"


@pytest.fixture(scope="module")
def assessment():
    return load_assessment(ASSESSMENT)


def cell_with(text):
    cell = new_code_cell("")
    cell.outputs = [new_output("stream", name="stdout", text=text)]
    return cell


def framed(doc, nonce=NONCE):
    begin, end = markers(nonce)
    return begin + (doc if isinstance(doc, str) else json.dumps(doc)) + end + "\n"


def test_injected_cells_never_contain_expected_values(assessment):
    text = "".join(c.source for c in harness_cells(assessment, NONCE, 1))
    inputs = json.dumps([case.args for c in assessment.challenges for case in c.hidden + c.visible])
    assert "expected" not in text
    for c in assessment.challenges:
        for case in c.hidden + c.visible:
            if case.expected not in ("", [], {}) and json.dumps(case.expected) not in inputs:
                assert json.dumps(case.expected) not in text, f"{c.id}: an expected value leaked into the kernel"
    assert "q_mutable" in text and '"list"' not in text.split("__labkit_quizzes(")[-1]
    payload = json.loads(cases_payload(assessment, "slugify", 1))
    assert set(payload["cases"][0]) == {"args", "kwargs"}


def test_last_marked_document_wins_and_other_nonces_are_ignored():
    forged = framed({"challenge": "slugify", "cases": "forged"}, nonce="0000")
    real = framed({"x": 2})
    doc, problem = extract(cell_with(forged + framed({"x": 1}) + real), NONCE)
    assert doc == {"x": 2} and problem == ""
    assert extract(cell_with(forged), NONCE)[0] is None


@pytest.mark.parametrize("text, reason", [
    ("nothing", "no result"),
    (markers(NONCE)[0] + '{"a": 1', "incomplete"),
    (framed('{"a": NaN}'), "not valid JSON"),
    (framed("[1, 2]"), "not a JSON object"),
    (framed("{'a': 1}"), "not valid JSON"),
    (framed("x" * 2_000_001), "larger than"),
])
def test_malformed_documents_are_refused(text, reason):
    doc, problem = extract(cell_with(text), NONCE)
    assert doc is None and reason in problem


def test_scores_and_feedback_never_show_hidden_inputs(assessment):
    c = assessment.challenge("slugify")
    rows = [{"ok": True, "value": "hello-world"}, {"ok": True, "value": "nope"},
            {"ok": False, "error": "KeyError", "message": "'  A  b '"}, {"ok": True, "value": ""},
            {"ok": True, "value": "c-rust"}, {"ok": True, "value": "already-slugged"}]
    grade = judge_challenge(assessment, "slugify", {"challenge": "slugify", "cases": rows}, "")
    assert grade.cases_passed == 4 and grade.score == 2.0 and grade.hidden_passed == 3
    assert grade.hidden_errors == {"KeyError": 1}
    assert "A  b" not in json.dumps(grade.as_dict())
    assert [v["passed"] for v in grade.visible] == [True, False]


@pytest.mark.parametrize("doc, problem", [
    ({"challenge": "word_counts", "cases": []}, "another challenge"),
    ({"challenge": "slugify", "cases": [{"ok": True, "value": "x"}]}, "one entry per case"),
    ({"challenge": "slugify", "cases": [], "missing": "no function named slugify is defined"}, "no function"),
    (None, "no result"),
])
def test_wrong_shapes_score_zero(assessment, doc, problem):
    grade = judge_challenge(assessment, "slugify", doc, "" if doc else "no result")
    assert grade.score == 0 and problem in grade.problem


def test_true_is_not_one_and_types_matter(assessment):
    rows = [{"ok": True, "value": {"the": True, "cat": 1, "and": 1, "hat": 1}}] + [{"ok": True, "value": {}}] * 3
    grade = judge_challenge(assessment, "word_counts", {"challenge": "word_counts", "cases": rows}, "")
    assert not grade.visible[0]["passed"] and grade.cases_passed == 1


def test_quizzes(assessment):
    grades = judge_quizzes(assessment, {"quizzes": {"q_mutable": "list", "q_lookup": "O(n)"}}, "")
    assert [g.score for g in grades] == [1.0, 0.0]
    assert all(g.score == 0 for g in judge_quizzes(assessment, {"quizzes": "all right"}, ""))
