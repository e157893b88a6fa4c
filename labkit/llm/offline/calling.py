"""Skills for bound tools: call the tool a request needs (with arguments), and answer from what tools returned.

Choosing a tool and filling its arguments is the job of the tool-argument helpers; these skills decide when a call
is what the prompt wants and turn tool results into a reply.

What they can do: emit native tool calls (one per clause of a multi-part request) with arguments read from the
request, honour ``tool_choice``, and, after the tools ran, answer the question from their results.
What they cannot do: call a tool whose required arguments the request does not give; the model asks for them
instead of guessing. A request no bound tool fits gets no call and is answered (or declined) as plain text.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from labkit.llm.offline import answer as answering
from labkit.llm.offline.arithmetic import solve
from labkit.llm.offline.extract import field_skills
from labkit.llm.offline.prompt import message_text
from labkit.llm.offline.skill import Result, Turn
from labkit.llm.offline.structured import fill_schema
from labkit.llm.offline.text import content_words, split_sentences

FITS = 0.3
"""A tool whose score for a clause reaches this is the one the clause asks for."""
_CLAUSE = re.compile(
    r"\s*(?:;|\band then\b|\bthen\b|\balso\b|\band\b(?=\s+(?:what|how|find|get|search|look|calculate|compute|"
    r"convert|check)\b)|(?<=[.?!])\s+)\s*", re.I)


def _tool_call_id(name: str, args: dict[str, Any], index: int) -> str:
    digest = hashlib.sha256(f"{index}:{name}:{json.dumps(args, sort_keys=True)}".encode()).hexdigest()
    return f"call_{digest[:16]}"


def forced_tool(turn: Turn) -> str | None:
    """The tool name ``tool_choice`` insists on, "any" for any tool, or None when the model may choose."""
    choice = turn.tool_choice
    if isinstance(choice, dict):
        choice = choice.get("function", {}).get("name") or choice.get("name")
    return choice if isinstance(choice, str) and choice not in ("auto", "none") else None


def tool_scores(turn: Turn, clause: str) -> list[float]:
    """How well each tool fits ``clause``: word overlap with its name and description (certain for a calculator
    when the clause holds arithmetic), mixed with embedding similarity when available (one batch for all tools)."""
    described = [f"{t['function']['name'].replace('_', ' ')} {t['function'].get('description', '')}"
                 for t in turn.tools]
    clause_terms = set(content_words(clause))
    is_math = solve(clause) is not None
    lexical = []
    for text in described:
        tool_terms = set(content_words(text))
        score = min(1.0, len(tool_terms & clause_terms) / max(1, min(3, len(tool_terms))))
        if is_math and re.search(r"calc|math|arithmetic|comput|expression", text, re.I):
            score = 1.0
        lexical.append(score)
    if turn.similarity is None:
        return lexical
    return [0.5 * lex + 0.5 * sim for lex, sim in zip(lexical, turn.similarity(clause, described))]


def make_call(turn: Turn, tool: dict[str, Any], text: str, index: int) -> dict[str, Any]:
    fn = tool["function"]
    source = text if turn.view.context == "" else f"{text}\n{turn.view.context}"
    args = fill_schema(fn.get("parameters", {}), source, field_skills(turn))
    return {"name": fn["name"], "args": args, "id": _tool_call_id(fn["name"], args, index), "type": "tool_call"}


def plan_calls(turn: Turn) -> list[dict[str, Any]]:
    """The calls this request needs: the forced tool, else the best-fitting tool for each clause."""
    request = turn.view.user
    by_name = {t["function"]["name"]: t for t in turn.tools}
    forced = forced_tool(turn)
    if forced in by_name:
        return [make_call(turn, by_name[forced], request, 0)]
    clauses = [c for c in _CLAUSE.split(request) if content_words(c)]
    calls: list[dict[str, Any]] = []
    for clause in clauses if len(clauses) > 1 else [request]:
        scored = sorted(((score, i) for i, score in enumerate(tool_scores(turn, clause))), reverse=True)
        if scored and scored[0][0] >= FITS:
            call = make_call(turn, turn.tools[scored[0][1]], clause, len(calls))
            if all((c["name"], c["args"]) != (call["name"], call["args"]) for c in calls):
                calls.append(call)
    if not calls and forced == "any":
        scores = tool_scores(turn, request)
        best = turn.tools[max(range(len(turn.tools)), key=lambda i: (scores[i], -i))]
        calls = [make_call(turn, best, request, 0)]
    return calls


class CallTools:
    """Skill: emit tool calls when a bound tool fits the request (or ``tool_choice`` requires one)."""

    name = "tool_call"

    def applies(self, turn: Turn) -> float:
        if not turn.tools or turn.tool_choice == "none":
            return 0.0
        if turn.view.tool_results and forced_tool(turn) is None:
            return 0.0
        return 0.97 if turn.once("tool_calls", lambda: plan_calls(turn)) else 0.0

    def run(self, turn: Turn) -> Result:
        return Result(tool_calls=turn.once("tool_calls", lambda: plan_calls(turn)))


class AnswerFromTools:
    """Skill: after tools ran, answer the question from their results."""

    name = "tool_answer"

    def applies(self, turn: Turn) -> float:
        usable = turn.tools and turn.tool_choice != "none" and forced_tool(turn) is None
        return 1.0 if usable and turn.view.tool_results else 0.0

    def run(self, turn: Turn) -> Result:
        results = [(m.name or "tool", message_text(m)) for m in turn.view.tool_results]
        combined = "\n\n".join(text for _, text in results)
        question = turn.view.question
        if len(split_sentences(combined)) > 1 and content_words(question):
            found = answering.answer_question(question, combined, turn.similarity, turn.temperature, turn.rng)
            if found.supported:
                return Result(text=found.text)
        expression = solve(turn.view.user)
        if expression is not None and len(results) == 1 and re.fullmatch(r"-?[\d.,e+]+", results[0][1].strip()):
            return Result(text=f"{expression.expression} = {results[0][1].strip()}")
        return Result(text=" ".join(f"The {name} tool returned: {text.strip()}" for name, text in results))
