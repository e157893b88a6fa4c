"""Shared scenarios for the progress tests: a progress store and a gradebook built through their public APIs.

Every expected number in the tests is computed by hand from these scenarios (see the comments).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labkit.assess.store import Attempt, ChallengeInfo, ProgressStore
from labkit.grading.gradebook import Gradebook


def at(hhmm: str) -> str:
    return f"2026-03-02T{hhmm}:00+00:00"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """lab_a: c1 3 pts (passed on attempt 2), c2 4 pts (3 failures, best 2), c3 2 pts (untouched), q1 answered,
    q2 open; lab_b: d1 5 pts (2 failures, best 1.67), d2 5 pts (untouched). Attempts at 10:00, :05, :10, :12, :20,
    :21, then a break, 12:00 and 12:10 -> 21 + 10 = 31 minutes over 2 sessions."""
    path = tmp_path / "home" / "progress.sqlite"
    store = ProgressStore(path)
    store.register([
        ChallengeInfo("lab_a", "c1", "challenge", "Slugify", 3, ("strings", "regex"), 10),
        ChallengeInfo("lab_a", "c2", "challenge", "Moving average", 4, ("lists",), 15),
        ChallengeInfo("lab_a", "c3", "challenge", "Count words", 2, ("dicts",), 5),
        ChallengeInfo("lab_a", "q1", "quiz", "Which is mutable?", 1, (), 1),
        ChallengeInfo("lab_a", "q2", "quiz", "Dict lookup cost?", 1, (), 1),
        ChallengeInfo("lab_b", "d1", "challenge", "Retry policy", 5, ("retries",), 20),
        ChallengeInfo("lab_b", "d2", "challenge", "Cache hit rate", 5, ("caching",), 8),
    ])
    for when, assessment, challenge, passed, score, points in [
        ("10:00", "lab_a", "c1", False, 1.5, 3), ("10:05", "lab_a", "c1", True, 3, 3),
        ("10:10", "lab_a", "c2", False, 0, 4), ("10:12", "lab_a", "c2", False, 0, 4),
        ("10:20", "lab_a", "c2", False, 2, 4),
        ("12:00", "lab_b", "d1", False, 1.67, 5), ("12:10", "lab_b", "d1", False, 1.67, 5),
    ]:
        store.record(Attempt(assessment, challenge, passed, score=score, points=points, at=at(when)))
    store.record(Attempt("lab_a", "q1", True, kind="quiz", source="quiz", points=1, detail={"choice": "list"},
                         at=at("10:21")))
    return path


@pytest.fixture
def labs_dir(tmp_path: Path) -> Path:
    """A folder holding the released spec of lab_a (what `labkit release` writes beside the notebook): hints come from here."""
    spec = {"id": "lab_a", "title": "Warm-up", "challenges": [
        {"id": "c1", "title": "Slugify", "points": 3, "skills": ["strings", "regex"], "minutes": 10,
         "hints": ["Lower-case first."], "function": "slugify", "visible": []},
        {"id": "c2", "title": "Moving average", "points": 4, "skills": ["lists"], "minutes": 15,
         "hints": ["There are len(xs) - k + 1 windows."], "function": "moving_average", "visible": []},
        {"id": "c3", "title": "Count words", "points": 2, "skills": ["dicts"], "minutes": 5,
         "hints": ["Use a dict of counts."], "function": "word_counts", "visible": []},
    ], "quizzes": [{"id": "q1", "question": "Which is mutable?", "options": ["tuple", "list"], "points": 1,
                    "skills": []},
                   {"id": "q2", "question": "Dict lookup cost?", "options": ["O(1)", "O(n)"], "points": 1,
                    "skills": []}]}
    folder = tmp_path / "labs"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lab_a.lab.json").write_text(json.dumps(spec), encoding="utf-8")
    return folder


def outcome(learner: str, assessment: str, sha: str, scores: dict[str, tuple[float, float]], status: str = "graded",
            reason: str = "") -> dict:
    """An ``Outcome.as_dict()``-shaped grade; ``scores`` maps challenge -> (points, score)."""
    return {"learner": learner, "assessment": assessment, "sha": sha, "path": None, "status": status,
            "reason": reason, "score": sum(s for _, s in scores.values()), "max_score": 10.0, "spec": "test",
            "title": assessment.upper(), "seconds": 0.1,
            "challenges": [{"id": cid, "kind": "challenge", "points": p, "score": s, "cases_passed": 0,
                            "cases_total": 1} for cid, (p, s) in scores.items()]}


@pytest.fixture
def make_outcome():
    return outcome


@pytest.fixture
def gradebook_path(tmp_path: Path) -> Path:
    """lab_a (c1 4 pts, c2 6 pts) and lab_b (d1 5, d2 5), both out of 10.

    ada: lab_a 100; lab_b 20 then resubmitted 60 (current: the latest)      -> mean 80
    ben: lab_a 20, c2 overridden 0 -> 6, so 80; lab_b missing               -> mean 40, at risk
    cy:  lab_a 70 with a 10% late penalty -> 63; lab_b failed (no notebook)  -> mean 31.5, at risk
    dee: lab_a 100, lab_b 100                                                -> mean 100
    """
    path = tmp_path / "gradebook.sqlite"
    book = Gradebook(path)
    book.record(outcome("ada", "lab_a", "a1", {"c1": (4, 4), "c2": (6, 6)}))
    book.record(outcome("ada", "lab_b", "a2", {"d1": (5, 1), "d2": (5, 1)}))
    book.record(outcome("ada", "lab_b", "a3", {"d1": (5, 5), "d2": (5, 1)}))
    book.record(outcome("ben", "lab_a", "b1", {"c1": (4, 2), "c2": (6, 0)}))
    book.override("ben", "lab_a", 6, "the grader misread a correct answer", challenge="c2")
    book.record(outcome("cy", "lab_a", "c1", {"c1": (4, 4), "c2": (6, 3)}), late_penalty=0.1)
    book.record(outcome("cy", "lab_b", "c2", {}, status="failed", reason="no notebook submitted"))
    book.record(outcome("dee", "lab_a", "d1", {"c1": (4, 4), "c2": (6, 6)}))
    book.record(outcome("dee", "lab_b", "d2", {"d1": (5, 5), "d2": (5, 5)}))
    book.close()
    return path
