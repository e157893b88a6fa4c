"""Success criteria: how an agent checks that a step (or a whole answer) really worked.

The one idea: "done" is not the same as "done right". Every plan step carries a criterion, and the agent verifies
the output against it before anything builds on it. Cheap, exact checks come first; a model judge is used only for
criteria that cannot be written as a rule.

Criteria are short strings, several joined with ``;`` (all must hold):

- ``nonempty`` — some content, and not a refusal ("I don't know", "not in the context": it must not open with a
  cue of :data:`labkit.llm.refusal.REFUSAL_CUES`);
- ``number`` — contains a number; ``json`` — parses as JSON;
- ``contains:TEXT`` — contains TEXT (case-insensitive); ``matches:REGEX`` — the regular expression matches;
- anything else is free text, judged by a model asked to rate the output against it (``Score: X/10``) and passed
  at ``threshold`` or above.

What it leaves out: semantic equivalence checks against a reference answer (see the RAG evaluation lessons).

>>> verify("The total is 66.", "number; contains:total").passed
True
>>> verify("I don't know.", "nonempty").reason
'the output is a refusal'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from labkit.agents.deadline import call_with_deadline
from labkit.errors import DeadlineExceededError, InvalidInputError
from labkit.llm.refusal import is_refusal

_SCORE = re.compile(r"score\s*[:=]?\s*(-?\d+(?:\.\d+)?)\s*(?:/|out of)\s*(\d+(?:\.\d+)?)", re.I)


@dataclass(frozen=True)
class Verdict:
    """Whether an output met its criterion, and why not when it did not."""

    passed: bool
    reason: str = ""
    score: float | None = None


def parse_score(text: str) -> float | None:
    """The first ``Score: X/N`` in ``text`` as a fraction of N, or None when there is none.

    >>> parse_score("Score: 7/10\\nStrengths: clear"), parse_score("no score here")
    (0.7, None)
    """
    m = _SCORE.search(text or "")
    if not m or float(m.group(2)) <= 0:
        return None
    return max(0.0, min(1.0, float(m.group(1)) / float(m.group(2))))


def judge_prompt(output: str, criterion: str, question: str = "") -> str:
    """The prompt that asks a model to rate ``output`` against a free-text criterion."""
    parts = ["Rate the response on a scale of 1 to 10 against the criteria."]
    if question:
        parts.append(f"Question: {question}")
    parts += [f"Criteria: {criterion}", f"Response: {output}"]
    return "\n".join(parts)


def _rule(output: str, rule: str) -> Verdict | None:
    """Check one rule-based criterion; None when ``rule`` is free text."""
    text = output or ""
    name, _, arg = rule.partition(":")
    name = name.strip().lower()
    if name == "nonempty" and not arg:
        if not text.strip():
            return Verdict(False, "the output is empty")
        if is_refusal(text, opening=True):
            return Verdict(False, "the output is a refusal")
        return Verdict(True)
    if name == "number" and not arg:
        return Verdict(True) if re.search(r"-?\d", text) else Verdict(False, "the output has no number")
    if name == "json" and not arg:
        try:
            json.loads(text)
        except ValueError:
            return Verdict(False, "the output is not valid JSON")
        return Verdict(True)
    if name == "contains" and arg:
        want = arg.strip()
        if want.lower() in text.lower():
            return Verdict(True)
        return Verdict(False, f"the output does not mention {want!r}")
    if name == "matches" and arg:
        try:
            found = re.search(arg.strip(), text)
        except re.error as exc:
            raise InvalidInputError(f"Criterion {rule!r} is not a valid regular expression: {exc}.") from None
        return Verdict(True) if found else Verdict(False, f"the output does not match {arg.strip()!r}")
    return None


def verify(output: str, criteria: str, *, judge: Any = None, question: str = "", threshold: float = 0.6,
           timeout: float | None = 60.0) -> Verdict:
    """Check ``output`` against ``criteria`` (see the module docstring); ``judge`` is a chat model for free text.

    The judge gets ``timeout`` seconds; a judge that does not answer is a failed verdict, not a hang.
    """
    if not isinstance(criteria, str) or not criteria.strip():
        raise InvalidInputError("Success criteria must be a non-empty string such as 'nonempty' or 'contains:Paris'.")
    for rule in (r.strip() for r in criteria.split(";") if r.strip()):
        verdict = _rule(output, rule)
        if verdict is None:
            if judge is None:
                raise InvalidInputError(
                    f"Criterion {rule!r} is free text and needs a judge model: pass judge=<chat model>, or use a "
                    "rule (nonempty, number, json, contains:TEXT, matches:REGEX).")
            try:
                reply = call_with_deadline(judge.invoke, judge_prompt(output, rule, question), seconds=timeout,
                                           what="The judge")
            except DeadlineExceededError as exc:
                return Verdict(False, str(exc))
            score = parse_score(str(reply.content))
            if score is None:
                return Verdict(False, f"the judge gave no 'Score: X/N' for {rule!r}")
            if score < threshold:
                return Verdict(False, f"the judge scored {score:.1f} < {threshold:.1f} on {rule!r}", score)
            verdict = Verdict(True, score=score)
        if not verdict.passed:
            return verdict
    return Verdict(True)
