"""check() and quiz() outside Jupyter: the verdict as data and text, attempts in the progress store."""

from __future__ import annotations

from pathlib import Path

import pytest

from labkit.assess import ANSWERS, check, open_lab, quiz
from labkit.assess.check import render_html
from labkit.assess.store import ProgressStore
from labkit.errors import InvalidInputError

LABS = Path(__file__).resolve().parents[2] / "labs"


@pytest.fixture
def lab(labkit_home, monkeypatch):
    monkeypatch.chdir(LABS)
    return open_lab("sample_basics")


def test_lab_file_holds_only_visible_material(lab):
    slug = next(c for c in lab["challenges"] if c["id"] == "slugify")
    assert len(slug["visible"]) == 2 and slug["hidden_cases"] == 4 and "hidden" not in slug
    assert all("answer" not in q for q in lab["quizzes"])


def test_check_scores_visible_cases_and_records_attempts(lab):
    wrong = check("slugify", lambda title: title.lower().replace(" ", "-"))
    assert [c.passed for c in wrong.cases] == [True, False] and wrong.score == 1.5 and not wrong.passed
    assert "hint" in wrong.as_text() and "FAIL" in wrong.as_text()

    import re

    right = check("slugify", lambda t: re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-"))
    assert right.passed and right.score == 3 and right.attempt == wrong.attempt + 1
    assert "lk-verdict" in render_html(right) and "hidden case" in render_html(right)
    attempts = ProgressStore().attempts("sample_basics", "slugify")
    assert [a.passed for a in attempts][-2:] == [False, True]


def test_check_never_trusts_eq(lab):
    class Liar(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    result = check("slugify", lambda t: Liar("x"))
    assert not result.passed and "NotPlainData" in result.cases[0].error


def test_errors_become_feedback(lab):
    def boom(title):
        raise KeyError(title)

    result = check("slugify", boom)
    assert result.score == 0 and result.cases[0].error.startswith("KeyError")


def test_bad_calls_say_what_to_do(lab):
    with pytest.raises(InvalidInputError, match="No challenge"):
        check("nope", print)
    with pytest.raises(InvalidInputError, match="needs the function"):
        check("slugify", "not a function")


def test_quiz_answers_land_in_answers(lab, capsys):
    quiz("q_mutable", "list")
    assert ANSWERS["q_mutable"] == "list" and "your answer" in capsys.readouterr().out
    with pytest.raises(InvalidInputError, match="not an option"):
        quiz("q_mutable", "set")
    quiz_rows = [a for a in ProgressStore().attempts("sample_basics") if a.kind == "quiz"]
    assert quiz_rows[-1].detail == {"choice": "list"}


def test_missing_lab_file(labkit_home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InvalidInputError, match="labkit release"):
        open_lab("no_such_lab")
