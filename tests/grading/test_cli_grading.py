"""The commands: labkit release / grade / gradebook export|override / check, and their error messages."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from grading_helpers import ASSESSMENT, HONEST, ROOT, make_submission

from labkit.assess.store import ProgressStore
from labkit.cli import main


def test_release_grade_export_override(tmp_path, capsys):
    assert main(["release", str(ASSESSMENT), "--out", str(tmp_path / "labs")]) == 0
    assert (tmp_path / "labs" / "sample_basics.ipynb").read_text() == (ROOT / "labs" / "sample_basics.ipynb").read_text()
    subs = tmp_path / "subs"
    make_submission(subs, "ada", HONEST)
    make_submission(subs, "zoe", {}, raw=b"{not json")
    book, times = tmp_path / "gb.sqlite", tmp_path / "times.csv"
    times.write_text("learner,submitted_at\nada,deadline-1h\nzoe,deadline-1h\n")
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name,email,section\nada,Ada Lovelace,ada@uni.edu,A\nzoe,Zoe,,B\nbé@uni.edu,Bé Noël,,B\n")
    code = main(["grade", str(ASSESSMENT), str(subs), "--gradebook", str(book), "--workers", "2", "--quiet",
                 "--cell-timeout", "10", "--times", str(times), "--roster", str(roster)])
    out = capsys.readouterr().out
    assert code == 0, "a learner's failure is not the command's failure"
    assert "ada" in out and "12/12" in out and "not a valid notebook" in out and "sandbox:" in out
    assert "missing (on the roster, no submission): bé@uni.edu" in out
    assert (tmp_path / "feedback" / "sample_basics" / "ada.html").exists()
    assert "bé@uni.edu" in (tmp_path / "feedback" / "index.html").read_text()

    assert main(["gradebook", "export", "--gradebook", str(book), "--format", "canvas"]) == 0
    canvas = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [row[0] for row in canvas] == ["Student", "Points Possible", "Ada Lovelace", "Zoe", "Bé Noël"]
    assert canvas[4][2:] == ["bé@uni.edu", "bé@uni.edu", "B", "0.0"]
    assert main(["gradebook", "show", "--gradebook", str(book), "--learner", "bé@uni.edu"]) == 0
    assert "missing" in capsys.readouterr().out
    assert main(["report", "--gradebook", str(book)]) == 0
    assert "bé@uni.edu: mean 0% < 50%; missing sample_basics" in capsys.readouterr().out

    assert main(["gradebook", "override", "--gradebook", str(book), "--learner", "ada", "--assessment",
                 "sample_basics", "--challenge", "slugify", "--points", "1", "--comment", "copied from a friend"]) == 0
    assert main(["gradebook", "export", "--gradebook", str(book), "--format", "csv"]) == 0
    rows = {r["learner"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out.split("\n", 1)[1]))}
    assert rows["ada"]["final_score"] == "10.0" and rows["zoe"]["status"] == "failed"
    assert rows["bé@uni.edu"]["status"] == "missing" and rows["bé@uni.edu"]["reason"] == "no submission"
    assert main(["gradebook", "export", "--gradebook", str(book), "--format", "junit", "--out",
                 str(tmp_path / "j.xml")]) == 0
    assert "<testsuites" in (tmp_path / "j.xml").read_text()


@pytest.mark.parametrize("argv, message", [
    (["grade", "no/such/dir", "subs", "--gradebook", "g.sqlite"], "is not a folder"),
    (["gradebook", "export", "--gradebook", "missing.sqlite"], "no gradebook at"),
    (["check", "missing.ipynb"], "is not a file"),
    (["release", "no/such/dir"], "is not a folder"),
])
def test_bad_input_is_one_clear_message(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_check_from_the_terminal(tmp_path, labkit_home, capsys):
    shutil.copy(ROOT / "labs" / "sample_basics.lab.json", tmp_path)
    stub = tmp_path / "sample_basics.ipynb"
    shutil.copy(ROOT / "labs" / "sample_basics.ipynb", stub)
    assert main(["check", str(stub)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  slugify('Hello World')" in out and "NotImplementedError" in out and "hint:" in out
    done = make_submission(tmp_path / "mine", "me", HONEST)
    shutil.copy(ROOT / "labs" / "sample_basics.lab.json", done.parent)
    assert main(["check", str(done)]) == 0
    assert "All visible cases pass." in capsys.readouterr().out
    attempts = ProgressStore().attempts("sample_basics")
    assert {a.source for a in attempts} == {"cli"} and len(attempts) == 6
    assert [a.passed for a in attempts] == [False] * 3 + [True] * 3


def test_check_shows_the_learners_own_error_and_applies_timeouts(tmp_path, labkit_home, capsys):
    answers = {**HONEST, "word-counts-answer": "from collections import Countr\n\ndef word_counts(text):\n    return {}",
               "slugify-answer": "def slugify(title):\n    while True:\n        pass"}
    notebook = make_submission(tmp_path, "me", answers)
    shutil.copy(ROOT / "labs" / "sample_basics.lab.json", notebook.parent)
    assert main(["check", str(notebook), "--case-timeout", "1", "--cell-timeout", "3"]) == 1
    out = capsys.readouterr().out
    assert "Your cell word-counts-answer: ImportError: cannot import name 'Countr'" in out
    assert "Your cell slugify-check: timed out" in out  # the notebook's own check() cell was stopped
    assert "got timed out after 1.0 s" in out  # and the grader's visible case too
