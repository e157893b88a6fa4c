"""The anatomy of a prompt: role, task, context, format and constraints, kept as data and rendered to text.

The one idea: a good prompt is not clever wording, it is a checklist. Say who the model is (role), what to do
(task), what to work on (context), what shape the answer must have (format) and what it must respect (constraints).
Keeping those parts as fields of a frozen dataclass makes every prompt in a program inspectable, diffable and
testable, and makes the classic "poor -> better -> good" evolution something you can *measure*: run each version
over the same inputs and count how often the output has the shape you asked for (:func:`format_compliance`).

Left out: prompt optimisation by search (DSPy-style) and provider-specific chat formatting; the rendered prompt is
one plain-text human message, which every chat model accepts.

>>> Prompt(task="Summarise the text in 2 sentences.", role="You are an editor.").render()
'You are an editor.\\n\\nTask: Summarise the text in 2 sentences.'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from labkit.errors import InvalidInputError

_JSON_OBJECT_START = "{"


@dataclass(frozen=True)
class Prompt:
    """A prompt as its parts. Only ``task`` is required; empty parts are simply left out of the rendering.

    ``context_label`` names the material section (``Context``, ``Email``, ``Text``...): models, the offline one
    included, read a labelled section as *material to work on* rather than as instructions.
    """

    task: str
    role: str = ""
    context: str = ""
    context_label: str = "Context"
    format: str = ""
    constraints: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.task, str) or not self.task.strip():
            raise InvalidInputError("A Prompt needs a non-empty task: say what the model should do.")
        if isinstance(self.constraints, str) or isinstance(self.examples, str):
            raise InvalidInputError("constraints and examples are sequences of strings; wrap a single one as (text,).")
        object.__setattr__(self, "constraints", tuple(self.constraints))
        object.__setattr__(self, "examples", tuple(self.examples))

    def parts(self) -> dict[str, str]:
        """The filled-in parts by name (handy for a table in a lesson)."""
        out = {"role": self.role, "task": self.task, "context": self.context, "format": self.format,
               "constraints": "; ".join(self.constraints), "examples": " | ".join(self.examples)}
        return {k: v for k, v in out.items() if v}

    def with_context(self, context: str) -> Prompt:
        """The same prompt about different material (prompts are immutable; this returns a copy)."""
        return replace(self, context=context)

    def render(self) -> str:
        """The prompt as text: role first, then labelled sections, one per part.

        >>> print(Prompt(task="Classify the email.", context="Win a prize!", context_label="Email",
        ...              constraints=("Answer with one word.",)).render())
        Task: Classify the email.
        Constraints:
        - Answer with one word.
        Email: Win a prize!
        """
        blocks: list[str] = []
        if self.role.strip():
            blocks.append(self.role.strip())
        lines = [f"Task: {self.task.strip()}"]
        if self.examples:
            lines.append("Examples of the expected output:")
            lines += [f"- {e}" for e in self.examples]
        if self.format.strip():
            lines.append(f"Format: {self.format.strip()}")
        if self.constraints:
            lines.append("Constraints:")
            lines += [f"- {c.strip()}" for c in self.constraints]
        if self.context.strip():
            # Material last, so the instructions never get lost after a long text.
            lines.append(f"{self.context_label}: {self.context.strip()}")
        blocks.append("\n".join(lines))
        return "\n\n".join(blocks)


def parse_json_object(text: str) -> dict[str, Any] | None:
    """The first JSON object in ``text`` (a bare object, or one inside a fenced code block), else ``None``.

    >>> parse_json_object('Sure! ```json\\n{"a": 1}\\n```')
    {'a': 1}
    >>> parse_json_object("no json here") is None
    True
    """
    if not isinstance(text, str):
        return None
    decoder = json.JSONDecoder()
    start = text.find(_JSON_OBJECT_START)
    while start != -1:
        try:
            value, _ = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            start = text.find(_JSON_OBJECT_START, start + 1)
            continue
        if isinstance(value, dict):
            return value
        start = text.find(_JSON_OBJECT_START, start + 1)
    return None


def complies(text: str, required_keys: Sequence[str]) -> bool:
    """Whether ``text`` holds a JSON object with every required key set to a non-empty value.

    >>> complies('{"name": "Ada", "city": "London"}', ["name", "city"])
    True
    >>> complies('{"name": ""}', ["name"])
    False
    """
    obj = parse_json_object(text)
    if obj is None:
        return False
    return all(obj.get(k) not in (None, "", [], {}) for k in required_keys)


@dataclass(frozen=True)
class ComplianceRow:
    """One input run through one prompt: what came back and whether it had the required shape."""

    input: str
    output: str
    compliant: bool
    correct_fields: int | None = None  # how many required fields equal the expected value (when one was given)


@dataclass(frozen=True)
class ComplianceReport:
    """How often a prompt's outputs had the required shape over a set of inputs."""

    name: str
    rows: tuple[ComplianceRow, ...] = field(default_factory=tuple)

    n_keys: int = 1

    @property
    def rate(self) -> float:
        """Share of outputs that parse as JSON and fill every required key."""
        return sum(r.compliant for r in self.rows) / len(self.rows) if self.rows else 0.0

    @property
    def field_accuracy(self) -> float | None:
        """Share of required fields equal to the expected value (``None`` when no expectations were given)."""
        scored = [r.correct_fields for r in self.rows if r.correct_fields is not None]
        return sum(scored) / (len(scored) * self.n_keys) if scored else None

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"prompt": self.name, "inputs": len(self.rows),
                               "compliant": sum(r.compliant for r in self.rows), "rate": round(self.rate, 2)}
        if self.field_accuracy is not None:
            out["field_accuracy"] = round(self.field_accuracy, 2)
        return out


def _correct_fields(output: str, expected: Mapping[str, Any], keys: Sequence[str]) -> int:
    obj = parse_json_object(output) or {}
    return sum(str(obj.get(k, "")).strip().casefold() == str(expected.get(k, "")).strip().casefold() for k in keys)


def format_compliance(
    model: Any,
    build: Callable[[str], str | Prompt],
    inputs: Sequence[str],
    required_keys: Sequence[str],
    name: str = "prompt",
    expected: Sequence[Mapping[str, Any]] | None = None,
    concurrency: int = 4,
) -> ComplianceReport:
    """Run ``build(input)`` through ``model`` for every input and check each output with :func:`complies`.

    With ``expected`` (one dict per input) each row also counts the required fields that hold the right value.
    ``concurrency`` caps parallel calls (``model.batch``); 1 makes the calls strictly sequential.
    """
    if expected is not None and len(expected) != len(inputs):
        raise InvalidInputError(f"expected has {len(expected)} entries for {len(inputs)} inputs; give one per input.")
    if not inputs:
        raise InvalidInputError("format_compliance needs at least one input to measure over.")
    if not required_keys:
        raise InvalidInputError("Name the JSON keys a compliant answer must have (required_keys).")
    prompts = []
    for item in inputs:
        built = build(item)
        prompts.append(built.render() if isinstance(built, Prompt) else built)
    replies = model.batch(prompts, config={"max_concurrency": concurrency})
    rows = tuple(
        ComplianceRow(item, str(reply.content), complies(str(reply.content), required_keys),
                      _correct_fields(str(reply.content), expected[i], required_keys) if expected else None)
        for i, (item, reply) in enumerate(zip(inputs, replies))
    )
    return ComplianceReport(name, rows, len(required_keys))


# --- the syllabus's evolution, applied to a task the offline model can actually do ----------------------------

CONTACT_KEYS = ("name", "email", "city")


def load_contacts(path: str | None = None) -> tuple[list[str], list[dict[str, str]]]:
    """Contact texts and the fields a CRM would extract from each (bundled ``data/contacts.json`` or ``path``)."""
    source = Path(path) if path else resources.files("labkit.prompting").joinpath("data/contacts.json")
    raw = json.loads(source.read_text(encoding="utf-8"))
    return [i["text"] for i in raw["items"]], [i["expected"] for i in raw["items"]]


def poor_prompt(text: str) -> str:
    """No role, no format, no constraints: the model has to guess what you want."""
    return f"Tell me about this person: {text}"


def better_prompt(text: str) -> str:
    """Names the task and a format, but leaves the fields and the material unlabelled."""
    return f"Extract the person's details from this text as JSON: {text}"


def good_prompt(text: str) -> Prompt:
    """Role, task, labelled material, an exact format and constraints."""
    return Prompt(
        role="You are a careful data-entry assistant for a CRM.",
        task="Extract the contact details of the person described in the text.",
        context=text,
        context_label="Text",
        format='Respond in JSON with keys "name", "email", "city".',
        constraints=("Use only facts stated in the text.", "Use null for anything the text does not state."),
    )


EVOLUTION: dict[str, Callable[[str], str | Prompt]] = {"poor": poor_prompt, "better": better_prompt, "good": good_prompt}
