import sqlite3

import pytest

from labkit.errors import InvalidInputError, SQLQueryError, SQLTimeoutError, UnsafeSQLError
from labkit.llm import ScriptedChatModel, ToolCalls
from labkit.tools import SQLDatabase, open_read_only, read_only_authorizer, run_tool_loop
from labkit.tools.access import Risk, access_of

ORDERS = [("ana", 30.0), ("ben", 12.5), ("ana", 7.5), ("cy", 99.0), ("ben", 1.0)]


@pytest.fixture
def shop(tmp_path):
    path = tmp_path / "shop.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, total REAL NOT NULL)")
        db.executemany("INSERT INTO orders (customer, total) VALUES (?, ?)", ORDERS)
        db.execute("CREATE TABLE customers (name TEXT PRIMARY KEY, city TEXT)")
        db.executemany("INSERT INTO customers VALUES (?, ?)", [("ana", "Oslo"), ("ben", "Lima"), ("cy", "Pune")])
    db.close()
    return path


def order_count(path):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM orders").fetchone()[0]


def test_select_and_with_queries_read(shop):
    with SQLDatabase(shop) as db:
        totals = db.query("SELECT customer, SUM(total) AS spent FROM orders GROUP BY customer ORDER BY spent DESC")
        assert totals.columns == ("customer", "spent") and totals.rows[0] == ("cy", 99.0) and not totals.truncated
        cte = db.query("WITH big AS (SELECT * FROM orders WHERE total > 10) select count(*) FROM big")
        assert cte.rows == [(3,)]
        assert db.query("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 4) "
                        "SELECT sum(x) FROM n").rows == [(10,)]


@pytest.mark.parametrize("sql", [
    "DELETE FROM orders",
    "UPDATE orders SET total = 0",
    "INSERT INTO orders (customer, total) VALUES ('eve', 1)",
    "DROP TABLE orders",
    "CREATE TABLE t (x)",
    "WITH gone AS (SELECT id FROM orders) DELETE FROM orders WHERE id IN gone",
    "ATTACH DATABASE ':memory:' AS other",
    "PRAGMA query_only = OFF",
    "SELECT * FROM pragma_table_info('orders')",
    "SELECT 1; DELETE FROM orders",
    "BEGIN",
    "VACUUM",
    "REPLACE INTO customers VALUES ('ana', 'Rome')",
    "CREATE TEMP TABLE scratch AS SELECT * FROM orders",
    "ANALYZE",
    "SAVEPOINT before",
])
def test_every_write_or_escape_is_refused_and_nothing_changes(shop, sql):
    with SQLDatabase(shop) as db:
        with pytest.raises(UnsafeSQLError) as info:
            db.query(sql)
        assert info.value.sql == sql
        assert db.query("SELECT count(*) FROM orders").rows == [(5,)]  # the connection still works after a refusal
    assert order_count(shop) == 5


def test_each_guard_stops_a_write_on_its_own(shop):
    """The authorizer, query_only and mode=ro are independent: each refuses a write when it is the only guard."""
    assert read_only_authorizer(sqlite3.SQLITE_INSERT, "orders", None, "main", None) == sqlite3.SQLITE_DENY
    query_only = sqlite3.connect(shop)
    query_only.execute("PRAGMA query_only = ON")
    read_only_file = sqlite3.connect(f"{shop.resolve().as_uri()}?mode=ro", uri=True)
    for db in (query_only, read_only_file):
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.execute("DELETE FROM orders")
        db.close()
    guarded = open_read_only(shop)
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        guarded.execute("PRAGMA query_only = OFF")  # the authorizer keeps query_only from being switched off
    guarded.close()
    assert order_count(shop) == 5


def test_row_limit_cuts_and_says_so(shop):
    with SQLDatabase(shop, max_rows=2) as db:
        result = db.query("SELECT customer FROM orders ORDER BY id")
        assert result.rows == [("ana",), ("ben",)] and result.truncated
        assert "more rows exist; only the first 2" in result.to_text()
        exact = db.query("SELECT customer FROM orders ORDER BY id LIMIT 2")
        assert exact.rows == [("ana",), ("ben",)] and not exact.truncated


class TickingClock:
    """Moves one second each time it is read: a query that keeps running passes its deadline after a few checks."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += 1.0
        return self.now


def test_a_runaway_query_is_interrupted_at_its_deadline(shop):
    endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
    with SQLDatabase(shop, timeout=3, clock=TickingClock()) as db:
        with pytest.raises(SQLTimeoutError, match="longer than 3 s"):
            db.query(endless)
        assert db.query("SELECT count(*) FROM orders").rows == [(5,)]  # the deadline is per query


def test_sqlite_errors_are_clear_and_distinct_from_refusals(shop):
    with SQLDatabase(shop) as db:
        with pytest.raises(SQLQueryError, match="no such table: purchases") as info:
            db.query("SELECT * FROM purchases")
        with pytest.raises(SQLQueryError, match="syntax error"):
            db.query("SELECT * FROM order")
        assert not isinstance(info.value, UnsafeSQLError)
        with pytest.raises(InvalidInputError):
            db.query("   ")


def test_schema_lists_tables_with_their_create_statements(shop):
    with SQLDatabase(shop) as db:
        assert db.tables() == ["customers", "orders"]
        schema = db.schema()
    orders = "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, total REAL NOT NULL);  -- 5 rows"
    assert orders in schema
    assert "-- 3 rows" in schema


def test_bad_paths_and_settings_are_one_line_errors(tmp_path):
    with pytest.raises(InvalidInputError, match="No SQLite database"):
        SQLDatabase(tmp_path / "missing.sqlite")
    assert not (tmp_path / "missing.sqlite").exists()  # mode=ro never creates a file
    (tmp_path / "notes.txt").write_text("not a database " * 100)
    with pytest.raises(InvalidInputError, match="is not a SQLite database"):
        SQLDatabase(tmp_path / "notes.txt")
    with pytest.raises(InvalidInputError, match="max_rows"):
        SQLDatabase(tmp_path / "notes.txt", max_rows=0)


def test_the_agent_loop_reads_the_schema_then_queries_and_cannot_write(shop):
    """A scripted model stands in for a real one that writes SQL: the tools, guards and loop are what is tested."""
    model = ScriptedChatModel(replies=[
        ToolCalls([("sql_schema", {})]),
        ToolCalls([("sql_query", {"sql": "DELETE FROM orders"})]),
        ToolCalls([("sql_query", {"sql": "SELECT customer, SUM(total) AS spent FROM orders "
                                          "GROUP BY customer ORDER BY spent DESC LIMIT 1"})]),
        "cy spent the most: 99.0.",
    ])
    with SQLDatabase(shop) as db:
        tools = db.tools()
        assert all(access_of(t).risk is Risk.READ_ONLY and access_of(t).scopes == {"sql:read"} for t in tools)
        result = run_tool_loop(model, tools, "Who spent the most?")
    assert [(s.tool, s.ok) for s in result.steps] == [("sql_schema", True), ("sql_query", False), ("sql_query", True)]
    assert "Refused SQL" in result.steps[1].output
    assert result.steps[2].output == '[{"customer": "cy", "spent": 99.0}]'
    assert result.answer == "cy spent the most: 99.0." and order_count(shop) == 5
