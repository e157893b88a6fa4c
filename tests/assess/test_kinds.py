"""A challenge kind registered once reaches the platform's readers: none of them names a kind.

A test kind ``poll`` (answered like a quiz question, read from a ``polls`` list) is registered in ``KINDS`` only;
the progress report and the gradebook then list, count and describe its items without any change to their code.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from labkit.assess.spec import KINDS, Kind, LabChallenge, LabQuiz
from labkit.grading.gradebook import Gradebook
from labkit.progress.learner import learner_report


@pytest.fixture
def poll():
    kind = KINDS.register("poll", Kind("poll", "polls", LabQuiz, harness="labkit.grading.harness:quiz_cells",
                                       judge="labkit.grading.judge:judge_quiz", call="poll", cases=False))
    try:
        yield kind
    finally:
        KINDS.remove("poll")


def test_the_built_in_kinds_say_what_readers_ask():
    challenge, quiz = KINDS.get("challenge"), KINDS.get("quiz")
    assert (challenge.call, challenge.cases, challenge.label, challenge.done) == ("check", True, "Challenge", "passed")
    assert (quiz.call, quiz.cases, quiz.label, quiz.done) == ("quiz", False, "Quiz", "answered")


def test_outlines_read_lab_json_and_spec_items_alike():
    raw = {"id": "slugify", "title": "", "points": 3, "minutes": 10, "hints": ["Lower-case first.", "Then dash."]}
    assert LabChallenge.outline(raw) == LabChallenge.outline(SimpleNamespace(**raw)) == {
        "title": "slugify", "points": 3.0, "skills": [], "minutes": 10, "hint": "Lower-case first."}
    assert LabQuiz.outline({"id": "q1", "question": "Which is mutable?", "points": 2}) == {
        "title": "Which is mutable?", "points": 2.0, "skills": [], "minutes": 1, "hint": ""}


def test_a_registered_kind_reaches_the_progress_report(poll, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("LABKIT_HOME", str(tmp_path / "home"))
    labs = tmp_path / "labs"
    labs.mkdir()
    spec = {"id": "lab_p", "title": "Polls", "challenges": [
        {"id": "c1", "title": "Slugify", "points": 3, "minutes": 5, "hints": ["Lower-case first."]}],
        "polls": [{"id": "p1", "question": "Tabs or spaces?", "points": 1}, {"id": "p2", "question": "Vim?"}]}
    (labs / "lab_p.lab.json").write_text(json.dumps(spec), encoding="utf-8")
    report = learner_report(labs=labs)
    items = report.items.set_index("item")
    assert list(items.loc[["p1", "p2"], "kind"]) == ["poll", "poll"]
    assert items.loc["p1", "title"] == "Tabs or spaces?" and items.loc["p1", "minutes"] == 1
    row = report.assessments.iloc[0]
    assert (row["polls_answered"], row["polls"], row["challenges_passed"], row["challenges"]) == (0, 2, 0, 1)
    assert row["max_score"] == 3  # an answered kind's key stays with the grader: no visible-case forecast
    assert "Answer the poll of lab_p" in list(report.next_steps["action"])


def test_a_registered_kind_reaches_the_gradebook(poll, tmp_path: Path):
    book = Gradebook(tmp_path / "g.sqlite")
    book.set_items(SimpleNamespace(id="lab", challenges=[], quizzes=[],
                                   polls=[SimpleNamespace(id="p1", question="Tabs or spaces?")]))
    item = book.items()[("lab", "p1")]
    assert (item.kind, item.title, item.hint) == ("poll", "Tabs or spaces?", "")
