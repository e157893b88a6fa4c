"""MCP clients against real stdio servers started as subprocesses (``sys.executable -m labkit.tools.mcp_server``)."""

from __future__ import annotations

import sys
import textwrap

import pytest

from labkit.errors import InvalidInputError, MCPServerError
from labkit.llm import ScriptedChatModel
from labkit.llm.scripted import ToolCalls
from labkit.tools import run_tool_loop
from labkit.tools.mcp import MCPClient, MCPServer, MCPToolbox, args_model_from_schema, labkit_server

pytestmark = pytest.mark.timeout(180)
MISSING = MCPServer("ghost", sys.executable + "-not-installed")


@pytest.fixture(scope="module")
def client():
    with MCPClient(labkit_server("labkit", down=["word_count"]), timeout=60) as c:
        yield c


def test_lists_and_calls_tools_over_stdio(client):
    assert [t.name for t in client.list_tools()] == ["calculator", "unit_price", "word_count"]
    assert client.call_tool("calculator", {"expression": "(2 + 3) * 4"}).output == "20"
    down = client.call_tool("word_count", {"text": "a b"})
    assert not down.ok and "down" in down.error
    assert not client.call_tool("no_such_tool", {}).ok


def test_adapter_tools_are_async_langchain_tools(client):
    tools = {t.name: t for t in client.langchain_tools()}
    assert set(tools) == {"calculator", "unit_price", "word_count"}
    assert tools["unit_price"].args_schema["required"] == ["item"]  # the server's schema, unchanged


def test_registry_validates_before_the_call_travels(client):
    registry = client.registry()
    assert registry.call("unit_price", {"item": "gadget"}).output == "12.0"
    bad = registry.call("unit_price", {"name": "gadget"})
    assert not bad.ok and "required but missing" in bad.error
    down = registry.call("word_count", {"text": "x"})
    assert not down.ok and down.error.startswith("Error executing tool word_count")


def test_the_tool_loop_runs_on_mcp_tools(client):
    model = ScriptedChatModel(replies=[ToolCalls([("unit_price", {"item": "widget"})]),
                                       ToolCalls([("calculator", {"expression": "3 * 4.5"})]),
                                       "Three widgets cost 13.5 EUR."])
    result = run_tool_loop(model, client.registry(), "What do three widgets cost?")
    assert [(s.tool, s.output, s.ok) for s in result.steps] == [("unit_price", "4.5", True),
                                                                ("calculator", "13.5", True)]
    # the model saw the MCP server's output as the tool message
    assert model.calls[2].messages[-1].content == "13.5"


def test_the_offline_model_chooses_an_mcp_tool(client):
    from labkit.llm import get_model

    result = run_tool_loop(get_model(), client.registry(), "Calculate 12 * 7 + 1")
    assert result.steps and result.steps[0].tool == "calculator" and result.steps[0].ok
    assert result.steps[0].output == "85"


def test_a_server_that_cannot_start_is_a_clear_error_not_a_hang():
    with pytest.raises(MCPServerError, match="ghost"):
        MCPClient(MISSING, timeout=10).start()
    with pytest.raises(MCPServerError, match="No tool named 'nope'"):  # the server's own reason is shown
        MCPClient(labkit_server("bad", tools=["nope"]), timeout=60).start()


def test_a_hanging_server_times_out(tmp_path):
    script = tmp_path / "silent.py"
    script.write_text("import time\ntime.sleep(60)\n")
    with pytest.raises(MCPServerError, match="within 2 s"):
        MCPClient(MCPServer("silent", sys.executable, (str(script),)), timeout=2).start()


def test_calls_after_close_are_refused():
    client = MCPClient(labkit_server(tools=["word_count"]), timeout=60).start()
    client.close()
    with pytest.raises(MCPServerError, match="not open"):
        client.list_tools()


def test_bad_client_arguments():
    with pytest.raises(InvalidInputError):
        MCPClient("python -m server")
    with pytest.raises(InvalidInputError):
        MCPClient(MISSING, timeout=0)
    with pytest.raises(InvalidInputError, match="unique"):
        MCPToolbox([MISSING, MISSING])


def test_args_model_from_schema_rejects_unknown_and_missing_arguments():
    from pydantic import ValidationError

    model = args_model_from_schema("f", {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}})
    assert model(n="3").n == 3
    with pytest.raises(ValidationError):
        model(m=1)


@pytest.fixture(scope="module")
def toolbox():
    servers = [MISSING, labkit_server("primary", down=["calculator"]),
               labkit_server("backup", tools=["calculator", "word_count"])]
    with MCPToolbox(servers, timeout=60) as box:
        yield box


def test_toolbox_skips_a_missing_server_and_reports_it(toolbox):
    assert list(toolbox.unavailable) == ["ghost"]
    assert [c.name for c in toolbox.clients] == ["primary", "backup"]


def test_a_failing_tool_falls_back_to_the_next_server(toolbox):
    start = len(toolbox.events)
    assert toolbox.call("calculator", {"expression": "1 + 1"}).output == "2"
    assert [(e.server, e.ok) for e in toolbox.events[start:]] == [("primary", False), ("backup", True)]


def test_the_first_server_that_answers_wins(toolbox):
    start = len(toolbox.events)
    assert toolbox.call("word_count", {"text": "a b c"}).output == "3"
    assert [(e.server, e.ok) for e in toolbox.events[start:]] == [("primary", True)]


def test_a_tool_no_server_offers_and_a_tool_every_server_fails(toolbox):
    assert "No server offers" in toolbox.call("translate", {}).error
    failed = toolbox.call("unit_price", {"item": "unicorn"})  # only primary has it, and it raises
    assert not failed.ok and failed.error.startswith("every server failed (primary:")


def test_chaining_over_the_fallback_registry(toolbox):
    from labkit.tools.chain import ChainStep, run_chain

    chain = run_chain(toolbox.registry(), [ChainStep("unit_price", {"item": "gizmo"}, name="price"),
                                           ChainStep("calculator", {"expression": "4 * {price}"})])
    assert chain.ok and chain.output == "29"


def test_a_toolbox_with_no_server_left_is_an_error():
    with pytest.raises(MCPServerError, match="every server"):
        MCPToolbox([MISSING], timeout=10).start()


def test_a_learners_own_registry_is_served(tmp_path):
    (tmp_path / "mytools.py").write_text(textwrap.dedent('''
        from labkit.tools import ToolRegistry

        registry = ToolRegistry()

        @registry.register
        def shout(text: str) -> str:
            """Upper-case a text."""
            return text.upper()
    '''))
    server = labkit_server("mine", registry="mytools:registry")
    server = MCPServer(server.name, server.command, server.args, cwd=str(tmp_path))
    with MCPClient(server, timeout=60) as client:
        assert [t.name for t in client.list_tools()] == ["shout"]
        assert client.call_tool("shout", {"text": "mcp"}).output == "MCP"
