"""SQLite for every labkit store: one way to open a file, to change its schema, and to read someone else's copy.

The one idea: a store is a file that outlives the code that wrote it, so three things must hold for every one of
them (the progress store, the gradebook, the response, embedding and production caches, the audit log):

1. :func:`connect` opens it the same way: the folder is created, the journal is WAL (a notebook kernel reads while a
   terminal writes), ``synchronous=NORMAL`` (with WAL a crash of the program loses nothing committed; only a power
   cut can lose the last commits, never consistency), a busy timeout instead of an instant "database is locked",
   and foreign keys enforced.
2. :func:`migrate` changes the schema by *ordered, named migrations* recorded in a ``migrations`` table, each in its
   own transaction, so an old file is brought up to date by applying only what it lacks, and two processes opening
   a new file at once apply each step once. A store written before it had migrations is adopted by making its
   first migration ``CREATE TABLE IF NOT EXISTS``.
3. :func:`open_readonly` opens a file a report only reads (never creating, migrating or changing it) and checks
   that it holds the tables expected, so a wrong file is one clear error naming it and saying what to pass instead.

>>> db = connect(":memory:")
>>> migrate(db, [("0001_notes", "CREATE TABLE notes (text TEXT)")])
['0001_notes']
>>> migrate(db, [("0001_notes", "CREATE TABLE notes (text TEXT)")])  # already applied: nothing to do
[]

Left out: down-migrations (a learner's store is never downgraded) and connection pooling (each store holds one
connection, or opens one per operation).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from labkit.clock import Clock, utc_iso, wall_clock
from labkit.errors import StoreFormatError

Step = Callable[[sqlite3.Connection], None] | str
"""A migration step: a function given the connection, or one SQL statement."""
Migration = tuple[str, Step]


def connect(path: str | Path, *, timeout: float = 30.0, autocommit: bool = False,
            threads: bool = False) -> sqlite3.Connection:
    """Open (creating its folder) the SQLite file at ``path`` in WAL mode with a busy timeout and foreign keys.

    ``autocommit=True`` leaves transactions to the caller (``BEGIN``/``COMMIT``); otherwise Python's ``with db:``
    commits. ``threads=True`` lets several threads share the connection (guard it with a lock).
    ``":memory:"`` opens a private in-memory database.
    """
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), timeout=timeout, isolation_level=None if autocommit else "",
                         check_same_thread=not threads)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    return db


def migrate(db: sqlite3.Connection, migrations: Sequence[Migration], clock: Clock = wall_clock) -> list[str]:
    """Apply the named migrations not yet recorded in ``migrations``, each in its own transaction; return their names."""
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM migrations")}
    applied = []
    for name, step in migrations:
        if name in done:
            continue
        with db:
            db.execute("BEGIN IMMEDIATE")
            # another process may have applied it between our read and our lock
            if db.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                continue
            if isinstance(step, str):
                db.execute(step)
            else:
                step(db)
            db.execute("INSERT INTO migrations VALUES (?, ?)", (name, utc_iso(clock)))
        applied.append(name)
    return applied


def open_readonly(path: str | Path, required: Iterable[str], *, what: str, hint: str, allow_empty: bool = False,
                  error: Callable[[str, str], Exception] = StoreFormatError) -> tuple[sqlite3.Connection, set[str]]:
    """Open ``path`` read-only and check it holds the ``required`` tables; returns the connection and its tables.

    A file that is not SQLite, or lacks a required table, raises ``error(path, problem)`` (by default a
    :class:`~labkit.errors.StoreFormatError`) whose message reads "``<path> is not <what> (<why>); <hint>``".
    ``allow_empty`` accepts a file with no tables at all (a store not written yet).
    """
    path = Path(path)
    uri = path.resolve().as_uri()
    tables: set[str] = set()
    try:
        # a WAL file we may not write: reading needs its shared-memory index, which we cannot create, so the second
        # try reads the file as it is on disk (a writer, if any, is another user we could not block anyway)
        for options in ("?mode=ro", "?mode=ro&immutable=1"):
            try:
                db = sqlite3.connect(uri + options, uri=True)
                tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                break
            except sqlite3.OperationalError:
                if "immutable" in options:
                    raise
    except sqlite3.DatabaseError as exc:
        raise error(str(path), f"is not {what} ({exc}); {hint}") from None
    missing = [t for t in required if t not in tables]
    if missing and not (allow_empty and not tables):
        db.close()
        raise error(str(path), f"is not {what} (no {missing[0]} table); {hint}")
    return db, tables
