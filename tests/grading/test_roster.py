"""The class list: LMS-style ids, optional columns, and a clear line for every malformed roster."""

from __future__ import annotations

import pytest

from labkit.errors import InvalidInputError
from labkit.grading.gradebook import Gradebook, RosterEntry
from labkit.grading.roster import load_roster, parse_roster


def test_lms_ids_names_and_sections(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes("\ufeffLogin,Name,Section\nada@uni.edu,Ada,A\n\nBen Smith,Ben,B\nżaneta,Żaneta,\n".encode())
    entries = load_roster(path)
    assert [e.learner for e in entries] == ["ada@uni.edu", "Ben Smith", "żaneta"]
    assert entries[0] == RosterEntry("ada@uni.edu", "Ada", "", "A")


@pytest.mark.parametrize("text, message", [
    ("name,email\nAda,a@x\n", "header with an id column"),
    ("id,name\nada,Ada\nada,Ada again\n", "line 3: learner 'ada' is listed twice"),
    ("id,name\n,Nameless\n", "line 2: no learner id"),
    ("id,name\n", "no learners listed"),
])
def test_malformed_rosters_name_the_line(text, message):
    with pytest.raises(InvalidInputError, match=message):
        parse_roster(text)


def test_missing_or_binary_roster_file(tmp_path):
    with pytest.raises(InvalidInputError, match="no roster file at"):
        load_roster(tmp_path / "nope.csv")
    (tmp_path / "x.csv").write_bytes(b"\xff\xfe\x00id")
    with pytest.raises(InvalidInputError, match="not UTF-8"):
        load_roster(tmp_path / "x.csv")


def test_roster_learners_without_a_submission_are_missing(tmp_path):
    book = Gradebook(tmp_path / "g.sqlite")
    book.record({"learner": "ada", "assessment": "lab", "sha": "s1", "status": "graded", "score": 2.0,
                 "max_score": 4.0, "title": "Lab", "challenges": [
                     {"id": "c", "kind": "challenge", "points": 4.0, "score": 2.0, "cases_passed": 1,
                      "cases_total": 2}]})
    book.set_roster([RosterEntry("ada"), RosterEntry("Ben Smith", "Ben")])
    grades = {g.learner: g for g in book.accounted()}
    assert grades["Ben Smith"].status == "missing" and grades["Ben Smith"].max_score == 4.0
    assert grades["Ben Smith"].final_score == 0.0 and grades["ada"].final_score == 2.0
    assert [g.learner for g in book.current()] == ["ada"], "current() stays the graded submissions only"
    book.set_roster([RosterEntry("ada")])  # a new roster replaces the old one
    assert [g.learner for g in book.accounted()] == ["ada"]
