"""Rendering a skill's result in the format the prompt asked for: prose, one word, a list, or JSON.

This is the only place that knows about output formats. A skill fills a :class:`~.skill.Result` (prose, list items,
a one-word form, named fields); rendering picks the part the format needs, so every skill honours "answer in one
word", "as 3 bullet points", "under 40 words" and "respond in JSON with keys ..." the same way.

An abstention renders as its reason; asked for JSON, as the requested keys set to null plus a ``reason`` key, so a
program reading the JSON sees that nothing was found rather than a guess. The exception is an abstention marked
``prose_only`` (a yes-or-no key the text does not settle): its null would be read as "no", so it is said in words.

>>> from labkit.llm.offline.prompt import read_prompt
>>> from labkit.llm.offline.skill import Result, Turn
>>> turn = Turn(read_prompt([("human", "List the steps as bullet points.")]))
>>> print(render(Result(text="1. Mix\\n2. Bake", items=["Mix", "Bake"]), turn))
- Mix
- Bake
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from labkit.llm.offline.skill import Result, Turn
from labkit.llm.offline.text import stem

FieldFiller = Callable[[Turn, str], Any]


def limit_words(text: str, max_words: int | None) -> str:
    """``text`` cut to ``max_words`` words (unchanged when it fits or there is no limit).

    >>> limit_words("one two three four", 2)
    'one two'
    """
    if max_words and len(text.split()) > max_words:
        return " ".join(text.split()[:max_words])
    return text


def render(result: Result, turn: Turn, fill: FieldFiller | None = None) -> str:
    """The reply text for ``result``; ``fill(turn, key)`` supplies requested JSON keys the skill did not produce."""
    fmt = turn.view.format
    if fmt.json and not result.prose_only:
        return json.dumps(as_json(result, turn, fill), ensure_ascii=False)
    if not result.supported:
        return result.reason or result.text
    if fmt.one_word and result.short is not None:
        return result.short
    if fmt.bullets is not None and result.items:
        items = result.items[: fmt.bullets] if fmt.bullets else result.items
        if fmt.numbered:
            return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))
        return "\n".join(f"- {item}" for item in items)
    return limit_words(result.text, fmt.max_words)


def as_json(result: Result, turn: Turn, fill: FieldFiller | None = None) -> dict[str, Any]:
    """The result as a JSON object shaped by the keys the prompt asked for (every requested key is present)."""
    keys = turn.view.format.json_keys
    if not result.supported:
        return {**{key: None for key in keys}, "reason": result.reason} if keys else {"answer": None,
                                                                                     "reason": result.reason}
    if not keys:
        return result.fields or {"answer": result.text}
    named = {**result.aliases, **result.fields}
    by_stem = {stem(k.lower()): v for k, v in named.items()}
    out: dict[str, Any] = {}
    for key in keys:
        low = key.lower()
        if low in named:
            out[key] = named[low]
        elif stem(low) in by_stem:
            out[key] = by_stem[stem(low)]
        else:
            out[key] = fill(turn, key) if fill else None
    return out
