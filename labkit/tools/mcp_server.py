"""An MCP server over stdio that exposes labkit tools: ``python -m labkit.tools.mcp_server``.

What it teaches: the Model Context Protocol (MCP) moves tools out of the application. A *server* lists its tools
(name, description, JSON schema) and runs them on request; any *client* (an IDE, a desktop assistant, the loop in
:mod:`labkit.tools.loop`) connects, asks ``tools/list``, then ``tools/call``. Over the stdio transport the client
starts the server as a child process and speaks JSON-RPC on its stdin/stdout, so nothing listens on a port.

The one idea: the server is built from the same typed functions as a :class:`~labkit.tools.registry.ToolRegistry`.
The official SDK's ``FastMCP`` does what the registry does -- the signature *is* the schema -- so
:func:`build_server` hands each registered function to ``FastMCP.add_tool`` and the tool a client sees over MCP has
the schema the loop would have used in process. A tool that raises comes back as an MCP error result
(``isError``), never as a crashed server.

The command line serves the default labkit tools (``calculator``, ``unit_price``, ``word_count``), a subset of
them (``--tools``), or your own registry (``--registry module:attribute``, a ``ToolRegistry`` or a function that
returns one). ``--down NAME`` makes a tool fail on every call, the way ``ScriptedChatModel`` injects faults, so a
fallback can be drilled without breaking anything real.

Left out: the HTTP transports (streamable HTTP, SSE), MCP resources and prompts, sampling and authentication; only
tools over stdio, which is what a local agent needs.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from labkit.errors import InvalidInputError, ToolError
from labkit.tools.registry import ToolRegistry

# A small price list so tool chains have something to look up offline (price -> calculator).
PRICES = {"widget": 4.5, "gadget": 12.0, "gizmo": 7.25, "sprocket": 0.8}


def unit_price(item: str) -> float:
    """Look up the unit price of a catalogue item in euros.

    Args:
        item: the item's name, e.g. 'widget'

    >>> unit_price("Widget")
    4.5
    """
    key = item.strip().lower()
    if key not in PRICES and key.endswith("s"):  # "widgets" is a widget
        key = key[:-1]
    if key not in PRICES:
        raise KeyError(f"no item named {item!r}; the catalogue has {', '.join(sorted(PRICES))}")
    return PRICES[key]


def word_count(text: str) -> int:
    """Count the words in a text.

    Args:
        text: the text to count

    >>> word_count("MCP moves tools out of the app")
    7
    """
    return len(text.split())


def default_tools() -> ToolRegistry:
    """The tools a plain ``python -m labkit.tools.mcp_server`` serves: calculator, unit_price, word_count."""
    from labkit.tools.calculator import calculator_tool

    return ToolRegistry([calculator_tool(), unit_price, word_count])


def _broken(func: Any, name: str) -> Any:
    """``func``'s signature (so the advertised schema stays the same), but every call fails as a dead service would."""
    @functools.wraps(func)
    def fail(*_: Any, **__: Any) -> Any:
        raise ConnectionError(f"the service behind {name!r} is down")
    return fail


def build_server(registry: ToolRegistry, name: str = "labkit", down: Iterable[str] = ()) -> Any:
    """A ``FastMCP`` server offering every tool of ``registry``; tools named in ``down`` fail on every call.

    The server is not started: call ``.run("stdio")`` on it (what :func:`main` does), or connect to it in process
    with ``labkit.tools.mcp.MCPClient(server)`` (in memory, no process).
    """
    from mcp.server.fastmcp import FastMCP

    if not isinstance(registry, ToolRegistry):
        raise InvalidInputError(f"build_server needs a ToolRegistry, got {type(registry).__name__}.")
    down = set(down)
    unknown = down - set(registry.names())
    if unknown:
        raise InvalidInputError(f"--down names tools this server does not have: {sorted(unknown)}; "
                                f"it has {registry.names()}.")
    # WARNING: FastMCP logs every request at INFO on stderr, which would bury the client's own output.
    server = FastMCP(name, log_level="WARNING")
    for tool in registry:
        func = _broken(tool.func, tool.name) if tool.name in down else tool.func
        server.add_tool(func, name=tool.name, description=tool.description, structured_output=False)
    return server


def load_registry(target: str) -> ToolRegistry:
    """Import ``module:attribute``: a :class:`ToolRegistry`, or a function returning one."""
    module_name, _, attribute = target.partition(":")
    if not module_name or not attribute:
        raise InvalidInputError(f"--registry takes module:attribute (e.g. mytools:registry), got {target!r}.")
    try:
        obj = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise InvalidInputError(f"Cannot load the tool registry {target!r}: {exc}") from None
    registry = obj() if callable(obj) and not isinstance(obj, ToolRegistry) else obj
    if not isinstance(registry, ToolRegistry):
        raise InvalidInputError(f"{target} is a {type(registry).__name__}, not a ToolRegistry.")
    return registry


def select(registry: ToolRegistry, names: Sequence[str]) -> ToolRegistry:
    """A registry holding only ``names`` (in that order)."""
    return ToolRegistry([registry.get(n) for n in names])


def main(argv: Sequence[str] | None = None) -> None:
    """Serve tools over stdio until the client closes the pipe."""
    # The SDK imports jsonschema, which compiles an RFC 3987 grammar at import time when the optional
    # rfc3987-syntax package is installed: 1-3 s of every server start, for "iri" format checks this server never
    # runs. Marking it absent makes jsonschema skip those checkers (an ImportError it already handles).
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    parser = argparse.ArgumentParser(prog="python -m labkit.tools.mcp_server", description=__doc__.splitlines()[0])
    parser.add_argument("--name", default="labkit", help="the server's name, as clients see it")
    parser.add_argument("--registry", help="module:attribute of a ToolRegistry to serve instead of the defaults")
    parser.add_argument("--tools", help="comma-separated subset of the tools to serve")
    parser.add_argument("--down", action="append", default=[], help="a tool that fails on every call (repeatable)")
    args = parser.parse_args(argv)
    try:
        registry = load_registry(args.registry) if args.registry else default_tools()
        if args.tools:
            registry = select(registry, [n.strip() for n in args.tools.split(",") if n.strip()])
        server = build_server(registry, args.name, args.down)
    except (InvalidInputError, ToolError) as exc:
        # stdout belongs to the protocol; the reason goes to stderr, where the client shows it
        print(f"labkit MCP server: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    server.run("stdio")


if __name__ == "__main__":
    main()
