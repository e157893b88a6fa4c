"""The gradebook: one SQLite file, one transaction per graded submission, so a crash loses and duplicates nothing.

The one idea: a submission is identified by *what* was submitted, ``(learner, assessment, sha)`` with ``sha`` the
hash of the notebook's bytes. Recording a grade is one ``INSERT`` of the submission and its per-challenge rows in a
single transaction, guarded by a UNIQUE key; a batch killed with ``kill -9`` leaves every finished submission
recorded and none half-recorded, and a re-run skips what is there (``--force`` replaces it in the same kind of
transaction). The file is WAL-mode SQLite with named migrations and is created ``0600``, so a sandboxed kernel
(another user) cannot read it even where its path cannot be hidden.

Schema (migration ``0001_initial``)::

    migrations(name TEXT PRIMARY KEY, applied_at TEXT)
    submissions(id INTEGER PRIMARY KEY, learner TEXT, assessment TEXT, sha TEXT,   -- UNIQUE (learner, assessment, sha)
                path TEXT, submitted_at TEXT, graded_at TEXT,                      -- ISO 8601 UTC
                status TEXT,                  -- 'graded' | 'failed' (the learner's notebook) | 'error' (the grader)
                reason TEXT, score REAL, max_score REAL,                           -- raw score before penalty
                late_penalty REAL,            -- fraction taken off, 0..1
                spec TEXT,                    -- fingerprint of the assessment spec used
                seconds REAL, detail TEXT)    -- detail: the full Outcome as JSON (feedback is rendered from it)
    results(submission_id INTEGER REFERENCES submissions(id) ON DELETE CASCADE, challenge TEXT, kind TEXT,
            points REAL, score REAL, cases_passed INTEGER, cases_total INTEGER, PRIMARY KEY (submission_id, challenge))
    overrides(id INTEGER PRIMARY KEY, learner TEXT, assessment TEXT, challenge TEXT,  -- challenge '' = whole grade
              points REAL, comment TEXT, at TEXT)

Migration ``0002_roster`` adds the class list, replaced whole by ``labkit grade --roster``, and ``0003_items`` what
pages call each challenge and quiz question (its title and first hint; never a case or a key)::

    roster(learner TEXT PRIMARY KEY, name TEXT, email TEXT, section TEXT, position INTEGER)
    items(assessment TEXT, item TEXT, kind TEXT, title TEXT, hint TEXT, PRIMARY KEY (assessment, item))

The *current* grade of a learner for an assessment is their latest submission (highest ``id``); its final score is
the sum of its challenge scores with the latest override per challenge applied, times ``1 - late_penalty``; an
override of the whole grade (challenge ``''``) replaces that. :meth:`Gradebook.current` returns exactly that, and
:meth:`Gradebook.accounted` adds a ``missing`` row for every roster learner without one, so nobody on the class
list drops out of an export or a report.

Commands that only read (exports, ``gradebook show``, ``labkit report``) open the file with ``readonly=True``: it
is never created, migrated or chmod-ed, so a read-only copy of a gradebook can be reported on.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labkit.assess.spec import kind_items
from labkit.clock import Clock, utc_iso, wall_clock
from labkit.errors import InvalidInputError
from labkit.sqlite import connect, migrate, open_readonly


def _initial(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE submissions (id INTEGER PRIMARY KEY AUTOINCREMENT, learner TEXT NOT NULL, assessment TEXT NOT NULL,"
        " sha TEXT NOT NULL, path TEXT, submitted_at TEXT, graded_at TEXT NOT NULL, status TEXT NOT NULL,"
        " reason TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL, late_penalty REAL NOT NULL,"
        " spec TEXT NOT NULL, seconds REAL NOT NULL, detail TEXT NOT NULL, UNIQUE (learner, assessment, sha))"
    )
    db.execute(
        "CREATE TABLE results (submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,"
        " challenge TEXT NOT NULL, kind TEXT NOT NULL, points REAL NOT NULL, score REAL NOT NULL,"
        " cases_passed INTEGER NOT NULL, cases_total INTEGER NOT NULL, PRIMARY KEY (submission_id, challenge))"
    )
    db.execute(
        "CREATE TABLE overrides (id INTEGER PRIMARY KEY AUTOINCREMENT, learner TEXT NOT NULL, assessment TEXT NOT NULL,"
        " challenge TEXT NOT NULL, points REAL NOT NULL, comment TEXT NOT NULL, at TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX submissions_current ON submissions (assessment, learner, id)")


def _roster(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE roster (learner TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL,"
               " section TEXT NOT NULL, position INTEGER NOT NULL)")


def _items(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE items (assessment TEXT NOT NULL, item TEXT NOT NULL, kind TEXT NOT NULL,"
               " title TEXT NOT NULL, hint TEXT NOT NULL, PRIMARY KEY (assessment, item))")


MIGRATIONS = [("0001_initial", _initial), ("0002_roster", _roster), ("0003_items", _items)]
MISSING = "missing"
"""The status of a roster learner with no submission for an assessment."""


TIMEOUTS = frozenset({"KeyboardInterrupt", "CaseTimeout", "CellTimeout", "TimeoutError", "CellTimeoutError"})
"""Error names that mean "ran out of time" (the kernel sees an interrupt as ``KeyboardInterrupt``)."""
_SECONDS = re.compile(r"(\d+(?:\.\d+)?)\s*s\b")
GRADER_WORDS = {"NoResult": "no result", "WrongAnswer": "wrong answer", "NotPlainData": "not plain data"}


def describe_error(name: str, message: str = "") -> str:
    """An error as a person should read it: a timeout says so, with its limit when known.

    >>> describe_error("KeyboardInterrupt", "")
    'timed out (the grader stopped it)'
    >>> describe_error("CaseTimeout", "took longer than 10 s"), describe_error("ValueError", "bad")
    ('timed out after 10 s', 'ValueError: bad')
    >>> describe_error("WrongAnswer"), describe_error("CaseTimeout: took longer than 1.0 s")
    ('wrong answer', 'timed out after 1.0 s')
    """
    if not message and ": " in name:  # the judge stores a visible case's error as "Name: message"
        name, message = name.split(": ", 1)
    if name in TIMEOUTS:
        seconds = _SECONDS.search(message or "")
        return f"timed out after {seconds.group(1)} s" if seconds else "timed out (the grader stopped it)"
    name = GRADER_WORDS.get(name, name)
    return f"{name}: {message}" if message else name


def explain_timeouts(text: str) -> str:
    """Stored text with a raw interrupt replaced by what it means.

    >>> explain_timeouts("cell answer-1 raised KeyboardInterrupt: ")
    'cell answer-1 timed out (the grader stopped it)'
    """
    return re.sub(r"(raised )?KeyboardInterrupt:?\s*", "timed out (the grader stopped it) ", text).strip()


@dataclass(frozen=True)
class Item:
    """What a page calls a challenge or quiz question: its title and first hint."""

    kind: str
    title: str
    hint: str = ""


@dataclass(frozen=True)
class RosterEntry:
    """One learner on the class list: the id is the LMS login (the submission's folder or file name)."""

    learner: str
    name: str = ""
    email: str = ""
    section: str = ""


@dataclass(frozen=True)
class Grade:
    """A learner's current grade for one assessment, with penalty and overrides applied."""

    learner: str
    assessment: str
    status: str
    reason: str
    raw_score: float
    late_penalty: float
    final_score: float
    max_score: float
    challenges: dict[str, float]
    overrides: list[dict[str, Any]]
    submission_id: int
    sha: str
    graded_at: str
    detail: dict[str, Any]
    submitted_at: str | None = None

    @property
    def why(self) -> str:
        """The reason to show beside the score: the stored reason, else the first problem a challenge had (a
        timeout, a missing function), else the first error the learner's cells raised; '' for a clean run."""
        return self.explain()

    def explain(self, titles: dict[str, str] | None = None) -> str:
        """:attr:`why`, naming a challenge by its title from ``titles`` (challenge id -> title) where one is known.

        >>> g = Grade("ada", "lab", "graded", "", 1, 0, 1, 2, {}, [], 1, "", "", {"challenges": [
        ...     {"id": "q_lookup", "problem": "not answered"}]})
        >>> g.why, g.explain({"q_lookup": "Which index finds neighbours?"})
        ('q_lookup: not answered', 'Which index finds neighbours?: not answered')
        """
        if self.reason:
            return explain_timeouts(self.reason)
        titles = titles or {}
        problems = [f"{titles.get(c['id'], c['id'])}: {c['problem']}"
                    for c in self.detail.get("challenges", []) if c.get("problem")]
        if problems:
            return explain_timeouts(problems[0])
        errors = self.detail.get("learner_errors") or []
        if errors:
            first = errors[0]
            return f"cell {first.get('cell', '?')}: {describe_error(first.get('ename', ''), first.get('evalue', ''))}"
        return ""


class Gradebook:
    """The gradebook at ``path`` (created 0600 with its migrations on first use)."""

    def __init__(self, path: str | Path, clock: Clock = wall_clock, readonly: bool = False):
        self.path = Path(path)
        self.clock = clock  # stamps graded_at and overrides' at; a test passes a FakeClock
        self.readonly = readonly
        if self.path.is_dir():
            raise InvalidInputError(f"--gradebook {self.path} is a folder; pass a file such as gradebook.sqlite")
        if readonly:
            self.db = self._open_readonly()
        else:
            self._create()
            try:
                self.db = connect(self.path, autocommit=True)
                migrate(self.db, MIGRATIONS)
            except sqlite3.OperationalError as exc:
                if "readonly" in str(exc) or "unable to open" in str(exc):
                    raise InvalidInputError(f"the gradebook {self.path} cannot be written ({exc}); grade into a "
                                            "writable copy, or fix the file's and its folder's permissions") from None
                raise InvalidInputError(f"{self.path} is not a labkit gradebook ({exc}); pass a new or existing one") from None
            except sqlite3.DatabaseError as exc:
                raise InvalidInputError(f"{self.path} is not a labkit gradebook ({exc}); pass a new or existing one") from None
        self.db.row_factory = sqlite3.Row

    def _create(self) -> None:
        """Create the file 0600 (and its folder); a path that cannot be written is a clear error, before any work."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            os.chmod(self.path, 0o600)
        except OSError as exc:
            raise InvalidInputError(f"the gradebook {self.path} cannot be written ({exc.strerror}); use a writable "
                                    "copy, or fix the file's and its folder's permissions") from None

    def _open_readonly(self) -> sqlite3.Connection:
        if not self.path.is_file():
            raise InvalidInputError(f"no gradebook at {self.path}; run labkit grade ... --gradebook {self.path} first")
        db, self._tables = open_readonly(self.path, ("submissions", "results", "overrides"),
                                         what="a labkit gradebook", hint="pass the file labkit grade wrote")
        return db

    def close(self) -> None:
        self.db.close()

    # -- recording ---------------------------------------------------------------------------------------------
    def graded_shas(self, assessment: str) -> dict[tuple[str, str], str]:
        """``{(learner, sha): status}`` of what is recorded for ``assessment``."""
        rows = self.db.execute("SELECT learner, sha, status FROM submissions WHERE assessment = ?", (assessment,))
        return {(r["learner"], r["sha"]): r["status"] for r in rows}

    def submitted_times(self, assessment: str) -> dict[tuple[str, str], str]:
        """``{(learner, sha): submitted_at}`` recorded for ``assessment``: when each exact submission was collected."""
        rows = self.db.execute("SELECT learner, sha, submitted_at FROM submissions WHERE assessment = ?"
                               " AND submitted_at IS NOT NULL", (assessment,))
        return {(r["learner"], r["sha"]): r["submitted_at"] for r in rows}

    def record(self, outcome: dict[str, Any], late_penalty: float = 0.0, submitted_at: str | None = None) -> int:
        """Store one outcome (``Outcome.as_dict()``) and its challenge rows in one transaction; replace a same-sha row."""
        o = outcome
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM submissions WHERE learner = ? AND assessment = ? AND sha = ?",
                            (o["learner"], o["assessment"], o["sha"]))
            cur = self.db.execute(
                "INSERT INTO submissions (learner, assessment, sha, path, submitted_at, graded_at, status, reason, score,"
                " max_score, late_penalty, spec, seconds, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (o["learner"], o["assessment"], o["sha"], o.get("path"), submitted_at, utc_iso(self.clock), o["status"],
                 o.get("reason", ""), o.get("score", 0.0), o.get("max_score", 0.0), late_penalty, o.get("spec", ""),
                 o.get("seconds", 0.0), json.dumps(o, sort_keys=True)),
            )
            sid = int(cur.lastrowid)
            self.db.executemany(
                "INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(sid, c["id"], c["kind"], c["points"], c["score"], c["cases_passed"], c["cases_total"])
                 for c in o.get("challenges", [])],
            )
        return sid

    def override(self, learner: str, assessment: str, points: float, comment: str, challenge: str = "") -> None:
        """Set ``points`` for one challenge (or the whole grade when ``challenge`` is empty); a comment is required."""
        if not comment.strip():
            raise InvalidInputError("an override needs a --comment saying why (it is shown to the learner)")
        current = {g.learner: g for g in self.current(assessment)}
        if learner not in current:
            raise InvalidInputError(f"no graded submission of {learner!r} for {assessment!r}; grade it first")
        grade = current[learner]
        if challenge and challenge not in grade.challenges:
            raise InvalidInputError(f"{assessment!r} has no challenge {challenge!r}; known: {sorted(grade.challenges)}")
        limit = grade.max_score if not challenge else next(
            c["points"] for c in grade.detail.get("challenges", []) if c["id"] == challenge)
        if not 0 <= points <= limit:
            raise InvalidInputError(f"override points must be between 0 and {limit:g}, got {points:g}")
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("INSERT INTO overrides (learner, assessment, challenge, points, comment, at)"
                            " VALUES (?, ?, ?, ?, ?, ?)", (learner, assessment, challenge, points, comment, utc_iso(self.clock)))

    def set_roster(self, entries: list[RosterEntry]) -> None:
        """Replace the class list with ``entries`` (in their order), in one transaction."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM roster")
            self.db.executemany("INSERT INTO roster VALUES (?, ?, ?, ?, ?)",
                                [(e.learner, e.name, e.email, e.section, i) for i, e in enumerate(entries)])

    def set_items(self, assessment: Any) -> None:
        """Record the title and first hint of every item of ``assessment`` (a spec), kind by kind."""
        outlines = [(kind.name, item.id, kind.lab.outline(item)) for kind, item in kind_items(assessment)]
        rows = [(assessment.id, item, kind, shown["title"], shown["hint"]) for kind, item, shown in outlines]
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM items WHERE assessment = ?", (assessment.id,))
            self.db.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?)", rows)

    # -- reading -----------------------------------------------------------------------------------------------
    def items(self) -> dict[tuple[str, str], Item]:
        """``{(assessment, item id): Item}`` for every assessment graded with its spec recorded."""
        if self.readonly and "items" not in self._tables:
            return {}
        rows = self.db.execute("SELECT assessment, item, kind, title, hint FROM items")
        return {(r[0], r[1]): Item(r[2], r[3], r[4]) for r in rows}

    def roster(self) -> dict[str, RosterEntry]:
        """The class list by learner id, in roster order (empty when no roster was given)."""
        if self.readonly and "roster" not in self._tables:  # an older gradebook, opened without migrating
            return {}
        rows = self.db.execute("SELECT learner, name, email, section FROM roster ORDER BY position")
        return {r[0]: RosterEntry(*r) for r in rows}

    def accounted(self, assessment: str | None = None) -> list[Grade]:
        """:meth:`current` plus a ``missing`` grade (0 points) for every roster learner with no submission for an
        assessment in the gradebook (or ``assessment``), sorted by assessment then learner."""
        grades = self.current(assessment)
        roster = self.roster()
        if not roster:
            return grades
        have = {(g.learner, g.assessment) for g in grades}
        known: dict[str, Grade | None] = {}  # assessment -> a grade to take its title and points from
        for g in grades:
            known.setdefault(g.assessment, g)
        if assessment is not None:
            known.setdefault(assessment, None)  # nobody submitted yet: max score unknown
        for aid, example in known.items():
            for learner in roster:
                if (learner, aid) not in have:
                    grades.append(_missing(learner, aid, example))
        return sorted(grades, key=lambda g: (g.assessment, g.learner))

    def assessments(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT assessment FROM submissions ORDER BY assessment")]

    def current(self, assessment: str | None = None) -> list[Grade]:
        """The current grade of every learner (per assessment), sorted by assessment then learner."""
        rows = self.db.execute(
            "SELECT s.* FROM submissions s JOIN (SELECT learner, assessment, MAX(id) AS id FROM submissions"
            " WHERE status != 'error' GROUP BY learner, assessment) last ON last.id = s.id"
            " WHERE (? IS NULL OR s.assessment = ?) ORDER BY s.assessment, s.learner", (assessment, assessment),
        ).fetchall()
        grades = []
        for r in rows:
            detail = json.loads(r["detail"])
            scores = {c["id"]: c["score"] for c in detail.get("challenges", [])}
            overrides = [dict(o) for o in self.db.execute(
                "SELECT challenge, points, comment, at FROM overrides WHERE learner = ? AND assessment = ? ORDER BY id",
                (r["learner"], r["assessment"]))]
            whole = None
            for o in overrides:
                if o["challenge"]:
                    scores[o["challenge"]] = o["points"]
                else:
                    whole = o["points"]
            raw = round(sum(scores.values()), 2)
            final = whole if whole is not None else round(raw * (1 - r["late_penalty"]), 2)
            grades.append(Grade(
                learner=r["learner"], assessment=r["assessment"], status=r["status"], reason=r["reason"],
                raw_score=raw, late_penalty=r["late_penalty"], final_score=final, max_score=r["max_score"],
                challenges=scores, overrides=overrides, submission_id=r["id"], sha=r["sha"], graded_at=r["graded_at"],
                detail=detail, submitted_at=r["submitted_at"],
            ))
        return grades

    def count(self, assessment: str | None = None) -> int:
        return self.db.execute("SELECT COUNT(*) FROM submissions WHERE (? IS NULL OR assessment = ?)",
                               (assessment, assessment)).fetchone()[0]


def _missing(learner: str, assessment: str, example: Grade | None) -> Grade:
    """The grade of a roster learner who submitted nothing: 0 of the assessment's points, reason said."""
    max_score = example.max_score if example else 0.0
    detail = {"title": example.detail.get("title", assessment)} if example else {"title": assessment}
    return Grade(learner=learner, assessment=assessment, status=MISSING, reason="no submission", raw_score=0.0,
                 late_penalty=0.0, final_score=0.0, max_score=max_score, challenges={}, overrides=[],
                 submission_id=0, sha="", graded_at="", detail=detail)
