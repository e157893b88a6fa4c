"""Skills for bound tools: call the tool a request needs (with arguments), and answer from what tools returned.

Choosing a tool and reading its arguments is done by :mod:`.toolargs` (and, for ``with_structured_output``, by
:mod:`.structured`, since a structured-output schema is bound as a tool); these skills decide when a call is what
the prompt wants, and turn tool results into a reply.

What they can do: emit native tool calls (one per clause of a multi-part request) with arguments read from the
request, honour ``tool_choice``, fill a structured-output schema with nulls for what the text does not give, and,
after the tools ran, answer the question from their results.
What they cannot do: call a tool whose required arguments the request does not give; the model asks for them
instead of guessing. A request no bound tool fits gets no call: a question over the prompt's own context or
arithmetic is answered by those skills, and any other request is told plainly that none of the available tools
does it, or, when it shares words with one, that none clearly fits and which tool to name (a greeting is still just
acknowledged).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from labkit.llm.offline import answer as answering
from labkit.llm.offline import cues
from labkit.llm.offline.arithmetic import solve
from labkit.llm.offline.extract import field_skills
from labkit.llm.offline.prompt import message_text
from labkit.llm.offline.skill import Result, Turn, abstain
from labkit.llm.offline.structured import extract_fields
from labkit.llm.offline.text import content_words, split_sentences
from labkit.llm.offline.toolargs import choose_tools, tool_arguments, tool_scores


def _tool_call_id(name: str, args: dict[str, Any], index: int) -> str:
    digest = hashlib.sha256(f"{index}:{name}:{json.dumps(args, sort_keys=True)}".encode()).hexdigest()
    return f"call_{digest[:16]}"


def _call(name: str, args: dict[str, Any], index: int) -> dict[str, Any]:
    return {"name": name, "args": args, "id": _tool_call_id(name, args, index), "type": "tool_call"}


def forced_tool(turn: Turn) -> str | None:
    """The tool name ``tool_choice`` insists on, "any" for any tool, or None when the model may choose."""
    choice = turn.tool_choice
    if isinstance(choice, dict):
        choice = choice.get("function", {}).get("name") or choice.get("name")
    return choice if isinstance(choice, str) and choice not in ("auto", "none") else None


def chosen_tools(turn: Turn) -> list[tuple[dict[str, Any], str]]:
    """``[(tool, clause)]`` this request needs, computed once per turn. For ``with_structured_output`` the one bound
    tool is the output schema: it is the answer to every prompt, with no choosing to do."""
    if turn.structured and turn.tools:
        return [(turn.tools[0], turn.view.user)]
    return turn.once("chosen_tools", lambda: choose_tools(turn.view.user, turn.tools, turn.similarity,
                                                          turn.tool_choice))


def structured_call(turn: Turn, tool: dict[str, Any]) -> Result:
    """``with_structured_output``: every field of the schema from the text, null where it gives nothing; a required
    field that may not be null and is not in the text makes the model decline rather than invent it."""
    schema = tool["function"].get("parameters") or {}
    text = turn.view.context or turn.view.user
    found = extract_fields(schema, text, field_skills(turn))
    missing = found.missing_values  # at any depth: a list item without its required name is no item
    if missing:
        return abstain(f"The text does not give {', '.join(missing)}, and I will not invent required fields; make "
                       "them optional or add the information to the prompt.")
    return Result(tool_calls=[_call(tool["function"]["name"], found.values, 0)])


NO_FIT = 0.47
"""How sure the model is that a request no bound tool fits should be told so: above acknowledging a statement (0.45),
below answering from a context (0.5) or working out arithmetic, which need no tool."""


def asks_for_action(turn: Turn) -> bool:
    """Whether the turn asks for something to be done or looked up (not a greeting, not a statement about oneself,
    not a question over a context the prompt gives), so that tools were what it needed."""
    user = turn.view.user
    if turn.structured or turn.view.context or not content_words(user):
        return False
    return not (cues.GREETING.match(user) or cues.SELF_INTRODUCTION.search(user))


class CallTools:
    """Skill: emit tool calls when a bound tool fits the request (or ``tool_choice`` requires one)."""

    name = "tool_call"

    def applies(self, turn: Turn) -> float:
        if not turn.tools or turn.tool_choice == "none":
            return 0.0
        if turn.view.tool_results and forced_tool(turn) is None:
            return 0.0
        if chosen_tools(turn):
            return 0.97
        return NO_FIT if asks_for_action(turn) else 0.0

    def run(self, turn: Turn) -> Result:
        chosen = chosen_tools(turn)
        if not chosen:
            names = ", ".join(t["function"]["name"] for t in turn.tools)
            if max(tool_scores(turn.view.user, turn.tools), default=0.0) > 0:  # it shares words with one of them
                return abstain(f"None of the available tools ({names}) clearly fits this request, so I have not "
                               "called one; tell me which tool to use, with its arguments, if one does.")
            return abstain(f"None of the available tools ({names}) does what this request asks, so I cannot do it "
                           "with them; a tool for it would need to be added.")
        if turn.structured:
            return structured_call(turn, chosen[0][0])
        calls, needs = [], []
        for tool, clause in chosen:
            name = tool["function"]["name"]
            args, missing = tool_arguments(tool, clause, turn.view.context, field_skills(turn))
            if missing:
                needs.append(f"To call {name} I need to know {_listed(missing)}, which the request does not give.")
            elif all((c["name"], c["args"]) != (name, args) for c in calls):
                calls.append(_call(name, args, len(calls)))
        if needs:
            return abstain(" ".join(needs) + " Please tell me and I will make the call.")
        return Result(tool_calls=calls)


def _listed(names: list[str]) -> str:
    """Parameter names as an English list.

    >>> _listed(["hut"]), _listed(["date", "start", "hours"])
    ('the hut', 'the date, start and hours')
    """
    return "the " + (names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}")


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
