"""One SQLite helper for every store: connect, named migrations, read-only open; old files keep working."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from labkit.clock import FakeClock
from labkit.errors import ReportInputError, StoreFormatError
from labkit.sqlite import connect, migrate, open_readonly


def test_connect_creates_the_folder_and_sets_wal_busy_timeout_and_foreign_keys(tmp_path):
    db = connect(tmp_path / "deep" / "er" / "store.sqlite", timeout=7)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 7000
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    db.close()
    assert (tmp_path / "deep" / "er" / "store.sqlite").is_file()


def test_migrations_apply_in_order_once_and_are_recorded(tmp_path):
    order = []

    def second(db):
        order.append("second")
        db.execute("ALTER TABLE t ADD COLUMN b TEXT")

    steps = [("0001_t", "CREATE TABLE t (a TEXT)"), ("0002_b", second)]
    db = connect(tmp_path / "s.sqlite", autocommit=True)
    assert migrate(db, steps[:1], clock=FakeClock(0)) == ["0001_t"]
    assert migrate(db, steps, clock=FakeClock(0)) == ["0002_b"]
    assert migrate(db, steps) == [] and order == ["second"]
    assert [r[0] for r in db.execute("SELECT name FROM migrations ORDER BY name")] == ["0001_t", "0002_b"]
    assert db.execute("SELECT applied_at FROM migrations").fetchone()[0] == "1970-01-01T00:00:00+00:00"
    db.execute("INSERT INTO t VALUES ('x', 'y')")


def test_a_failing_migration_leaves_nothing_behind(tmp_path):
    def broken(db):
        db.execute("CREATE TABLE half (a)")
        raise RuntimeError("step failed")

    db = connect(tmp_path / "s.sqlite")
    with pytest.raises(RuntimeError):
        migrate(db, [("0001_half", broken)])
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "half" not in tables
    assert db.execute("SELECT COUNT(*) FROM migrations").fetchone()[0] == 0


def test_open_readonly_checks_tables_and_names_the_file(tmp_path):
    good = tmp_path / "good.sqlite"
    db = connect(good)
    migrate(db, [("0001", "CREATE TABLE attempts (a)")])
    db.close()
    ro, tables = open_readonly(good, ["attempts"], what="a store", hint="pass a store")
    assert {"attempts", "migrations"} <= tables
    with pytest.raises(sqlite3.OperationalError):
        ro.execute("INSERT INTO attempts VALUES (1)")  # really read-only
    ro.close()
    with pytest.raises(StoreFormatError, match=r"good.sqlite is not a store \(no challenges table\); pass a store"):
        open_readonly(good, ["attempts", "challenges"], what="a store", hint="pass a store")
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, just some words to fill the header page " * 20)
    with pytest.raises(ReportInputError, match="notes.txt: is not a store"):
        open_readonly(text, ["attempts"], what="a store", hint="pass a store", error=ReportInputError)
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    _, none = open_readonly(empty, ["attempts"], what="a store", hint="h", allow_empty=True)
    assert none == set()


def test_stores_written_before_the_migrations_table_open_and_keep_their_data(tmp_path):
    """The embedding cache, the SQLite response cache and the audit log had no migrations table: adopt them."""
    from labkit.embed.cache import EmbeddingCache
    from labkit.production.audit import AuditLog
    from labkit.production.cache import SQLiteCache

    old = sqlite3.connect(tmp_path / "vectors.sqlite")
    old.execute("CREATE TABLE vectors (model TEXT NOT NULL, text_hash TEXT NOT NULL, dim INTEGER NOT NULL, "
                "vector BLOB NOT NULL, PRIMARY KEY (model, text_hash))")
    from labkit.embed.cache import text_hash

    old.execute("INSERT INTO vectors VALUES ('m', ?, 2, ?)", (text_hash("hi"), np.ones(2, np.float32).tobytes()))
    old.commit()
    old.close()
    cache = EmbeddingCache(tmp_path / "vectors.sqlite")
    assert cache.get_many("m", ["hi"])[0].tolist() == [1.0, 1.0]
    cache.close()

    old = sqlite3.connect(tmp_path / "cache.sqlite")
    old.execute("CREATE TABLE cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires REAL, last_used REAL NOT NULL)")
    old.execute("INSERT INTO cache VALUES ('k', '\"v\"', NULL, 0)")
    old.commit()
    old.close()
    assert SQLiteCache(tmp_path / "cache.sqlite").get("k") == "v"

    log = AuditLog(tmp_path / "audit.sqlite")
    log.append("ada", "grade")
    log._conn.execute("DROP TABLE migrations")  # as the old code left it
    log._conn.commit()
    reopened = AuditLog(tmp_path / "audit.sqlite")
    assert len(reopened) == 1 and reopened.verify().ok
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        with reopened._conn:
            reopened._conn.execute("DELETE FROM audit")
