"""Tool calling, the model's half: which bound tool a request asks for, and each argument read from the request.

A real model sees each tool's name, description and parameter schema, and writes a call. The offline model does the
same two steps in the open:

1. **Choice.** The request is cut into clauses ("convert 5 miles to km and then check the weather in Oslo" is two),
   and each clause is scored against every tool: word overlap with the tool's name and description (stems, and
   shared word starts, so "multiplied" meets ``multiply``), embedding similarity when a ``similarity`` function is
   lent (one batch for all tools), an explicit request ("use the converter", "using the tool"), and the arithmetic
   the clause holds against a tool that does arithmetic (``multiply`` for "12 multiplied by 7"). The best tool
   above :data:`FITS` gets the clause.
2. **Arguments.** Each parameter is filled from its name, type, default and description: numbers a tool takes in
   order (``a``, ``b``; "subtract 5 from 12" reverses them), ``from``/``to`` pairs, the message a ``text``
   parameter should carry, and every other parameter through :mod:`.structured` (typed values by role: a
   restaurant or city is a place name, ``time`` a clock time, ``people`` a count). A required parameter the request
   does not give is returned as missing, so the caller asks for it instead of guessing.

>>> multiply = {"type": "function", "function": {"name": "multiply", "description": "Multiply two numbers.",
...     "parameters": {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
...                    "required": ["a", "b"]}}}
>>> [(t["function"]["name"], clause) for t, clause in choose_tools("Please compute 12 multiplied by 7 using the tool.",
...                                                               [multiply])]
[('multiply', 'Please compute 12 multiplied by 7 using the tool.')]
>>> tool_arguments(multiply, "Please compute 12 multiplied by 7 using the tool.")
({'a': 12, 'b': 7}, [])

Left out: dates relative to today (the caller would need to pass a clock), arguments spread across earlier turns of
a conversation, and nested object parameters beyond what :func:`.structured.extract_fields` fills.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from labkit.llm.offline.arithmetic import find_expression, solve
from labkit.llm.offline.structured import (EMAIL, QUOTED, UNIT_NAMES, FieldSkills, extract_fields, named_value,
                                            query_text, role_of)
from labkit.llm.offline.text import STOPWORDS, content_words, stem
from labkit.llm.offline.values import CURRENCY_CODES, CURRENCY_SYMBOLS, CURRENCY_WORDS, extract

Similarity = Callable[[str, list[str]], list[float]]

FITS = 0.3
"""A tool whose score for a clause reaches this is the one the clause asks for."""
SEMANTIC_ALONE = 0.42
"""Embedding similarity at which a clause that shares no word with a tool still asks for it."""

# --- the words tool requests are written in (general English; audited here) ----------------------------------------

CLAUSE_BREAK = re.compile(
    r"\s*(?:;|\band then\b|\bthen\b|\balso\b|\band\b(?=\s+(?:what|how|find|get|search|look|calculate|compute|"
    r"convert|check|tell|send|book|reserve|add|set|create|translate|schedule|remind)\b)|(?<=[.?!])\s+)\s*", re.I)
EXPLICIT_USE = re.compile(r"\b(?:us(?:e|ing)|call(?:ing)?|with|via|through|run(?:ning)?)\s+(?:the\s+|your\s+|a\s+)?"
                          r"(?P<name>[\w-]+(?:\s+[\w-]+)?)?\s*(?:tool|function|api)?\b", re.I)
GENERIC_TOOL = re.compile(r"\b(?:the|a|your)\s+(?:\w+\s+)?(?:tool|function|api)\b", re.I)
MATH_TOOL = re.compile(r"\b(?:calc\w*|math\w*|arithmetic|comput\w*|expressions?|evaluat\w*|add|adds|sum|plus|"
                       r"subtract\w*|minus|multipl\w*|product|divi\w*|quotient|power|exponent\w*|sqrt|square\w*)\b",
                       re.I)
OPERATIONS = {
    "+": r"add|sum|plus|total",
    "-": r"subtract|minus|difference|deduct",
    "*": r"multipl|product|times",
    "/": r"divi|quotient|ratio|split",
    "^": r"power|exponent|raise",
}
"""Arithmetic operators and the words a tool's name or description uses for them."""
POSITIONAL_NAMES = re.compile(r"^(?:[a-z]|[a-z]?\d|num\d?|number\d?|n\d?|x\d?|y\d?|first|second|left|right|lhs|rhs|"
                              r"operand\d?|value\d?|base|exponent|dividend|divisor|minuend|subtrahend|addend\d?|"
                              r"factor\d?|term\d?|numerator|denominator)$")
"""Numeric parameters that take numbers in the order the request writes them (no cue word names them)."""
MESSAGE_PARAM = re.compile(r"^(?:text|message|msg|body|content|note|reminder|task|title|description|comment|"
                           r"subject|caption|sentence|phrase)$")
SHORT_TEXT_PARAM = re.compile(r"^(?:title|subject|caption|headline|name)$")
"""Text parameters that hold a few words, never the whole request."""
RECIPIENT_PARAM = re.compile(r"^(?:to|recipients?|to_address|email|email_address|address|send_to)$")
FROM_PARAM = re.compile(r"^(?:from|source|src|origin|input|start)(?:_\w+)?$|_from$")
TO_PARAM = re.compile(r"^(?:to|target|dest|destination|output|end)(?:_\w+)?$|_to$")
_FROM_TO = re.compile(r"\bfrom\s+(?P<a>[A-Za-z][\w-]*(?:\s+(?-i:[A-Z])[\w-]*)?)\s+(?:in)?to\s+"
                      r"(?P<b>[A-Za-z][\w-]*(?:\s+(?-i:[A-Z])[\w-]*)?)|"
                      r"\d[\d.,]*\s*(?P<c>[A-Za-z][\w°-]*(?:\s+[A-Za-z][\w°-]*)?)\s+(?:in)?to\s+(?P<d>[A-Za-z][\w°-]*)|"
                      r"\bhow many\s+(?P<e>[A-Za-z][\w°-]*)\s+(?:is|are|in|make|equals?)\s+\d[\d.,]*\s*"
                      r"(?P<f>[A-Za-z][\w°-]*(?:\s+[A-Za-z][\w°-]*)?)", re.I)
"""A conversion or a route: "from Oslo to Bergen", "22 nautical miles to km", "how many metres is 1,250 feet"."""


def _described(tool: dict[str, Any]) -> str:
    fn = tool["function"]
    return f"{fn['name'].replace('_', ' ')} {fn.get('description', '')}".strip()


GENERIC_WORDS = frozenset(content_words("get gets look looks up find finds fetch fetches check checks show shows return "
                                        "returns give make do run call tool function current given value values "
                                        "result results two number numbers"))
"""Words in nearly every tool's name or description ("get", "look up", "returns"): they say nothing about which."""


def _terms(text: str) -> set[str]:
    """Content stems, with a final 'e' dropped so that "tide" and "tides" (stem "tid") meet."""
    stems = set(content_words(re.sub(r"(?<=[a-z])(?=[A-Z])|_", " ", text))) - GENERIC_WORDS
    return {t[:-1] if len(t) > 3 and t.endswith("e") else t for t in stems}


def _overlap(clause_terms: set[str], tool_terms: set[str]) -> float:
    """Share of the tool's words the clause uses (up to 3 needed), counting words that start alike as one.

    >>> _overlap({"multipli", "12"}, {"multiply", "two", "number"})
    0.3333333333333333
    """
    hits = sum(1 for t in tool_terms if t in clause_terms or len(t) >= 5 and any(c[:5] == t[:5] for c in clause_terms))
    return min(1.0, hits / max(1, min(3, len(tool_terms))))


def split_clauses(request: str) -> list[str]:
    """The parts of a request that may each need a tool.

    >>> split_clauses("Convert 5 miles to km and then check the weather in Oslo.")
    ['Convert 5 miles to km', 'check the weather in Oslo.']
    """
    clauses = [c.strip() for c in CLAUSE_BREAK.split(request) if c and content_words(c)]
    return clauses or [request.strip()]


def tool_scores(clause: str, tools: list[dict[str, Any]], similarity: Similarity | None = None) -> list[float]:
    """How well each tool fits ``clause``, in 0..1 (see the module docstring for what counts)."""
    described = [_described(t) for t in tools]
    clause_terms = _terms(clause)
    expression = find_expression(clause) or (solution.expression if (solution := solve(clause)) else None)
    explicit = [m.group("name") or "" for m in EXPLICIT_USE.finditer(clause)]
    generic = bool(GENERIC_TOOL.search(clause))
    scores = []
    for tool, text in zip(tools, described):
        name = tool["function"]["name"]
        score = _overlap(clause_terms, _terms(text))
        if expression and MATH_TOOL.search(text):
            ops = {op for op, words in OPERATIONS.items() if re.search(words, text, re.I)}
            used = {op for op in OPERATIONS if op in expression.replace("**", "^")}
            # a calculator takes any arithmetic; "multiply" takes a product and nothing else
            score = max(score, 1.0 if not ops or used and used <= ops else 0.2)
        spaced = name.replace("_", " ").lower()
        if re.search(rf"\b{re.escape(spaced)}\b|\b{re.escape(name.lower())}\b", clause.lower()) and any(explicit):
            score = 1.0  # "use get_weather", "with the currency converter"
        elif generic and len(tools) == 1 and score > 0:
            score = max(score, 0.9)  # "using the tool" with one tool bound, and the clause is about what it does
        required = tool["function"].get("parameters", {}).get("required", [])
        if len(required) >= 2 and score < FITS and len(clause.split()) <= 60:  # (a request, not a document)
            # a clause that supplies every argument of a several-argument tool, typed values not names, asks for it
            args, missing = tool_arguments(tool, clause)
            typed = [v for v in args.values() if isinstance(v, (int, float)) or isinstance(v, str) and re.fullmatch(
                r"\d{4}-\d{2}(?:-\d{2})?|\d{2}:\d{2}|[A-Z]{3}", v)]
            score += 0.3 * (len(required) - len(missing)) / len(required) if not missing and len(typed) >= 2 else 0.0
        scores.append(score)
    if similarity is None:
        return scores
    # meaning alone can choose a tool, but only when it is clearly close ("wake me at 6.45" and "set an alarm": 0.48;
    # unrelated requests stay under 0.4 with the bundled encoder)
    return [max(s, 0.5 * s + 0.5 * sim, 0.75 * sim if sim >= SEMANTIC_ALONE else 0.0)
            for s, sim in zip(scores, similarity(clause, described))]


def choose_tools(request: str, tools: list[dict[str, Any]], similarity: Similarity | None = None,
                 tool_choice: Any = None) -> list[tuple[dict[str, Any], str]]:
    """The tools a request needs, in order, each with the clause it serves: ``[(tool, clause), ...]``.

    ``tool_choice`` may name a tool (it gets the whole request) or be ``"any"`` (the best tool is called even when
    none reaches :data:`FITS`). An empty list means no bound tool fits: answer in text instead.
    """
    by_name = {t["function"]["name"]: t for t in tools}
    if isinstance(tool_choice, dict):
        tool_choice = tool_choice.get("function", {}).get("name") or tool_choice.get("name")
    if isinstance(tool_choice, str) and tool_choice in by_name:
        return [(by_name[tool_choice], request)]
    chosen: list[tuple[dict[str, Any], str]] = []
    clauses = split_clauses(request)
    for clause in clauses:
        scores = tool_scores(clause, tools, similarity)
        best = max(range(len(tools)), key=lambda i: (scores[i], -i)) if tools else None
        if best is not None and scores[best] >= FITS:
            chosen.append((tools[best], clause))
    # a clause that leaves a required argument out ("Check the weather there.") borrows the rest of the request
    chosen = [(t, request if len(clauses) > 1 and len(tool_arguments(t, c)[1]) > len(tool_arguments(t, request)[1])
               else c) for t, c in chosen]
    if len(chosen) > 1 and len({t["function"]["name"] for t, _ in chosen}) == 1 and len(clauses) > 1:
        # one tool for every clause: keep the clauses apart only when each has its own arguments
        args = [tool_arguments(t, c)[0] for t, c in chosen]
        if any(a == args[0] for a in args[1:]):
            chosen = [(chosen[0][0], request)]
    if not chosen and tool_choice in ("any", "required", True) and tools:
        scores = tool_scores(request, tools, similarity)
        chosen = [(tools[max(range(len(tools)), key=lambda i: (scores[i], -i))], request)]
    return chosen


# --- arguments ------------------------------------------------------------------------------------------------------


def _numbers_in_order(clause: str) -> list[int | float]:
    """The numbers of a request in order, with "squared"/"cubed" as the exponent they say.

    >>> _numbers_in_order("Compute 7 squared."), _numbers_in_order("subtract 5 from 12")
    ([7, 2], [12, 5])
    """
    found = [v for v in extract(clause) if v.kind in ("number", "money", "percent", "year")]
    values: list[int | float] = []
    for v in found:
        values.append(v.value)
        power = re.match(r"\s*(squared|cubed)\b", clause[v.end:], re.I)
        if power:
            values.append(2 if power.group(1).lower() == "squared" else 3)
    if re.search(r"\b(?:subtract|take|deduct)\s+\S+\s+(?:\w+\s+)?from\b", clause, re.I) and len(values) == 2:
        values.reverse()  # "subtract 5 from 12" is 12 - 5
    return values


def _message(clause: str, used: tuple[str, ...] = (), short: bool = False) -> str | None:
    """What a message-like parameter should carry: quoted text no other argument took, or what follows "that",
    "saying" or a colon; for a long one (a body, a reminder) else the request without its verb. A ``short`` one (a
    title, a subject) is never the whole request.

    >>> _message("Email Ann with the subject 'Lunch' saying I'll be late.", used=("Lunch",))
    "I'll be late"
    """
    quoted = next((q for q in QUOTED.finditer(clause) if q.group(1).strip() not in used), None)
    if quoted:
        return quoted.group(1).strip()
    lead = re.search(r"(?:\bthat\b|\bsaying\b|\bto say\b|\bwith the (?:text|message|note)\b|\babout\b|:)\s+(.+)$", clause,
                     re.I)
    if lead:
        return lead.group(1).strip().rstrip(".!?")
    if short:
        return None
    rest = re.sub(r"^\s*(?:please\s+)?(?:(?:can|could) you\s+)?(?:add|create|make|set|write|send|post|remind me to|"
                  r"note)\s+(?:a\s+|an\s+|the\s+)?(?:\w+\s+)?(?:to\s+)?", "", clause, flags=re.I)
    return rest.strip().rstrip(".!?") or None


def _currencies(clause: str, keys: list[str]) -> dict[str, str]:
    """Currency codes for from/to currency parameters: the amount's own currency, then the other one named.

    >>> _currencies("How many US dollars (USD) do I get for 80 GBP?", ["from_currency", "to_currency"])
    {'from_currency': 'GBP', 'to_currency': 'USD'}
    """
    named: list[tuple[int, str]] = []
    for m in re.finditer(rf"\b(?:{'|'.join(CURRENCY_CODES)})\b|\b(?:{'|'.join(CURRENCY_WORDS)})\b|[$€£¥]", clause):
        code = CURRENCY_SYMBOLS.get(m.group(0)) or CURRENCY_WORDS.get(m.group(0).lower()) or m.group(0).upper()
        if code in CURRENCY_CODES and all(code != c for _, c in named):
            named.append((m.start(), code))
    amount = next((v for v in extract(clause, kinds=("money",)) if v.unit), None)
    source = amount.unit if amount else (named[0][1] if named else None)
    target = next((c for _, c in named if c != source), None)
    out = {}
    for key in keys:
        if FROM_PARAM.search(key.lower()) or re.search(r"base|have|source", key.lower()):
            value = source
        elif TO_PARAM.search(key.lower()) or re.search(r"quote|want|target", key.lower()):
            value = target
        else:
            value = source if len(keys) == 1 else None
        if value:
            out[key] = value
    return out


def _kind_of(key: str, clause: str, objects: list[str] = ()) -> str | None:
    """A ``bike_type``-like parameter, or one named after a noun the clause uses ("loaf" in "6 rye loaves"): the
    words that qualify that noun ("electric", "rye"). A bare ``variety`` or ``type`` qualifies the tool's own
    object (``objects``, the nouns of its name: ``order_honey`` -> "honey").

    >>> _kind_of("bike_type", "I want to rent an electric bike for 3 hours."), _kind_of("loaf", "Order 6 rye loaves.")
    ('electric', 'rye')
    >>> _kind_of("variety", "Order 6 jars of heather honey.", ["honey"])
    'heather'
    """
    name = key.lower()
    noun = re.sub(r"_?(?:type|kind|variety|style|model|flavou?r|size)$", "", name)
    if noun in STOPWORDS:
        return None  # "to", "from": a preposition names no thing to qualify
    if not noun and name in ("type", "kind", "variety", "style", "flavour", "flavor"):
        return next((found for obj in objects if (found := _kind_of(f"{obj}_{name}", clause))), None)
    if not noun or not re.fullmatch(r"[a-z]+", noun):
        return None
    heads = "|".join(sorted({re.escape(noun), re.escape(noun) + "e?s", re.escape(noun[:-1]) + "ves"}, key=len,
                            reverse=True)) if noun.endswith("f") else rf"{re.escape(noun)}(?:e?s)?"
    m = re.search(rf"\b((?:[a-z][\w-]*\s+){{1,2}})(?:{heads})\b", clause, re.I)
    if not m:
        return None
    words: list[str] = []
    for word in reversed(m.group(1).split()):  # the lower-case words right before the noun, nearest first
        if word in _NOT_QUALIFIERS or not re.fullmatch(r"[a-z][a-z-]*", word):
            break
        words.insert(0, word)
    return " ".join(words) or None


_NOT_QUALIFIERS = frozenset({"up", "down", "out", "off", "a", "an", "the", "my", "your", "our", "his", "her", "their", "some", "any", "one", "two",
                             "three", "four", "five", "six", "seven", "eight", "nine", "ten", "to", "rent", "book",
                             "order", "buy", "get", "want", "need", "of", "for", "and", "or", "with", "new", "each",
                             "per", "more", "few", "several", "many", "this", "that", "these", "those", "please", "from", "at",
                             "in", "on", "by", "like", "is", "are", "was", "as", "into", "about"})


def _object_phrase(clause: str) -> str | None:
    """The common noun a request ends on after "of", "for" or "about" ("Look up the price of a widget" -> "widget").

    >>> _object_phrase("Look up the price of a widget."), _object_phrase("Hello there!")
    ('widget', None)
    """
    m = re.search(r"\b(?:of|for|about|on)\s+(?:a|an|the|some|my|our|this|that)?\s*([a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)"
                  r"\s*[.?!]?\s*$", clause)
    if not m or all(w in _NOT_QUALIFIERS for w in m.group(1).split()):
        return None
    return m.group(1)


def _coerce(value: Any, prop: dict[str, Any]) -> Any:
    kind = prop.get("type")
    if kind == "integer" and isinstance(value, (int, float)):
        return int(round(value))
    if kind == "number" and isinstance(value, (int, float)):
        return value
    if kind == "string" and isinstance(value, (int, float)):
        return str(value)
    return value


def tool_arguments(tool: dict[str, Any], clause: str, context: str = "", skills: FieldSkills | None = None
                   ) -> tuple[dict[str, Any], list[str]]:
    """Arguments for one call of ``tool`` (an OpenAI-format tool dict) from ``clause``, and the names of required
    parameters the clause does not give. Optional parameters that are not given are left out (the tool's default
    applies); nothing is invented to fill a gap.

    >>> book = {"type": "function", "function": {"name": "book_table", "description": "Book a restaurant table.",
    ...     "parameters": {"type": "object", "required": ["restaurant", "people", "time"], "properties": {
    ...         "restaurant": {"type": "string"}, "people": {"type": "integer"}, "time": {"type": "string"}}}}}
    >>> tool_arguments(book, "Reserve a table at Maaemo for 4 people at 19:30.")
    ({'restaurant': 'Maaemo', 'people': 4, 'time': '19:30'}, [])
    >>> tool_arguments(book, "Reserve a table for 4 people.")
    ({'people': 4}, ['restaurant', 'time'])
    """
    schema = tool["function"].get("parameters") or {}
    props: dict[str, dict[str, Any]] = schema.get("properties", {})
    required = list(schema.get("required", []))
    source = clause if not context else f"{clause}\n{context}"
    args: dict[str, Any] = {}

    numeric = [k for k, p in props.items() if p.get("type") in ("integer", "number")]
    positional = [k for k in numeric if POSITIONAL_NAMES.match(k.lower())]
    in_order = bool(positional) and len(positional) == len(numeric)
    if in_order:  # (a positional number the request does not give is missing, never a number used already)
        for key, value in zip(positional, _numbers_in_order(clause)):
            args[key] = _coerce(value, props[key])
    currency_keys = [k for k, p in props.items() if p.get("type", "string") == "string" and "currenc" in k.lower()]
    if currency_keys:
        args.update(_currencies(clause, currency_keys))
    pair = _FROM_TO.search(clause)
    if pair:
        start, end = next((pair.group(a), pair.group(b)) for a, b in (("a", "b"), ("c", "d"), ("f", "e")) if pair.group(a))
        for key, p in props.items():
            if p.get("type", "string") == "string" and key not in args and key not in currency_keys:
                if FROM_PARAM.search(key.lower()):
                    args[key] = start
                elif TO_PARAM.search(key.lower()):
                    args[key] = end
    objects = [w for w in re.split(r"[_\W]+", tool["function"]["name"].lower())[1:] if len(w) > 2]
    for key, p in props.items():
        text_param = key not in args and p.get("type", "string") == "string"
        named = named_value(key, clause) if text_param and not MESSAGE_PARAM.match(key.lower()) else None
        kind_of = _kind_of(key, clause, objects) if text_param and not named else None
        if named:
            args[key] = named  # "ISBN 978-0-14-118776-1", "zone B": the request names the parameter
        elif kind_of:
            args[key] = kind_of
        elif key not in args and p.get("type", "string") == "string" and RECIPIENT_PARAM.match(key.lower()) and \
                EMAIL.search(clause):
            args[key] = EMAIL.search(clause).group(0).rstrip(".")  # "to" of a mail: the address the request gives
        elif key not in args and p.get("type", "string") == "string" and MESSAGE_PARAM.match(key.lower()):
            text = named_value(key, clause) or _message(clause, tuple(map(str, args.values())),
                                                        short=bool(SHORT_TEXT_PARAM.match(key.lower())))
            if text:
                args[key] = text
        elif key not in args and p.get("type", "string") == "string" and re.search(r"query|search|question", key.lower()):
            args[key] = query_text(clause) or None

    rest = {k: p for k, p in props.items() if k not in args and not (in_order and k in positional)}
    if rest:
        sub = {"type": "object", "properties": rest, "required": [k for k in required if k in rest]}
        if "$defs" in schema:
            sub["$defs"] = schema["$defs"]
        filled = extract_fields(sub, source, skills)
        for key in rest:
            if filled.found.get(key):
                args[key] = _coerce(filled.values[key], rest[key])
    for key in rest:  # an open parameter ("item") the request names only as a common noun: "the price of a widget"
        if key not in args and rest[key].get("type", "string") == "string" and role_of(key, rest[key]) == "value":
            thing = _object_phrase(clause)
            if thing:
                args[key] = thing
                break
    _lone_name(args, props, required, clause)
    described = f"{tool['function'].get('description', '')}"
    for key in list(args):
        if isinstance(args[key], str):
            args[key] = as_option(args[key], props[key].get("description") or _said_of(key, described))
    args = {k: args[k] for k in props if k in args and args[k] is not None}
    missing = [k for k in required if k not in args]
    return args, missing


def _lone_name(args: dict[str, Any], props: dict[str, dict[str, Any]], required: list[str], clause: str) -> None:
    """A request that names one thing no argument took, with one required text parameter still open, means that
    thing: "Put Ingrid Solberg in the stroke seat" gives ``rower``. Two open parameters or two spare names: no guess."""
    open_keys = [k for k in required if k not in args and props[k].get("type", "string") == "string"
                 and "enum" not in props[k]]
    taken = " ".join(str(v) for v in args.values())
    spare = [v for v in extract(clause) if v.kind in ("person", "place", "organisation", "name") and v.text not in taken]
    if len(open_keys) == 1 and len(spare) == 1 and role_of(open_keys[0], props[open_keys[0]]) in (
            "value", "person", "place", "organisation"):
        args[open_keys[0]] = spare[0].text


def _said_of(key: str, description: str) -> str:
    """The part of a tool's description that lists a parameter's values: a quoted list right after a word of the
    parameter's name ("between units ('m', 'km')" for ``from_unit``), else nothing.

    >>> _said_of("from_unit", "Convert a length between units ('m', 'km'). Rounds to 2 places.")
    "units ('m', 'km')"
    >>> _said_of("station", "Rent a bike (type 'city' or 'cargo') at a station.")
    ''
    """
    words = {stem(w) for w in key.lower().split("_") if len(w) > 2}
    for m in re.finditer(r"(\w+)\s*(?:\((?:e\.g\.|such as|like|for example)?\s*|:\s*|such as\s+|like\s+)?"
                         r"(['\"`][^()]*['\"`])\)?", description):
        if stem(m.group(1).lower()) in words:
            return m.group(0)
    return ""


def as_option(value: str, description: str) -> str | None:
    """``value`` in the form a parameter's description lists its values in: "nautical miles" -> 'nmi' when the
    description says ('m', 'km', 'nmi'); "clover honey" -> 'clover' when it gives 'clover' as an example. A closed
    list (no "e.g.", "such as", "like") that ``value`` cannot be matched to gives None: no argument beats a wrong one.

    >>> as_option("nautical miles", "Convert a length between units ('m', 'km', 'ft', 'mi', 'nmi').")
    'nmi'
    >>> as_option("clover honey", "Order honey of a variety (e.g. 'heather', 'clover').")
    'clover'
    >>> as_option("parsecs", "Convert between units ('m', 'km')."), as_option("Oslo", "Weather for a city.")
    (None, 'Oslo')
    """
    options = re.findall(r"['\"`]([^'\"`]{1,30})['\"`]", description)
    if len(options) < 2:
        return value
    low = value.lower().strip()
    for option in options:
        if low == option.lower() or re.fullmatch(UNIT_NAMES.get(option.lower(), "(?!)"), low):
            return option
    inside = [o for o in options if re.search(rf"\b{re.escape(o.lower())}\b", low)]
    if len(inside) == 1:
        return inside[0]
    return value if re.search(r"\be\.g\.|\bsuch as\b|\blike\b|\bfor example\b", description, re.I) else None
