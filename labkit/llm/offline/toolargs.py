"""Tool calling, the model's half: which bound tool a request asks for, and each argument read from the request.

A real model sees each tool's name, description and parameter schema, and writes a call. The offline model does the
same two steps in the open:

1. **Choice.** The request is cut into clauses ("convert 5 miles to km and then check the weather in Oslo" is two,
   and so is any "and" whose two sides each ask for a different tool), and each clause is scored against every
   tool: word overlap with the tool's name and description (stems, and
   shared word starts, so "multiplied" meets ``multiply``), embedding similarity when a ``similarity`` function is
   lent (one batch for all tools), an explicit request ("use the converter", "using the tool"), and the arithmetic
   the clause holds against a tool that does arithmetic (``multiply`` for "12 multiplied by 7"). A word of the
   tool's name counts more than a word of its description, and a clause that supplies every argument of a
   several-argument tool through typed values or the tool's own words (its units, the preposition its description
   puts before a noun) fits it too. The best tool above :data:`FITS` gets the clause. Abstention comes first: two
   bare numbers never make an arithmetic call ("the Vardfjell 300 in 2026"); a request to undo ("cancel my
   booking") fits only a tool that says it undoes; a question for information ("What is the baggage allowance?")
   calls no tool whose name is an action (``book_flight``); a clause that only states or describes ("Mackerel is
   £3.30 a kilo", "The ferry leaves at 08:00") is data for a clause that asks, not a request. No tool above the bar
   means no call.
2. **Arguments.** Each parameter is filled from its name, type, default and description: numbers a tool takes in
   order (``a``, ``b``; "subtract 5 from 12" reverses them); numbers by the unit or the dimension adjective of the
   parameter's name, converted to its unit ("750 grams" -> ``kilograms=0.75``; ``length_cm`` from "180 cm long");
   ``from``/``to`` pairs of currencies, of units the description lists or of enum options (the one after "to",
   "in" or "how many" is the target, the one after "from" or the number the source; "Yosemite Decimal System" names
   'yds'); a boolean named by one of its words is on unless negated ("Not the sunrise one"); a name parameter takes
   the proper name written before its noun ("Wexcombe top lock") or after the preposition the description uses
   ("from a launch site" -> "from Castle Lawn"), names read whole ("Ember & Pipe"); the message a ``text``
   parameter should carry; and every other parameter through :mod:`.structured` (typed values by role). No value
   serves two parameters, a parameter's option is no value for another, and a lone code ("5.10a") fills the one
   open text parameter. Types are checked: an integer takes no fraction and no zero the request never wrote, a
   date parameter only a calendar date (not "tomorrow"), a message never the whole request. A required parameter
   the request does not give is returned as missing, so the caller asks for it instead of guessing; an optional one
   keeps its default rather than take a guessed common noun.

>>> multiply = {"type": "function", "function": {"name": "multiply", "description": "Multiply two numbers.",
...     "parameters": {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
...                    "required": ["a", "b"]}}}
>>> [(t["function"]["name"], clause) for t, clause in choose_tools("Please compute 12 multiplied by 7 using the tool.",
...                                                               [multiply])]
[('multiply', 'Please compute 12 multiplied by 7 using the tool.')]
>>> tool_arguments(multiply, "Please compute 12 multiplied by 7 using the tool.")
({'a': 12, 'b': 7}, [])

Left out: dates relative to today (the caller would need to pass a clock), arguments spread across earlier turns of
a conversation, nested object parameters beyond what :func:`.structured.extract_fields` fills, an enum option only
described ("letters that can wait" for 'second' class), lower-case names without a quantity before them ("What's
turbot going for?"), two-word Latin names ("Vicia faba"), units other than mass, length and volume (temperature
scales are recognised, not converted), and requests a tool half fits: they get no call and "none of the available
tools", even where asking for one more argument would have been better.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from labkit.llm.offline import cues
from labkit.llm.offline.arithmetic import find_expression, solve
from labkit.llm.offline.structured import (EMAIL, QUOTED, FieldSkills, extract_fields, named_value, query_text,
                                            role_of)
from labkit.llm.offline.text import STOPWORDS, content_words, stem
from labkit.llm.offline.values import (COMMON_CAPITALISED, CURRENCY_CODES, CURRENCY_SYMBOLS, CURRENCY_WORDS, FRACTIONS,
                                      NAME_CONNECTORS, convert_units, extract, introduces_a_name)

Similarity = Callable[[str, list[str]], list[float]]

FITS = 0.3
"""A tool whose score for a clause reaches this is the one the clause asks for."""
SEMANTIC_ALONE = 0.42
"""Embedding similarity at which a clause that shares no word with a tool still asks for it."""

# The words tool requests are written in (general English) live in :mod:`.cues`, with every other lexicon.

_FROM_TO = re.compile(r"\bfrom\s+(?P<a>[A-Za-z][\w-]*(?:\s+(?-i:[A-Z])[\w-]*)?)\s+(?:in)?to\s+"
                      r"(?P<b>[A-Za-z][\w-]*(?:\s+(?-i:[A-Z])[\w-]*)?)|"
                      r"\d[\d.,]*\s*(?P<c>[A-Za-z][\w°-]*(?:\s+[A-Za-z][\w°-]*)?)\s+(?:in)?to\s+(?P<d>[A-Za-z][\w°-]*)|"
                      r"\bhow many\s+(?P<e>[A-Za-z][\w°-]*)\s+(?:is|are|in|make|equals?)\s+\d[\d.,]*\s*"
                      r"(?P<f>[A-Za-z][\w°-]*(?:\s+[A-Za-z][\w°-]*)?)|"
                      r"\bbetween\s+(?P<g>(?-i:[A-ZÀ-ÖØ-Þ])[\w-]*(?:\s+(?-i:[A-ZÀ-ÖØ-Þ])[\w-]*)?)\s+and\s+"
                      r"(?P<h>(?-i:[A-ZÀ-ÖØ-Þ])[\w-]*(?:\s+(?-i:[A-ZÀ-ÖØ-Þ])[\w-]*)?)", re.I)
"""A conversion or a route: "from Oslo to Bergen", "22 nautical miles to km", "how many metres is 1,250 feet",
"between Bergen and Voss"."""


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


def _overlap(clause_terms: set[str], tool_terms: set[str], name_terms: set[str] | None = None) -> float:
    """Share of the tool's words the clause uses (up to 3 needed), counting words that start alike as one. A word
    of the tool's name counts in full; a word only its description uses counts three quarters, so one passing word
    of a long description ("at a time" against "7 times 8") is not enough to call the tool.

    >>> _overlap({"multipli", "12"}, {"multiply", "two", "number"})
    0.3333333333333333
    >>> _overlap({"7", "time", "8"}, {"book", "tabl", "time"}, {"book", "tabl"})
    0.25
    """
    hits = sum(1.0 if name_terms is None or t in name_terms else 0.75 for t in tool_terms
               if t in clause_terms or len(t) >= 5 and any(c[:5] == t[:5] for c in clause_terms))
    return min(1.0, hits / max(1, min(3, len(tool_terms))))


def split_clauses(request: str) -> list[str]:
    """The parts of a request that may each need a tool.

    >>> split_clauses("Convert 5 miles to km and then check the weather in Oslo.")
    ['Convert 5 miles to km', 'check the weather in Oslo.']
    """
    clauses = [c.strip() for c in cues.CLAUSE_BREAK.split(request) if c and content_words(c)]
    return clauses or [request.strip()]


def is_statement(clause: str) -> bool:
    """Whether a clause only states a fact (no question, no "please", a subject and a verb of being or measure).

    >>> is_statement("Mackerel is £3.30 a kilo at the moment."), is_statement("What would 12 kilos cost me?")
    (True, False)
    """
    return not cues.REQUEST_MARK.search(clause) and bool(cues.STATEMENT.match(clause) or cues.DESCRIBING.match(clause))


def tool_scores(clause: str, tools: list[dict[str, Any]], similarity: Similarity | None = None,
                given: str = "") -> list[float]:
    """How well each tool fits ``clause``, in 0..1 (see the module docstring for what counts). ``given`` is the whole
    request when the clause is a question over quantities stated elsewhere in it ("Mackerel is £3.30 a kilo. What
    would 12 kilos cost?"): the arithmetic is the whole request's."""
    described = [_described(t) for t in tools]
    clause_terms = _terms(clause)
    expression = find_expression(clause) or (solution.expression if (solution := solve(clause)) else None)
    if expression is None and given and "?" in clause and extract(clause, kinds=("number", "money")):
        expression = solution.expression if (solution := solve(given)) else None
    explicit = [m.group("name") or "" for m in cues.EXPLICIT_USE.finditer(clause)]
    generic = bool(cues.GENERIC_TOOL.search(clause))
    scores: list[float] = []
    bonuses: list[float] = []  # for supplying every argument: added after meaning is weighed, so that a tool the
    # request fills through its own words beats one that only sounds alike
    for tool, text in zip(tools, described):
        name = tool["function"]["name"]
        score = _overlap(clause_terms, _terms(text), _terms(name))
        verb, *objects = name.lower().split("_")
        if objects and cues.ACTION_VERBS.match(verb) and score and not _overlap(
                clause_terms, _terms(text) - _terms(verb), _terms(name) - _terms(verb)):
            score = min(score, 0.15)  # "Book a hotel room" shares only the verb with ``book_table``: the object decides
        if expression and cues.MATH_TOOL.search(text):
            ops = {op for op, words in cues.OPERATIONS.items() if re.search(words, text, re.I)}
            used = {op for op in cues.OPERATIONS if op in expression.replace("**", "^")}
            # a calculator takes any arithmetic; "multiply" takes a product and nothing else
            score = max(score, 1.0 if not ops or used and used <= ops else 0.2)
        elif cues.MATH_TOOL.search(text) and len(_numbers_in_order(clause)) >= 2:
            # no expression read, but the clause names the tool's own operation over its numbers ("take 38 away
            # from 112" for ``subtract``)
            ops = {op for op, words in cues.OPERATIONS.items() if re.search(words, text, re.I)}
            said = {op for op, words in cues.OPERATIONS.items() if re.search(rf"\b(?:{words})", clause, re.I)}
            score = max(score, 0.9 if said and said <= ops else 0.0)
        spaced = name.replace("_", " ").lower()
        if re.search(rf"\b{re.escape(spaced)}\b|\b{re.escape(name.lower())}\b", clause.lower()) and any(explicit):
            score = 1.0  # "use get_weather", "with the currency converter"
        elif generic and len(tools) == 1 and score > 0:
            score = max(score, 0.9)  # "using the tool" with one tool bound, and the clause is about what it does
        required = tool["function"].get("parameters", {}).get("required", [])
        if len(required) >= 2 and score < FITS and len(clause.split()) <= 60:  # (a request, not a document)
            # a clause that supplies every argument of a several-argument tool, by typed values (dates, quantities) or
            # through the tool's own words (its units, the preposition its description uses), asks for it; numbers
            # a tool takes in order (``a``, ``b``) say nothing about fit: any two numbers fill them
            anchored: set[str] = set()
            args, missing = tool_arguments(tool, clause, anchored=anchored)
            typed = [k for k, v in args.items() if k in anchored or not cues.POSITIONAL_NAMES.match(k.lower()) and (
                isinstance(v, (int, float)) and not isinstance(v, bool) or isinstance(v, str) and re.fullmatch(
                    r"\d{4}-\d{2}(?:-\d{2})?|\d{2}:\d{2}|[A-Z]{3}", v))]
            bonus = 0.3 if not missing and len(typed) >= 2 else 0.0
        else:
            bonus = 0.0
        scores.append(score)
        bonuses.append(bonus)
    verbs = [t["function"]["name"].lower().split("_")[0] if not cues.MATH_TOOL.search(text) else ""
             for t, text in zip(tools, described)]
    undoing = {m.group(1).lower()[:5] for m in cues.UNDOING.finditer(clause)}
    ruled_out = [
        # a question for information is no request to book, order or send ("What is the baggage allowance?")
        bool(cues.INFO_QUESTION.match(clause) and cues.ACTION_VERBS.match(verb) and not re.search(
            rf"\b{re.escape(verb[:4])}", clause, re.I))
        # "cancel my booking": a tool fits only if it says it undoes ("cancel_booking"), never "book_flight"
        or bool(undoing) and not any(u in text.lower() for u in undoing)
        for verb, text in zip(verbs, described)]
    # meaning alone can choose a tool, but only when it is clearly close ("wake me at 6.45" and "set an alarm": 0.48;
    # unrelated requests stay under 0.4 with the bundled encoder)
    similar = similarity(clause, described) if similarity is not None else [None] * len(tools)
    return [0.0 if out else b + (s if sim is None else max(s, 0.5 * s + 0.5 * sim,
                                                             0.75 * sim if sim >= SEMANTIC_ALONE else 0.0))
            for s, b, sim, out in zip(scores, bonuses, similar, ruled_out)]


def _split_on_and(clauses: list[str], tools: list[dict[str, Any]], similarity: Similarity | None) -> list[str]:
    """Clauses cut once more at an "and" whose two sides each ask for a different tool ("Weather in Bodø and the
    tides at Bodø on 2025-10-01"); an "and" inside one request ("for Ann and Bob") stays."""
    out: list[str] = []
    for clause in clauses:
        parts = re.split(r"\s+and\s+", clause, maxsplit=1)
        if len(parts) == 2 and all(content_words(p) for p in parts):
            picks = []
            for part in parts:
                scores = tool_scores(part, tools, similarity)
                best = max(range(len(tools)), key=lambda i: scores[i])
                picks.append(best if scores[best] >= FITS else None)
            if None not in picks and picks[0] != picks[1]:
                out.extend(parts)
                continue
        out.append(clause)
    return out


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
    clauses = _split_on_and(split_clauses(request), tools, similarity) if len(tools) > 1 else split_clauses(request)
    asking = [c for c in clauses if not is_statement(c)]
    if not any(cues.REQUEST_MARK.search(c) for c in asking):
        asking = [c for c in clauses if not (cues.STATEMENT.match(c) and not cues.REQUEST_MARK.search(c))]
    for clause in asking if asking and len(clauses) > 1 else clauses:
        scores = tool_scores(clause, tools, similarity, request if len(clauses) > 1 else "")
        best = max(range(len(tools)), key=lambda i: (scores[i], -i)) if tools else None
        if best is not None and scores[best] >= FITS:
            chosen.append((tools[best], clause))
    # a clause that leaves a required argument out ("Check the weather there.") borrows the rest of the request; a
    # clause that had to borrow is no request of its own ("Two seats on the 9:00 flight. Not the sunrise one.")
    chosen = [(t, request if len(clauses) > 1 and len(tool_arguments(t, c)[1]) > len(tool_arguments(t, request)[1])
               else c) for t, c in chosen]
    if len(chosen) == 1 and len(asking) > 1 and chosen[0][1] in asking:
        # one call for a request of several sentences: the others asked for no tool, so they say more about this
        # one ("Two seats on the evening flight, please. Not the sunrise one.")
        chosen = [(chosen[0][0], " ".join(asking))]
    borrowed = {t["function"]["name"] for t, c in chosen if c is request}
    chosen = [(t, request if t["function"]["name"] in borrowed else c) for t, c in chosen]
    chosen = [pair for i, pair in enumerate(chosen) if pair[1] is not request or
              all(t["function"]["name"] != pair[0]["function"]["name"] or c is not request for t, c in chosen[:i])]
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
    >>> _message("Remind me to call the plumber at 17:45."), _message("Set a reminder for 07:00.")
    ('call the plumber', None)
    >>> _message("Set a reminder at 06:30 to take my pills."), _message("Remind me at 9 pm to lock the shed.")
    ('take my pills', 'lock the shed')
    >>> _message("Let the Bergen Choir know rehearsal is off tonight.")
    'rehearsal is off tonight'

    """
    quoted = next((q for q in QUOTED.finditer(clause) if q.group(1).strip() not in used), None)
    if quoted:
        return quoted.group(1).strip()
    lead = re.search(r"(?:\bthat\b|\bsaying\b|\bto say\b|\bwith the (?:text|message|note)\b|\babout\b|:|"
                     r"\blet\b.+?\bknow\b)\s+(.+)$", clause, re.I)
    if lead:
        return lead.group(1).strip().rstrip(".!?")
    if short:
        return None
    rest = re.sub(r"^\s*(?:please\s+)?(?:(?:can|could) you\s+)?(?:remind (?:me|us) (?:to\s+)?|(?:add|create|make|set|"
                  r"write|send|post|note)\s+(?:a\s+|an\s+|the\s+)?(?:\w+\s+)?(?:to\s+)?)", "", clause, flags=re.I)
    for v in sorted(extract(rest, kinds=("time", "date", "duration")), key=lambda v: -v.start):
        # the time or date is its own argument, not part of the message ("at 17:45")
        lead = re.search(r"(?:(?:^|\s+)(?:at|on|by|for|in|from|until))?\s*$", rest[:v.start])
        rest = rest[:lead.start()] + rest[v.end:]
    rest = re.sub(r"^\s*to\s+", "", rest).strip().rstrip(".!?").strip()  # "at 06:30 to take my pills"
    if rest == clause.strip().rstrip(".!?").strip():
        return None  # nothing marked the message off: the whole request is no message
    return rest if set(content_words(rest)) - GENERIC_WORDS else None


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
        if cues.FROM_PARAM.search(key.lower()) or re.search(r"base|have|source", key.lower()):
            value = source
        elif cues.TO_PARAM.search(key.lower()) or re.search(r"quote|want|target", key.lower()):
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


def _counted_phrase(clause: str) -> str | None:
    """The lower-case things a request counts out, when it counts one kind: "a dozen coat hooks for the hall" ->
    'coat hooks' (a unit of measure, a stop word or a second counted phrase is no answer).

    >>> _counted_phrase("Could the forge make us a dozen coat hooks for the village hall?")
    'coat hooks'
    >>> _counted_phrase("Book 2 rooms and 3 tables."), _counted_phrase("Send 40 kg please.")
    (None, None)
    """
    counted = [v for v in extract(clause, kinds=("number",)) if v.unit]
    if len(counted) != 1 or counted[0].unit.lower() in cues.UNIT_NAMES or counted[0].unit.lower().rstrip("s") in cues.UNIT_NAMES:
        return None
    m = re.match(r"\s+((?:[a-z][a-z-]+\s+)?[a-z][a-z-]+)(?=\s*(?:[.,;!?]|$|\s+(?:please|for|from|to|at|on|in|with|and)\b))",
                 clause[counted[0].end:])
    if not m or any(w in _NOT_QUALIFIERS or w in STOPWORDS for w in m.group(1).split()):
        return None
    return m.group(1) if m.group(1).split()[-1].startswith(counted[0].unit.lower()[:4]) else None


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
    """``value`` as the parameter's type; a fraction is no value for an integer parameter (None: "6 second" read as
    a tenth of a minute never becomes 0 stamps).

    >>> _coerce(4.0, {"type": "integer"}), _coerce(0.1, {"type": "integer"}), _coerce(3, {"type": "string"})
    (4, None, '3')
    """
    kind = prop.get("type")
    if kind == "integer" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(round(value)) if abs(value - round(value)) < 1e-6 else None
    if kind == "number" and isinstance(value, (int, float)):
        return value
    if kind == "string" and isinstance(value, (int, float)):
        return str(value)
    return value


def tool_arguments(tool: dict[str, Any], clause: str, context: str = "", skills: FieldSkills | None = None,
                   anchored: set[str] | None = None) -> tuple[dict[str, Any], list[str]]:
    """Arguments for one call of ``tool`` (an OpenAI-format tool dict) from ``clause``, and the names of required
    parameters the clause does not give. Optional parameters that are not given are left out (the tool's default
    applies); nothing is invented to fill a gap. ``anchored``, when given, receives the parameters read through the
    tool's own words (a unit or adjective of the parameter's name, the description's preposition, its options).

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
    positional = [k for k in numeric if cues.POSITIONAL_NAMES.match(k.lower())]
    in_order = bool(positional) and len(positional) == len(numeric)
    if in_order:  # (a positional number the request does not give is missing, never a number used already)
        for key, value in zip(positional, _numbers_in_order(clause)):
            args[key] = _coerce(value, props[key])
    currency_keys = [k for k, p in props.items() if p.get("type", "string") == "string" and "currenc" in k.lower()]
    if currency_keys:
        args.update(_currencies(clause, currency_keys))
    described = f"{tool['function'].get('description', '')}"
    taken: set[int] = set()  # where the numbers given to a parameter by its unit or adjective start
    free = {k: p for k, p in props.items() if k not in args and not (in_order and k in positional)}
    anchored = set() if anchored is None else anchored
    measures = _measures(free, clause, taken)
    blocked = {k for k, v in measures.items() if v is None}
    measured = {k: _coerce(v, props[k]) for k, v in measures.items() if v is not None}
    paired = _pair({k: p for k, p in free.items() if k not in measured}, clause, described)
    args.update(measured)
    args.update(paired)
    anchored.update(measured, paired)
    for key, p in props.items():
        if key not in args and p.get("type") == "boolean" and (flag := _flag(key, clause)) is not None:
            args[key] = flag
        elif key not in args and p.get("type", "string") == "string" and "enum" not in p and not cues.MESSAGE_PARAM.match(
                key.lower()) and "currenc" not in key.lower() and role_of(key, p) in ("value", "place", "organisation"):
            beside = named_value(key, clause)  # (a bare number beside the noun is a year or a count, not its name)
            thing = None if beside and not beside.isdigit() else _named_thing(key, clause, described)
            if thing and thing not in map(str, args.values()):
                args[key] = thing
                anchored.add(key)
    if taken:  # a number a parameter took by its unit serves no other parameter
        masked = clause
        for v in extract(clause):
            if v.start in taken:  # the number and the unit it was taken by ("500 g"), which measures nothing else
                unit = re.match(r"\s*(?:-\s*)?[^\W\d]+", clause[v.end:]) if written_unit(clause, v.end) else None
                end = v.end + (unit.end() if unit else 0)
                masked = masked[:v.start] + " " * (end - v.start) + masked[end:]
        # (the prompt reader may have taken part of the request as its context: that part is in the clause already)
        source = masked if not context or context.strip() in clause else f"{masked}\n{context}"
    pair = _FROM_TO.search(clause)
    if pair:
        start, end = next((pair.group(a), pair.group(b)) for a, b in (("a", "b"), ("c", "d"), ("f", "e"), ("g", "h")) if pair.group(a))
        for key, p in props.items():
            if p.get("type", "string") == "string" and key not in args and key not in currency_keys:
                if cues.FROM_PARAM.search(key.lower()):
                    args[key] = start
                elif cues.TO_PARAM.search(key.lower()):
                    args[key] = end
    objects = [w for w in re.split(r"[_\W]+", tool["function"]["name"].lower())[1:] if len(w) > 2]
    for key, p in props.items():
        text_param = key not in args and p.get("type", "string") == "string"
        named = named_value(key, clause) if text_param and not cues.MESSAGE_PARAM.match(key.lower()) else None
        kind_of = _kind_of(key, clause, objects) if text_param and not named else None
        if named:
            args[key] = named  # "ISBN 978-0-14-118776-1", "zone B": the request names the parameter
        elif kind_of:
            args[key] = kind_of
        elif key not in args and p.get("type", "string") == "string" and cues.RECIPIENT_PARAM.match(key.lower()) and \
                EMAIL.search(clause):
            args[key] = EMAIL.search(clause).group(0).rstrip(".")  # "to" of a mail: the address the request gives
        elif key not in args and p.get("type", "string") == "string" and cues.MESSAGE_PARAM.match(key.lower()):
            text = named_value(key, clause) or _message(clause, tuple(map(str, args.values())),
                                                        short=bool(cues.SHORT_TEXT_PARAM.match(key.lower())))
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
    for key in rest:  # a required parameter ("item") the request names only as a common noun: "the price of a
        # widget", "2.5 kilos of haddock"; an optional one keeps its default rather than take a guess ("for my class")
        if key not in args and key in required and rest[key].get("type", "string") == "string" and \
                role_of(key, rest[key]) == "value" and "enum" not in rest[key]:
            thing = _measured_noun(clause) or _counted_phrase(clause) or _object_phrase(clause)
            if thing and set(_terms(thing)) & _terms(described + " " + tool["function"]["name"]):
                thing = None  # "12 litres of water" for ``water_plants``: what the tool always handles, no argument
            if thing:
                args[key] = thing
                break
    anchored.update(k for k, v in args.items() if "enum" in props[k] and isinstance(v, str) and re.search(
        rf"\b{re.escape(v)}\b", clause, re.I))  # the request names one of the parameter's own options
    measured_thing = _measured_noun(clause) if measured else None
    anchored.update(k for k, v in args.items() if measured_thing and v == measured_thing)  # what "750 grams of"
    # measures, when the tool takes that weight
    for key in blocked:
        args.pop(key, None)
    for key, value in list(args.items()):  # a zero the request never wrote is a misreading ("6 second class")
        if value == 0 and not isinstance(value, bool) and not re.search(r"(?<![\d.,])0(?![\d.,]*[1-9])|\b(?:zero|no|none|"
                                                                         r"nil|nothing)\b", clause, re.I):
            del args[key]
    for key, value in list(args.items()):  # a date parameter takes a calendar date, never "tomorrow" or a weekday
        if isinstance(value, str) and role_of(key, props[key]) == "date" and not re.fullmatch(
                r"\d{4}-\d{2}(?:-\d{2})?(?:[T ][\d:]+)?", value):
            del args[key]
    _whole_names(args, props, clause)
    _named_events(args, props, clause)
    _no_reuse(args, props, clause)
    _lone_name(args, props, required, clause)
    open_text = [k for k in required if k not in args and props[k].get("type", "string") == "string"
                 and "enum" not in props[k] and role_of(k, props[k]) in ("value", "code")]
    codes = _codes(clause, args)
    if len(open_text) == 1 and len(codes) == 1:
        args[open_text[0]] = codes[0]  # the request's one code ("5.10a") is what its one open parameter names
    for key in list(args):
        if isinstance(args[key], str):
            args[key] = as_option(args[key], props[key].get("description") or _said_of(key, described))
    for key, value in list(args.items()):  # a pronoun or a bare function word names nothing ("No lettering on *it*"),
        # and a weekday or month names no site, person or thing ("the forecast at Harrowdown for *Sunday*")
        if isinstance(value, str) and (value.strip().lower() in STOPWORDS or _CALENDAR_WORD.fullmatch(value.strip())
                                       and role_of(key, props[key]) not in ("date", "time", "when")
                                       and not re.search(r"day|month|date|when", key, re.I)):
            del args[key]
    introduced = _introduced_name(clause)
    for key, value in list(args.items()):  # "name's Gary Pounds" is a person: no town, venue or address
        if introduced and value == introduced and _PLACE_KEY.search(key):
            del args[key]
    args = {k: args[k] for k in props if k in args and args[k] is not None}
    for key in [k for k in props if "enum" in props[k]]:
        by_age = option_by_age(props[key]["enum"], f"{props[key].get('description', '')} {_described(tool)}", clause)
        if by_age is not None:  # "he's 71" is the veteran class when the tool says "veteran (65 and over)"
            args[key] = by_age
        if key in args and args[key] not in props[key]["enum"]:
            # a closed set takes only its own options: "morning wreath" is the morning session; a value holding
            # none or several of them is no choice at all
            held = [o for o in props[key]["enum"] if str(o).lower() == str(args[key]).lower()] or [
                o for o in props[key]["enum"] if isinstance(o, str) and isinstance(args[key], str)
                and re.search(rf"\b{re.escape(o)}\b", args[key], re.I)]
            if len(held) == 1:
                args[key] = held[0]
            else:
                del args[key]
    missing = [k for k in required if k not in args]
    return args, missing


_AGE_SAID = re.compile(r"\b(?:(?:he|she|they)(?:'s| is| are)|i'm|i am|aged?|age of)\s+(?P<n>\d{1,3})\b|"
                       r"\b(?P<m>\d{1,3})\s*(?:years? old|yrs? old|-year-old)\b", re.I)


_PLACE_KEY = re.compile(r"(?:^|_)(?:town|city|village|venue|location|place|address|country|county|region|site)(?:$|_)",
                        re.I)


def _introduced_name(clause: str) -> str | None:
    """The name the writer gives as their own ("name's Gary Pounds", "I'm Ada Lowe"), or ``None``.

    >>> _introduced_name("Stick me down for it please, name's Gary Pounds.")
    'Gary Pounds'
    """
    m = re.search(r"\b(?:name's|name is|i'm|i am|this is)\s+(?P<name>(?-i:[A-Z][\w'-]+)(?:\s+(?-i:[A-Z][\w'-]+))*)",
                  clause, re.I)
    return m.group("name") if m else None


def option_by_age(options: list[Any], description: str, clause: str) -> Any | None:
    """The one option whose age bounds, as the description writes them ("junior (under 16)", "veteran (65 and over)"),
    hold for the age the request gives; None when it gives no age or not exactly one option fits.

    >>> option_by_age(["junior", "open", "veteran"], "Classes: junior (under 16), open, veteran (65 and over).",
    ...               "Put my grandad in - Harold Bell, he's 71.")
    'veteran'
    >>> option_by_age(["junior", "veteran"], "junior (under 16), veteran (65 and over)", "Enter Harold Bell.") is None
    True
    """
    said = _AGE_SAID.search(clause)
    if not said:
        return None
    age = int(said.group("n") or said.group("m"))
    fits = []
    for option in options:
        bound = re.search(rf"\b{re.escape(str(option))}\b[^()\n,;]{{0,12}}\((?P<def>[^)]*)\)", description, re.I)
        if not bound:
            continue
        text = " ".join(bound.group("def").split())
        low = re.search(r"(?P<n>\d+)\s*(?:\+|and over|and older|or over|or older)|\b(?:over|older than|above)\s+(?P<o>\d+)",
                        text, re.I)
        high = re.search(r"\b(?:under|below|younger than|less than)\s+(?P<n>\d+)|\bup to\s+(?P<u>\d+)", text, re.I)
        if low and age < int(low.group("n") or int(low.group("o")) + 1):
            continue
        if high and (age >= int(high.group("n")) if high.group("n") else age > int(high.group("u"))):
            continue
        if low or high:
            fits.append(option)
    return fits[0] if len(fits) == 1 else None


_CALENDAR_WORD = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?|january|february|march|april|may|june|july|"
                            r"august|september|october|november|december|today|tomorrow|tonight|yesterday", re.I)
"""A word of the calendar, which is a date's value and never a name's."""


def _named_events(args: dict[str, Any], props: dict[str, dict[str, Any]], clause: str) -> None:
    """An event argument read as a place name keeps the kind of event the request names after it: "the Whitby
    carnival" is the event "Whitby carnival", not the town "Whitby"."""
    for key, value in args.items():
        if isinstance(value, str) and "enum" not in props.get(key, {}) and re.search(r"event|occasion", key, re.I):
            kind = re.search(rf"\b{re.escape(value)}\s+(?P<kind>{cues.EVENT_NOUNS})\b", clause, re.I)
            if kind:
                args[key] = f"{value} {kind.group('kind')}"


def _whole_names(args: dict[str, Any], props: dict[str, dict[str, Any]], clause: str) -> None:
    """A name is read whole: an argument that holds the first part of a name joined by "&" or a connector ("Ember"
    of "Ember & Pipe", "Round" of "Round the Skerries") gets the whole name, and one cut inside a word ("Bod" of
    "Bodø") the whole word."""
    names = [name for _, name in _names(clause) if re.search(rf"\s(?:&|{'|'.join(NAME_CONNECTORS)})\s", name)]
    for key, value in args.items():
        cut = re.search(rf"\b{re.escape(value)}(\w+)", clause) if isinstance(value, str) and len(value) > 2 and \
            value[0].isupper() and value[-1].isalpha() and not re.search(rf"\b{re.escape(value)}\b", clause) else None
        if cut and "enum" not in props.get(key, {}):
            args[key] = value = value + cut.group(1)  # a word is read whole: "Bod" of "Bodø" is "Bodø"
        if isinstance(value, str) and "enum" not in props.get(key, {}):
            whole = next((n for n in names if n.startswith(value + " ") or n.endswith(" " + value)), None)
            if whole and whole not in map(str, args.values()):
                args[key] = whole


def _codes(clause: str, args: dict[str, Any]) -> list[str]:
    """The code-like tokens of a request ("6b+", "5.10a") that no argument holds; not clock times or ordinals."""
    held = {str(v).lower() for v in args.values()}
    return [m.group(0) for m in MIXED_TOKEN.finditer(clause) if m.group(0).lower() not in held
            and not re.fullmatch(r"\d+(?:am|pm|st|nd|rd|th|h|m|s|k|x|kg|km|cm|mm|ml|g|l)", m.group(0), re.I)]


def _no_reuse(args: dict[str, Any], props: dict[str, dict[str, Any]], clause: str) -> None:
    """A text argument that repeats another argument's value, or one of another parameter's options ("UIAA" for
    ``grade`` when it is ``to_system``), is no value of its own: it becomes the request's one code-like token
    ("5.10a") no argument holds, or is dropped."""
    pair = [k for k in args if cues.FROM_PARAM.search(k.lower())] + [k for k in args if cues.TO_PARAM.search(k.lower())]
    if len(pair) == 2 and pair[0] != pair[1] and str(args[pair[0]]).lower() == str(args[pair[1]]).lower():
        del args[pair[0]], args[pair[1]]  # a conversion from a unit to itself is no reading of the request
    for key in [k for k in props if "enum" in props[k] and all(isinstance(o, str) for o in props[k]["enum"])]:
        # an option written only inside another argument ("tennis" in "Frogner Tennis Club") is not chosen there;
        # one written on its own ("Padel court at ...") is
        names = [str(v) for k, v in args.items() if k != key and isinstance(v, str) and "enum" not in props[k]
                 and v.lower() not in {str(o).lower() for o in props[key]["enum"]}]
        outside = re.sub("|".join(re.escape(n) for n in names), " ", clause) if names else clause
        said = [str(o) for o in props[key]["enum"] if re.search(rf"\b{re.escape(str(o))}\b", outside, re.I)]
        if key not in args:
            if len(said) == 1 and not any(str(v).lower() == said[0].lower() for v in args.values()):
                args[key] = said[0]
            continue
        inside = isinstance(args[key], str) and any(re.search(rf"\b{re.escape(args[key])}\b", n, re.I) for n in names)
        if inside and args[key] not in said:
            if len(said) == 1:
                args[key] = said[0]
            else:
                del args[key]
    options = {str(o).lower() for p in props.values() for o in p.get("enum", [])}
    seen: set[str] = set()
    for key in [k for k in props if k in args]:
        value = args[key]
        if not isinstance(value, str) or "enum" in props[key]:
            seen.add(str(value).lower())
            continue
        others = [str(v).lower() for k, v in args.items() if k != key]
        if value.lower() not in seen and value.lower() not in options:
            seen.add(value.lower())
        else:
            codes = _codes(clause, {k: v for k, v in args.items() if k != key})
            if len(codes) == 1:
                args[key] = codes[0]
            else:
                del args[key]


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
        if low == option.lower() or re.fullmatch(cues.UNIT_NAMES.get(option.lower(), "(?!)"), low):
            return option
    inside = [o for o in options if re.search(rf"\b{re.escape(o.lower())}\b", low)]
    if len(inside) == 1:
        return inside[0]
    return value if re.search(r"\be\.g\.|\bsuch as\b|\blike\b|\bfor example\b", description, re.I) else None


# --- arguments read by their type and the tool's own words -----------------------------------------------------------

_NAME_WORD = r"[A-Z][\w'’.-]*"
NAME_PHRASE = re.compile(rf"{_NAME_WORD}(?:\s+(?:&\s+|(?:{'|'.join(NAME_CONNECTORS)})\s+)?{_NAME_WORD})*")
"""A run of capitalised words, with "&" and the connectors of names inside it ("Ember & Pipe", "Round the Skerries")."""
MIXED_TOKEN = re.compile(r"(?<![\w.])(?=[\w.+/-]*\d)(?=[\w.+/-]*[A-Za-z])[A-Za-z\d][\w.+/-]*[\w+](?![\w])")
"""A token of digits and letters together ("6b+", "5.10a", "B12"): a code, grade or reference, never a quantity."""


def unit_of(key: str) -> str | None:
    """The unit a numeric parameter is named in: ``width_cm`` -> 'cm', ``kilograms`` -> 'kg', ``hours`` -> None.

    >>> unit_of("boat_length_m"), unit_of("kilograms"), unit_of("jar_grams"), unit_of("passengers")
    ('m', 'kg', 'g', None)
    """
    last = key.lower().split("_")[-1]
    if last in cues.UNIT_SIZES and "_" in key:
        return last
    return next((symbol for symbol, names in cues.UNIT_NAMES.items()
                 if symbol in cues.UNIT_SIZES and re.fullmatch(names, last)), None)


def written_unit(text: str, end: int) -> str | None:
    """The unit written right after a number that ends at ``end`` ("2.5 kilos" -> 'kg'), or None."""
    after = text[end:end + 24]
    for symbol in sorted(cues.UNIT_SIZES, key=len, reverse=True):
        names = cues.UNIT_NAMES.get(symbol, "(?!)")
        bare = "(?!)" if symbol in ("in", "t", "k") else re.escape(symbol)  # "5 in total" is no length
        bare = bare.upper() if symbol in ("c", "f") else bare  # "30 C", not "30 c"
        if re.match(rf"\s*(?:(?i:degrees?\s+)|°\s*)?(?:(?i:{names})|{bare})(?![\w°])", after):
            return symbol
    return None


class _Number(NamedTuple):
    start: int
    end: int
    value: float


def _measures(props: dict[str, dict[str, Any]], clause: str, taken: set[int]) -> dict[str, Any]:
    """Numeric parameters named after a dimension or a unit, from the number written with that adjective or unit:
    ``length_cm`` of "180 cm long by 130 cm wide" is 180; ``kilograms`` of "750 grams" is 0.75. A number of another
    kind of unit is never given to them, and one in a scale they cannot be converted to comes back as None (the
    parameter stays empty); two parameters that could share one number get it only by their adjective.

    >>> props = {"width_cm": {"type": "number"}, "length_cm": {"type": "number"}}
    >>> _measures(props, "My quilt will be 180 cm long by 130 cm wide.", set())
    {'width_cm': 130, 'length_cm': 180}
    """
    numbers = [_Number(v.start, v.end, v.value) for v in extract(clause) if v.kind == "number"]
    numbers += [_Number(m.start(), m.end(), FRACTIONS[m.group(1).lower()])  # "half a kilo"
                for m in re.finditer(r"\b(half|quarter|third)\s+(?:of\s+)?an?\b", clause, re.I)]
    out: dict[str, Any] = {}
    keys = [k for k, p in props.items() if p.get("type") in ("integer", "number")]
    for key in keys:  # by the adjective of its dimension
        dimension = next((cues.PARAMETER_ADJECTIVES[w] for w in key.lower().split("_") if w in cues.PARAMETER_ADJECTIVES), None)
        if not dimension:
            continue
        for v in numbers:
            unit = written_unit(clause, v.end)
            tail = clause[v.end:]
            if v.start not in taken and re.match(rf"\s*(?:[A-Za-z°]+\.?\s+)?(?:{dimension})\b", tail, re.I):
                target = unit_of(key)
                value = convert_units(v.value, unit, target) if unit and target else v.value
                if value is not None:
                    out[key], _ = value, taken.add(v.start)
                    break
    open_keys = [k for k in keys if k not in out and unit_of(k)]
    for key in open_keys:  # by its unit, when one number of that kind of unit is left for one such parameter
        target = unit_of(key)
        kind = cues.UNIT_SIZES[target][0]
        rivals = [k for k in open_keys if cues.UNIT_SIZES[unit_of(k)][0] == kind]
        fitting = [(v, u) for v in numbers if v.start not in taken and (u := written_unit(clause, v.end))
                   and cues.UNIT_SIZES[u][0] == kind]
        if len(rivals) == 1 and len(fitting) == 1:
            v, unit = fitting[0]
            out[key] = convert_units(v.value, unit, target)  # None: the number is in a scale it cannot take
            taken.add(v.start)
    return out


def _flag(key: str, clause: str) -> bool | None:
    """A boolean parameter the request mentions by one of its words is on, or off when a negation comes just before
    ("Not the sunrise one", "without shoes"); not mentioned, it is left to its default.

    >>> _flag("shoe_rental", "A pass for me, with shoes every time."), _flag("sunrise", "Not the sunrise one.")
    (True, False)
    >>> _flag("filleted", "750 grams of sea bass, whole.") is None
    True
    >>> _flag("gun_hire", "I'll bring my own gun."), _flag("own_tools", "I'll be borrowing the club's billhooks.")
    (False, False)
    """
    owned = "own" in key.lower().split("_")
    if owned and re.search(r"\bborrow", clause, re.I):
        return False  # "I'll be borrowing the club's billhooks": no own tools
    words = [w for w in key.lower().split("_") if len(w) > 2 and w not in STOPWORDS and w not in (
        "include", "includes", "use", "with", "want", "need", "needs", "has", "is", "can", "should", "rental", "hire")]
    words = words or [w for w in key.lower().split("_") if len(w) > 3]
    for word in words:
        head = word[:5] if len(word) > 5 else word
        m = re.search(rf"\b{re.escape(head)}\w*", clause, re.I)
        if m and re.search(r"\b(?:my|our|his|her|their|your)\s+own\s+(?:\w+\s+)?$", clause[max(0, m.start() - 30):m.start()],
                           re.I):
            return owned  # "I'll bring my own gun": no gun hire; "we've got our own caller": the band brings none
        if m:
            before = clause[max(0, m.start() - 30):m.start()]
            before = re.split(r"[.;,!?]", before)[-1]
            return not cues.ARGUMENT_NEGATION.search(before)
    return None


def _mentions(clause: str, options: list[str], units: bool) -> list[tuple[int, str]]:
    """Where the request names each of a parameter's options: the option itself, its unit names ("Fahrenheit" for
    'F'), or a capitalised phrase it abbreviates ("Yosemite Decimal System" for 'yds')."""
    found: list[tuple[int, str]] = []
    for option in options:
        spelled = [re.escape(option)]
        if units and option.lower() in cues.UNIT_NAMES:
            spelled.append(f"(?i:{cues.UNIT_NAMES[option.lower()]})")
        flags = 0 if len(option) <= 2 else re.I
        for m in re.finditer(rf"(?<![\w°])(?:{'|'.join(spelled)})(?!\w)", clause, flags):
            found.append((m.start(), option))
        if re.fullmatch(r"[A-Za-z]{2,5}", option):
            initials = r"[a-z]*\s+".join(option.upper())
            for m in re.finditer(rf"\b{initials}[a-z]*\b", clause):
                if len(m.group(0).split()) == len(option):
                    found.append((m.start(), option))
    return sorted(set(found))


def _pair(props: dict[str, dict[str, Any]], clause: str, described: str) -> dict[str, str]:
    """A ``from_x``/``to_x`` pair with a closed set of values (an enum, or units the description lists): the value
    written after "to", "in" or "how many" is the target, the one after "from" or right after the number the source,
    and with one of them placed the other mention is the other.

    >>> props = {"from_system": {"enum": ["french", "yds"]}, "to_system": {"enum": ["french", "yds"]}}
    >>> _pair(props, "What is a French 6b+ in YDS?", "")
    {'from_system': 'french', 'to_system': 'yds'}
    """
    sources = [k for k in props if cues.FROM_PARAM.search(k.lower()) and not re.search(r"currenc", k.lower())]
    targets = [k for k in props if cues.TO_PARAM.search(k.lower()) and not re.search(r"currenc", k.lower())]
    if len(sources) != 1 or len(targets) != 1:
        return {}
    source, target = sources[0], targets[0]
    options = props[source].get("enum") or props[target].get("enum")
    units = not options
    if units:
        listed = _said_of(source, described) or _said_of(target, described) or described
        options = re.findall(r"['\"`]([^'\"`]{1,12})['\"`]", listed)
    if not options or len(options) < 2:
        return {}
    mentions = _mentions(clause, [str(o) for o in options], units)
    if len({o for _, o in mentions}) < 2:
        return {}
    to = next((o for at, o in mentions if cues.TARGET_CUE.search(clause[:at])), None)
    frm = next((o for at, o in mentions if o != to and cues.SOURCE_CUE.search(clause[:at])), None)
    others = [o for _, o in mentions if o not in (to, frm)]
    if to is None and frm is not None and len(set(others)) == 1:
        to = others[0]
    elif frm is None and to is not None and len(set(others)) == 1:
        frm = others[0]
    elif to is None and frm is None and len({o for _, o in mentions}) == 2:
        frm, to = mentions[0][1], next(o for _, o in mentions if o != mentions[0][1])
    if frm is None or to is None or frm == to:
        return {}
    return {source: frm, target: to}


def _names(clause: str) -> list[tuple[int, str]]:
    """Proper names of a request, each with where it starts: capitalised runs without a leading function word or
    command ("Is Wexcombe" -> "Wexcombe"), and without a closing possessive ("Ember & Pipe's" -> "Ember & Pipe")."""
    out = []
    for m in NAME_PHRASE.finditer(clause):
        words, start = m.group(0).split(), m.start()
        while words and (words[0].lower().strip("'’") in COMMON_CAPITALISED or words[0].lower() in STOPWORDS
                         or introduces_a_name(words[0])):  # "Name's Dave Hulme"
            start = clause.index(words[1], start + len(words[0])) if len(words) > 1 else start
            words = words[1:]
        opening = start == 0 or re.search(r"[.!?:;\n]\s*$", clause[:start])
        if opening and len(words) > 2 and words[1] in NAME_CONNECTORS:  # "Tours of Hook Head": a sentence's
            start = clause.index(words[2], start)  # first word is no part of the name it introduces
            words = words[2:]
            if words and words[0] == "the" and len(words) > 1:
                start, words = clause.index(words[1], start), words[1:]
        while words and words[-1].lower() in NAME_CONNECTORS + ("&",):
            words = words[:-1]
        if words:
            name = re.sub(r"['’]s$", "", " ".join(words).rstrip("."))
            if re.search(r"[a-z]", name) or len(name) > 1:
                out.append((start, name))
    return out


def _named_thing(key: str, clause: str, described: str) -> str | None:
    """A name parameter (``lock``, ``studio``, ``launch_site``) from the proper name the request writes before the
    parameter's own noun ("Wexcombe top lock", "Bramley's Lock"), else after the preposition the tool's description
    puts before that noun ("flight from a launch site" -> "from Castle Lawn").

    >>> _named_thing("lock", "Is Wexcombe top lock open right now?", "Say whether a canal lock is open.")
    'Wexcombe'
    >>> _named_thing("launch_site", "Put the Mbeki family on a flight from Castle Lawn.", "A flight from a launch site.")
    'Castle Lawn'
    """
    words = [w for w in key.lower().split("_") if len(w) > 2]
    if not words:
        return None
    noun = words[-1]
    names = _names(clause)
    for start, name in names:
        if name.split()[-1].lower().startswith(noun):
            return name  # the noun is part of the name: "Bramley's Lock", "Verrin Clock Museum"
        rest = clause[clause.find(name, start) + len(name):]
        if re.match(rf"(?:['’]s)?(?:\s+[a-z][\w-]*){{0,2}}?\s+(?-i:{re.escape(noun)})(?:e?s)?\b", rest):
            return name  # "Wexcombe top lock", "the Blauberg hut"
    said = re.search(rf"\b(from|at|in|to|through|into|for|of|on|with|near)\s+(?:a|an|the|your|my)?\s*"
                     rf"(?:[\w-]+\s+)?{re.escape(' '.join(words))}\b", described, re.I)
    if said:
        for start, name in names:
            if re.search(rf"\b{said.group(1)}\s+(?:the\s+)?$", clause[:start], re.I):
                return name
    return None


def _measured_noun(clause: str) -> str | None:
    """The lower-case thing a request measures out: "2.5 kilos of haddock" -> 'haddock', "750 grams of sea bass,
    whole" -> 'sea bass'. Only one such phrase counts; two are no answer.

    >>> _measured_noun("Could I get 2.5 kilos of haddock, filleted please?"), _measured_noun("Hello there.")
    ('haddock', None)
    >>> _measured_noun("Three kilos of cod, please.")
    'cod'
    """
    found = re.findall(r"(?:\d[\d.,]*|\b(?i:a|one|two|three|four|five|six|seven|eight|nine|ten|a few))\s*[A-Za-z]+\s+of\s+"
                       r"(?:the\s+)?([a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)(?=\s*(?:[.,;!?]|$|\s+(?:please|for|from|to|at|"
                       r"on|in|with|and)\b))", clause)
    found = [f for f in found if not any(w in _NOT_QUALIFIERS for w in f.split())]
    return found[0] if len(found) == 1 else None
