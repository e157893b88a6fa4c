"""A SQL tool over SQLite that can only read: the model writes a query, three independent guards make sure it reads.

What it teaches: giving a model a database is giving it a program to run, so "please only SELECT" in a prompt is
not a control. The tool opens the file so that writing is impossible at three levels, each of which would stop a
write on its own:

1. **the file is opened read-only** (``file:...?mode=ro`` URI): SQLite itself refuses to change the file;
2. **the connection is query-only** (``PRAGMA query_only = ON``): every write statement fails, even on a copy
   opened writable by mistake;
3. **an authorizer** (:func:`read_only_authorizer`, installed with ``set_authorizer``) is asked by SQLite, while it
   compiles each statement, about every action it would perform, and allows only reading: a ``SELECT`` or
   ``WITH ... SELECT``, reading columns, calling functions, recursion. Writes, DDL, ``ATTACH``, ``PRAGMA``,
   transactions: denied before anything runs. This is the real statement guard, because it judges what SQLite
   actually compiled rather than what the text looks like (a keyword check such as ``sql.startswith("SELECT")``
   refuses ``WITH`` queries that only read and is fooled by comments, case and quoting).

Python's ``sqlite3`` adds a fourth for free: ``execute`` compiles one statement and refuses text holding more
(``SELECT 1; DROP TABLE t``). Two bounds keep a query from hurting the caller: a **row limit** (rows beyond it are
not fetched, and the result says it was cut) and a **timeout** (a progress handler, called every few thousand
virtual-machine steps, interrupts a query that runs past its deadline, such as an endless recursive CTE).

Schema introspection is a tool too (:meth:`SQLDatabase.schema`): a model writes correct SQL only when it has seen
the tables, so an agent reads the schema first, then queries. :meth:`SQLDatabase.tools` hands both to the tool loop
of :mod:`labkit.tools.loop` as a :class:`~labkit.tools.registry.ToolRegistry`, declared read-only for
:mod:`labkit.tools.access`.

>>> import sqlite3, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "shop.sqlite"
>>> with sqlite3.connect(path) as setup:
...     _ = setup.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, total REAL)")
...     _ = setup.executemany("INSERT INTO orders (customer, total) VALUES (?, ?)", [("ana", 30), ("ben", 12.5)])
>>> db = SQLDatabase(path, max_rows=10)
>>> db.query("SELECT customer, total FROM orders ORDER BY total DESC").rows
[('ana', 30.0), ('ben', 12.5)]
>>> db.query("DELETE FROM orders")
Traceback (most recent call last):
...
labkit.errors.UnsafeSQLError: Refused SQL (only one SELECT or WITH ... SELECT statement may run): not authorized.
>>> db.close()

The offline model does not write SQL from a question: it passes on a query that the request spells out
(``Use sql_query with sql: "SELECT ..."``). Turning "who spent the most?" into SQL is a real model's job; the
guards above are what make it safe to let one.

Left out: parsing the SQL into a tree (``sqlglot``) to explain *which* clause was refused: the authorizer already
decides on what SQLite compiles, which a second parser could only disagree with; per-table or per-column
permissions (the authorizer receives the table and column names, so it is the place to add them); and databases
other than SQLite.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labkit.errors import InvalidInputError, SQLQueryError, SQLTimeoutError, UnsafeSQLError

ALLOWED_ACTIONS = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
                             sqlite3.SQLITE_RECURSIVE})
"""What a read-only statement needs SQLite to do: run a SELECT, read columns, call functions, recurse in a CTE."""

PROGRESS_EVERY = 1000
"""Virtual-machine instructions between two timeout checks: often enough to stop within milliseconds, rare enough
to cost nothing."""


def read_only_authorizer(action: int, arg1: str | None, arg2: str | None, database: str | None,
                         source: str | None) -> int:
    """SQLite's authorizer callback: ``SQLITE_OK`` for reading, ``SQLITE_DENY`` for anything else.

    SQLite calls it while compiling a statement, once per action with its arguments (table, column, function name).

    >>> read_only_authorizer(sqlite3.SQLITE_READ, "orders", "total", "main", None) == sqlite3.SQLITE_OK
    True
    >>> read_only_authorizer(sqlite3.SQLITE_DELETE, "orders", None, "main", None) == sqlite3.SQLITE_DENY
    True
    >>> read_only_authorizer(sqlite3.SQLITE_ATTACH, "/tmp/other.db", None, None, None) == sqlite3.SQLITE_DENY
    True
    """
    return sqlite3.SQLITE_OK if action in ALLOWED_ACTIONS else sqlite3.SQLITE_DENY


def open_read_only(path: str | Path) -> sqlite3.Connection:
    """Open an existing SQLite file so that nothing can change it: ``mode=ro``, ``query_only``, the authorizer.

    A missing file is an error rather than a new empty database (``mode=ro`` never creates one).
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidInputError(f"No SQLite database at {path}; pass the path of an existing .sqlite file.")
    try:
        # check_same_thread=False: agents run each tool call in a worker thread under a deadline
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        db.execute("PRAGMA query_only = ON")  # before the authorizer, which denies every PRAGMA
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a file that is not SQLite fails here
    except sqlite3.DatabaseError as exc:
        raise InvalidInputError(f"{path} is not a SQLite database ({exc}).") from None
    db.set_authorizer(read_only_authorizer)
    return db


@dataclass(frozen=True)
class QueryResult:
    """Rows of one query, its column names, and whether the row limit cut it short."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    truncated: bool = False

    def to_text(self) -> str:
        """What the model reads: JSON rows keyed by column, and a note when rows were left out.

        >>> QueryResult(("customer", "total"), [("ana", 30.0)], truncated=True).to_text()
        '[{"customer": "ana", "total": 30.0}]\\n(more rows exist; only the first 1 are shown: add LIMIT or aggregate)'
        """
        text = json.dumps([dict(zip(self.columns, row)) for row in self.rows], ensure_ascii=False, default=str)
        if self.truncated:
            text += (f"\n(more rows exist; only the first {len(self.rows)} are shown: add LIMIT or aggregate)")
        return text


class SQLDatabase:
    """A SQLite file opened read-only, with a row limit per query and a timeout per query (module docstring).

    ``timeout`` is seconds measured on ``clock`` (``time.monotonic`` unless a test passes a fake one).
    """

    def __init__(self, path: str | Path, *, max_rows: int = 50, timeout: float = 2.0,
                 clock: Callable[[], float] = time.monotonic):
        if not isinstance(max_rows, int) or isinstance(max_rows, bool) or max_rows < 1:
            raise InvalidInputError(f"max_rows must be a positive integer, got {max_rows!r}.")
        if not isinstance(timeout, (int, float)) or timeout <= 0:
            raise InvalidInputError(f"timeout must be a positive number of seconds, got {timeout!r}.")
        self.path = Path(path)
        self.max_rows, self.timeout, self.clock = max_rows, float(timeout), clock
        self._db = open_read_only(self.path)
        self._lock = threading.Lock()  # one query at a time: each sets its own deadline on the shared connection

    def tables(self) -> list[str]:
        """The user tables, by name (SQLite's own ``sqlite_*`` tables left out)."""
        with self._lock:
            rows = self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                    "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
        return [name for (name,) in rows]

    def schema(self) -> str:
        """Every table's ``CREATE`` statement and row count: what a model needs to read before writing SQL."""
        parts = []
        with self._lock:
            tables = self._db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                                      "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
            for name, ddl in tables:
                quoted = '"' + name.replace('"', '""') + '"'
                parts.append(f"{ddl};  -- {self._db.execute(f'SELECT count(*) FROM {quoted}').fetchone()[0]} rows")
        return "\n".join(parts) or "(the database has no tables)"

    def query(self, sql: str) -> QueryResult:
        """Run one read-only statement: at most ``max_rows`` rows, interrupted after ``timeout`` seconds.

        Raises :class:`~labkit.errors.UnsafeSQLError` for anything but one read statement,
        :class:`~labkit.errors.SQLTimeoutError` past the deadline and :class:`~labkit.errors.SQLQueryError` when
        SQLite rejects the query (a syntax error, an unknown table or column).
        """
        if not isinstance(sql, str) or not sql.strip():
            raise InvalidInputError("The SQL must be a non-empty string holding one SELECT statement.")
        with self._lock:
            return self._query(sql)

    def _query(self, sql: str) -> QueryResult:
        deadline = self.clock() + self.timeout
        self._db.set_progress_handler(lambda: self.clock() > deadline, PROGRESS_EVERY)  # truthy = interrupt
        try:
            cursor = self._db.execute(sql)
            rows = cursor.fetchmany(self.max_rows + 1)  # one more than allowed tells us whether more exist
        except sqlite3.ProgrammingError as exc:  # "You can only execute one statement at a time."
            raise UnsafeSQLError(sql, str(exc).rstrip(".")) from None
        except sqlite3.DatabaseError as exc:
            primary = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # extended codes carry the primary in the low byte
            # the authorizer (SQLITE_AUTH; a table-valued PRAGMA function reports it as a plain "not authorized"),
            # or mode=ro / query_only (SQLITE_READONLY)
            if primary in (sqlite3.SQLITE_AUTH, sqlite3.SQLITE_READONLY) or str(exc) == "not authorized":
                raise UnsafeSQLError(sql, str(exc)) from None
            if primary == sqlite3.SQLITE_INTERRUPT:  # the progress handler asked to stop
                raise SQLTimeoutError(sql, self.timeout) from None
            raise SQLQueryError(sql, str(exc)) from None
        finally:
            self._db.set_progress_handler(None, PROGRESS_EVERY)
        columns = tuple(d[0] for d in cursor.description or ())
        cursor.close()
        return QueryResult(columns, rows[: self.max_rows], truncated=len(rows) > self.max_rows)

    def tools(self) -> Any:
        """``sql_schema`` and ``sql_query`` in a :class:`~labkit.tools.registry.ToolRegistry`, declared read-only
        with the scope ``sql:read`` (:mod:`labkit.tools.access`)."""
        from labkit.tools.access import Risk, declare_access
        from labkit.tools.registry import ToolRegistry

        @declare_access(Risk.READ_ONLY, scopes={"sql:read"})
        def sql_schema() -> str:
            """Show the database's tables: each CREATE TABLE statement and its row count. Read it before querying."""
            return self.schema()

        @declare_access(Risk.READ_ONLY, scopes={"sql:read"})
        def sql_query(sql: str) -> str:
            """Run one read-only SQL statement (SELECT or WITH ... SELECT) on the database and return its rows.

            Args:
                sql: a single SELECT statement over the tables that sql_schema shows
            """
            return self.query(sql).to_text()

        return ToolRegistry([sql_schema, sql_query])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SQLDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
