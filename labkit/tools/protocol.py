"""A text protocol for tool use, for models without native tool calling.

What it teaches: native tool calling is the model provider parsing the model's output for you. Small local models
often lack it, so the agent asks for a fixed text format instead and parses it itself::

    Thought: I need to compute the total.
    Action: calculator
    Action Input: {"expression": "12 * 7"}

and, when done, ``Final Answer: ...``. The parser is strict about the shape and forgiving about noise (code fences,
single quotes, a bare string for a one-argument tool), and a malformed reply becomes an observation telling the model
exactly what to fix.

Left out: parallel actions in one turn; the text protocol does one action per turn.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from labkit.errors import MalformedOutputError

_FINAL = re.compile(r"^\s*Final Answer\s*:\s*(.*)", re.I | re.M | re.S)
_ACTION = re.compile(r"^\s*Action\s*:\s*`?([A-Za-z_][\w-]*)`?\s*$", re.I | re.M)
_INPUT = re.compile(r"^\s*Action Input\s*:\s*(.*)", re.I | re.M | re.S)

INSTRUCTIONS = """You can use these tools:
{tools}

To use a tool, reply with exactly:
Thought: <why>
Action: <tool name>
Action Input: <JSON object with the arguments>

You will get back "Observation: <result>". When you know the answer, reply with:
Final Answer: <answer>"""


@dataclass(frozen=True)
class Action:
    """A request to run ``tool`` with ``args``."""

    tool: str
    args: dict[str, Any] = field(default_factory=dict)
    thought: str = ""


@dataclass(frozen=True)
class FinalAnswer:
    """The model is done."""

    text: str


def _parse_input(raw: str) -> dict[str, Any] | str:
    # the input ends at the first line that starts another protocol field (models sometimes run on)
    raw = re.split(r"\n\s*(?:Observation|Thought|Action)\s*:", raw, maxsplit=1)[0].strip()
    raw = re.sub(r"^```(?:json)?\s*|\s*```$", "", raw).strip()
    if not raw:
        return {}
    for candidate in (raw, raw.replace("'", '"')):
        try:
            value = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        return value if isinstance(value, dict) else str(value)
    return raw.strip("\"'")


def parse_action(text: str) -> Action | FinalAnswer:
    """Read one model turn in the text protocol.

    >>> parse_action('Thought: add\\nAction: calculator\\nAction Input: {"expression": "2+2"}')
    Action(tool='calculator', args={'expression': '2+2'}, thought='add')
    >>> parse_action("Final Answer: 4")
    FinalAnswer(text='4')

    A bare string input is returned under the key ``input``; :func:`~labkit.tools.loop.run_tool_loop` maps it to a
    one-parameter tool. Anything else raises :class:`~labkit.errors.MalformedOutputError` saying what was expected.
    """
    if not isinstance(text, str):
        raise MalformedOutputError(f"Expected the model's reply as text, got {type(text).__name__}.")
    action = _ACTION.search(text)
    final = _FINAL.search(text)
    if final and (not action or final.start() < action.start()):
        return FinalAnswer(re.split(r"\n\s*(?:Thought|Action|Observation)\s*:", final.group(1))[0].strip())
    if not action:
        raise MalformedOutputError(
            "Reply with 'Action: <tool>' and 'Action Input: <JSON>' lines, or 'Final Answer: <answer>'.", raw=text
        )
    thought = re.search(r"^\s*Thought\s*:\s*(.*)$", text[: action.start()], re.I | re.M)
    found = _INPUT.search(text, action.end())
    if not found:
        raise MalformedOutputError(f"'Action: {action.group(1)}' needs an 'Action Input: <JSON>' line after it.", raw=text)
    args = _parse_input(found.group(1))
    if isinstance(args, str):
        args = {"input": args}
    return Action(action.group(1), args, thought.group(1).strip() if thought else "")
