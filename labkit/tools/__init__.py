"""Level 4, tools: give a model hands. A registry of typed functions, a safe calculator, the tool-calling loop, routing.

The one idea: a model never runs code. It *asks* for a tool by name with JSON arguments; our code validates those
arguments against the tool's schema, runs the tool, and hands the result back as a message. Everything here is about
making that hand-off exact (schemas from type hints), safe (validation, a calculator that never ``eval``\\ s) and
bounded (an iteration cap). Then the tools leave the process: :mod:`.mcp_server` serves a registry over the Model
Context Protocol, :mod:`.mcp` connects to servers (with fallbacks across them) and hands their tools back to the
loop, and :mod:`.chain` runs a fixed sequence of tools where each output feeds the next.

Names are imported on first use so ``import labkit.tools`` stays light.
"""

from __future__ import annotations

from labkit.lazy import lazy_exports

_EXPORTS = {
    "Tool": "labkit.tools.registry",
    "ToolRegistry": "labkit.tools.registry",
    "ToolResult": "labkit.tools.registry",
    "tool_from_function": "labkit.tools.registry",
    "parse_docstring": "labkit.tools.registry",
    "calculator_tool": "labkit.tools.calculator",
    "run_tool_loop": "labkit.tools.loop",
    "ToolLoopResult": "labkit.tools.loop",
    "ToolStep": "labkit.tools.loop",
    "parse_action": "labkit.tools.protocol",
    "Action": "labkit.tools.protocol",
    "FinalAnswer": "labkit.tools.protocol",
    "SourceRouter": "labkit.tools.router",
    "RouteDecision": "labkit.tools.router",
    "ChainStep": "labkit.tools.chain",
    "ChainResult": "labkit.tools.chain",
    "run_chain": "labkit.tools.chain",
    "MCPServer": "labkit.tools.mcp",
    "MCPClient": "labkit.tools.mcp",
    "MCPToolbox": "labkit.tools.mcp",
    "labkit_server": "labkit.tools.mcp",
    "build_server": "labkit.tools.mcp_server",
}
__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, _EXPORTS)
