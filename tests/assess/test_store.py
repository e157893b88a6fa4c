"""The progress store: named migrations, WAL, attempts and a summary another engineer can report from."""

from __future__ import annotations

import sqlite3

from labkit.assess.store import Attempt, ChallengeInfo, ProgressStore


def test_migrations_are_recorded_once(labkit_home):
    store = ProgressStore()
    ProgressStore()  # opening again applies nothing new
    db = sqlite3.connect(store.path)
    assert [r[0] for r in db.execute("SELECT name FROM migrations")] == ["0001_initial"]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.path == labkit_home / "progress.sqlite"


def test_attempts_and_summary(labkit_home):
    store = ProgressStore()
    store.register([ChallengeInfo("lab", "a", "challenge", "A", 3, ("strings",), 10),
                    ChallengeInfo("lab", "q", "quiz", "Q?", 1, (), 1)])
    store.record(Attempt("lab", "a", passed=False, cases_passed=1, cases_total=2, score=1.5, points=3))
    store.record(Attempt("lab", "a", passed=True, cases_passed=2, cases_total=2, score=3, points=3, source="cli"))
    rows = {r["challenge"]: r for r in store.summary()}
    assert rows["a"]["attempts"] == 2 and rows["a"]["best_score"] == 3 and rows["a"]["passed"] is True
    assert rows["a"]["skills"] == ["strings"] and rows["a"]["minutes"] == 10
    assert rows["q"]["attempts"] == 0 and rows["q"]["passed"] is False
    history = store.attempts("lab", "a")
    assert [a.source for a in history] == ["notebook", "cli"] and history[0].at <= history[1].at
    assert store.attempts(challenge="nope") == []
