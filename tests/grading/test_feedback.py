"""Feedback pages: titles and hints, whitespace kept, timeouts in words, learner text escaped and capped, and an
index that lists every roster learner and links each learner's page."""

from __future__ import annotations

from types import SimpleNamespace

from labkit.grading.feedback import write_feedback
from labkit.grading.gradebook import Gradebook, RosterEntry
from labkit.grading.submission import learner_slug

LEARNER = "Zoë <b>Núñez</b>"


def outcome(learner, **extra):
    visible = [
        {"call": "slugify('  A  b ')", "expected": "'a-b'", "got": "'  a  b '", "error": "", "message": "",
         "passed": False},
        {"call": "slugify('x' * 10**6)", "expected": "'x'", "got": "", "error": "CaseTimeout",
         "message": "took longer than 10 s", "passed": False},
    ]
    return {"learner": learner, "assessment": "lab", "sha": learner, "status": "graded", "reason": "",
            "score": 0.0, "max_score": 4.0, "title": "Warm-up", "notes": [],
            "learner_errors": [{"cell": "slugify-answer", "ename": "KeyboardInterrupt", "evalue": ""}],
            "challenges": [
                {"id": "slugify", "kind": "challenge", "points": 3.0, "score": 0.0, "cases_passed": 0,
                 "cases_total": 2, "points_from": "hidden", "visible": visible, "hidden_passed": 1,
                 "hidden_total": 3, "hidden_errors": {"WrongAnswer": 1, "CaseTimeout": 1}, "problem": ""},
                {"id": "q_mutable", "kind": "quiz", "points": 1.0, "score": 0.0, "cases_passed": 0,
                 "cases_total": 1, "visible": [{"call": "q", "expected": "", "got": "", "error": "",
                                                "passed": False}], "hidden_passed": 0, "hidden_total": 0,
                 "hidden_errors": {}, "problem": "not answered"}],
            **extra}


def spec():
    challenge = SimpleNamespace(id="slugify", title="Slugify a title", hints=["Lower-case first."])
    quiz = SimpleNamespace(id="q_mutable", question="Which of these is mutable?")
    return SimpleNamespace(id="lab", challenges=[challenge], quizzes=[quiz])


def test_pages_read_like_feedback(tmp_path):
    book = Gradebook(tmp_path / "g.sqlite")
    book.set_items(spec())
    book.record(outcome(LEARNER))
    book.record(outcome("x" * 40, reason="<script>" + "y" * 2000))
    book.set_roster([RosterEntry(LEARNER, "Zoë Núñez", "", "B"), RosterEntry("absent@uni.edu", "Al Sent")])
    pages = write_feedback(book, tmp_path / "fb", "lab")
    assert sorted(p.name for p in pages) == sorted([f"{learner_slug(LEARNER)}.html", f"{'x' * 40}.html"])

    page = (tmp_path / "fb" / "lab" / f"{learner_slug(LEARNER)}.html").read_text()
    assert "Challenge: Slugify a title" in page and "Lower-case first." in page  # title and hint, not the id alone
    assert "Quiz: Which of these is mutable?" in page and "not answered" in page
    assert "slugify(&#x27;  A  b &#x27;)" in page and "white-space:pre-wrap" in page  # the spaces survive
    assert "timed out after 10 s" in page and "KeyboardInterrupt" not in page and "CaseTimeout" not in page
    assert "wrong answer x1" in page and "Zoë Núñez (Zoë &lt;b&gt;Núñez&lt;/b&gt;)" in page

    index = (tmp_path / "fb" / "index.html").read_text()
    assert f"href='lab/{learner_slug(LEARNER)}.html'" in index and "absent@uni.edu" in index
    assert "Al Sent" in index and "no submission" in index and "<script>" not in index
    assert "y" * 300 not in index and "&lt;script&gt;" in index  # learner text is escaped and capped


def test_index_names_items_by_title_and_shows_the_late_penalty(tmp_path):
    book = Gradebook(tmp_path / "g.sqlite")
    book.set_items(spec())
    book.record(outcome("ada"), late_penalty=0.2)
    write_feedback(book, tmp_path / "fb", "lab")
    index = (tmp_path / "fb" / "index.html").read_text()
    row = next(line for line in index.split("<tr>") if "ada" in line)
    assert "Which of these is mutable?: not answered" in row and "q_mutable" not in row  # title, not the quiz id
    assert "late penalty 20% (raw 0)" in row
