"""Tool chains: outputs feed later arguments, the chain is checked before it runs, and stops at the first failure."""

from __future__ import annotations

import pytest

from labkit.errors import InvalidInputError
from labkit.tools import ToolRegistry
from labkit.tools.calculator import calculator_tool
from labkit.tools.chain import ChainStep, fill, run_chain
from labkit.tools.mcp_server import unit_price


@pytest.fixture
def registry():
    return ToolRegistry([calculator_tool(), unit_price])


def test_outputs_feed_later_steps_by_name_and_as_previous(registry):
    chain = run_chain(registry, [ChainStep("unit_price", {"item": "gadget"}, name="price"),
                                 ChainStep("calculator", {"expression": "{price} * 2"}),
                                 ChainStep("calculator", {"expression": "{previous} + {price}"})])
    assert chain.ok and [r.output for r in chain.results] == ["12.0", "24", "36"] and chain.output == "36"


def test_the_chain_stops_at_the_first_failing_step(registry):
    chain = run_chain(registry, [ChainStep("unit_price", {"item": "unicorn"}),
                                 ChainStep("calculator", {"expression": "{previous} * 2"})])
    assert not chain.ok and chain.failed_at == "unit_price" and len(chain.results) == 1 and chain.output == ""


def test_a_chain_is_checked_before_anything_runs(registry):
    with pytest.raises(InvalidInputError, match="no earlier step"):
        run_chain(registry, [ChainStep("calculator", {"expression": "{price} * 2"}),
                             ChainStep("unit_price", {"item": "widget"}, name="price")])
    with pytest.raises(InvalidInputError, match="does not have"):
        run_chain(registry, [ChainStep("translate", {})])
    with pytest.raises(InvalidInputError, match="no earlier step"):
        run_chain(registry, [ChainStep("calculator", {"expression": "{previous}"})])
    with pytest.raises(InvalidInputError, match="at least one"):
        run_chain(registry, [])


def test_fill_leaves_unknown_braces_and_non_strings_alone():
    assert fill('{"json": 1} {x}', {"x": "2"}) == '{"json": 1} 2'
    assert fill(["a"], {"a": "b"}) == ["a"]
