from typing import Literal

import pytest
from langchain_core.tools import tool as lc_tool

from labkit.errors import ToolArgumentError, ToolError, UnknownToolError
from labkit.tools import ToolRegistry, parse_docstring, tool_from_function


def convert(amount: float, currency: Literal["EUR", "USD"] = "EUR", round_to: int = 2) -> str:
    """Convert an amount of money.

    Args:
        amount: how much money
        currency: the target currency
    """
    return f"{amount:.{round_to}f} {currency}"


def test_schema_comes_from_signature_and_docstring():
    params = tool_from_function(convert).parameters()
    assert params["required"] == ["amount"]
    assert params["properties"]["amount"] == {"description": "how much money", "type": "number"}
    assert params["properties"]["currency"]["enum"] == ["EUR", "USD"]
    assert params["properties"]["round_to"]["default"] == 2
    assert params["additionalProperties"] is False


def test_validation_coerces_and_reports_every_problem():
    t = tool_from_function(convert)
    assert t.run({"amount": "3.5"}) == "3.50 EUR"
    assert t.run('{"amount": 1, "currency": "USD"}') == "1.00 USD"
    with pytest.raises(ToolArgumentError) as info:
        t.validate({"currency": "GBP", "colour": "red"})
    problems = " | ".join(info.value.problems)
    assert "amount: required but missing" in problems
    assert "currency:" in problems and "GBP" in problems
    assert "colour: not a parameter" in problems
    with pytest.raises(ToolArgumentError, match="not valid JSON"):
        t.validate("{amount: ")
    with pytest.raises(ToolArgumentError, match="JSON object"):
        t.validate([1, 2])


def test_functions_that_cannot_be_described_are_rejected():
    def untyped(x):
        """Doc."""

    def no_doc(x: int) -> int:
        return x

    def star(*args: int) -> int:
        """Doc."""

    for fn, match in [(untyped, "no type hint"), (no_doc, "no description"), (star, r"\*args")]:
        with pytest.raises(ToolError, match=match):
            tool_from_function(fn)


def test_registry_lookup_duplicates_and_errors_as_results():
    registry = ToolRegistry([convert])
    with pytest.raises(ToolError, match="already registered"):
        registry.register(convert)
    with pytest.raises(UnknownToolError, match="Registered tools: convert"):
        registry.get("convrt")
    result = registry.call("convrt", {})
    assert not result.ok and result.content.startswith("Error: No tool named 'convrt'")

    def explode(x: int) -> int:
        """Always fails."""
        raise RuntimeError("disk on fire")

    registry.register(explode)
    assert registry.call("explode", {"x": 1}).error == "RuntimeError: disk on fire"


def test_langchain_tools_round_trip():
    @lc_tool
    def multiply(a: int, b: int) -> int:
        """Multiply two integers."""
        return a * b

    registry = ToolRegistry([multiply])
    assert registry.call("multiply", {"a": 6, "b": "7"}).output == "42"
    back = registry.langchain_tools()[0]
    assert back.name == "multiply" and back.invoke({"a": 2, "b": 3}) == 6
    native = tool_from_function(convert).as_langchain()
    assert native.invoke({"amount": 2}) == "2.00 EUR"


def test_parse_docstring_sphinx_and_multiline():
    summary, args = parse_docstring("""Look up a user.

    Args:
        user_id (int): the id,
            as shown in the admin page
    Returns:
        the record
    """)
    assert summary == "Look up a user."
    assert args == {"user_id": "the id, as shown in the admin page"}


def test_annotated_constraints_reach_schema_and_validation():
    from typing import Annotated

    from pydantic import Field

    from labkit.tools.registry import ToolArgumentError, tool_from_function

    def book(nights: Annotated[int, Field(ge=1, le=30)], guests: int = 1) -> str:
        """Book a room.

        Args:
            nights: how many nights to stay
        """
        return f"{nights} nights for {guests}"

    t = tool_from_function(book)
    schema = t.json_schema() if hasattr(t, "json_schema") else t.args_model.model_json_schema()
    assert schema["properties"]["nights"]["minimum"] == 1 and schema["properties"]["nights"]["maximum"] == 30
    with pytest.raises(ToolArgumentError, match="nights"):
        t.validate({"nights": 0})
