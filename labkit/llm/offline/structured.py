"""Structured output: fill a JSON schema (or a list of requested keys) with values extracted from the text.

This is what ``with_structured_output`` and tool calling need from a model: for each field of a schema, a value of
the right type taken from the request. The offline model decides *how* to fill a field from its name, type and
description, the same cues a real model uses:

- ``enum`` fields are classified against their allowed values;
- numbers are the quantity written next to the field's name (``age`` -> "31 years old");
- emails, phone numbers, URLs and dates are matched by pattern;
- names and places are capitalised spans after cue words ("my name is", "in", "from");
- ``expression`` fields get the arithmetic in the request, ``query`` fields the request without its verb;
- any other text field gets the sentence that best matches the field's name and description.

>>> schema = {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
...           "required": ["name", "age"]}
>>> fill_schema(schema, "Hi, my name is Ada Lovelace and I am 36 years old.", FieldSkills())
{'name': 'Ada Lovelace', 'age': 36}
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from labkit.llm.offline.arithmetic import find_expression
from labkit.llm.offline.text import STOPWORDS, SentenceScorer, content_words, split_sentences, stem

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"https?://[^\s)>\]]+")
PHONE = re.compile(r"(?<!\w)(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{3,4}(?:[\s.-]\d{2,4})?(?!\w)")
DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|"
    r"\b(?:\d{1,2}\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?(?:\s+\d{4})?\b|"
    r"\b(?:today|tomorrow|yesterday|(?:next|last|this) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year))\b",
    re.IGNORECASE,
)
NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")
_PROPER = r"[A-Z][a-zA-Z'-]+(?:\s+(?:[A-Z][a-zA-Z'-]+|de|van|von|da|of))*"
_NAME_CUES = re.compile(r"\b(?i:my name is|name's|i am|i'm|this is|called|named|by|regards,|thanks,|sincerely,)\s+(" + _PROPER + ")")
_PLACE_CUES = re.compile(r"\b(?:in|at|for|from|to|near|visit(?:ing)?)\s+(" + _PROPER + ")")
_QUERY_LEAD = re.compile(
    r"^\s*(?:please\s+)?(?:can you\s+|could you\s+)?(?:search(?: the web| online)?(?: for)?|look up|find(?: out)?|"
    r"google|tell me|what is|what's|who is|get(?: me)?|fetch|show me)\s+(?:about\s+|for\s+)?",
    re.IGNORECASE,
)


@dataclass
class FieldSkills:
    """The model's other skills, lent to the field filler (all optional; defaults are lexical)."""

    classify: Callable[[str, list[str]], tuple[str, float]] | None = None
    answer: Callable[[str], str] | None = None
    summarize: Callable[[str], str] | None = None
    plan: Callable[[str], list[str]] | None = None


def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in prop:
        prop = defs.get(prop["$ref"].split("/")[-1], {})
    for key in ("anyOf", "oneOf"):
        if key in prop:
            options = [p for p in prop[key] if p.get("type") != "null"]
            if options:
                merged = {**_resolve(options[0], defs), **{k: v for k, v in prop.items() if k != key}}
                return merged
    return prop


def _near(text: str, key_terms: set[str], pattern: re.Pattern[str]) -> str | None:
    """The pattern match closest to a mention of the field's key terms (or the first match)."""
    matches = list(pattern.finditer(text))
    if not matches:
        return None
    if not key_terms:
        return matches[0].group(0)
    positions = [m.start() for m in re.finditer(r"[A-Za-z]+", text) if stem(m.group(0)) in key_terms]
    if not positions:
        return matches[0].group(0)
    return min(matches, key=lambda m: min(abs(m.start() - p) for p in positions)).group(0)


def _number(text: str, key_terms: set[str], integer: bool) -> int | float | None:
    found = _near(text, key_terms, NUMBER)
    if found is None:
        return None
    value = float(found.replace(",", ""))
    return int(value) if integer or value.is_integer() else value


def _person(text: str) -> str | None:
    m = _NAME_CUES.search(text)
    if m:
        return m.group(1)
    spans = re.findall(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)", text)
    spans = [s for s in spans if s.split()[0].lower() not in STOPWORDS]  # "The Board" is not a person
    return spans[0] if spans else None


def _place(text: str) -> str | None:
    for m in _PLACE_CUES.finditer(text):
        if m.group(1).lower() not in STOPWORDS:
            return m.group(1)
    return None


def _best_sentence(text: str, key: str, description: str) -> str:
    sentences = split_sentences(text)
    if not sentences:
        return text.strip()
    scores = SentenceScorer(sentences).score(f"{key} {description}")
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    return sentences[best] if scores[best] > 0 else sentences[0]


def _keywords(text: str, k: int = 5) -> list[str]:
    seen: dict[str, int] = {}
    for w in re.findall(r"[A-Za-z][A-Za-z-]{3,}", text):
        low = w.lower()
        if low not in STOPWORDS:
            seen[low] = seen.get(low, 0) + 1
    return [w for w, _ in sorted(seen.items(), key=lambda kv: -kv[1])][:k]


def query_text(text: str) -> str:
    """A search query from a request: the request without its leading verb and trailing punctuation.

    >>> query_text("Please search for the latest EU AI Act guidance?")
    'the latest EU AI Act guidance'
    """
    return _QUERY_LEAD.sub("", text.strip().splitlines()[0] if text.strip() else "").strip(" ?.!")


_NUMERIC_KEY = re.compile(r"(?:^|_)(?:age|count|number|num|total|amount|price|cost|quantity|qty|year|score|rating|"
                         r"size|length|width|height|weight|duration|days|hours|minutes|percent|percentage)(?:$|_|s$)")
_BOOLEAN_KEY = re.compile(r"^(?:is|has|can|should|needs?|requires?)_")


def _guess_type(key: str) -> str:
    """A JSON type for a key asked for by name only (no schema): ``age`` is a number, ``is_urgent`` a boolean.

    >>> _guess_type("age"), _guess_type("is_urgent"), _guess_type("city")
    ('number', 'boolean', 'string')
    """
    name = key.lower()
    if _BOOLEAN_KEY.match(name):
        return "boolean"
    return "number" if _NUMERIC_KEY.search(name) else "string"


def fill_value(key: str, prop: dict[str, Any], text: str, skills: FieldSkills, defs: dict[str, Any] | None = None) -> Any:
    """A value for one field, following its JSON-schema type."""
    prop = _resolve(prop or {}, defs or {})
    kind = prop.get("type") or _guess_type(key)
    description = prop.get("description", "") or prop.get("title", "")
    name = key.lower()
    key_terms = set(content_words(f"{key.replace('_', ' ')} {description}"))

    if "enum" in prop:
        options = [str(o) for o in prop["enum"]]
        if skills.classify:
            return skills.classify(text, options)[0]
        lowered = text.lower()
        return next((o for o in options if o.lower() in lowered), options[0])
    if kind == "object":
        return fill_schema(prop, text, skills, defs)
    if kind == "array":
        items = _resolve(prop.get("items", {}), defs or {})
        if items.get("type") in ("number", "integer"):
            return [int(float(n.replace(",", ""))) if items.get("type") == "integer" else float(n.replace(",", ""))
                    for n in NUMBER.findall(text)]
        if items.get("type") == "object":
            return [fill_schema(items, text, skills, defs)]
        if re.search(r"email", name):
            return EMAIL.findall(text)
        if re.search(r"step|plan|task|action", name) and skills.plan:
            return skills.plan(text)
        if re.search(r"name|people|person|author", name):
            return re.findall(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+", text)
        return _keywords(text)
    if kind == "boolean":
        hit = any(stem(w) in key_terms for w in re.findall(r"[A-Za-z]+", text))
        negated = bool(re.search(r"\b(?:not|no|never|n't|without)\b", text, re.I))
        return hit and not negated
    if kind in ("integer", "number"):
        value = _number(text, key_terms, integer=kind == "integer")
        if value is None:
            return prop.get("default", 0)
        return value

    # Strings: pick an extractor by what the field is called.
    if "email" in name:
        return _near(text, key_terms, EMAIL) or ""
    if re.search(r"phone|mobile|tel", name):
        return _near(text, key_terms, PHONE) or ""
    if re.search(r"url|link|website", name):
        return _near(text, key_terms, URL) or ""
    if re.search(r"date|deadline|when|day", name) or prop.get("format") == "date":
        return _near(text, key_terms, DATE) or ""
    if re.search(r"expression|formula|equation|calculation", name):
        return find_expression(text) or text.strip()
    if re.search(r"query|search|question|topic|keyword", name):
        return query_text(text)
    if re.search(r"city|location|place|country|destination|where", name):
        return _place(text) or ""
    if re.search(r"(^|_)(name|person|author|sender|customer|user)($|_)", name):
        return _person(text) or ""
    if re.search(r"category|label|class|sentiment|priority|intent", name) and skills.classify:
        options = {"sentiment": ["positive", "negative", "neutral"], "priority": ["high", "medium", "low"]}
        for k, opts in options.items():
            if k in name:
                return skills.classify(text, opts)[0]
    if re.search(r"summary|tldr|gist", name) and skills.summarize:
        return skills.summarize(text)
    if re.search(r"answer|response|reply", name) and skills.answer:
        return skills.answer(text)
    if re.search(r"keywords|tags", name):
        return ", ".join(_keywords(text))
    if re.search(r"title|subject|headline", name):
        first = split_sentences(text)[0] if split_sentences(text) else text
        return " ".join(first.split()[:10]).rstrip(".")
    return _best_sentence(text, key.replace("_", " "), description)


def fill_schema(schema: dict[str, Any], text: str, skills: FieldSkills, defs: dict[str, Any] | None = None) -> dict[str, Any]:
    """A dict with a value for every property of an object schema (required ones first, in schema order)."""
    defs = {**(defs or {}), **schema.get("$defs", {}), **schema.get("definitions", {})}
    props = schema.get("properties", {})
    return {key: fill_value(key, prop, text, skills, defs) for key, prop in props.items()}
