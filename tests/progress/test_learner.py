"""The learner report against hand-computed numbers (scenario in conftest.store_path), its HTML and its errors."""

from __future__ import annotations

import json

import nbformat
import pytest

from labkit.errors import LabkitError, ReportInputError
from labkit.progress import learner_report


def test_completion_score_attempts_and_time_per_lab(store_path):
    report = learner_report(store_path)
    labs = report.assessments.set_index("assessment")
    # lab_a: 5 items (c1, c2, c3, q1, q2), done: c1 (passed) and q1 (answered) -> 40%
    assert labs.loc["lab_a", "items"] == 5 and labs.loc["lab_a", "done"] == 2
    assert labs.loc["lab_a", "completion_percent"] == 40.0
    # score: best visible scores 3 + 2 + 0 of 3 + 4 + 2 points = 5/9
    assert labs.loc["lab_a", "score"] == 5.0 and labs.loc["lab_a", "max_score"] == 9.0
    assert labs.loc["lab_a", "score_percent"] == 55.6
    assert labs.loc["lab_a", "attempts"] == 6 and labs.loc["lab_a", "quizzes_answered"] == 1
    assert labs.loc["lab_b", "completion_percent"] == 0.0 and labs.loc["lab_b", "score_percent"] == 16.7
    # time: 5 + 5 + 2 + 8 + 1 = 21 min on lab_a; the 10:21 -> 12:00 break counts nothing; 10 min on lab_b
    assert labs.loc["lab_a", "minutes_spent"] == 21.0 and labs.loc["lab_b", "minutes_spent"] == 10.0
    assert report.total_minutes == 31.0 and report.sessions == 2
    # overall: 2 of 7 items; 6.67 of 19 challenge points
    assert report.completion_percent == 28.6 and report.score_percent == 35.1


def test_weakest_skills_and_next_steps(store_path):
    report = learner_report(store_path)
    # not passed first, most failed attempts first: c2 (3 failures), d1 (2); then c1 (passed after 1 failure)
    assert list(report.weakest["item"]) == ["c2", "d1", "c1"]
    assert list(report.weakest["failed_attempts"]) == [3, 2, 1]
    assert list(report.skills["skill"]) == ["regex", "strings"]  # only c1 passed
    steps = report.next_steps
    assert list(steps["item"]) == ["c2", "d1", "c3", "d2", "q2"]  # finish, finish, start (5 min), start (8 min), quiz
    assert steps.loc[0, "why"] == "best 2/4 after 3 attempt(s)" and steps.loc[0, "minutes"] == 15
    items = report.items.set_index(["assessment", "item"])
    assert items.loc[("lab_a", "q1"), "quiz_choice"] == "list"
    assert items.loc[("lab_a", "c1"), "minutes_spent"] == 5.0  # 10:00 -> 10:05 led up to the passing check


def test_hints_come_from_the_released_lab_spec(store_path, labs_dir):
    steps = learner_report(store_path, labs=labs_dir).next_steps.set_index("item")
    assert steps.loc["c2", "hint"] == "There are len(xs) - k + 1 windows."
    assert steps.loc["c3", "hint"] == "Use a dict of counts."


def test_saved_notebook_adds_checks_the_store_never_saw(store_path, labs_dir):
    """A lab run with recording off: c3 passed on its 2nd check, q2 answered in the cell; the store knows neither."""
    from labkit.assess.release import checksum

    stub = 'def word_counts(text):\n    raise NotImplementedError("Replace this line with your solution")'
    nb = nbformat.v4.new_notebook()
    nb.metadata["labkit"] = {"assessment": "lab_a", "title": "Warm-up"}
    answer = nbformat.v4.new_code_cell("def word_counts(text):\n    return {}")
    answer.metadata["labkit"] = {"role": "answer", "challenge": "c3", "checksum": checksum(stub)}
    checked = nbformat.v4.new_code_cell('check("c3", word_counts)')
    checked.outputs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "VBox(children=(HTML(value=...", "application/vnd.jupyter.widget-view+json":
        {"model_id": "box", "version_major": 2, "version_minor": 0}})]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"version_major": 2, "version_minor": 0,
        "state": {"box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_panel"]}},
                  "panel": {"model_name": "HTMLModel", "state": {"value": (
                      "<p><b>Count words</b>: All visible cases pass - 2/2 points (attempt 2)</p>"
                      "<tr><td>&#10004;</td></tr><tr><td>&#10004;</td></tr>")}}}}}
    nb.cells = [answer, checked, nbformat.v4.new_code_cell('quiz("q2", "O(1)")')]
    nbformat.write(nb, labs_dir / "lab_a.ipynb")
    (labs_dir / "notes.ipynb").write_text(json.dumps(nbformat.v4.new_notebook()))  # not a lab: skipped

    report = learner_report(store_path, labs=labs_dir)
    items = report.items.set_index(["assessment", "item"])
    assert items.loc[("lab_a", "c3"), "done"] and items.loc[("lab_a", "c3"), "attempts"] == 2
    assert items.loc[("lab_a", "c3"), "failed_attempts"] == 1 and items.loc[("lab_a", "c3"), "best_score"] == 2
    assert items.loc[("lab_a", "q2"), "quiz_choice"] == "O(1)"
    lab_a = report.assessments.set_index("assessment").loc["lab_a"]
    assert lab_a["done"] == 4 and lab_a["completion_percent"] == 80.0  # c1, c3, q1, q2 of 5
    assert lab_a["score_percent"] == 77.8  # (3 + 2 + 2) / 9
    assert "dicts" in set(report.skills["skill"])


def test_html_report_embeds_the_plots_and_shows_inline(store_path, tmp_path):
    report = learner_report(store_path)
    page = report.write_html(tmp_path / "out" / "progress.html").read_text()
    assert page.startswith("<!doctype html>")
    assert page.count("src='data:image/png;base64,") == 4  # labs, attempts, timeline, skills
    assert "Moving average" in page and "Next steps" in page
    inline = report._repr_html_()
    assert inline.startswith("<div class='lk-report'>") and "data:image/png;base64," in inline
    assert set(report.frames()) == {"items", "assessments", "skills", "weakest", "next_steps", "attempts"}
    assert "2/7 items done" in report.text()


def test_everything_done_suggests_submitting(tmp_path):
    from labkit.assess.store import Attempt, ChallengeInfo, ProgressStore

    store = ProgressStore(tmp_path / "p.sqlite")
    store.register([ChallengeInfo("lab_z", "only", "challenge", "Only", 2, ("x",), 5)])
    store.record(Attempt("lab_z", "only", True, score=2, points=2, at="2026-03-02T10:00:00+00:00"))
    report = learner_report(tmp_path / "p.sqlite")
    assert report.completion_percent == 100.0 and report.weakest.empty
    assert list(report.next_steps["action"]) == ["Submit your labs for grading"]


def test_empty_or_missing_store_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("LABKIT_HOME", str(tmp_path / "home"))
    with pytest.raises(ReportInputError, match="holds no attempts and no registered labs yet"):
        learner_report()
    assert not (tmp_path / "home" / "progress.sqlite").exists()  # a report never creates the store
    with pytest.raises(ReportInputError, match="not a progress store file"):
        learner_report(tmp_path / "nowhere.sqlite")
    (tmp_path / "junk.sqlite").write_text("not sqlite at all")
    with pytest.raises(LabkitError, match="not a labkit progress store"):
        learner_report(tmp_path / "junk.sqlite")
    with pytest.raises(ReportInputError, match="is not a folder"):
        learner_report(tmp_path / "junk.sqlite", labs=tmp_path / "no-labs")


def test_a_foreign_sqlite_file_is_refused_and_left_alone(tmp_path, gradebook_path):
    before = gradebook_path.read_bytes()
    with pytest.raises(ReportInputError, match="not a labkit progress store"):
        learner_report(gradebook_path)
    assert gradebook_path.read_bytes() == before


def test_labs_not_opened_yet_count_as_zero_and_come_after_started_ones(store_path, labs_dir):
    spec = {"id": "lab_c", "title": "Next level", "challenges": [
        {"id": "e1", "title": "Quick one", "points": 1, "skills": ["x"], "minutes": 2, "hints": ["Go."]}],
        "quizzes": []}
    (labs_dir / "lab_c.lab.json").write_text(json.dumps(spec))
    report = learner_report(store_path, labs=labs_dir, steps=10)
    lab_c = report.assessments.set_index("assessment").loc["lab_c"]
    assert lab_c["completion_percent"] == 0.0 and lab_c["items"] == 1
    # e1 is the shortest, but lab_a and lab_b are already started
    assert list(report.next_steps["item"]) == ["c2", "d1", "c3", "d2", "e1", "q2"]


def test_unregistered_attempts_take_their_kind_and_points_from_the_attempt(tmp_path):
    from labkit.assess.store import Attempt, ProgressStore

    store = ProgressStore(tmp_path / "p.sqlite")
    store.record(Attempt("lab_q", "q9", True, kind="quiz", source="quiz", points=2, detail={"choice": "a"},
                         at="2026-03-02T10:00:00+00:00"))
    store.record(Attempt("lab_q", "c9", False, score=1, points=4, at="2026-03-02T10:03:00+00:00"))
    items = learner_report(tmp_path / "p.sqlite").items.set_index("item")
    assert items.loc["q9", "kind"] == "quiz" and items.loc["q9", "done"]
    assert items.loc["c9", "points"] == 4.0 and items.loc["c9", "best_percent"] == 25.0


def test_a_new_learner_with_only_released_labs_gets_a_starting_plan(tmp_path, labs_dir, monkeypatch):
    monkeypatch.setenv("LABKIT_HOME", str(tmp_path / "fresh-home"))
    report = learner_report(labs=labs_dir)
    assert report.completion_percent == 0.0 and report.total_minutes == 0.0 and report.sessions == 0
    assert list(report.next_steps["item"]) == ["c3", "c1", "c2", "q1, q2"]  # shortest first, then the quiz
    assert report.next_steps.loc[0, "hint"] == "Use a dict of counts."
    assert report.html().count("data:image/png;base64,") == 1  # only the per-lab chart has data yet
