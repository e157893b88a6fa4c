"""Trajectory checks: expected tools in three senses, forbidden tools, the step budget, and message input."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from labkit.errors import InvalidInputError
from labkit.evaluation.trajectory import check_trajectory, tool_sequence

RUN = ["search_orders", "get_order", "check_stock", "get_order"]


@pytest.mark.parametrize("expected, order, passed", [
    (["search_orders", "check_stock"], "in_order", True),
    (["check_stock", "search_orders"], "in_order", False),
    (["check_stock", "search_orders"], "any_order", True),
    (["search_orders", "refund"], "any_order", False),
    (RUN, "exact", True),
    (RUN[:3], "exact", False),
    ([], "in_order", True),
])
def test_expected_tools(expected, order, passed):
    assert check_trajectory(RUN, expected, order=order).passed is passed


def test_in_order_needs_a_later_occurrence():
    report = check_trajectory(["b", "a"], ["a", "b"])
    assert report.problems == ["expected b after a (in order), never called"]
    assert check_trajectory(["a", "x", "a", "b"], ["a", "a", "b"]).passed


def test_forbidden_tools_and_budget_are_reported_with_their_steps():
    report = check_trajectory(RUN + ["delete_order"], ["search_orders"], forbidden=["delete_order"], max_steps=4)
    assert report.problems == ["called forbidden tool delete_order at step 5", "5 tool calls, over the budget of 4"]
    assert check_trajectory(RUN, max_steps=4).passed


def test_tool_calls_are_read_from_langchain_messages():
    messages = [HumanMessage("where is order 7?"),
                AIMessage("", tool_calls=[{"name": "search_orders", "args": {"q": "7"}, "id": "1"},
                                          {"name": "get_order", "args": {"id": 7}, "id": "2"}]),
                ToolMessage("found", tool_call_id="1"), ToolMessage("shipped", tool_call_id="2"),
                AIMessage("It has shipped.")]
    assert tool_sequence(messages) == ["search_orders", "get_order"]
    assert check_trajectory(messages, ["search_orders", "get_order"], order="exact", max_steps=2).passed


def test_tool_calls_are_read_from_a_real_tool_loop_on_the_scripted_model():
    from labkit.llm import ScriptedChatModel, ToolCalls
    from labkit.tools import ToolRegistry, run_tool_loop

    def get_order(order_id: int) -> str:
        """Look an order up.

        Args:
            order_id: the order number
        """
        return f"order {order_id}: shipped"

    model = ScriptedChatModel(replies=[ToolCalls([("get_order", {"order_id": 7})]), "It has shipped."])
    result = run_tool_loop(model, ToolRegistry([get_order]), "Where is order 7?")
    assert tool_sequence(result.steps) == ["get_order"]
    assert check_trajectory(result.steps, ["get_order"], order="exact", max_steps=1).passed


@pytest.mark.parametrize("steps, kwargs, message", [
    ("search", {}, "not one string"),
    ([3.5], {}, "Cannot read a tool call"),
    (["a"], {"order": "sorted"}, "order must be"),
    (["a"], {"max_steps": -1}, "max_steps"),
])
def test_bad_input(steps, kwargs, message):
    with pytest.raises(InvalidInputError, match=message):
        check_trajectory(steps, **kwargs)
