import threading

import pytest
from langchain_core.messages import AIMessage
from langchain_core.tools import tool

from labkit.agents import Agent, Limits, LongTermMemory, Plan, Step
from labkit.llm import Latency, RateLimit, ScriptedChatModel, Timeout, ToolCalls


def prompts(model):
    return [c.messages[-1].content for c in model.calls]


def agent(model, tools=(), **limits):
    return Agent(model, tools, limits=Limits(**limits) if limits else None, memory=LongTermMemory(semantic=False))


def chain(n=3, **kw):
    return Plan("chain", [Step(f"s{i}", f"Do part {i}", depends_on=(f"s{i - 1}",) if i > 1 else (), **kw)
                          for i in range(1, n + 1)])


@tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


def test_steps_run_in_dependency_order_and_see_earlier_outputs():
    model = ScriptedChatModel(replies=["one", "two", "three"])
    plan = Plan("g", [Step("c", "Combine", depends_on=("a", "b")), Step("a", "First"), Step("b", "Second")])
    run = agent(model).run("g", plan)
    assert run.ok and run.answer == "three"
    assert [r.step for r in run.trace.records] == ["a", "b", "c", "evaluate"]
    last = prompts(model)[-1]
    assert "[a] First: one" in last and "[b] Second: two" in last and last.endswith("Question: Combine")


def test_tool_steps_fill_placeholders_from_earlier_outputs():
    model = ScriptedChatModel(replies=[])
    plan = Plan("g", [Step("x", "add", kind="tool", tool="add", args={"a": 2, "b": 3}),
                      Step("y", "add more", kind="tool", tool="add", args={"a": "{x}", "b": 10}, depends_on=("x",),
                           success="contains:15")])
    run = agent(model, [add]).run("g", plan)
    assert run.ok and run.outputs == {"x": "5", "y": "15"} and model.calls == []


def test_a_timeout_is_retried_with_a_shortened_prompt():
    model = ScriptedChatModel(replies=[Timeout(), "done"])
    run = agent(model).run("g", chain(1))
    record = run.trace.records[0]
    assert (record.status, record.attempts, record.strategy) == ("passed", 2, "first > shorten")


def test_a_rate_limit_waits_then_succeeds():
    model = ScriptedChatModel(replies=[RateLimit(retry_after=0.01), "done"])
    assert agent(model).run("g", chain(1)).trace.records[0].strategy == "first > wait"


def test_an_answer_that_misses_its_criterion_is_rephrased_with_the_criterion():
    model = ScriptedChatModel(replies=["I don't know.", "It is Paris."])
    run = agent(model).run("g", Plan("g", [Step("a", "Capital of France?", success="contains:Paris")]))
    assert run.ok and run.trace.records[0].strategy == "first > rephrase"
    assert "Make sure the answer satisfies: contains:Paris" in prompts(model)[1]


def test_a_failed_step_skips_its_dependents_and_is_remembered_as_a_lesson():
    model = ScriptedChatModel(replies=["", "", "", "ok"])
    a = agent(model, max_attempts=3)
    run = a.run("g", chain(3))
    assert run.status == "failed" and "s1" in run.reason
    assert run.trace.statuses() == {"s1": "failed", "s2": "skipped", "s3": "skipped", "evaluate": "failed"}
    assert len(model.calls) == 3
    assert any(m.kind == "lesson" and "s1" in m.text for m in a.memory.items)
    again = a.run("Do part 1 again", chain(1))  # long-term memory is recalled into the next run's prompt
    assert again.ok and any(m.kind == "lesson" for m in again.recalled)
    assert prompts(model)[-1].startswith("Memory:\n- ")


def test_a_fallback_step_is_the_contingency():
    model = ScriptedChatModel(replies=["from memory: 42"])
    plan = Plan("g", [Step("a", "add", kind="tool", tool="add", args={"a": "x", "b": 1},
                           fallback=Step("a_alt", "Recall the sum"))])
    run = agent(model, [add], max_attempts=1).run("g", plan)
    assert run.ok and run.outputs["a"] == "from memory: 42"
    assert [(r.step, r.status) for r in run.trace.records[:2]] == [("a", "error"), ("a_alt", "passed")]


def test_a_cyclic_plan_is_a_recorded_outcome_not_a_hang():
    plan = Plan("g", [Step("a", "x", depends_on=("b",)), Step("b", "y", depends_on=("a",))])
    run = agent(ScriptedChatModel(replies=[])).run("g", plan)
    assert run.status == "invalid_plan" and "cycle" in run.reason


def test_a_plan_that_names_a_missing_tool_is_rejected():
    run = agent(ScriptedChatModel(replies=[])).run("g", Plan("g", [Step("a", "x", kind="tool", tool="nope")]))
    assert run.status == "invalid_plan" and "nope" in run.reason


def test_a_tool_that_raises_is_recorded_with_its_error():
    @tool
    def broken(x: str) -> str:
        """Always fails."""
        raise RuntimeError("disk on fire")

    run = agent(ScriptedChatModel(replies=[]), [broken], max_attempts=2).run(
        "g", Plan("g", [Step("a", "x", kind="tool", tool="broken", args={"x": "1"})]))
    record = run.trace.records[0]
    assert record.status == "error" and record.attempts == 2 and "disk on fire" in record.note


def test_a_tool_that_never_returns_times_out():
    release = threading.Event()

    @tool
    def stuck(x: str) -> str:
        """Never returns (until the test releases it)."""
        release.wait(30)
        return "late"

    try:
        run = agent(ScriptedChatModel(replies=[]), [stuck], step_timeout=0.2, max_attempts=1).run(
            "g", Plan("g", [Step("a", "x", kind="tool", tool="stuck", args={"x": "1"})]))
    finally:
        release.set()
    assert run.status == "failed" and run.trace.records[0].status == "timeout"
    assert "0.2 s" in run.trace.records[0].note


def test_a_model_that_never_answers_hits_the_time_limit():
    model = ScriptedChatModel(replies=[Latency(2.0, "late")], repeat_last=True)
    plan = Plan("g", [Step(f"s{i}", f"Part {i}") for i in range(1, 4)])  # independent: each gets its turn
    run = agent(model, max_seconds=0.3, step_timeout=0.2, max_attempts=1).run("g", plan)
    assert run.status == "stopped" and "time limit" in run.reason
    assert run.trace.statuses()["s1"] == "timeout" and run.trace.statuses()["s3"] == "skipped"


def test_the_step_limit_stops_the_run():
    run = agent(ScriptedChatModel(replies=["a", "b", "c"]), max_steps=2).run("g", chain(3))
    assert run.status == "stopped" and "step limit" in run.reason
    assert run.trace.statuses()["s3"] == "skipped" and "stopped" in run.trace.records[2].note


def test_the_token_limit_stops_the_run():
    reply = AIMessage("x", usage_metadata={"input_tokens": 60, "output_tokens": 40, "total_tokens": 100})
    run = agent(ScriptedChatModel(replies=[reply], repeat_last=True), max_tokens=150).run("g", chain(3))
    assert run.status == "stopped" and "token limit" in run.reason and run.trace.tokens == 200


def test_the_model_plans_and_tool_selection_makes_tool_steps():
    model = ScriptedChatModel(replies=["1. Add two and three\n2. Report the sum",
                                       ToolCalls([("add", {"a": 2, "b": 3})]), "no tool", "The sum is 5."])
    run = agent(model, [add]).run("add two and three and report it")
    assert run.ok and run.answer == "The sum is 5."
    assert [(s.id, s.kind, s.tool) for s in run.plan.steps] == [("s1", "tool", "add"), ("s2", "reasoning", None)]
    assert run.trace.records[0].step == "plan" and run.outputs["s1"] == "5"


def test_a_goal_criterion_is_checked_at_evaluation():
    run = agent(ScriptedChatModel(replies=["41"])).run("g", chain(1), success="contains:42")
    assert run.status == "failed" and "42" in run.reason


def test_extra_rounds_retry_failed_steps():
    model = ScriptedChatModel(replies=[Timeout(), "ok"])
    a = Agent(model, limits=Limits(max_attempts=1), memory=LongTermMemory(semantic=False), max_rounds=2)
    run = a.run("g", chain(1))
    assert run.ok and run.rounds == 2


def test_bad_input():
    with pytest.raises(Exception, match="goal"):
        agent(ScriptedChatModel(replies=[])).run("  ")
    with pytest.raises(Exception, match="max_steps"):
        Limits(max_steps=0)


def test_offline_model_runs_a_priced_order_plan():
    @tool
    def price(item: str) -> str:
        """Look up the unit price of a catalogue item."""
        return {"widget": "12", "gadget": "30"}[item]

    plan = Plan("price the order", [
        Step("w", "Find the widget price", kind="tool", tool="price", args={"item": "widget"}, success="number"),
        Step("g", "Find the gadget price", kind="tool", tool="price", args={"item": "gadget"}, success="number"),
        Step("t", "Compute the order total", kind="tool", tool="add", args={"a": "{w}", "b": "{g}"},
             depends_on=("w", "g"), success="number"),
        Step("r", "What is the order total?", depends_on=("t",), success="contains:42")])
    run = Agent(tools=[price, add], memory=LongTermMemory(semantic=False)).run(plan.goal, plan)
    assert run.ok and "42" in run.answer
    assert run.trace.to_frame(durations=False).columns.tolist().count("seconds") == 0


def test_a_model_that_fails_while_planning_is_a_recorded_outcome():
    run = agent(ScriptedChatModel(replies=[Timeout()])).run("plan something")
    assert run.status == "failed" and "planning failed: ModelTimeoutError" in run.reason
