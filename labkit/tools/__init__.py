"""Level 4, tools: give a model hands. A registry of typed functions, a safe calculator, the tool-calling loop, routing.

The one idea: a model never runs code. It *asks* for a tool by name with JSON arguments; our code validates those
arguments against the tool's schema, runs the tool, and hands the result back as a message. Everything here is about
making that hand-off exact (schemas from type hints), safe (validation, a calculator that never ``eval``\\ s) and
bounded (an iteration cap). Then the tools leave the process: :mod:`.mcp_server` serves a registry over the Model
Context Protocol, :mod:`.mcp` connects to servers (with fallbacks across them) and hands their tools back to the
loop, and :mod:`.chain` runs a fixed sequence of tools where each output feeds the next. Then the tools get
dangerous: :mod:`.sql` lets a model query a SQLite database that it cannot change, and :mod:`.access` gives every
tool a risk level and scopes, checks the caller's role, asks a person before risky calls and audits each decision;
:mod:`.python_sandbox` runs a model's data-analysis code in a bubblewrap container with no network and no host files.

Names are imported on first use so ``import labkit.tools`` stays light; ``calculator`` is imported eagerly (it shares
its name with its module, and a lazy name would be shadowed by the module once imported; the module is light).
"""

from __future__ import annotations

from labkit.lazy import lazy_face
from labkit.tools.calculator import calculator

_lazy, __getattr__ = lazy_face(__name__, {
    "registry": ("Tool", "ToolRegistry", "ToolResult", "tool_from_function", "parse_docstring"),
    "calculator": ("calculator_tool",),
    "loop": ("run_tool_loop", "ToolLoopResult", "ToolStep"),
    "protocol": ("parse_action", "Action", "FinalAnswer"),
    "router": ("SourceRouter", "RouteDecision"),
    "chain": ("ChainStep", "ChainResult", "run_chain"),
    "mcp": ("MCPServer", "MCPClient", "MCPToolbox", "labkit_server"),
    "mcp_server": ("build_server", "default_tools"),
    "sql": ("SQLDatabase", "QueryResult", "open_read_only", "read_only_authorizer"),
    "access": ("Risk", "ToolAccess", "declare_access", "access_of", "Caller", "ApprovalRequest", "AccessDecision",
               "AccessPolicy", "AuditTrail", "AuditRecord"),
    "python_sandbox": ("PythonSandbox", "SandboxResult"),
})
__all__ = sorted(["calculator", *_lazy])
