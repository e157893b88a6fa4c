"""Level 4, tools: give a model hands. A registry of typed functions, a safe calculator, the tool-calling loop, routing.

The one idea: a model never runs code. It *asks* for a tool by name with JSON arguments; our code validates those
arguments against the tool's schema, runs the tool, and hands the result back as a message. Everything here is about
making that hand-off exact (schemas from type hints), safe (validation, a calculator that never ``eval``\\ s) and
bounded (an iteration cap).

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
}
__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, _EXPORTS)
