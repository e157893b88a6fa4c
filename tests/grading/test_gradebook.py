"""The gradebook: keyed rows, replace on force, overrides with comments, late penalty, exports, feedback pages."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from xml.etree import ElementTree as ET

import pytest

from labkit.errors import InvalidInputError
from labkit.grading.export import export
from labkit.grading.feedback import learner_page, write_feedback
from labkit.grading.gradebook import Gradebook


def outcome(learner, sha="s1", score=3.0, status="graded", hidden_errors=None):
    return {
        "learner": learner, "assessment": "lab", "sha": sha, "path": f"{learner}.ipynb", "status": status,
        "reason": "" if status == "graded" else "not a valid notebook", "score": score, "max_score": 5.0,
        "spec": "f00", "title": "Lab", "seconds": 1.0, "notes": ["1 edited protected cell(s) were restored"],
        "learner_errors": [{"cell": "c1", "ename": "ValueError", "evalue": "bad"}],
        "challenges": [
            {"id": "a", "kind": "challenge", "points": 4.0, "score": score - 1 if score else 0.0, "cases_passed": 1,
             "cases_total": 2, "visible": [{"call": "f(1)", "expected": "2", "got": "3", "error": "", "passed": False}],
             "hidden_passed": 0, "hidden_total": 1, "hidden_errors": hidden_errors or {"WrongAnswer": 1}, "problem": ""},
            {"id": "q", "kind": "quiz", "points": 1.0, "score": 1.0 if score else 0.0, "cases_passed": 1,
             "cases_total": 1, "visible": [{"call": "Pick one", "expected": "", "got": "b", "error": "",
                                            "passed": bool(score)}],
             "hidden_passed": 0, "hidden_total": 0, "hidden_errors": {}, "problem": ""},
        ] if status == "graded" else [],
    }


@pytest.fixture
def book(tmp_path):
    b = Gradebook(tmp_path / "gb.sqlite")
    yield b
    b.close()


def test_file_is_private_and_migrated(book):
    assert oct(os.stat(book.path).st_mode & 0o777) == "0o600"
    db = sqlite3.connect(book.path)
    assert [r[0] for r in db.execute("SELECT name FROM migrations")] == ["0001_initial", "0002_roster", "0003_items"]


def test_one_row_per_key_and_latest_submission_is_current(book):
    book.record(outcome("ann", "s1", 2.0))
    book.record(outcome("ann", "s1", 3.0))  # --force: same key replaced, not duplicated
    assert book.count() == 1
    book.record(outcome("ann", "s2", 4.0))  # a new submission
    assert book.count() == 2
    (grade,) = book.current("lab")
    assert grade.sha == "s2" and grade.raw_score == 4.0
    assert book.graded_shas("lab") == {("ann", "s1"): "graded", ("ann", "s2"): "graded"}


def test_errors_are_not_current_and_failed_rows_are(book):
    book.record(outcome("bob", "s1", 0.0, status="failed"))
    book.record(outcome("cat", "s1", 0.0, status="error"))
    assert [g.learner for g in book.current()] == ["bob"]


def test_late_penalty_and_overrides(book):
    book.record(outcome("ann", score=4.0), late_penalty=0.25)
    assert book.current()[0].final_score == 3.0
    book.override("ann", "lab", 4.0, "regrade: the spec was ambiguous", challenge="a")
    g = book.current()[0]
    assert g.challenges["a"] == 4.0 and g.final_score == pytest.approx((4 + 1) * 0.75)
    book.override("ann", "lab", 5.0, "excused")
    assert book.current()[0].final_score == 5.0
    with pytest.raises(InvalidInputError, match="comment"):
        book.override("ann", "lab", 1, "  ")
    with pytest.raises(InvalidInputError, match="between 0 and 4"):
        book.override("ann", "lab", 9, "x", challenge="a")
    with pytest.raises(InvalidInputError, match="no graded submission"):
        book.override("zed", "lab", 1, "x")
    with pytest.raises(InvalidInputError, match="no challenge"):
        book.override("ann", "lab", 1, "x", challenge="zz")


def test_exports_agree(book):
    book.record(outcome("ann", score=4.0))
    book.record(outcome("bob", score=0.0, status="failed"))
    rows = list(csv.DictReader(io.StringIO(export(book, "csv"))))
    assert [(r["learner"], r["final_score"], r["a"]) for r in rows] == [("ann", "4.0", "3.0"), ("bob", "0.0", "")]
    canvas = list(csv.reader(io.StringIO(export(book, "canvas"))))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert canvas[0][5] == "Lab (lab)" and canvas[1][0] == "Points Possible" and canvas[1][5] == "5"
    assert canvas[2][0] == "ann" and canvas[2][5] == "4.0"
    data = json.loads(export(book, "json"))
    assert data[0]["challenges"] == {"a": 3.0, "q": 1.0}
    suites = ET.fromstring(export(book, "junit").split("\n", 1)[1])
    ann = suites.find("testsuite[@name='ann.lab']")
    assert ann.get("failures") == "1" and ann.find("testcase[@name='a']/failure") is not None
    assert suites.find("testsuite[@name='bob.lab']/testcase[@name='submission']/failure") is not None
    with pytest.raises(InvalidInputError, match="unknown export format"):
        export(book, "xlsx")


def test_feedback_pages_summarise_hidden_cases(book, tmp_path):
    book.record(outcome("ann", score=4.0, hidden_errors={"KeyError": 1}), late_penalty=0.1)
    book.override("ann", "lab", 4.0, "nice work", challenge="a")
    pages = write_feedback(book, tmp_path / "fb", "lab")
    page = pages[0].read_text()
    assert "Hidden cases: 0 of 1 passed (failures: KeyError x1)" in page
    assert "f(1)" in page and "late penalty 10%" in page and "nice work" in page and "ValueError" in page
    assert (tmp_path / "fb" / "index.html").read_text().count("<tr>") >= 2
    assert "&lt;script&gt;" in learner_page(book.current()[0].__class__(**{
        **book.current()[0].__dict__, "learner": "<script>"}))


def test_not_a_gradebook(tmp_path):
    (tmp_path / "x.sqlite").write_text("hello, I am not SQLite" * 100)
    with pytest.raises(InvalidInputError, match="not a labkit gradebook"):
        Gradebook(tmp_path / "x.sqlite")
    with pytest.raises(InvalidInputError, match="is a folder"):
        Gradebook(tmp_path)


def test_quiz_explanations_appear_once_answered(book, tmp_path):
    book.record(outcome("ann"))
    unanswered = outcome("bob", sha="s2")
    unanswered["challenges"][1]["visible"][0]["got"] = ""
    book.record(unanswered)
    write_feedback(book, tmp_path / "fb", "lab", {"q": "Because b is the only mutable option."})
    assert "Why: Because b is the only mutable option." in (tmp_path / "fb" / "lab" / "ann.html").read_text()
    assert "Why:" not in (tmp_path / "fb" / "lab" / "bob.html").read_text()
