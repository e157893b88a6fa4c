import threading

import pytest
from langchain_core.tools import tool

from labkit.agents import ToolUseAgent
from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel, ToolCalls
from labkit.safemath import evaluate

calls = {"flaky": 0}


@tool
def calculator(expression: str) -> str:
    """Evaluate an arithmetic expression."""
    return str(evaluate(expression))


@tool
def flaky(expression: str) -> str:
    """Evaluate an arithmetic expression on a flaky server."""
    calls["flaky"] += 1
    if calls["flaky"] % 2:
        raise ConnectionError("reset")
    return str(evaluate(expression))


@tool
def broken(expression: str) -> str:
    """Evaluate an arithmetic expression remotely."""
    raise ConnectionError("server down")


def test_react_loop_calls_a_tool_then_answers_from_its_result():
    model = ScriptedChatModel(replies=[ToolCalls([("calculator", {"expression": "6*7"})]), "It is 42."])
    run = ToolUseAgent(model, [calculator]).run("6*7?")
    assert (run.status, run.answer, run.turns) == ("answered", "It is 42.", 2)
    tool_message = model.calls[1].messages[-1]
    assert tool_message.content == "42" and tool_message.name == "calculator"


def test_a_failing_tool_is_retried_once():
    calls["flaky"] = 0
    model = ScriptedChatModel(replies=[ToolCalls([("flaky", {"expression": "1+1"})]), "2"])
    agent = ToolUseAgent(model, [flaky], max_retries=1)
    run = agent.run("1+1")
    assert run.events[0].status == "ok" and run.events[0].attempts == 2
    assert agent.stats["flaky"].calls == 2 and agent.stats["flaky"].effectiveness == 0.5


def test_a_broken_tool_is_replaced_by_a_different_one():
    model = ScriptedChatModel(replies=[ToolCalls([("broken", {"expression": "2+2"})]),
                                       ToolCalls([("calculator", {"expression": "2+2"})]), "4"])
    agent = ToolUseAgent(model, [broken, calculator], max_retries=1)
    run = agent.run("2+2")
    assert [(e.tool, e.status, e.replaces) for e in run.events] == [("broken", "error", ""),
                                                                   ("calculator", "ok", "broken")]
    assert [t["function"]["name"] for t in model.calls[1].kwargs["tools"]] == ["calculator"]
    assert [t["function"]["name"] for t in model.calls[2].kwargs["tools"]] == ["calculator"]
    assert agent.stats["broken"].errors == 2 and agent.stats_frame()["effectiveness"].tolist() == [0.0, 1.0]


def test_an_unknown_tool_is_an_event_and_the_model_is_told():
    model = ScriptedChatModel(replies=[ToolCalls([("teleport", {})]), "no substitute", "sorry"])
    run = ToolUseAgent(model, [calculator]).run("go")
    assert run.events[0].status == "unknown_tool" and run.answer == "sorry"
    assert "no tool named 'teleport'" in model.calls[-1].messages[-1].content


def test_a_tool_that_hangs_times_out_and_is_not_called_again():
    release = threading.Event()

    @tool
    def hang(expression: str) -> str:
        """Evaluate slowly."""
        release.wait(30)
        return "late"

    model = ScriptedChatModel(replies=[ToolCalls([("hang", {"expression": "1"})]), "gave up"])
    try:
        run = ToolUseAgent(model, [hang], tool_timeout=0.2, max_retries=3).run("1")
    finally:
        release.set()
    assert run.events[0].status == "timeout" and run.events[0].attempts == 1 and run.answer == "gave up"


def test_a_model_that_keeps_calling_tools_stops_at_max_turns():
    model = ScriptedChatModel(replies=[ToolCalls([("calculator", {"expression": "1+1"})])], repeat_last=True)
    run = ToolUseAgent(model, [calculator], max_turns=3).run("loop")
    assert run.status == "max_turns" and run.turns == 3 and len(run.events) == 3


@tool("calculator")
def down_calculator(expression: str) -> str:
    """Calculate an arithmetic expression."""
    raise ConnectionError("calculator service down")


@tool
def backup_calculator(expression: str) -> str:
    """Slow backup service for arithmetic."""
    return str(evaluate(expression))


def test_offline_model_uses_the_backup_tool():
    agent = ToolUseAgent(tools=[down_calculator, backup_calculator])
    run = agent.run("Calculate 3 * 12 + 30")
    assert run.status == "answered" and "66" in run.answer
    assert any(e.replaces for e in run.events)


def test_bad_input():
    with pytest.raises(InvalidInputError):
        ToolUseAgent(ScriptedChatModel(replies=[]), [])
    with pytest.raises(InvalidInputError):
        ToolUseAgent(ScriptedChatModel(replies=[]), [calculator]).run("")


def test_a_model_that_never_answers_ends_the_run():
    from labkit.llm import Latency

    run = ToolUseAgent(ScriptedChatModel(replies=[Latency(3, "late")]), [calculator], model_timeout=0.2).run("1+1")
    assert run.status == "model_timeout" and run.events[0].status == "timeout"
