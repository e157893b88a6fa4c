"""Reading saved lab notebooks: verdict parsing, and a real lab executed in a kernel, read back and reported."""

from __future__ import annotations

import json

import nbformat
import pytest

from labkit.errors import ReportInputError
from labkit.progress.labs import call_of, parse_verdict, read_lab, read_labs


def test_verdicts_in_both_forms():
    html = ("<p class='lk-verdict'><b>Slugify</b>: 1/3 visible cases pass - 1/3 points (attempt 5)</p>"
            "<td>&#10004;</td><td>&#10008;</td><td>&#10008;</td>")
    v = parse_verdict(html)
    assert (v.cases_passed, v.cases_total, v.score, v.points, v.attempt, v.passed) == (1, 3, 1.0, 3.0, 5, False)
    text = "Slugify: All visible cases pass - 3/3 points (attempt 2)\n  PASS  f(1)  expected 1  got 1\n  PASS  f(2)"
    v = parse_verdict(text)
    assert (v.cases_passed, v.cases_total, v.passed) == (2, 2, True)
    assert parse_verdict("Check failed: no lab open") is None


def test_calls_are_read_without_running_anything():
    assert call_of('quiz("q1", None)', "quiz") == ("q1", None)
    assert call_of('import os\nos.system("x")\nquiz("q1", "b")', "quiz") == ("q1", "b")
    assert call_of("quiz(", "quiz") is None and call_of("print(1)", "quiz") is None


def test_not_a_lab_and_unreadable_notebooks(tmp_path):
    (tmp_path / "plain.ipynb").write_text(json.dumps(nbformat.v4.new_notebook()))
    with pytest.raises(ReportInputError, match="not a labkit lab"):
        read_lab(tmp_path / "plain.ipynb")
    assert read_labs(tmp_path) == []
    (tmp_path / "broken.ipynb").write_text("{")
    with pytest.raises(ReportInputError, match="cannot be read as a notebook"):
        read_labs(tmp_path)


def _lab(folder):
    """A two-item lab in the released format: lab.json + notebook with answer/check/quiz cells."""
    from labkit.assess.release import checksum

    spec = {"id": "lab_k", "title": "Kernel lab", "challenges": [{
        "id": "double", "function": "double", "title": "Double it", "points": 2, "compare": "exact",
        "tolerance": 1e-6, "partial": True, "hints": ["Multiply by two."], "skills": ["arithmetic"], "minutes": 3,
        "hidden_cases": 0, "visible": [{"args": [2], "kwargs": {}, "expected": 4},
                                       {"args": [5], "kwargs": {}, "expected": 10}]}],
        "quizzes": [{"id": "q_two", "question": "2 + 2?", "options": ["3", "4"], "points": 1, "skills": []}]}
    (folder / "lab_k.lab.json").write_text(json.dumps(spec))
    stub = 'def double(x):\n    raise NotImplementedError("Replace this line with your solution")'
    nb = nbformat.v4.new_notebook()
    nb.metadata["labkit"] = {"assessment": "lab_k", "title": "Kernel lab"}
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    setup = nbformat.v4.new_code_cell('from labkit.assess import check, open_lab, quiz\nlab = open_lab("lab_k")')
    wrong = nbformat.v4.new_code_cell("def double(x):\n    return x + 2")  # right for 2, wrong for 5
    wrong.metadata["labkit"] = {"role": "answer", "challenge": "double", "checksum": checksum(stub)}
    first = nbformat.v4.new_code_cell('check("double", double)')
    fixed = nbformat.v4.new_code_cell("def double(x):\n    return 2 * x")
    second = nbformat.v4.new_code_cell('check("double", double)')
    answer = nbformat.v4.new_code_cell('quiz("q_two", "4")')
    nb.cells = [setup, wrong, first, fixed, second, answer]
    return nb


@pytest.mark.timeout(120)
def test_a_really_executed_lab_is_read_back_and_reported(tmp_path, monkeypatch):
    from nbclient import NotebookClient

    from labkit.progress import learner_report

    home = tmp_path / "home"
    monkeypatch.setenv("LABKIT_HOME", str(home))
    monkeypatch.setenv("LABKIT_PROGRESS", "on")
    nb = _lab(tmp_path)
    nb.cells.append(nbformat.v4.new_code_cell("from labkit.progress import learner_report\nlearner_report()"))
    NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    nbformat.write(nb, tmp_path / "lab_k.ipynb")
    inline = nb.cells[-1].outputs[-1]["data"]  # the report, shown inline by the notebook itself
    assert inline["text/html"].startswith("<div class='lk-report'>") and "data:image/png;base64," in inline["text/html"]
    assert "2/2 items done (100%)" in inline["text/plain"]

    evidence = read_lab(tmp_path / "lab_k.ipynb")
    assert evidence.edited == {"double": True} and evidence.quiz_choices == {"q_two": "4"}
    verdict = evidence.verdicts["double"]  # the last check shown in the cell that names it
    assert (verdict.cases_passed, verdict.cases_total, verdict.score, verdict.attempt) == (2, 2, 2.0, 2)

    report = learner_report(home / "progress.sqlite", labs=tmp_path)
    item = report.items.set_index("item").loc["double"]
    assert item["attempts"] == 2 and item["failed_attempts"] == 1 and item["done"]  # from the store check() filled
    assert report.assessments.loc[0, "completion_percent"] == 100.0
    assert list(report.skills["skill"]) == ["arithmetic"]


def test_a_clicked_quiz_option_counts_as_the_answer(tmp_path):
    from labkit.assess.quiz import ANSWER_MIME

    nb = nbformat.v4.new_notebook()
    nb.metadata = {"labkit": {"assessment": "lab_a", "title": "Warm-up"}}
    cell = nbformat.v4.new_code_cell('quiz("q1", None)')
    cell.outputs = [nbformat.v4.new_output("display_data", data={ANSWER_MIME: {"quiz": "q1", "choice": "list"},
                                                                  "text/plain": "Answer recorded: list."})]
    nb.cells = [cell]
    (tmp_path / "lab_a.ipynb").write_text(nbformat.writes(nb))
    assert read_lab(tmp_path / "lab_a.ipynb").quiz_choices == {"q1": "list"}
