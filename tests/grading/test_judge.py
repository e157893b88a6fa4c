"""The judge reads only marked JSON from its own cells, strictly, and scores against expectations it alone holds."""

from __future__ import annotations

import json

import pytest
from grading_helpers import ASSESSMENT
from nbformat.v4 import new_code_cell, new_output

from labkit.assess.spec import load_assessment
from labkit.grading.harness import cases_payload, cell_id, harness_cells, markers
from labkit.grading.judge import (
    CUSTOM_ERROR, clean_text, extract, judge_challenge, judge_notebook, judge_quizzes, learner_errors,
)

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
    payload = json.loads(cases_payload(assessment, "slugify", 1, "hidden"))
    assert set(payload["cases"][0]) == {"args", "kwargs"} and payload["part"] == "hidden"


def test_every_visible_case_runs_before_any_hidden_input_reaches_the_kernel(assessment):
    """So a visible result or error (shown on the page) cannot carry a hidden input of an earlier challenge."""
    ids = [c["id"] for c in harness_cells(assessment, NONCE, 1)]
    n = len(assessment.challenges)
    assert ids == [cell_id("visible", i) for i in range(n)] + [cell_id("hidden", i) for i in range(n)] + [
        cell_id("quizzes")]
    sources = [c.source for c in harness_cells(assessment, NONCE, 1)]
    hidden_inputs = [json.dumps(case.args)[1:-1] for c in assessment.challenges for case in c.hidden if case.args != [""]]
    assert not any(h in src for h in hidden_inputs for src in sources[:n])
    assert all(any(h in src for src in sources[n:2 * n]) for h in hidden_inputs)
    assert [c["id"] for c in harness_cells(assessment, NONCE, 1, visible_only=True)] == [
        cell_id("visible", i) for i in range(n)]


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


def parts(challenge, visible_rows, hidden_rows):
    """judge_challenge's keyword arguments for these visible and hidden result rows."""
    return {"doc": {"challenge": challenge, "part": "visible", "cases": visible_rows}, "problem": "",
            "hidden": ({"challenge": challenge, "part": "hidden", "cases": hidden_rows}, "")}


def test_hidden_cases_decide_the_points_and_feedback_never_shows_hidden_inputs(assessment):
    c = assessment.challenge("slugify")
    visible = [{"ok": True, "value": "hello-world"}, {"ok": True, "value": "nope"}]
    hidden = [{"ok": False, "error": "KeyError", "message": "'  A  b '"}, {"ok": True, "value": ""},
              {"ok": True, "value": "c-rust"}, {"ok": True, "value": "already-slugged"}]
    grade = judge_challenge(assessment, "slugify", **parts("slugify", visible, hidden))
    assert grade.points_from == "hidden" and (grade.cases_passed, grade.cases_total) == (3, len(c.hidden))
    assert grade.score == 2.25 and grade.hidden_passed == 3 and grade.hidden_errors == {"KeyError": 1}
    assert "A  b" not in json.dumps(grade.as_dict())
    assert [v["passed"] for v in grade.visible] == [True, False]


def test_hard_coding_the_visible_cases_earns_nothing(assessment):
    c = assessment.challenge("slugify")
    visible = [{"ok": True, "value": case.expected} for case in c.visible]
    hidden = [{"ok": True, "value": "hello-world"}] * len(c.hidden)
    grade = judge_challenge(assessment, "slugify", **parts("slugify", visible, hidden))
    assert all(v["passed"] for v in grade.visible) and grade.score == 0


def test_points_from_all_counts_every_case(assessment):
    every = assessment.model_copy(update={"points_from": "all"})
    c = every.challenge("slugify")
    visible = [{"ok": True, "value": case.expected} for case in c.visible]
    hidden = [{"ok": True, "value": "x"}] * len(c.hidden)
    grade = judge_challenge(every, "slugify", **parts("slugify", visible, hidden))
    assert grade.points_from == "all" and grade.cases_passed == 2 and grade.score == 1.0


def test_labkit_check_scores_visible_cases(assessment):
    c = assessment.challenge("slugify")
    grade = judge_challenge(assessment, "slugify", {"challenge": "slugify", "part": "visible", "cases": [
        {"ok": True, "value": case.expected} for case in c.visible]}, "", visible_only=True)
    assert grade.points_from == "visible" and grade.score == c.points and grade.hidden_total == 0


@pytest.mark.parametrize("doc, problem", [
    ({"challenge": "word_counts", "cases": []}, "another challenge"),
    ({"challenge": "slugify", "cases": [{"ok": True, "value": "x"}]}, "one entry per case"),
    ({"challenge": "slugify", "cases": [], "missing": "no function named slugify is defined"}, "no function"),
    (None, "no result"),
])
def test_wrong_shapes_score_zero(assessment, doc, problem):
    if doc is not None:
        doc = {**doc, "part": "visible"}
    hidden = ({**doc, "part": "hidden"}, "") if doc else (None, "no result")
    grade = judge_challenge(assessment, "slugify", doc, "" if doc else "no result", hidden=hidden)
    assert grade.score == 0 and problem in grade.problem


def test_a_hidden_document_passed_off_as_visible_is_refused(assessment):
    c = assessment.challenge("slugify")
    right = [{"ok": True, "value": case.expected} for case in c.hidden]
    grade = judge_challenge(assessment, "slugify", None, "no result",
                            hidden=({"challenge": "slugify", "part": "visible", "cases": right}, ""))
    assert grade.score == 0 and "another challenge" in grade.problem


def test_true_is_not_one_and_types_matter(assessment):
    visible = [{"ok": True, "value": {"the": True, "cat": 1, "and": 1, "hat": 1}}]
    grade = judge_challenge(assessment, "word_counts", **parts("word_counts", visible, [{"ok": True, "value": {}}] * 3))
    assert not grade.visible[0]["passed"] and grade.hidden_passed == 1


def test_quizzes(assessment):
    grades = judge_quizzes(assessment, {"quizzes": {"q_mutable": "list", "q_lookup": "O(n)"}}, "")
    assert [g.score for g in grades] == [1.0, 0.0] and grades[1].visible[0]["got"] == "O(n)"
    assert all(g.score == 0 for g in judge_quizzes(assessment, {"quizzes": "all right"}, ""))


def test_a_free_text_quiz_answer_is_never_kept(assessment):
    """A hooked kernel can put anything in the answers (e.g. a hidden input it was just called with)."""
    grades = judge_quizzes(assessment, {"quizzes": {"q_mutable": "C++ & Rust", "q_lookup": "O(1)"}}, "")
    assert grades[0].visible[0]["got"] == "" and grades[0].score == 0 and "not one of the options" in grades[0].problem
    assert grades[1].score == 1.0


HOSTILE_BODIES = {
    "deep array": "[" * 200_000 + "]" * 200_000,
    "deep object": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "deep but parseable": json.dumps({"challenge": "slugify", "part": "visible", "cases": [
        {"ok": True, "value": json.loads("[" * 500 + "]" * 500)}] * 2}),
    "NaN": '{"challenge": "slugify", "cases": [{"ok": true, "value": NaN}]}',
    "infinity by overflow": '{"challenge": "slugify", "cases": [{"ok": true, "value": 1e999}]}',
    "huge integer": '{"v": ' + "9" * 5000 + "}",
    "lone surrogate": '{"challenge": "slugify", "part": "visible", "cases": [{"ok": false, "error": "\\ud800",'
                      ' "message": "\\udfff"}, {"ok": true, "value": "\\ud800"}]}',
    "wide": json.dumps({"cases": [[0] * 300_000]}),
    "not an object": "[1]",
    "weird rows": json.dumps({"challenge": "slugify", "part": "visible", "cases": [None, 3]}),
    "weird row fields": json.dumps({"challenge": "slugify", "part": "visible", "cases": [
        {"ok": True}, {"ok": "yes", "value": [], "error": {"x": [1]}, "message": ["y"]}]}),
    "missing claim": json.dumps({"challenge": "slugify", "part": "visible", "missing": {"the": "hidden input"}}),
}


@pytest.mark.parametrize("body", list(HOSTILE_BODIES.values()), ids=list(HOSTILE_BODIES))
def test_the_judge_never_raises_on_hostile_results(assessment, body):
    doc, problem = extract(cell_with(framed(body)), NONCE)
    assert (doc is None) == bool(problem)
    grade = judge_challenge(assessment, "slugify", doc, problem, hidden=(doc, problem))
    assert grade.score == 0 and (grade.problem or not all(v["passed"] for v in grade.visible))
    json.dumps(grade.as_dict()).encode("utf-8")  # storable as it is: no lone surrogates
    assert "hidden input" not in json.dumps(grade.as_dict())


def test_learner_text_is_cleaned_at_the_source(assessment):
    visible = [{"ok": False, "error": "\x1b[2JBoom", "message": "line\nbreak \x1b]0;title\x07" + "m" * 1000},
               {"ok": True, "value": "\x1b[31mred"}]
    hidden = [{"ok": False, "error": "Err_C_Rust", "message": "C++ & Rust"}] + [{"ok": False, "error": "KeyError"}] * 3
    grade = judge_challenge(assessment, "slugify", **parts("slugify", visible, hidden))
    first, second = grade.visible
    assert first["error"].startswith(CUSTOM_ERROR + ": line break") and len(first["error"]) < 340
    assert "\x1b" not in json.dumps(grade.as_dict()) and "\\x1b" in second["got"]  # repr keeps it visible, inert
    assert grade.hidden_errors == {CUSTOM_ERROR: 1, "KeyError": 3}
    assert clean_text("\x07bell\x00") == "bell"


def test_judge_notebook_and_learner_errors(assessment):
    from nbformat.v4 import new_notebook

    cells = []
    for part in ("visible", "hidden"):
        for index, c in enumerate(assessment.challenges):
            cell = cell_with(framed({"challenge": c.id, "part": part, "cases": [
                {"ok": True, "value": case.expected} for case in getattr(c, part)]}))
            cell["id"] = cell_id(part, index)
            cells.append(cell)
    quiz = cell_with(framed({"quizzes": {q.id: q.answer for q in assessment.quizzes}}))
    quiz["id"] = cell_id("quizzes")
    mine = new_code_cell("raise X")
    mine["id"] = "own"
    mine.outputs = [new_output("error", ename="\x1b[1mX", evalue="v\x1b[0m", traceback=[])]
    nb = new_notebook(cells=[mine, *cells, quiz])
    grades = judge_notebook(assessment, nb, NONCE)
    assert sum(g.score for g in grades) == assessment.max_points
    assert learner_errors(nb) == [{"cell": "own", "ename": CUSTOM_ERROR, "evalue": "v"}]
    nb.cells = nb.cells[:1]
    assert all(g.score == 0 and "harness cell is missing" in g.problem for g in judge_notebook(assessment, nb, NONCE,
                                                                                            "notebook timeout"))


HOSTILE_RESULTS = {
    # rewrites the grader's own result line (a global `print` shadows the builtin inside the injected cell)
    "deep_document": '''
import builtins
def print(*args, **kw):
    text = " ".join(map(str, args))
    if "@@labkit-result:" in text:
        text = text[:text.index("{")] + "[" * 100000 + "]" * 100000 + text[text.rindex("}") + 1:]
    builtins.print(text, **kw)
def slugify(title):
    return title
''',
    "not_finite": '''
import builtins
def print(*args, **kw):
    text = " ".join(map(str, args)).replace('"value": "', '"value": 1e999, "x": "')
    builtins.print(text, **kw)
def slugify(title):
    return title
''',
    # exception classes named after the hidden input, and a quiz "answer" set to it while the harness runs
    "named_errors": '''
import re
from labkit.assess.quiz import ANSWERS
def slugify(title):
    ANSWERS["q_mutable"] = title
    raise type("Leak_" + re.sub(r"\\W", "_", title), (Exception,), {})("\\x1b[2J" + title)
def word_counts(text):
    raise ValueError("\\x1b]0;owned\\x07" + text)
''',
}


def test_hostile_results_fail_with_a_reason_in_a_batch_with_an_honest_learner(tmp_path, fast_policy):
    from grading_helpers import FULL_MARKS, HONEST, make_submission

    from labkit.grading.batch import grade_batch

    subs = tmp_path / "subs"
    make_submission(subs, "ada", HONEST)
    for learner, code in HOSTILE_RESULTS.items():
        make_submission(subs, learner, {"slugify-answer": code})
    report = grade_batch(ASSESSMENT, subs, tmp_path / "gb.sqlite", workers=2, policy=fast_policy, show_progress=False)
    rows = {o["learner"]: o for o in report.recorded}
    assert rows["ada"]["status"] == "graded" and rows["ada"]["score"] == FULL_MARKS
    for learner in HOSTILE_RESULTS:
        row = rows[learner]
        assert row["status"] == "graded" and row["score"] == 0, (learner, row["reason"], row["challenges"][0])
    slugify = {o["learner"]: o["challenges"][0] for o in report.recorded}
    assert "nested" in slugify["deep_document"]["problem"] and "not plain data" in slugify["not_finite"]["problem"]
    stored = json.dumps(rows["named_errors"])
    assert slugify["named_errors"]["hidden_errors"] == {CUSTOM_ERROR: 4}
    assert "\\u001b" not in stored and "C++" not in stored and "Rust" not in stored
    quiz = next(c for c in rows["named_errors"]["challenges"] if c["id"] == "q_mutable")
    assert quiz["visible"][0]["got"] == "" and quiz["score"] == 0
