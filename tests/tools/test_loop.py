import pytest

from labkit.errors import InvalidInputError, ToolLoopLimitError
from labkit.llm import ScriptedChatModel, ToolCalls, get_model
from labkit.tools import ToolRegistry, run_tool_loop
from labkit.tools.calculator import calculator_tool


def weather(city: str) -> str:
    """Current weather for a city.

    Args:
        city: the city name
    """
    return f"Sunny and 21 C in {city}."


@pytest.fixture
def registry():
    return ToolRegistry([calculator_tool(), weather])


def test_offline_model_uses_native_tool_calls(registry):
    result = run_tool_loop(get_model(), registry, "What is 23 * 19 + 4?")
    assert result.mode == "native"
    assert [(s.tool, s.output) for s in result.steps] == [("calculator", "441")]
    assert "441" in result.answer and result.turns == 2


def test_two_tools_in_one_request(registry):
    result = run_tool_loop(get_model(), registry, "What is 12 * 12? Also what is the weather in Paris?")
    assert {s.tool for s in result.steps} == {"calculator", "weather"}
    assert ("weather", {"city": "Paris"}) in [(s.tool, s.args) for s in result.steps]


def test_bad_arguments_go_back_to_the_model_which_corrects_them(registry):
    model = ScriptedChatModel(replies=[
        ToolCalls([("calculator", {"expr": "2+2"})]),
        ToolCalls([("calculator", {"expression": "2+2"})]),
        "It is 4.",
    ])
    result = run_tool_loop(model, registry, "2+2?")
    assert [s.ok for s in result.steps] == [False, True]
    assert "expr: not a parameter" in result.steps[0].output
    assert result.answer == "It is 4." and result.turns == 3
    last_prompt = model.calls[-1].messages[-1]
    assert last_prompt.content == "4"


def test_iteration_cap(registry):
    model = ScriptedChatModel(replies=[ToolCalls([("calculator", {"expression": "1+1"})])], repeat_last=True)
    with pytest.raises(ToolLoopLimitError, match="3 model turns"):
        run_tool_loop(model, registry, "loop forever", max_iterations=3)


def test_text_protocol_fallback(registry):
    model = ScriptedChatModel(replies=[
        "I will compute it.",  # malformed: the loop tells the model the format
        "Thought: multiply\nAction: calculator\nAction Input: 6 * 7",
        "Thought: done\nFinal Answer: 42",
    ])
    result = run_tool_loop(model, registry, "What is 6 times 7?", mode="text")
    assert result.mode == "text" and result.answer == "42"
    assert [(s.tool, s.args, s.output) for s in result.steps] == [("calculator", {"expression": "6 * 7"}, "42")]
    observations = [m.content for m in model.calls[-1].messages if m.content.startswith("Observation")]
    assert "did not follow the format" in observations[0] and observations[1] == "Observation: 42"


def test_bad_input(registry):
    with pytest.raises(InvalidInputError):
        run_tool_loop(get_model(), registry, "  ")
    with pytest.raises(InvalidInputError):
        run_tool_loop(get_model(), registry, "hi", max_iterations=0)
    with pytest.raises(InvalidInputError):
        run_tool_loop(get_model(), ToolRegistry(), "hi")
