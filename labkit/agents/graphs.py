"""Stateful agents on LangGraph: reducers, checkpoints that survive a restart, approval gates, time travel, fan-out.

What it teaches: labkit's own loops (:func:`labkit.tools.run_tool_loop`, :class:`~labkit.agents.ToolUseAgent`) are
plain Python: a ``for`` loop over model turns, all state in local variables, gone when the call returns. That is the
right tool for a request that starts and finishes in one call -- nothing to configure, every line readable, easy to
test. It is the wrong tool when a run must *pause* (wait hours for a person to approve a refund), *survive* (the
process restarts in between), *rewind* (replay from an earlier step with a corrected input) or *fan out* (the same
step on many inputs at once). Those need the run's state outside the process, saved after every step. LangGraph
(``langgraph``) is the ecosystem's runtime for that:

* **State with reducers.** The state is a ``TypedDict``; each key may carry a reducer (``Annotated[list,
  operator.add]``) that says how a node's partial update merges into the current value. Without one, two nodes
  writing the same key in one step is an error, not a silent overwrite. :func:`merge_counts` is a custom reducer.
* **Checkpointers.** After every step (a "super-step") the state is written to a checkpointer under a *thread* id.
  :func:`sqlite_checkpointer` stores them in SQLite, so a new process that builds a new graph object on the same file
  continues the thread where the old one stopped.
* **Interrupts.** ``interrupt(payload)`` inside a node stops the run and saves it; ``graph.invoke(Command(resume=
  answer), thread)`` continues it, and ``interrupt`` then returns ``answer``. The node *re-runs from its start* on
  resume, so the gate lives in its own node with no side effects before the interrupt (:func:`build_agent_graph`
  puts it between the model's tool request and the tools).
* **Time travel.** ``get_state_history`` lists every checkpoint of a thread; invoking from one replays from there,
  and ``update_state`` on one forks a new branch with changed values (:func:`checkpoints`, :func:`fork`).
* **Map-reduce.** A conditional edge that returns ``[Send("map", item), ...]`` runs one ``map`` task per item in the
  same step; a reducer gathers their results for the ``reduce`` node (:func:`build_map_reduce_graph`).

The tools are labkit's: :func:`build_agent_graph` runs each call through a
:class:`~labkit.tools.registry.ToolRegistry` (argument validation, errors as observations), including MCP tools from
``MCPClient.registry()``. Any chat model drives it -- the offline model by default.

Left out: LangGraph's prebuilt ``create_react_agent`` (we build the graph by hand so each part is visible), streaming,
subgraphs, the async API and the LangGraph server/platform.
"""

from __future__ import annotations

import operator
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypedDict

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage, ToolMessage
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages
from langgraph.types import Command, Send, interrupt

from labkit.errors import InvalidInputError
from labkit.tools.registry import ToolRegistry


def merge_counts(left: dict[str, int] | None, right: dict[str, int] | None) -> dict[str, int]:
    """A reducer that adds counts key by key and drops keys that reach zero.

    >>> merge_counts({"apple": 2, "pear": 1}, {"apple": 3, "pear": -1})
    {'apple': 5}
    """
    merged = dict(left or {})
    for key, value in (right or {}).items():
        merged[key] = merged.get(key, 0) + value
    return {k: v for k, v in merged.items() if v != 0}


def merge_dicts(left: dict[str, Any] | None, right: dict[str, Any] | None) -> dict[str, Any]:
    """A reducer where newer keys win and older keys stay (``{**left, **right}``).

    >>> merge_dicts({"call_1": True}, {"call_2": False})
    {'call_1': True, 'call_2': False}
    """
    return {**(left or {}), **(right or {})}


class AgentState(TypedDict, total=False):
    """The tool agent's state. Each reducer says how a node's update merges into what is there."""

    messages: Annotated[list[AnyMessage], add_messages]  # append, or replace a message with the same id
    tool_log: Annotated[list[dict[str, Any]], operator.add]  # append: one entry per tool call
    approvals: Annotated[dict[str, bool], merge_dicts]  # "turn:call id" -> did a person approve it (an audit trail)
    turns: Annotated[int, operator.add]  # model turns so far (each agent step adds 1)


def thread(thread_id: str) -> dict[str, Any]:
    """The config that names a thread: every checkpoint of a run is saved under it.

    >>> thread("ticket-42")
    {'configurable': {'thread_id': 'ticket-42'}}
    """
    if not isinstance(thread_id, str) or not thread_id:
        raise InvalidInputError("A thread id must be non-empty text, e.g. thread('ticket-42').")
    return {"configurable": {"thread_id": thread_id}}


def sqlite_checkpointer(path: str | Path) -> Any:
    """A LangGraph checkpointer storing every step in the SQLite file ``path`` (created if missing).

    Another process that opens the same file sees the same threads: that is how a run survives a restart.
    Close it with ``checkpointer.conn.close()`` when done.
    """
    from langgraph.checkpoint.sqlite import SqliteSaver

    path = Path(path)
    if not path.parent.is_dir():
        raise InvalidInputError(f"The folder for the checkpoint file {path} does not exist; create it first.")
    # check_same_thread=False: LangGraph runs nodes on worker threads; SqliteSaver serialises access with a lock
    saver = SqliteSaver(sqlite3.connect(path, check_same_thread=False))
    saver.setup()
    return saver


def _registry(tools: Any) -> ToolRegistry:
    if isinstance(tools, ToolRegistry):
        return tools
    if isinstance(tools, Iterable) and not isinstance(tools, (str, bytes)):
        return ToolRegistry(list(tools))
    raise InvalidInputError(f"tools must be a ToolRegistry or a list of functions/tools, got {type(tools).__name__}.")


def _decisions(answer: Any, calls: Sequence[dict[str, Any]]) -> dict[str, bool]:
    """Turn a resume value into one decision per gated call: True/False for all, or {call id or tool name: bool}.

    >>> _decisions({"refund": True}, [{"id": "c1", "name": "refund"}, {"id": "c2", "name": "email"}])
    {'c1': True, 'c2': False}
    """
    if isinstance(answer, bool):
        return {c["id"]: answer for c in calls}
    if isinstance(answer, dict):
        return {c["id"]: bool(answer.get(c["id"], answer.get(c["name"], False))) for c in calls}
    raise InvalidInputError(f"Resume an approval with True, False or {{tool call id or tool name: bool}}, "
                            f"got {type(answer).__name__}.")


def build_agent_graph(model: Any = None, tools: Any = (), *, approval_required: Iterable[str] = (),
                      checkpointer: Any = None, max_turns: int = 6, system: str | None = None) -> Any:
    """A tool-calling agent as a LangGraph graph: ``agent`` -> (``approve``) -> ``tools`` -> ``agent`` ... -> end.

    Calls to tools named in ``approval_required`` stop at the ``approve`` node with an interrupt whose value lists
    them (``{"tool_calls": [{"id", "name", "args"}, ...]}``); resume with ``Command(resume=True | False |
    {id or name: bool})``. A declined call is not run: the model is told so in the tool message. The run stops after
    ``max_turns`` model turns with a message saying so. Without a ``checkpointer`` an in-memory one is used (an
    interrupt needs somewhere to save the run).
    """
    from labkit.llm import resolve_model

    model = resolve_model(model)
    registry = _registry(tools)
    gated = set(approval_required)
    if unknown := gated - set(registry.names()):
        raise InvalidInputError(f"approval_required names tools the agent does not have: {sorted(unknown)}.")
    if not isinstance(max_turns, int) or max_turns < 1:
        raise InvalidInputError(f"max_turns must be a positive integer, got {max_turns!r}.")
    bound = model.bind_tools(registry.langchain_tools()) if len(registry) else model

    def agent(state: AgentState) -> dict[str, Any]:
        if state.get("turns", 0) >= max_turns:
            return {"messages": [AIMessage(f"Stopped after {max_turns} model turns without a final answer.")]}
        prompt = ([SystemMessage(system)] if system else []) + list(state["messages"])
        return {"messages": [bound.invoke(prompt)], "turns": 1}

    def after_agent(state: AgentState) -> str:
        calls = getattr(state["messages"][-1], "tool_calls", None) or []
        if not calls:
            return END
        return "approve" if any(c["name"] in gated for c in calls) else "tools"

    def approve(state: AgentState) -> dict[str, Any]:
        # Nothing before interrupt() has side effects: on resume this node runs again from the top.
        calls = [{"id": c["id"], "name": c["name"], "args": c["args"]}
                 for c in state["messages"][-1].tool_calls if c["name"] in gated]
        answer = interrupt({"tool_calls": calls})
        # keyed by turn too: providers (and scripted models) may reuse a call id in a later turn
        return {"approvals": {f"{state.get('turns', 0)}:{k}": v for k, v in _decisions(answer, calls).items()}}

    def run_tools(state: AgentState) -> dict[str, Any]:
        approvals = state.get("approvals") or {}
        messages, log = [], []
        for call in state["messages"][-1].tool_calls:
            if call["name"] in gated and not approvals.get(f"{state.get('turns', 0)}:{call['id']}", False):
                text, status = f"Not run: a person declined this call to {call['name']}.", "declined"
            else:
                result = registry.call(call["name"], call["args"])
                text, status = result.content, "ok" if result.ok else "error"
            messages.append(ToolMessage(text, tool_call_id=call["id"], name=call["name"],
                                        status="success" if status == "ok" else "error"))
            log.append({"tool": call["name"], "args": dict(call["args"]), "status": status})
        return {"messages": messages, "tool_log": log}

    graph = StateGraph(AgentState)
    graph.add_node("agent", agent)
    graph.add_node("approve", approve)
    graph.add_node("tools", run_tools)
    graph.add_edge(START, "agent")
    graph.add_conditional_edges("agent", after_agent, ["approve", "tools", END])
    graph.add_edge("approve", "tools")
    graph.add_edge("tools", "agent")
    if checkpointer is None:
        from langgraph.checkpoint.memory import InMemorySaver

        checkpointer = InMemorySaver()
    return graph.compile(checkpointer=checkpointer)


def ask(graph: Any, question: str, thread_id: str) -> dict[str, Any]:
    """Start (or continue) ``thread_id`` with a user message; returns the state when the run ends or pauses."""
    if not isinstance(question, str) or not question.strip():
        raise InvalidInputError("The question must be non-empty text.")
    return graph.invoke({"messages": [HumanMessage(question)]}, thread(thread_id))


def resume(graph: Any, thread_id: str, answer: Any) -> dict[str, Any]:
    """Continue a paused thread; ``answer`` becomes the value of the ``interrupt`` that paused it."""
    if not pending(graph, thread_id):
        raise InvalidInputError(f"Thread {thread_id!r} is not waiting for an answer; nothing to resume.")
    return graph.invoke(Command(resume=answer), thread(thread_id))


def pending(graph: Any, thread_id: str) -> list[Any]:
    """The values of the interrupts a thread is waiting on (empty when it is not paused)."""
    state = graph.get_state(thread(thread_id))
    return [i.value for task in state.tasks for i in task.interrupts]


@dataclass(frozen=True)
class Checkpoint:
    """One saved step of a thread: its position, which nodes run next, and the config that points at it."""

    step: int
    next: tuple[str, ...]
    values: dict[str, Any]
    config: dict[str, Any]


def checkpoints(graph: Any, thread_id: str) -> list[Checkpoint]:
    """Every checkpoint of a thread, oldest first (LangGraph lists newest first)."""
    history = list(graph.get_state_history(thread(thread_id)))
    return [Checkpoint(s.metadata.get("step", -1), tuple(s.next), dict(s.values), s.config) for s in reversed(history)]


def fork(graph: Any, checkpoint: Checkpoint, values: dict[str, Any] | None = None,
         as_node: str | None = None) -> dict[str, Any]:
    """Time travel: run again from ``checkpoint``, first changing ``values`` there (a new branch; history is kept).

    Without ``values`` this replays from the checkpoint. With them, ``update_state`` writes a new checkpoint as if
    ``as_node`` had produced ``values`` (reducers apply), and the run continues from it.
    """
    config = checkpoint.config
    if values is not None:
        config = graph.update_state(config, values, as_node=as_node)
    return graph.invoke(None, config)


class MapReduceState(TypedDict, total=False):
    """Map-reduce state: the items, the mapped results gathered by a reducer, and the reduced output."""

    items: list[Any]
    mapped: Annotated[list[tuple[int, Any]], operator.add]  # every map task appends (index, result)
    output: Any


def build_map_reduce_graph(map_fn: Callable[[Any], Any], reduce_fn: Callable[[list[Any]], Any], *,
                           checkpointer: Any = None) -> Any:
    """Fan out ``map_fn`` over ``state["items"]`` with ``Send`` (one task per item, same step), then ``reduce_fn``.

    The tasks finish in any order; each tags its result with the item's index and ``reduce`` sorts by it, so the
    output does not depend on scheduling.

    >>> graph = build_map_reduce_graph(len, sum)
    >>> graph.invoke({"items": ["map", "reduce", ""]})["output"]
    9
    """
    if not callable(map_fn) or not callable(reduce_fn):
        raise InvalidInputError("build_map_reduce_graph needs two functions: map_fn(item) and reduce_fn(results).")

    def fan_out(state: MapReduceState) -> Any:
        items = state.get("items") or []
        return [Send("map", {"index": i, "item": item}) for i, item in enumerate(items)] or "reduce"

    def map_node(task: dict[str, Any]) -> dict[str, Any]:
        return {"mapped": [(task["index"], map_fn(task["item"]))]}

    def reduce_node(state: MapReduceState) -> dict[str, Any]:
        return {"output": reduce_fn([result for _, result in sorted(state.get("mapped") or [], key=lambda r: r[0])])}

    graph = StateGraph(MapReduceState)
    graph.add_node("map", map_node)
    graph.add_node("reduce", reduce_node)
    graph.add_conditional_edges(START, fan_out, ["map", "reduce"])
    graph.add_edge("map", "reduce")
    graph.add_edge("reduce", END)
    return graph.compile(checkpointer=checkpointer)
