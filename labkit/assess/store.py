"""The learner's local progress store: every check attempt and quiz answer, in SQLite under ``LABKIT_HOME``.

The one idea: record facts (who tried what, when, how it went), never conclusions; reports (``labkit progress``)
are computed from the facts. The store is ``$LABKIT_HOME/progress.sqlite`` in WAL mode, so a notebook kernel and a
terminal can use it at the same time; schema changes are named migrations applied in order and recorded in
``migrations`` (both through :mod:`labkit.sqlite`). ``LABKIT_PROGRESS=off`` turns recording off (the grader's sandbox and ``labkit check`` use it so
an attempt is not counted twice).

Schema (version ``0001_initial``)::

    migrations(name TEXT PRIMARY KEY, applied_at TEXT)            -- applied migration names, in order
    challenges(assessment TEXT, challenge TEXT, kind TEXT,        -- 'challenge' or 'quiz'
               title TEXT, points REAL, skills TEXT,              -- skills: JSON list of strings
               minutes INTEGER,                                   -- author's time estimate
               PRIMARY KEY (assessment, challenge))
    attempts(id INTEGER PRIMARY KEY AUTOINCREMENT,
             at TEXT,                                             -- ISO 8601 UTC, e.g. 2026-01-31T12:00:00+00:00
             assessment TEXT, challenge TEXT, kind TEXT,          -- kind: 'challenge' or 'quiz'
             passed INTEGER,                                      -- 1 when every visible case passed (quiz: answered)
             cases_passed INTEGER, cases_total INTEGER,
             score REAL, points REAL,                             -- visible-case score out of the challenge's points
             source TEXT,                                         -- 'notebook' (check widget), 'cli' (labkit check), 'quiz'
             detail TEXT)                                         -- JSON: per-case verdicts and errors, or the quiz choice

API for reports: :class:`ProgressStore` (``record``, ``register``, ``attempts``, ``summary``, ``connect``) and the
:class:`Attempt` / :class:`ChallengeInfo` records. Leaves out: sync between machines and any notion of identity
(the store belongs to whoever owns ``LABKIT_HOME``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from labkit.clock import Clock, utc_iso, wall_clock
from labkit.config import labkit_home
from labkit.sqlite import Migration, connect, migrate


@dataclass(frozen=True)
class ChallengeInfo:
    """What a report needs to know about a challenge or quiz: points, skills, the author's time estimate."""

    assessment: str
    challenge: str
    kind: str = "challenge"
    title: str = ""
    points: float = 0.0
    skills: tuple[str, ...] = ()
    minutes: int = 0


@dataclass(frozen=True)
class Attempt:
    """One check (or quiz answer) as it happened."""

    assessment: str
    challenge: str
    passed: bool
    cases_passed: int = 0
    cases_total: int = 0
    score: float = 0.0
    points: float = 0.0
    kind: str = "challenge"
    source: str = "notebook"
    detail: dict[str, Any] = field(default_factory=dict)
    at: str = ""
    id: int | None = None


def _initial(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE challenges (assessment TEXT NOT NULL, challenge TEXT NOT NULL, kind TEXT NOT NULL,"
        " title TEXT NOT NULL, points REAL NOT NULL, skills TEXT NOT NULL, minutes INTEGER NOT NULL,"
        " PRIMARY KEY (assessment, challenge))"
    )
    db.execute(
        "CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, assessment TEXT NOT NULL,"
        " challenge TEXT NOT NULL, kind TEXT NOT NULL, passed INTEGER NOT NULL, cases_passed INTEGER NOT NULL,"
        " cases_total INTEGER NOT NULL, score REAL NOT NULL, points REAL NOT NULL, source TEXT NOT NULL,"
        " detail TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX attempts_by_challenge ON attempts (assessment, challenge, at)")


MIGRATIONS: list[Migration] = [("0001_initial", _initial)]


def recording_enabled() -> bool:
    return os.environ.get("LABKIT_PROGRESS", "on").lower() not in {"off", "0", "false", "no"}


class ProgressStore:
    """The SQLite progress store at ``path`` (default ``$LABKIT_HOME/progress.sqlite``)."""

    def __init__(self, path: str | Path | None = None, clock: Clock = wall_clock):
        self.path = Path(path) if path else labkit_home() / "progress.sqlite"
        self.clock = clock  # stamps attempts recorded without a time; a test passes a FakeClock
        db = self.connect()
        try:
            migrate(db, MIGRATIONS)
        finally:
            db.close()

    def connect(self) -> sqlite3.Connection:
        """A new connection (:func:`labkit.sqlite.connect`: WAL, 10 s busy timeout, autocommit); rows are
        ``sqlite3.Row``. Close it when done."""
        db = connect(self.path, timeout=10, autocommit=True)
        db.row_factory = sqlite3.Row
        return db

    def register(self, infos: list[ChallengeInfo]) -> None:
        """Insert or update what the store knows about challenges (points, skills, minutes)."""
        db = self.connect()
        try:
            with db:
                db.execute("BEGIN")
                db.executemany(
                    "INSERT INTO challenges VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (assessment, challenge) DO UPDATE"
                    " SET kind=excluded.kind, title=excluded.title, points=excluded.points, skills=excluded.skills,"
                    " minutes=excluded.minutes",
                    [(i.assessment, i.challenge, i.kind, i.title, i.points, json.dumps(list(i.skills)), i.minutes)
                     for i in infos],
                )
        finally:
            db.close()

    def record(self, attempt: Attempt) -> int:
        """Store one attempt; returns its row id."""
        row = asdict(attempt)
        db = self.connect()
        try:
            cur = db.execute(
                "INSERT INTO attempts (at, assessment, challenge, kind, passed, cases_passed, cases_total, score, points,"
                " source, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row["at"] or utc_iso(self.clock), row["assessment"], row["challenge"], row["kind"], int(row["passed"]),
                 row["cases_passed"], row["cases_total"], row["score"], row["points"], row["source"],
                 json.dumps(row["detail"], sort_keys=True)),
            )
            return int(cur.lastrowid)
        finally:
            db.close()

    def attempts(self, assessment: str | None = None, challenge: str | None = None) -> list[Attempt]:
        """Attempts in the order they happened, optionally for one assessment and/or challenge."""
        sql = "SELECT * FROM attempts WHERE (? IS NULL OR assessment = ?) AND (? IS NULL OR challenge = ?) ORDER BY id"
        db = self.connect()
        try:
            rows = db.execute(sql, (assessment, assessment, challenge, challenge)).fetchall()
        finally:
            db.close()
        return [
            Attempt(assessment=r["assessment"], challenge=r["challenge"], passed=bool(r["passed"]),
                    cases_passed=r["cases_passed"], cases_total=r["cases_total"], score=r["score"],
                    points=r["points"], kind=r["kind"], source=r["source"], detail=json.loads(r["detail"]),
                    at=r["at"], id=r["id"])
            for r in rows
        ]

    def summary(self) -> list[dict[str, Any]]:
        """One row per known or attempted challenge: attempts, best score, passed, first/last attempt, skills."""
        sql = """
            WITH keys AS (SELECT assessment, challenge FROM challenges UNION SELECT assessment, challenge FROM attempts)
            SELECT k.assessment, k.challenge, c.kind, c.title, c.points AS max_points, c.skills, c.minutes,
                   COUNT(a.id) AS attempts, MAX(a.score) AS best_score, MAX(a.passed) AS passed,
                   MIN(a.at) AS first_at, MAX(a.at) AS last_at
            FROM keys k
            LEFT JOIN challenges c ON c.assessment = k.assessment AND c.challenge = k.challenge
            LEFT JOIN attempts a ON a.assessment = k.assessment AND a.challenge = k.challenge
            GROUP BY k.assessment, k.challenge ORDER BY k.assessment, k.challenge
        """
        db = self.connect()
        try:
            rows = [dict(r) for r in db.execute(sql)]
        finally:
            db.close()
        for r in rows:
            r["skills"] = json.loads(r["skills"]) if r["skills"] else []
            r["passed"] = bool(r["passed"])
        return rows
