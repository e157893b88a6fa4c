"""Reflection: generate, critique, refine — until the critic is satisfied or the rounds run out.

The one idea: a second look catches what the first pass missed. The agent drafts an answer, asks a critic (the
same model or another) to rate it ``Score: X/10`` with strengths, weaknesses and suggestions, and revises the draft
with that feedback. It stops when the score reaches ``target``, when a revision adds nothing, when a model call
exceeds ``timeout``, or after ``max_rounds`` critiques; it returns the *best-scored* draft, so a bad revision can
never make the result worse.

Two ways to revise:

- ``"rewrite"`` — the model rewrites the whole draft from the critique (what large models do well);
- ``"patch"`` — the model is asked only for what is *missing*: it sees the material minus what the draft already
  says, plus the weaknesses, and its reply is appended to the draft. Small and extractive models (like the offline
  one) cannot rewrite prose, but they can find the missing piece.

What it leaves out: multi-aspect critics with separate scores per criterion, and critics that run tools to check
facts (see the corrective-RAG lessons).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from labkit.agents.agent import usage_tokens
from labkit.agents.criteria import parse_score
from labkit.agents.deadline import call_with_deadline
from labkit.errors import DeadlineExceededError, InvalidInputError

MODES = ("patch", "rewrite")


def _sentences(text: str) -> list[str]:
    """Sentences of ``text`` (split after . ! ? followed by space, and at line breaks).

    >>> _sentences("One. Two!\\nThree")
    ['One.', 'Two!', 'Three']
    """
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def section(critique: str, name: str) -> str:
    """The text after ``Name:`` on its line of a critique ('' when absent).

    >>> section("Score: 6/10\\nWeaknesses: too short.", "weaknesses")
    'too short.'
    """
    m = re.search(rf"^\s*{name}\s*:\s*(.*)$", critique, re.I | re.M)
    return m.group(1).strip() if m else ""


@dataclass
class Round:
    """One critique round: the draft that was judged, its score (0..1) and the critic's feedback."""

    draft: str
    score: float | None
    feedback: str


@dataclass
class Reflection:
    """The outcome: the best draft, its score, why the loop stopped, every round, and tokens spent."""

    answer: str
    score: float | None
    stopped: str
    rounds: list[Round] = field(default_factory=list)
    tokens: int = 0

    def to_frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame([{"round": i, "score": r.score, "draft": r.draft,
                              "weaknesses": section(r.feedback, "weaknesses")} for i, r in enumerate(self.rounds, 1)])


class ReflectionAgent:
    """Generate → critique → refine (see the module docstring). ``critic`` defaults to the model itself."""

    def __init__(self, model: Any = None, critic: Any = None, *, max_rounds: int = 3, target: float = 0.8,
                 mode: str = "patch", timeout: float = 60.0):
        from labkit.llm import get_model

        if mode not in MODES:
            raise InvalidInputError(f"mode must be one of {MODES}, got {mode!r}.")
        if not isinstance(max_rounds, int) or max_rounds < 1:
            raise InvalidInputError(f"max_rounds must be a positive integer, got {max_rounds!r}.")
        if not 0 < target <= 1:
            raise InvalidInputError(f"target is a score between 0 and 1 (0.8 = 8/10), got {target!r}.")
        self.model = model if model is not None else get_model()
        self.critic = critic if critic is not None else self.model
        self.max_rounds, self.target, self.mode, self.timeout = max_rounds, target, mode, timeout
        self.tokens = 0

    def _ask(self, model: Any, prompt: str) -> str:
        reply = call_with_deadline(model.invoke, prompt, seconds=self.timeout, what="A reflection model call")
        self.tokens += usage_tokens(reply)
        return str(reply.content).strip()

    def generate(self, task: str, material: str) -> str:
        return self._ask(self.model, f"Context:\n{material}\nQuestion: {task}" if material else task)

    def critique(self, task: str, draft: str, criteria: str) -> str:
        lines = ["Rate the response on a scale of 1 to 10. Reply with Score: X/10, then Strengths:, Weaknesses: "
                 "and Suggestions: lines.", f"Question: {task}"]
        if criteria:
            lines.append(f"Criteria: {criteria}")
        lines.append(f"Response: {draft}")
        return self._ask(self.critic, "\n".join(lines))

    def refine(self, task: str, material: str, draft: str, feedback: str) -> str:
        weaknesses = section(feedback, "weaknesses") or feedback
        if self.mode == "rewrite":
            prompt = (f"Context:\n{material}\nDraft: {draft}\nQuestion: {task}\n"
                      f"Rewrite the draft so that it fixes these weaknesses: {weaknesses}")
            return self._ask(self.model, prompt)
        said = set(_sentences(draft))
        unused = [s for s in _sentences(material) if s not in said]
        if not unused:
            return draft
        addition = self._ask(self.model, f"Context:\n" + "\n".join(unused) + f"\nQuestion: {task} {weaknesses}")
        new = [s for s in _sentences(addition) if s not in said and s in unused]
        return " ".join([draft, *new]) if new else draft

    def run(self, task: str, material: str = "", criteria: str = "") -> Reflection:
        if not isinstance(task, str) or not task.strip():
            raise InvalidInputError("The task must be a non-empty string.")
        self.tokens = 0
        draft = self.generate(task, material)
        rounds: list[Round] = []
        stopped = "max_rounds"
        for _ in range(self.max_rounds):
            try:
                feedback = self.critique(task, draft, criteria)
            except DeadlineExceededError:  # keep what we have; the critic went quiet
                stopped = "timeout"
                break
            score = parse_score(feedback)
            rounds.append(Round(draft, score, feedback))
            if score is None:
                stopped = "no_score"
                break
            if score >= self.target:
                stopped = "satisfied"
                break
            if len(rounds) == self.max_rounds:
                break
            try:
                revised = self.refine(task, material, draft, feedback)
            except DeadlineExceededError:
                stopped = "timeout"
                break
            if revised.strip() == draft.strip():
                stopped = "no_change"
                break
            draft = revised
        scored = [r for r in rounds if r.score is not None]
        if not rounds:
            return Reflection(draft, None, stopped, rounds, self.tokens)
        best = max(scored, key=lambda r: r.score or 0.0) if scored else rounds[-1]
        return Reflection(best.draft, best.score, stopped, rounds, self.tokens)


def keyword_coverage(text: str, keywords: list[str]) -> float:
    """The share of ``keywords`` that appear in ``text`` (case-insensitive): a simple, exact answer checker.

    >>> keyword_coverage("SpaceX flew it in 2010.", ["SpaceX", "2010", "kerosene"])
    0.667
    """
    if not keywords:
        raise InvalidInputError("keyword_coverage needs at least one keyword to check for.")
    low = text.lower()
    return round(sum(1 for k in keywords if k.lower() in low) / len(keywords), 3)


def load_tasks(path: str | None = None) -> list[dict[str, Any]]:
    """Question-answering tasks with material, criteria and expected keywords (the bundled set by default)."""
    import json
    from pathlib import Path

    source = Path(path) if path else Path(__file__).with_name("data") / "reflection_tasks.json"
    try:
        tasks = json.loads(source.read_text())
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"Cannot read reflection tasks from {source}: {exc}") from None
    required = {"id", "question", "material", "criteria", "keywords"}
    for task in tasks:
        missing = required - set(task)
        if missing:
            raise InvalidInputError(f"Task {task.get('id', '?')!r} in {source} lacks {sorted(missing)}.")
    return tasks


def compare_reflection(tasks: list[dict[str, Any]], model: Any = None, max_rounds: int = 3,
                       target: float = 0.8) -> Any:
    """Score every task with reflection off (one draft) and on (``max_rounds`` critiques), by keyword coverage."""
    import pandas as pd

    rows = []
    for task in tasks:
        plain = ReflectionAgent(model, max_rounds=1, target=target)
        draft = plain.generate(task["question"], task["material"])  # reflection off: the first draft as is
        on = ReflectionAgent(model, max_rounds=max_rounds, target=target).run(task["question"], task["material"],
                                                                              task["criteria"])
        rows.append({"task": task["id"], "off": keyword_coverage(draft, task["keywords"]),
                     "on": keyword_coverage(on.answer, task["keywords"]), "rounds": len(on.rounds),
                     "tokens_off": plain.tokens, "tokens_on": on.tokens, "stopped": on.stopped})
    return pd.DataFrame(rows)
