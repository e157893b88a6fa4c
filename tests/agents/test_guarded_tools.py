"""The level-4 SQL tool and access policy under the level-6 tool-use agent, which runs every call in a worker thread."""

import sqlite3

from labkit.agents import ToolUseAgent
from labkit.llm import ScriptedChatModel, ToolCalls
from labkit.tools import AccessPolicy, AuditTrail, Caller, SQLDatabase


def test_the_tool_use_agent_queries_a_guarded_read_only_database(tmp_path):
    path = tmp_path / "shop.sqlite"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, total REAL)")
        setup.executemany("INSERT INTO orders (customer, total) VALUES (?, ?)", [("ana", 30.0), ("cy", 99.0)])
    setup.close()
    model = ScriptedChatModel(replies=[
        ToolCalls([("sql_schema", {})]),
        ToolCalls([("sql_query", {"sql": "SELECT customer FROM orders ORDER BY total DESC LIMIT 1"})]),
        "cy spent the most.",
    ])
    trail = AuditTrail()
    policy = AccessPolicy({"analyst": {"sql:read"}}, audit=trail)
    with SQLDatabase(path) as db:
        agent = ToolUseAgent(model, policy.guard(db.tools(), Caller("ana", "analyst")), max_turns=4)
        run = agent.run("Who spent the most?")
    assert [(e.tool, e.status) for e in run.events] == [("sql_schema", "ok"), ("sql_query", "ok")]
    assert run.events[1].result == '[{"customer": "cy"}]' and run.answer == "cy spent the most."
    assert [(e.action, e.resource) for e in trail.entries] == [("tool.allow", "sql_schema"), ("tool.allow", "sql_query")]
