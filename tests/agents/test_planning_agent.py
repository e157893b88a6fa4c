from langchain_core.tools import tool

from labkit.agents import LongTermMemory, Plan, PlanningAgent, Step, analyse
from labkit.llm import ScriptedChatModel, ToolCalls


@tool
def price_api(item: str) -> str:
    """Look up the current price of an item from the live pricing service."""
    raise ConnectionError("pricing service unavailable")


@tool
def catalogue_price(item: str) -> str:
    """Look up the price of an item in the printed catalogue."""
    found = [price for name, price in {"widget": "12"}.items() if name in item.lower()]
    if not found:
        raise KeyError(f"no catalogue item in {item!r}")
    return found[0]


def test_complexity_grows_with_the_plan():
    small = Plan("g", [Step("a", "x")])
    big = Plan("g", [Step(f"s{i}", "x", kind="tool", tool="t", depends_on=(f"s{i-1}",) if i else ()) for i in range(5)])
    assert analyse(small).complexity == "low"
    assert analyse(big).as_dict() == {"steps": 5, "tool_steps": 5, "phases": 5, "longest_chain": 5, "score": 15,
                                      "complexity": "high"}


def test_contingency_switches_to_another_tool_when_one_fails():
    model = ScriptedChatModel(replies=[ToolCalls([("catalogue_price", {"item": "widget"})])])
    plan = Plan("price", [Step("p", "Find the widget price", kind="tool", tool="price_api", args={"item": "widget"},
                               success="number")])
    agent = PlanningAgent(model, [price_api, catalogue_price], memory=LongTermMemory(semantic=False))
    run = agent.run("price", plan)
    assert run.ok and run.outputs == {"p": "12"}
    assert [(r.step, r.status) for r in run.trace.records] == [("p", "error"), ("p_alt", "passed"),
                                                              ("evaluate", "passed")]
    assert run.details["phases"] == [["p"]] and run.details["analysis"]["complexity"] == "low"
    tools_offered = [t["function"]["name"] for t in model.calls[0].kwargs["tools"]]
    assert tools_offered == ["catalogue_price"]  # the failed tool is excluded from the choice


def test_contingency_falls_back_to_reasoning_without_another_tool():
    model = ScriptedChatModel(replies=["The catalogue says 12."])
    plan = Plan("price", [Step("p", "Find the widget price", kind="tool", tool="price_api", args={"item": "w"})])
    run = PlanningAgent(model, [price_api], memory=LongTermMemory(semantic=False)).run("price", plan)
    assert run.ok and run.outputs["p"] == "The catalogue says 12."
    assert run.plan.step("p").fallback.kind == "reasoning"


def test_offline_planning_agent_picks_the_backup_tool_itself():
    agent = PlanningAgent(tools=[price_api, catalogue_price], memory=LongTermMemory(semantic=False))
    plan = Plan("price", [Step("p", "Look up the price of a widget", kind="tool", tool="price_api",
                               args={"item": "widget"}, success="number")])
    run = agent.run("price", plan)
    assert run.plan.step("p").fallback.tool == "catalogue_price"
    assert run.ok and run.outputs["p"] == "12"


def test_a_cyclic_plan_is_an_outcome_for_the_planning_agent_too():
    plan = Plan("g", [Step("a", "x", depends_on=("b",)), Step("b", "y", depends_on=("a",))])
    run = PlanningAgent(ScriptedChatModel(replies=[]), memory=LongTermMemory(semantic=False)).run("g", plan)
    assert run.status == "invalid_plan" and "cycle" in run.reason


def test_the_planning_agent_counts_planning_in_the_same_budget_and_trace():
    model = ScriptedChatModel(replies=["1. Find the widget price\n2. Report it",
                                       ToolCalls([("price_api", {"item": "w"})]), "no tool", ToolCalls([("catalogue_price", {"item": "widget"})]), "It is 12."])
    run = PlanningAgent(model, [price_api, catalogue_price], memory=LongTermMemory(semantic=False)).run("price it")
    assert [r.step for r in run.trace.records] == ["plan", "s1", "s1_alt", "s2", "evaluate"]
    assert run.ok and run.answer == "It is 12." and run.details["analysis"]["tool_steps"] == 1
