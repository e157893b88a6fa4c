"""Output-format control: ask for JSON, validate it against a schema, and repair it a bounded number of times.

The one idea: never trust a model's output shape, check it. Parse the JSON, validate it against a schema (a pydantic
model or a JSON Schema dict), and when it fails, tell the model *exactly what was wrong* and ask again, at most
``max_attempts`` times. If it still fails, raise one clear error that carries every attempt, so the caller can log,
fall back or show a person what happened. Unbounded "retry until it parses" loops burn money and hide bugs.

Left out: provider-native structured output (``model.with_structured_output(Schema)``, JSON mode, constrained
decoding). Use it when your provider has it; this loop is what you still need around models that don't, and it
works with any chat model.

>>> from pydantic import BaseModel
>>> class Point(BaseModel):
...     x: int
...     y: int
>>> validate({"x": 1, "y": "2"}, Point)
Point(x=1, y=2)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from labkit.errors import InvalidInputError, StructuredOutputError
from labkit.prompting.anatomy import Prompt, parse_json_object

Schema = Any  # a pydantic model class or a JSON Schema dict


def json_schema(schema: Schema) -> dict[str, Any]:
    """The JSON Schema dict for a pydantic model class (or the dict itself).

    >>> json_schema({"type": "object", "properties": {"a": {"type": "string"}}})["properties"]
    {'a': {'type': 'string'}}
    """
    if isinstance(schema, dict):
        if schema.get("type") != "object" or not isinstance(schema.get("properties"), dict):
            raise InvalidInputError("A JSON Schema for structured output must be an object schema with 'properties'.")
        return schema
    if isinstance(schema, type) and hasattr(schema, "model_json_schema"):
        return schema.model_json_schema()
    raise InvalidInputError(f"Expected a pydantic model class or a JSON Schema dict, got {schema!r}.")


def schema_keys(schema: Schema) -> list[str]:
    """The top-level field names of a schema, in order."""
    return list(json_schema(schema)["properties"])


def format_instructions(schema: Schema) -> str:
    """The format line to put in a prompt: the keys by name, then each field's type and description.

    >>> print(format_instructions({"type": "object", "properties": {"city": {"type": "string"}}}))
    Respond in JSON with keys "city".
    - city: string
    """
    spec = json_schema(schema)
    keys = ", ".join(f'"{k}"' for k in spec["properties"])
    lines = [f"Respond in JSON with keys {keys}."]
    for name, prop in spec["properties"].items():
        kind = prop.get("type") or " or ".join(p.get("type", "?") for p in prop.get("anyOf", [])) or "value"
        if "enum" in prop:
            kind = "one of " + ", ".join(map(str, prop["enum"]))
        desc = f" ({prop['description']})" if prop.get("description") else ""
        lines.append(f"- {name}: {kind}{desc}")
    return "\n".join(lines)


def validate(value: Any, schema: Schema) -> Any:
    """Validate a parsed value: a pydantic instance for a model class, the value itself for a JSON Schema.

    Raises ``ValueError`` (pydantic's ``ValidationError``, or jsonschema's wrapped in an ``InvalidInputError``) with a
    message suitable for showing back to the model.
    """
    if isinstance(schema, dict):
        import jsonschema

        try:
            jsonschema.validate(value, json_schema(schema))
        except jsonschema.ValidationError as exc:
            where = "/".join(map(str, exc.absolute_path)) or "(top level)"
            raise InvalidInputError(f"at {where}: {exc.message}") from None
        return value
    json_schema(schema)  # checks that it is a pydantic model class
    return schema.model_validate(value)


def _error_text(exc: Exception) -> str:
    """A short, model-readable description of a validation error."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            return "; ".join(f"{'.'.join(map(str, e['loc'])) or '(top level)'}: {e['msg']}" for e in errors())
        except Exception:  # pragma: no cover - defensive: fall back to the plain message
            pass
    return str(exc)


@dataclass(frozen=True)
class Attempt:
    """One try: the model's raw text and what was wrong with it (``None`` when it validated)."""

    number: int
    raw: str
    error: str | None


@dataclass(frozen=True)
class StructuredResult:
    """A validated value and the attempts it took to get it."""

    value: Any
    attempts: tuple[Attempt, ...]


def repair_prompt(prompt: str, raw: str, error: str) -> str:
    """The re-prompt after a failure: the original request, what came back, and what to fix."""
    shown = raw if len(raw) <= 400 else raw[:400] + "..."
    return (f"{prompt}\n\nYour previous reply was rejected.\nPrevious reply: {shown}\nProblem: {error}\n"
            "Reply again with only the corrected JSON object.")


def extract_structured(
    model: Any,
    prompt: str | Prompt,
    schema: Schema,
    max_attempts: int = 3,
    add_format: bool = True,
) -> StructuredResult:
    """Ask ``model`` for JSON matching ``schema``; re-prompt with the validation error up to ``max_attempts`` times.

    Raises :class:`~labkit.errors.StructuredOutputError` (with ``.attempts``) when no attempt validates.
    """
    if not isinstance(max_attempts, int) or max_attempts < 1:
        raise InvalidInputError(f"max_attempts must be a positive integer, got {max_attempts!r}.")
    if isinstance(prompt, Prompt):
        text = (replace(prompt, format=format_instructions(schema)) if add_format else prompt).render()
    elif isinstance(prompt, str) and prompt.strip():
        # A labelled "Format:" section, so the instructions are never read as part of the material above them.
        text = f"{prompt}\n\nFormat: {format_instructions(schema)}" if add_format else prompt
    else:
        raise InvalidInputError("extract_structured needs a non-empty prompt (text or a Prompt).")
    json_schema(schema)
    attempts: list[Attempt] = []
    current = text
    for number in range(1, max_attempts + 1):
        raw = str(model.invoke(current).content)
        obj = parse_json_object(raw)
        if obj is None:
            error = "the reply contains no parseable JSON object"
        else:
            try:
                value = validate(obj, schema)
            except ValueError as exc:  # pydantic.ValidationError is a ValueError
                error = _error_text(exc)
            else:
                attempts.append(Attempt(number, raw, None))
                return StructuredResult(value, tuple(attempts))
        attempts.append(Attempt(number, raw, error))
        current = repair_prompt(text, raw, error)
    raise StructuredOutputError(
        f"No valid output after {max_attempts} attempt(s); last problem: {attempts[-1].error}. "
        "Simplify the schema, show an example in the prompt, or raise max_attempts.",
        attempts=attempts,
        raw=attempts[-1].raw,
    )


def attempts_table(attempts: Sequence[Attempt]) -> list[dict[str, Any]]:
    """Attempts as rows for display (raw text shortened)."""
    return [{"attempt": a.number, "ok": a.error is None, "problem": a.error or "",
             "raw": a.raw if len(a.raw) <= 60 else a.raw[:57] + "..."} for a in attempts]


def to_json(value: Any) -> str:
    """A validated value as compact JSON (pydantic instances included)."""
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    return json.dumps(value, ensure_ascii=False)
