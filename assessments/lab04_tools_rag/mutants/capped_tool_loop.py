from labkit.errors import ToolLoopLimitError
from labkit.llm import ScriptedChatModel
from labkit.llm.scripted import ToolCalls
from labkit.tools import ToolRegistry, run_tool_loop
from labkit.tools.calculator import calculator_tool


def capped_tool_loop(script, max_iterations):
    replies = [ToolCalls([(name, args) for name, args in turn]) if isinstance(turn, list) else turn for turn in script]
    model = ScriptedChatModel(replies=replies, repeat_last=True)
    registry = ToolRegistry([calculator_tool()])
    try:
        # Plausible mistake: "one more turn for the final answer" -- the cap is no longer the cap.
        result = run_tool_loop(model, registry, "Work it out with the calculator.", max_iterations=max_iterations + 1)
    except ToolLoopLimitError:
        return {"status": "limit", "model_calls": len(model.calls), "answer": None, "tool_outputs": []}
    return {"status": "answer", "model_calls": len(model.calls), "answer": result.answer,
            "tool_outputs": [step.output for step in result.steps]}
