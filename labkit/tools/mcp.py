"""MCP clients: list and call a server's tools, hand them to the tool-calling loop, fall back across servers.

What it teaches: an MCP client is a session with a server. Over stdio the client starts the server as a child
process (:class:`MCPServer` says how; :func:`labkit_server` builds one for ``python -m labkit.tools.mcp_server``),
sends ``initialize``, then ``tools/list`` and ``tools/call``. :class:`MCPClient` keeps one session open for its
lifetime, so a hundred calls cost one process start, not a hundred.

Three ways to use the tools, from the wire upwards:

* ``client.list_tools()`` / ``client.call_tool(name, args)``: the protocol itself (the official ``mcp`` SDK).
* ``client.langchain_tools()``: the same tools as LangChain tools through ``langchain-mcp-adapters``, for any
  LangChain or LangGraph agent.
* ``client.registry()``: those adapter tools wrapped as a labkit :class:`~labkit.tools.registry.ToolRegistry`, so
  ``run_tool_loop(get_model(), client.registry(), question)`` runs the loop of :mod:`labkit.tools.loop` on tools
  that live in another process, with the same argument validation as local tools.

:class:`MCPToolbox` joins several servers in priority order: each tool call goes to the first server that has the
tool and answers it; a tool that fails there (an error result, a crashed server) is retried on the next server,
and a server that does not start is skipped and reported. Every attempt is recorded in ``toolbox.events``.

The one idea: the SDK is asynchronous, the loop and a notebook cell are not. Each client runs its session on an
event loop in a background thread and the public methods wait for it with a timeout, so nothing here can hang and
it works the same in a script, a test and Jupyter (which already runs a loop of its own).

Left out: the HTTP transports, MCP resources, prompts and sampling, and reconnecting a session that died (a dead
server stays dead; :class:`MCPToolbox` moves on to the next one).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import sys
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from labkit.errors import InvalidInputError, MCPServerError, ToolError
from labkit.tools.registry import Tool, ToolRegistry, ToolResult


@dataclass(frozen=True)
class MCPServer:
    """How to start a stdio MCP server: its name and command line. ``env=None`` inherits this process's environment."""

    name: str
    command: str
    args: tuple[str, ...] = ()
    env: Mapping[str, str] | None = None
    cwd: str | None = None


def labkit_server(name: str = "labkit", *, tools: Sequence[str] = (), down: Iterable[str] = (),
                  registry: str | None = None) -> MCPServer:
    """The labkit MCP server as a child of this interpreter (``sys.executable -m labkit.tools.mcp_server``).

    >>> labkit_server("backup", tools=["calculator"], down=["calculator"]).args[1:]
    ('labkit.tools.mcp_server', '--name', 'backup', '--tools', 'calculator', '--down', 'calculator')
    """
    args = ["-m", "labkit.tools.mcp_server", "--name", name]
    if registry:
        args += ["--registry", registry]
    if tools:
        args += ["--tools", ",".join(tools)]
    for tool in down:
        args += ["--down", tool]
    return MCPServer(name, sys.executable, tuple(args))


@dataclass(frozen=True)
class MCPToolInfo:
    """A tool as a server advertises it: name, description, JSON schema of the arguments."""

    name: str
    description: str
    parameters: dict[str, Any]


_JSON_TYPES: dict[str, Any] = {"string": str, "integer": int, "number": float, "boolean": bool,
                               "array": list, "object": dict}


def args_model_from_schema(name: str, schema: Mapping[str, Any]) -> type[BaseModel]:
    """A pydantic model for a JSON-schema object, so a remote tool's arguments are validated before they travel.

    >>> Model = args_model_from_schema("area", {"type": "object", "required": ["width"],
    ...     "properties": {"width": {"type": "number"}, "unit": {"type": "string", "default": "m"}}})
    >>> Model(width="2.5").model_dump()
    {'width': 2.5, 'unit': 'm'}
    """
    required = set(schema.get("required", ()))
    fields: dict[str, Any] = {}
    for pname, prop in (schema.get("properties") or {}).items():
        py_type = _JSON_TYPES.get(prop.get("type"), Any)
        if pname in required:
            fields[pname] = (py_type, Field(..., description=prop.get("description")))
        else:
            fields[pname] = (py_type | None, Field(prop.get("default"), description=prop.get("description")))
    model_name = "".join(part.capitalize() for part in name.replace("-", "_").split("_")) + "Args"
    return create_model(model_name, __config__=ConfigDict(extra="forbid"), **fields)


def _text(content: Any) -> str:
    """The text of an MCP result or an adapter tool's output (a string or a list of content blocks)."""
    if isinstance(content, str):
        return content
    parts = []
    for block in content or []:
        text = block.get("text") if isinstance(block, dict) else getattr(block, "text", None)
        parts.append(text if text is not None else str(block))
    return "\n".join(parts)


class MCPClient:
    """One open session with one MCP server (a stdio :class:`MCPServer`, or a ``FastMCP`` object in process).

    Use it as a context manager; ``timeout`` bounds the start and every call, in seconds.
    """

    def __init__(self, server: Any, *, timeout: float = 30.0):
        if not isinstance(timeout, (int, float)) or timeout <= 0:
            raise InvalidInputError(f"timeout must be a positive number of seconds, got {timeout!r}.")
        if not isinstance(server, MCPServer) and not hasattr(server, "_mcp_server"):
            raise InvalidInputError(f"MCPClient needs an MCPServer or a FastMCP server, got {type(server).__name__}.")
        self.server = server
        self.name = server.name
        self.timeout = float(timeout)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._session: Any = None
        self._adapter_tools: list[Any] = []
        self._registry: ToolRegistry | None = None
        self._errlog: Any = None

    # --- lifecycle -------------------------------------------------------------------------------------------------

    def start(self) -> MCPClient:
        """Start the server (stdio) and open the session; :class:`MCPServerError` says why when it cannot."""
        self._launch()
        return self._await_ready()

    def _launch(self) -> None:
        if self._thread is not None:
            return
        self._errlog = tempfile.TemporaryFile("w+", encoding="utf-8")  # the server's stderr, for error messages
        self._thread = threading.Thread(target=self._run_session, name=f"mcp-{self.name}", daemon=True)
        self._thread.start()

    def _await_ready(self) -> MCPClient:
        if not self._ready.wait(self.timeout):
            self.close()
            raise MCPServerError(self.name, f"no answer to initialize within {self.timeout:g} s")
        if self._error is not None:
            reason = self._reason(self._error)
            self.close()
            raise MCPServerError(self.name, reason)
        return self

    def close(self) -> None:
        """End the session; the stdio server sees its stdin close and exits."""
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            try:
                self._loop.call_soon_threadsafe(self._stop.set)
            except RuntimeError:  # the loop finished between the check and the call
                pass
        if self._thread is not None:
            self._thread.join(self.timeout)
        if self._errlog is not None:
            self._errlog.close()
            self._errlog = None

    def __enter__(self) -> MCPClient:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self._session is not None and self._thread is not None and self._thread.is_alive()

    def _run_session(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # reported by start() or by the next call, never lost in the thread
            self._error = exc
        finally:
            self._session = None
            self._ready.set()

    async def _serve(self) -> None:
        from langchain_mcp_adapters.tools import load_mcp_tools

        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        async with self._connect() as session:
            # handle_tool_errors=False: a tool's error result raises, so the registry records a failed call
            self._adapter_tools = await load_mcp_tools(session, handle_tool_errors=False, server_name=self.name)
            self._session = session
            self._ready.set()
            await self._stop.wait()

    @asynccontextmanager
    async def _connect(self):
        if not isinstance(self.server, MCPServer):
            from mcp.shared.memory import create_connected_server_and_client_session

            async with create_connected_server_and_client_session(
                    self.server, read_timeout_seconds=timedelta(seconds=self.timeout)) as session:
                yield session
            return
        from mcp import ClientSession, StdioServerParameters
        from mcp.client.stdio import stdio_client

        params = StdioServerParameters(
            command=self.server.command, args=list(self.server.args), cwd=self.server.cwd,
            # the child needs this interpreter's environment (LABKIT_HOME, a virtualenv's paths), not the SDK's
            # short default list
            env=dict(os.environ if self.server.env is None else self.server.env))
        async with stdio_client(params, errlog=self._errlog) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=timedelta(seconds=self.timeout)) as session:
                await session.initialize()
                yield session

    def _reason(self, exc: BaseException) -> str:
        while isinstance(exc, BaseExceptionGroup) and exc.exceptions:  # anyio task groups wrap the real error
            exc = exc.exceptions[0]
        reason = f"{type(exc).__name__}: {exc}".rstrip(": ")
        stderr = self._stderr_tail()
        return f"{reason}; server said: {stderr}" if stderr else reason

    def _stderr_tail(self) -> str:
        if self._errlog is None:
            return ""
        self._errlog.flush()
        self._errlog.seek(0)
        lines = [line.strip() for line in self._errlog.read().splitlines() if line.strip()]
        return " | ".join(lines[-3:])[-400:]

    def _wait(self, request: Any) -> Any:
        """Run ``request(session)`` (a coroutine) on the session's loop and wait at most ``timeout`` for it."""
        session = self._session
        if not self.running or session is None:
            why = self._reason(self._error) if self._error else "the session is not open; use `with MCPClient(...)`"
            raise MCPServerError(self.name, why)
        future = asyncio.run_coroutine_threadsafe(request(session), self._loop)
        try:
            return future.result(self.timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise MCPServerError(self.name, f"no answer within {self.timeout:g} s") from None

    # --- the protocol ----------------------------------------------------------------------------------------------

    def list_tools(self) -> list[MCPToolInfo]:
        """``tools/list``: every tool the server offers."""
        result = self._wait(lambda session: session.list_tools())
        return [MCPToolInfo(t.name, t.description or "", dict(t.inputSchema)) for t in result.tools]

    def call_tool(self, name: str, args: Mapping[str, Any] | None = None) -> ToolResult:
        """``tools/call``: the tool's text output, or its error (``ToolResult.ok`` is False), never a raise."""
        if not isinstance(name, str) or not name:
            raise InvalidInputError("call_tool needs a tool name.")
        try:
            result = self._wait(lambda session: session.call_tool(name, dict(args or {})))
        except MCPServerError as exc:
            return ToolResult(name, dict(args or {}), error=str(exc))
        text = _text(result.content)
        return ToolResult(name, dict(args or {}), error=text) if result.isError else ToolResult(name, dict(args or {}), text)

    # --- adapters --------------------------------------------------------------------------------------------------

    def langchain_tools(self) -> list[Any]:
        """The server's tools as LangChain tools (``langchain-mcp-adapters``); they are async and need this session."""
        if not self.running:
            raise MCPServerError(self.name, "the session is not open; use `with MCPClient(...)`")
        return list(self._adapter_tools)

    def registry(self) -> ToolRegistry:
        """The adapter tools as a labkit :class:`ToolRegistry` (synchronous, validated) for ``run_tool_loop``."""
        if self._registry is None:
            self._registry = ToolRegistry([self._as_tool(t) for t in self.langchain_tools()])
        return self._registry

    def _as_tool(self, adapter_tool: Any) -> Tool:
        from langchain_core.tools import ToolException

        def call(**kwargs: Any) -> str:
            try:
                return _text(self._wait(lambda _: adapter_tool.ainvoke(kwargs)))
            except ToolException as exc:  # the server's error result: its message is the whole story
                raise ToolError(str(exc)) from None
        schema = adapter_tool.args_schema if isinstance(adapter_tool.args_schema, dict) else {}
        return Tool(adapter_tool.name, adapter_tool.description or adapter_tool.name,
                    args_model_from_schema(adapter_tool.name, schema), call)


@dataclass(frozen=True)
class FallbackEvent:
    """One attempt of a tool on one server: whether it answered, and the output or the error."""

    tool: str
    server: str
    ok: bool
    detail: str


@dataclass
class MCPToolbox:
    """Several MCP servers in priority order behind one registry; a failing tool falls back to the next server.

    ``with MCPToolbox([labkit_server("primary"), labkit_server("backup")]) as box: box.call("calculator", {...})``,
    or ``box = MCPToolbox(...).start()`` and ``box.close()`` when done.
    """

    servers: Sequence[Any]
    timeout: float = 30.0
    clients: list[MCPClient] = field(default_factory=list, init=False)
    unavailable: dict[str, str] = field(default_factory=dict, init=False)
    events: list[FallbackEvent] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        if not self.servers:
            raise InvalidInputError("MCPToolbox needs at least one server.")
        names = [s.name for s in self.servers]
        if len(set(names)) != len(names):
            raise InvalidInputError(f"Server names must be unique, got {names}.")

    def start(self) -> MCPToolbox:
        """Start every server at once; :class:`MCPServerError` only when none of them starts."""
        starting = [MCPClient(server, timeout=self.timeout) for server in self.servers]
        for client in starting:  # every server boots at once; the toolbox waits for the slowest, not the sum
            client._launch()
        for server, client in zip(self.servers, starting):
            try:
                self.clients.append(client._await_ready())
            except MCPServerError as exc:  # a missing server is a fact to report, not the end of the toolbox
                self.unavailable[server.name] = exc.reason
        if not self.clients:
            self.close()
            raise MCPServerError("every server", "; ".join(f"{k}: {v}" for k, v in self.unavailable.items()))
        return self

    def __enter__(self) -> MCPToolbox:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        for client in self.clients:
            client.close()

    def _registries(self) -> list[tuple[str, ToolRegistry]]:
        return [(c.name, c.registry()) for c in self.clients if c.running]

    def call(self, name: str, args: Mapping[str, Any] | None = None) -> ToolResult:
        """Run ``name`` on the first server that answers it; the error lists every server's failure."""
        args = dict(args or {})
        tried = []
        for server, registry in self._registries():
            if name not in registry:
                continue
            result = registry.call(name, args)
            self.events.append(FallbackEvent(name, server, result.ok, result.output or result.error))
            if result.ok:
                return result
            tried.append(f"{server}: {result.error}")
        if not tried:
            offered = sorted({n for _, r in self._registries() for n in r.names()})
            return ToolResult(name, args, error=f"No server offers a tool named {name!r}. Tools: {', '.join(offered)}.")
        return ToolResult(name, args, error="every server failed (" + "; ".join(tried) + ")")

    def registry(self) -> ToolRegistry:
        """One tool per name across all servers (schema from the highest-priority server), each call with fallback."""
        tools: dict[str, Tool] = {}
        for _, registry in self._registries():
            for tool in registry:
                if tool.name not in tools:
                    tools[tool.name] = Tool(tool.name, tool.description, tool.args_model, self._caller(tool.name))
        return ToolRegistry(list(tools.values()))

    def _caller(self, name: str):
        def call(**kwargs: Any) -> str:
            result = self.call(name, kwargs)
            if not result.ok:
                raise ToolError(result.error)
            return result.output
        return call
