"""LangGraph agents: reducers, approval gates, a run that survives a process restart, time travel, map-reduce."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Annotated, TypedDict

import pytest
from langgraph.errors import InvalidUpdateError
from langgraph.graph import END, START, StateGraph

from labkit.agents.graphs import (ask, build_agent_graph, build_map_reduce_graph, checkpoints, fork, merge_counts,
                                  pending, resume, sqlite_checkpointer)
from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel
from labkit.llm.scripted import ToolCalls

pytestmark = pytest.mark.timeout(300)


class Shop:
    """Two tools: a lookup (read-only) and a refund (a side effect we must be able to count)."""

    def __init__(self):
        self.refunds: list[tuple[str, float]] = []

    def tools(self):
        def lookup_order(order: str) -> str:
            """Look up an order."""
            return f"{order}: 2 widgets, 9.0 EUR"

        def send_refund(order: str, amount: float) -> str:
            """Refund an order."""
            self.refunds.append((order, amount))
            return f"refunded {amount} on {order}"
        return [lookup_order, send_refund]


def refund_script(final: str = "Done."):
    return ScriptedChatModel(replies=[ToolCalls([("lookup_order", {"order": "A1"})]),
                                      ToolCalls([("send_refund", {"order": "A1", "amount": 9.0})]), final])


class Counted(TypedDict):
    stock: Annotated[dict, merge_counts]


class Plain(TypedDict):
    stock: dict


def test_merge_counts_is_a_reducer_for_parallel_writers():
    def build(schema):
        graph = StateGraph(schema)
        graph.add_node("a", lambda s: {"stock": {"apple": 2}})
        graph.add_node("b", lambda s: {"stock": {"apple": 1, "pear": 4}})
        graph.add_edge(START, "a")
        graph.add_edge(START, "b")
        graph.add_edge(["a", "b"], END)
        return graph.compile()

    assert build(Counted).invoke({"stock": {"pear": -4}}) == {"stock": {"apple": 3}}
    with pytest.raises(InvalidUpdateError):  # without a reducer two writers in one step is an error
        build(Plain).invoke({"stock": {}})


def test_the_gate_pauses_before_the_side_effect_and_runs_it_once_when_approved():
    shop = Shop()
    graph = build_agent_graph(refund_script(), shop.tools(), approval_required=["send_refund"])
    state = ask(graph, "Refund order A1", "t1")
    assert shop.refunds == []
    [waiting] = pending(graph, "t1")
    assert [c["name"] for c in waiting["tool_calls"]] == ["send_refund"]
    assert state["tool_log"] == [{"tool": "lookup_order", "args": {"order": "A1"}, "status": "ok"}]
    state = resume(graph, "t1", True)
    assert shop.refunds == [("A1", 9.0)]
    assert [e["status"] for e in state["tool_log"]] == ["ok", "ok"]
    assert state["messages"][-1].content == "Done." and state["turns"] == 3
    assert pending(graph, "t1") == []


def test_a_declined_call_is_not_run_and_the_model_is_told():
    shop, model = Shop(), refund_script("Understood, no refund.")
    graph = build_agent_graph(model, shop.tools(), approval_required=["send_refund"])
    ask(graph, "Refund order A1", "t1")
    state = resume(graph, "t1", {"send_refund": False})
    assert shop.refunds == []
    assert state["tool_log"][-1]["status"] == "declined"
    assert "declined" in model.calls[-1].messages[-1].content


def test_resume_without_a_pause_and_bad_answers_are_clear():
    shop = Shop()
    graph = build_agent_graph(refund_script(), shop.tools(), approval_required=["send_refund"])
    with pytest.raises(InvalidInputError, match="not waiting"):
        resume(graph, "never-started", True)
    ask(graph, "Refund order A1", "t1")
    with pytest.raises(InvalidInputError, match="True, False"):
        resume(graph, "t1", "yes please")
    with pytest.raises(InvalidInputError, match="does not have"):
        build_agent_graph(refund_script(), shop.tools(), approval_required=["delete_everything"])


def test_the_turn_cap_stops_a_model_that_never_answers():
    model = ScriptedChatModel(replies=[ToolCalls([("lookup_order", {"order": "A1"})])], repeat_last=True)
    state = ask(build_agent_graph(model, Shop().tools(), max_turns=3), "Loop forever", "t1")
    assert state["turns"] == 3 and state["messages"][-1].content.startswith("Stopped after 3 model turns")


RUN = textwrap.dedent('''
    import json, sys
    from labkit.agents.graphs import ask, build_agent_graph, pending, resume, sqlite_checkpointer
    from labkit.llm import ScriptedChatModel
    from labkit.llm.scripted import ToolCalls

    refunds = []
    def lookup_order(order: str) -> str:
        """Look up an order."""
        return order + ": 9.0 EUR"
    def send_refund(order: str, amount: float) -> str:
        """Refund an order."""
        refunds.append(order)
        return "refunded"

    phase, path = sys.argv[1], sys.argv[2]
    # each process has only the replies for its own part of the run: the rest must come from the checkpoint
    replies = ([ToolCalls([("lookup_order", {"order": "A1"})]), ToolCalls([("send_refund", {"order": "A1", "amount": 9.0})])]
               if phase == "start" else ["Refund sent."])
    saver = sqlite_checkpointer(path)
    graph = build_agent_graph(ScriptedChatModel(replies=replies), [lookup_order, send_refund],
                              approval_required=["send_refund"], checkpointer=saver)
    state = ask(graph, "Refund order A1", "ticket-7") if phase == "start" else resume(graph, "ticket-7", True)
    print(json.dumps({"pending": len(pending(graph, "ticket-7")), "refunds": refunds,
                      "log": [e["tool"] + ":" + e["status"] for e in state["tool_log"]],
                      "last": state["messages"][-1].content}))
''')


def test_a_run_survives_a_restart_through_the_sqlite_checkpointer(tmp_path):
    script, db = tmp_path / "run.py", tmp_path / "checkpoints.sqlite"
    script.write_text(RUN)

    def phase(name):
        proc = subprocess.run([sys.executable, str(script), name, str(db)], capture_output=True, text=True, timeout=240)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return json.loads(proc.stdout.strip().splitlines()[-1])

    first = phase("start")
    assert first == {"pending": 1, "refunds": [], "log": ["lookup_order:ok"], "last": ""}
    second = phase("resume")  # a new process, a new graph object, the same thread
    assert second == {"pending": 0, "refunds": ["A1"], "log": ["lookup_order:ok", "send_refund:ok"],
                      "last": "Refund sent."}


def test_time_travel_forks_from_the_approval_checkpoint(tmp_path):
    shop = Shop()
    model = ScriptedChatModel(replies=[ToolCalls([("lookup_order", {"order": "A1"})]),
                                       ToolCalls([("send_refund", {"order": "A1", "amount": 9.0})]), "Refunded.",
                                       "Refund declined."])
    saver = sqlite_checkpointer(tmp_path / "c.sqlite")
    graph = build_agent_graph(model, shop.tools(), approval_required=["send_refund"], checkpointer=saver)
    ask(graph, "Refund order A1", "t1")
    resume(graph, "t1", True)
    history = checkpoints(graph, "t1")
    assert [c.step for c in history] == sorted(c.step for c in history)
    at_gate = [c for c in history if c.next == ("approve",)][-1]
    # rewind to the gate and record a different decision: the approve node's update, as if the person said no
    turn = at_gate.values["turns"]
    call_id = at_gate.values["messages"][-1].tool_calls[0]["id"]
    state = fork(graph, at_gate, {"approvals": {f"{turn}:{call_id}": False}}, as_node="approve")
    assert state["messages"][-1].content == "Refund declined."
    assert state["tool_log"][-1]["status"] == "declined" and shop.refunds == [("A1", 9.0)]  # the fork ran no refund
    assert len(checkpoints(graph, "t1")) > len(history)  # the old branch is kept, the fork is added
    saver.conn.close()


def test_map_reduce_fans_out_and_keeps_item_order():
    graph = build_map_reduce_graph(lambda text: text.upper(), " | ".join)
    state = graph.invoke({"items": ["map", "each", "item"]})
    assert state["output"] == "MAP | EACH | ITEM" and len(state["mapped"]) == 3
    assert build_map_reduce_graph(len, sum).invoke({"items": []})["output"] == 0
    with pytest.raises(InvalidInputError):
        build_map_reduce_graph("len", sum)


def test_map_reduce_with_the_offline_model():
    from labkit.llm import get_model

    model = get_model()
    documents = ["The invoice total is 120 EUR.", "Delivery takes 3 days.", "Returns are free within 30 days."]
    graph = build_map_reduce_graph(lambda doc: model.invoke(f"Summarise in one sentence: {doc}").content, list)
    summaries = graph.invoke({"items": documents})["output"]
    assert len(summaries) == 3 and all(isinstance(s, str) and s for s in summaries)


def test_the_checkpointer_needs_an_existing_folder(tmp_path):
    with pytest.raises(InvalidInputError, match="does not exist"):
        sqlite_checkpointer(tmp_path / "missing" / "c.sqlite")


def test_replaying_from_a_checkpoint_runs_the_later_nodes_again():
    # time travel rewinds state, not the world: a replay from before the tools node repeats its side effect
    shop = Shop()
    model = ScriptedChatModel(replies=[ToolCalls([("send_refund", {"order": "A1", "amount": 9.0})]), "Done.",
                                       "Done again."])
    graph = build_agent_graph(model, shop.tools(), approval_required=["send_refund"])
    ask(graph, "Refund order A1", "t1")
    resume(graph, "t1", True)
    before_tools = [c for c in checkpoints(graph, "t1") if c.next == ("tools",)][-1]
    state = fork(graph, before_tools)
    assert shop.refunds == [("A1", 9.0), ("A1", 9.0)] and state["messages"][-1].content == "Done again."
