"""A tool registry built from typed Python functions: the signature *is* the schema.

What it teaches: a model sees a tool as a name, a description and a JSON schema of its arguments. Writing those by
hand drifts from the code; deriving them from the function's type hints and docstring keeps them true. The same
pydantic model that produces the schema validates what the model sends back, so a wrong type, a missing argument or
an invented one becomes a clear :class:`~labkit.errors.ToolArgumentError` instead of a crash deep inside the tool.

The one idea: one source of truth (the typed function) -> schema for the model, validator for the call.

LangChain tools (``@tool``, ``StructuredTool``) register too, and every registered tool converts back to a
LangChain tool, so ``model.bind_tools(registry.langchain_tools())`` works for the offline model and real providers.

Left out: async tools and streaming tool output; tools here are plain synchronous functions.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from labkit.errors import InvalidInputError, ToolArgumentError, ToolError, UnknownToolError

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")


def parse_docstring(doc: str | None) -> tuple[str, dict[str, str]]:
    """The summary and the per-argument descriptions of a Google- or Sphinx-style docstring.

    >>> parse_docstring("Add two numbers.\\n\\nArgs:\\n    a: the first\\n    b: the second\\n")
    ('Add two numbers.', {'a': 'the first', 'b': 'the second'})
    >>> parse_docstring(":param city: a city name")
    ('', {'city': 'a city name'})
    """
    text = inspect.cleandoc(doc or "")
    args: dict[str, str] = {}
    for m in re.finditer(r"^:param\s+(?:\w+\s+)?(\w+):\s*(.+)$", text, re.M):
        args[m.group(1)] = m.group(2).strip()
    block = re.search(r"^(?:Args|Arguments|Parameters):\s*\n((?:[ \t]+.*\n?|\s*\n)*)", text, re.M)
    if block:
        current = None
        for line in block.group(1).splitlines():
            m = re.match(r"^\s+(\*{0,2}\w+)\s*(?:\([^)]*\))?:\s*(.*)$", line)
            if m:
                current = m.group(1).lstrip("*")
                args[current] = m.group(2).strip()
            elif current and line.strip():
                args[current] = (args[current] + " " + line.strip()).strip()
    summary_lines = []
    for line in text.splitlines():
        if not line.strip() or re.match(r"^(?:Args|Arguments|Parameters|Returns|Raises|Example)s?:|^:param", line):
            break
        summary_lines.append(line.strip())
    return " ".join(summary_lines), args


def _args_model(fn: Callable[..., Any], name: str, arg_docs: dict[str, str]) -> type[BaseModel]:
    """A pydantic model of ``fn``'s parameters: types from hints, defaults from the signature, descriptions from docs."""
    try:
        hints = typing.get_type_hints(fn, include_extras=True)  # keep Annotated[int, Field(ge=1)] constraints
    except Exception as exc:  # unresolvable forward references
        raise ToolError(f"Cannot read the type hints of {name!r}: {exc}") from None
    fields: dict[str, Any] = {}
    for pname, param in inspect.signature(fn).parameters.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise ToolError(f"Tool {name!r}: *{pname} / **{pname} cannot be described to a model; list the parameters.")
        if pname not in hints:
            raise ToolError(f"Tool {name!r}: parameter {pname!r} has no type hint; annotate it (e.g. {pname}: str).")
        default = ... if param.default is inspect.Parameter.empty else param.default
        fields[pname] = (hints[pname], Field(default, description=arg_docs.get(pname)))
    model_name = "".join(part.capitalize() for part in re.split(r"[_-]", name)) + "Args"
    return create_model(model_name, __config__=ConfigDict(extra="forbid"), **fields)


def _clean_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Drop pydantic's ``title`` noise so the schema the model reads is short."""
    if isinstance(schema, dict):
        return {k: _clean_schema(v) for k, v in schema.items() if k != "title" or not isinstance(v, str)}
    if isinstance(schema, list):
        return [_clean_schema(v) for v in schema]
    return schema


@dataclass(frozen=True)
class ToolResult:
    """What running a tool produced: ``output`` text, or ``error`` text when it failed (never both)."""

    name: str
    args: dict[str, Any]
    output: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def content(self) -> str:
        """What the model is shown: the output, or the error prefixed so the model can correct itself."""
        return self.output if self.ok else f"Error: {self.error}"


@dataclass(frozen=True)
class Tool:
    """A callable the model may ask for: name, description, argument model (schema + validator), function."""

    name: str
    description: str
    args_model: type[BaseModel]
    func: Callable[..., Any]
    langchain: Any = None
    """The LangChain tool this one was made from, if any: :meth:`as_langchain` gives it back unchanged."""

    def parameters(self) -> dict[str, Any]:
        """The JSON schema of the arguments."""
        return _clean_schema(self.args_model.model_json_schema())

    def to_openai(self) -> dict[str, Any]:
        """The OpenAI function-tool format most providers accept."""
        return {"type": "function",
                "function": {"name": self.name, "description": self.description, "parameters": self.parameters()}}

    def validate(self, args: Any) -> dict[str, Any]:
        """Validated, type-coerced arguments, or :class:`ToolArgumentError` listing every problem."""
        if isinstance(args, str):
            try:
                args = json.loads(args) if args.strip() else {}
            except json.JSONDecodeError as exc:
                raise ToolArgumentError(self.name, [f"arguments are not valid JSON ({exc.msg})"]) from None
        if not isinstance(args, dict):
            raise ToolArgumentError(self.name, [f"arguments must be a JSON object, got {type(args).__name__}"])
        try:
            parsed = self.args_model.model_validate(args)
        except ValidationError as exc:
            problems = []
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"]) or "(arguments)"
                if err["type"] == "extra_forbidden":
                    allowed = ", ".join(self.args_model.model_fields) or "none"
                    problems.append(f"{where}: not a parameter of this tool (parameters: {allowed})")
                elif err["type"] == "missing":
                    problems.append(f"{where}: required but missing")
                else:
                    problems.append(f"{where}: {err['msg'].lower()} (got {err.get('input')!r})")
            raise ToolArgumentError(self.name, problems) from None
        return {k: getattr(parsed, k) for k in self.args_model.model_fields}

    def run(self, args: Any) -> Any:
        """Validate then call; tool exceptions propagate."""
        return self.func(**self.validate(args))

    def as_langchain(self) -> Any:
        """This tool as a LangChain ``StructuredTool`` (for ``bind_tools`` on any chat model)."""
        if self.langchain is not None:
            return self.langchain
        from langchain_core.tools import StructuredTool

        return StructuredTool.from_function(func=self.func, name=self.name, description=self.description,
                                            args_schema=self.args_model)


def tool_from_function(fn: Callable[..., Any], name: str | None = None, description: str | None = None) -> Tool:
    """Describe a typed function as a :class:`Tool`.

    >>> def area(width: float, height: float = 1.0) -> float:
    ...     '''Area of a rectangle.
    ...
    ...     Args:
    ...         width: the width in metres
    ...     '''
    ...     return width * height
    >>> t = tool_from_function(area)
    >>> t.name, t.description, t.parameters()["required"], t.run({"width": "3"})
    ('area', 'Area of a rectangle.', ['width'], 3.0)
    """
    if not callable(fn):
        raise InvalidInputError(f"A tool must be a function, got {type(fn).__name__}.")
    tool_name = name or getattr(fn, "__name__", "")
    if not _NAME.match(tool_name or ""):
        raise InvalidInputError(f"Tool name {tool_name!r} must be letters, digits, _ or - (max 64), starting with a letter.")
    summary, arg_docs = parse_docstring(fn.__doc__)
    desc = description or summary
    if not desc:
        raise ToolError(f"Tool {tool_name!r} has no description: give the function a docstring or pass description=.")
    return Tool(tool_name, desc, _args_model(fn, tool_name, arg_docs), fn)


def tool_from_langchain(lc_tool: Any) -> Tool:
    """Wrap a LangChain ``BaseTool`` (``@tool``, ``StructuredTool``) as a :class:`Tool`."""
    schema = getattr(lc_tool, "args_schema", None)
    if not (isinstance(schema, type) and issubclass(schema, BaseModel)):
        raise ToolError(f"LangChain tool {lc_tool.name!r} has no pydantic args_schema; define it with @tool on a typed function.")
    return Tool(lc_tool.name, lc_tool.description or lc_tool.name, schema, lambda **kw: lc_tool.invoke(kw), lc_tool)


def _is_langchain_tool(obj: Any) -> bool:
    # Nothing can be a LangChain tool before langchain_core.tools is imported, and importing it costs seconds
    # (LangSmith, tracers): a process serving plain functions (an MCP server) should not pay for it.
    if "langchain_core.tools" not in sys.modules:
        return False
    from langchain_core.tools import BaseTool

    return isinstance(obj, BaseTool)


class ToolRegistry:
    """Named tools, their schemas for the model, and validated execution.

    >>> registry = ToolRegistry()
    >>> @registry.register
    ... def shout(text: str) -> str:
    ...     '''Upper-case a text.'''
    ...     return text.upper()
    >>> registry.call("shout", {"text": "hi"}).content
    'HI'
    >>> registry.call("shout", {"txt": "hi"}).content
    "Error: Bad arguments for tool 'shout': text: required but missing; txt: not a parameter of this tool (parameters: text)"
    """

    def __init__(self, tools: list[Any] | None = None):
        self._tools: dict[str, Tool] = {}
        for t in tools or []:
            self.register(t)

    def register(self, obj: Any = None, *, name: str | None = None, description: str | None = None) -> Any:
        """Add a typed function, a :class:`Tool` or a LangChain tool. Works as ``@registry.register`` too."""
        if obj is None:  # used as @registry.register(name=...)
            return lambda fn: self.register(fn, name=name, description=description)
        if isinstance(obj, Tool):
            tool = obj
        elif _is_langchain_tool(obj):
            tool = tool_from_langchain(obj)
        else:
            tool = tool_from_function(obj, name=name, description=description)
        if tool.name in self._tools:
            raise ToolError(f"A tool named {tool.name!r} is already registered; pick another name.")
        self._tools[tool.name] = tool
        return obj

    def get(self, name: str) -> Tool:
        try:
            return self._tools[name]
        except KeyError:
            raise UnknownToolError(name, self.names()) from None

    def names(self) -> list[str]:
        return list(self._tools)

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    def __iter__(self) -> Iterator[Tool]:
        return iter(self._tools.values())

    def __len__(self) -> int:
        return len(self._tools)

    def schemas(self) -> list[dict[str, Any]]:
        """Every tool in OpenAI function format."""
        return [t.to_openai() for t in self]

    def langchain_tools(self, exclude: Iterable[str] = ()) -> list[Any]:
        """Every tool (but those named in ``exclude``) as a LangChain tool, for ``model.bind_tools``."""
        skip = set(exclude)
        return [t.as_langchain() for t in self if t.name not in skip]

    def describe(self) -> str:
        """One line per tool with its JSON parameters, for text-protocol prompts."""
        return "\n".join(f"- {t.name}: {t.description} Parameters: {json.dumps(t.parameters()['properties'])}"
                         for t in self)

    def call(self, name: str, args: Any) -> ToolResult:
        """Run a tool; unknown names, bad arguments and tool exceptions come back as an error result, not a raise.

        The loop shows the error to the model, which can then correct its call, as a real agent must.
        """
        arg_dict = args if isinstance(args, dict) else {"_raw": args}
        try:
            output = self.get(name).run(args)
        except (ToolError, InvalidInputError) as exc:
            return ToolResult(name, arg_dict, error=str(exc))
        except Exception as exc:  # a tool's own failure is data for the model, not a crash of the loop
            return ToolResult(name, arg_dict, error=f"{type(exc).__name__}: {exc}")
        text = output if isinstance(output, str) else json.dumps(output, default=str)
        return ToolResult(name, arg_dict, output=text)
