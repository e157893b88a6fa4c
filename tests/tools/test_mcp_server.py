"""The MCP server: what it advertises is what the registry says, faults on cue, clear errors on a bad command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from labkit.errors import InvalidInputError
from labkit.tools import ToolRegistry
from labkit.tools.mcp import MCPClient
from labkit.tools.mcp_server import build_server, default_tools, load_registry, unit_price

pytestmark = pytest.mark.timeout(120)


def area(width: float, height: float = 1.0) -> float:
    """Area of a rectangle.

    Args:
        width: the width in metres
    """
    return width * height


def test_the_advertised_schema_is_the_registry_schema():
    registry = ToolRegistry([area])
    with MCPClient(build_server(registry, "shapes"), timeout=20) as client:
        [info] = client.list_tools()
        assert (info.name, info.description) == ("area", "Area of a rectangle.")
        assert info.parameters["required"] == registry.get("area").parameters()["required"] == ["width"]
        assert info.parameters["properties"]["width"]["type"] == "number"
        assert client.call_tool("area", {"width": 3, "height": 2}).output == "6.0"


def test_a_tool_marked_down_fails_but_keeps_its_schema():
    with MCPClient(build_server(default_tools(), down=["word_count"]), timeout=20) as client:
        schemas = {t.name: t.parameters for t in client.list_tools()}
        assert schemas["word_count"]["required"] == ["text"]
        result = client.call_tool("word_count", {"text": "a b"})
        assert not result.ok and "down" in result.error
        assert client.call_tool("calculator", {"expression": "6 * 7"}).output == "42"


def test_a_tool_exception_is_an_error_result_not_a_dead_server():
    with MCPClient(build_server(default_tools()), timeout=20) as client:
        bad = client.call_tool("unit_price", {"item": "unicorn"})
        assert not bad.ok and "catalogue" in bad.error
        assert client.call_tool("unit_price", {"item": "widgets"}).output == "4.5"


def test_bad_server_arguments_are_clear():
    with pytest.raises(InvalidInputError, match="does not have"):
        build_server(default_tools(), down=["nope"])
    with pytest.raises(InvalidInputError, match="module:attribute"):
        load_registry("no_colon")
    with pytest.raises(InvalidInputError, match="Cannot load"):
        load_registry("labkit.tools.mcp_server:missing")
    with pytest.raises(KeyError):
        unit_price("unicorn")


def test_the_command_line_explains_a_bad_registry_and_exits_non_zero():
    proc = subprocess.run([sys.executable, "-m", "labkit.tools.mcp_server", "--registry", "labkit.tools:nothing"],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert proc.stderr.startswith("labkit MCP server:") and "Traceback" not in proc.stderr
    assert proc.stdout == ""  # stdout belongs to the protocol


def test_a_server_process_stays_light():
    # every stdio client pays the server's start-up; LangChain's tool machinery costs seconds and is not needed
    code = ("import sys; from labkit.tools.mcp_server import build_server, default_tools; "
            "build_server(default_tools()); print(sorted(m for m in ('langchain_core.tools', 'torch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]"
