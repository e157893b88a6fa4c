"""The level-4 SQL tool and access policy under the level-6 tool-use agent, which runs every call in a worker thread."""

import sqlite3

import pytest

from labkit.agents import ToolUseAgent
from labkit.llm import ScriptedChatModel, ToolCalls
from labkit.tools import AccessPolicy, AuditTrail, Caller, SQLDatabase


@pytest.fixture
def shop(tmp_path):
    """A small SQLite shop: table orders(id, customer, total) with ana 30.0 and cy 99.0."""
    path = tmp_path / "shop.sqlite"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, total REAL)")
        setup.executemany("INSERT INTO orders (customer, total) VALUES (?, ?)", [("ana", 30.0), ("cy", 99.0)])
    setup.close()
    return path


def test_the_tool_use_agent_queries_a_guarded_read_only_database(shop):
    model = ScriptedChatModel(replies=[
        ToolCalls([("sql_schema", {})]),
        ToolCalls([("sql_query", {"sql": "SELECT customer FROM orders ORDER BY total DESC LIMIT 1"})]),
        "cy spent the most.",
    ])
    trail = AuditTrail()
    policy = AccessPolicy({"analyst": {"sql:read"}}, audit=trail)
    with SQLDatabase(shop) as db:
        agent = ToolUseAgent(model, policy.guard(db.tools(), Caller("ana", "analyst")), max_turns=4)
        run = agent.run("Who spent the most?")
    assert [(e.tool, e.status) for e in run.events] == [("sql_schema", "ok"), ("sql_query", "ok")]
    assert run.events[1].result == '[{"customer": "cy"}]' and run.answer == "cy spent the most."
    assert [(e.action, e.resource) for e in trail.entries] == [("tool.allow", "sql_schema"), ("tool.allow", "sql_query")]


def test_a_refused_query_keeps_the_sql_tool_so_the_model_can_correct_it(shop):
    model = ScriptedChatModel(replies=[
        ToolCalls([("sql_query", {"sql": "DELETE FROM orders"})]),
        ToolCalls([("sql_query", {"sql": "SELECT customer FROM order_lines"})]),
        ToolCalls([("sql_query", {"sql": "SELECT COUNT(*) AS n FROM orders"})]),
        "There are 2 orders.",
    ])
    with SQLDatabase(shop) as db:
        agent = ToolUseAgent(model, db.tools(), max_turns=5, max_retries=2)
        run = agent.run("How many orders are there?")
    assert [(e.tool, e.status, e.attempts, e.replaces) for e in run.events] == [
        ("sql_query", "refused", 1, ""), ("sql_query", "refused", 1, ""), ("sql_query", "ok", 1, "")]
    assert run.events[0].result.startswith("Error: UnsafeSQLError: Refused SQL")
    assert "order_lines" in run.events[1].result and run.events[2].result == '[{"n": 2}]'
    # the model was offered the SQL tool on every turn, and read each reason
    assert all("sql_query" in [t["function"]["name"] for t in call.kwargs["tools"]] for call in model.calls[:3])
    assert "Refused SQL" in model.calls[1].messages[-1].content
    stats = agent.stats["sql_query"]
    assert (stats.calls, stats.ok, stats.refused, stats.errors) == (3, 1, 2, 0)
    assert run.status == "answered"


def test_access_denied_is_a_refusal_not_a_broken_tool(shop):
    model = ScriptedChatModel(replies=[ToolCalls([("sql_query", {"sql": "SELECT 1"})]), "I may not query it."])
    policy = AccessPolicy({"guest": set()})
    with SQLDatabase(shop) as db:
        agent = ToolUseAgent(model, policy.guard(db.tools(), Caller("bo", "guest")), max_turns=3)
        run = agent.run("Count the orders.")
    assert [(e.tool, e.status, e.attempts) for e in run.events] == [("sql_query", "refused", 1)]
    assert "Access denied" in run.events[0].result and run.answer == "I may not query it."
