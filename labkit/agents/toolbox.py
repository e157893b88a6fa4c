"""The toolbox: LangChain tools by name, so any tool a learner writes with ``@tool`` plugs into every agent.

The one idea: agents do not define their own tool format. A tool is a LangChain ``BaseTool`` (the ``@tool``
decorator makes one from a typed, documented function); plain functions are converted the same way. The toolbox
checks names are unique and says clearly which tools exist when a plan or a model asks for one that does not.

What it leaves out: argument validation beyond the tool's own schema (LangChain validates against it on ``invoke``)
and tool registries shared across agents (see :mod:`labkit.tools`).

>>> def shout(text: str) -> str:
...     '''Upper-case the text.'''
...     return text.upper()
>>> box = Toolbox([shout])
>>> box.names(), box.get("shout").invoke({"text": "hi"})
(['shout'], 'HI')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from labkit.errors import InvalidInputError, PlanError


def as_tool(obj: Any) -> Any:
    """A LangChain ``BaseTool`` for ``obj`` (a tool already, or a documented function)."""
    from langchain_core.tools import BaseTool, tool

    if isinstance(obj, BaseTool):
        return obj
    if callable(obj):
        if not (getattr(obj, "__doc__", None) or "").strip():
            raise InvalidInputError(
                f"Function {getattr(obj, '__name__', obj)!r} has no docstring: a tool needs a description so the "
                "model knows when to use it. Add a docstring or decorate it with @tool(description=...).")
        return tool(obj)
    raise InvalidInputError(f"Cannot use {type(obj).__name__} as a tool: pass a LangChain tool or a function.")


class Toolbox:
    """Tools by name, in the order given."""

    def __init__(self, tools: Iterable[Any] = ()):
        self._tools: dict[str, Any] = {}
        for obj in tools:
            t = as_tool(obj)
            if t.name in self._tools:
                raise InvalidInputError(f"Two tools are named {t.name!r}: tool names must be unique.")
            self._tools[t.name] = t

    def __len__(self) -> int:
        return len(self._tools)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._tools.values())

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    def names(self) -> list[str]:
        return list(self._tools)

    def get(self, name: str) -> Any:
        if name not in self._tools:
            raise PlanError(f"No tool named {name!r}; available tools: {self.names() or 'none'}.")
        return self._tools[name]

    def without(self, *names: str) -> list[Any]:
        """The tools except those named (for choosing an alternative after one fails)."""
        return [t for n, t in self._tools.items() if n not in names]
