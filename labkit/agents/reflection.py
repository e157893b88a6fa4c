"""Reflection: draft, critique, revise — until the critic is satisfied or the rounds run out.

The one idea: a second look can catch what the first pass missed, but only if the reviser can act on it. The agent
drafts an answer, asks a critic (the same model or another) to rate it ``Score: X/10`` with strengths, weaknesses
and suggestions, and asks the writer to revise the whole draft with that critique in hand. It stops when the score
reaches ``target``, when a revision changes nothing, when a model call exceeds ``timeout``, or after
``max_rounds`` critiques; it returns the *best-scored* draft, so a bad revision can never make the result worse.

What each party sees is what a real deployment would give it: the writer gets the material and the question; the
critic gets the question, the material, the user's stated criteria and the draft; the reviser gets the material,
the question, its draft and the critic's full reply. Nothing in the loop reads the answer checker's keywords, and
the revision *replaces* the draft (no sentences are appended behind the writer's back), so any gain measured by
:func:`compare_reflection` is the writer's own.

What it leaves out: multi-aspect critics with separate scores per criterion, and critics that run tools to check
facts (see the corrective-RAG lessons). A model that cannot rewrite prose (the offline one answers extractively)
gains little or nothing here, and the comparison reports that as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from labkit.agents.agent import usage_tokens
from labkit.agents.criteria import parse_score
from labkit.agents.deadline import call_with_deadline
from labkit.errors import DeadlineExceededError, InvalidInputError


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
    """Draft → critique → revise (see the module docstring). ``critic`` defaults to the model itself."""

    def __init__(self, model: Any = None, critic: Any = None, *, max_rounds: int = 3, target: float = 0.8,
                 timeout: float = 60.0):
        from labkit.llm import resolve_model

        if not isinstance(max_rounds, int) or max_rounds < 1:
            raise InvalidInputError(f"max_rounds must be a positive integer, got {max_rounds!r}.")
        if not 0 < target <= 1:
            raise InvalidInputError(f"target is a score between 0 and 1 (0.8 = 8/10), got {target!r}.")
        self.model = resolve_model(model)
        self.critic = critic if critic is not None else self.model
        self.max_rounds, self.target, self.timeout = max_rounds, target, timeout
        self.tokens = 0

    def _ask(self, model: Any, prompt: str) -> str:
        reply = call_with_deadline(model.invoke, prompt, seconds=self.timeout, what="A reflection model call")
        self.tokens += usage_tokens(reply)
        return str(reply.content).strip()

    def generate(self, task: str, material: str) -> str:
        return self._ask(self.model, f"Context:\n{material}\nQuestion: {task}" if material else task)

    def critique(self, task: str, draft: str, criteria: str, material: str = "") -> str:
        lines = ["Rate the response on a scale of 1 to 10. Reply with Score: X/10, then Strengths:, Weaknesses: "
                 "and Suggestions: lines."]
        if material:
            lines.append(f"Context:\n{material}")
        lines.append(f"Question: {task}")
        if criteria:
            lines.append(f"Criteria: {criteria}")
        lines.append(f"Response: {draft}")
        return self._ask(self.critic, "\n".join(lines))

    def revise(self, task: str, material: str, draft: str, feedback: str) -> str:
        context = f"Context:\n{material}\n" if material else ""
        return self._ask(self.model, f"{context}Question: {task}\nDraft: {draft}\nCritique: {feedback}\n"
                                     "Rewrite the draft so that it answers the question fully and fixes the "
                                     "weaknesses in the critique. Reply with the revised answer only.")

    def run(self, task: str, material: str = "", criteria: str = "") -> Reflection:
        if not isinstance(task, str) or not task.strip():
            raise InvalidInputError("The task must be a non-empty string.")
        self.tokens = 0
        draft = self.generate(task, material)
        rounds: list[Round] = []
        stopped = "max_rounds"
        for _ in range(self.max_rounds):
            try:
                feedback = self.critique(task, draft, criteria, material)
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
                revised = self.revise(task, material, draft, feedback)
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
    """Score every task with reflection off (the first draft) and on (``max_rounds`` critiques at most).

    Quality is keyword coverage, which rewards padding as much as precision, so the answers' lengths in words are
    reported beside it: a gain that comes with a much longer answer may be the reviser pasting the material.
    """
    import pandas as pd

    rows = []
    for task in tasks:
        plain = ReflectionAgent(model, max_rounds=1, target=target)
        draft = plain.generate(task["question"], task["material"])  # reflection off: the first draft as is
        on = ReflectionAgent(model, max_rounds=max_rounds, target=target).run(task["question"], task["material"],
                                                                              task["criteria"])
        rows.append({"task": task["id"], "off": keyword_coverage(draft, task["keywords"]),
                     "on": keyword_coverage(on.answer, task["keywords"]), "words_off": len(draft.split()),
                     "words_on": len(on.answer.split()), "rounds": len(on.rounds), "tokens_off": plain.tokens,
                     "tokens_on": on.tokens, "stopped": on.stopped})
    return pd.DataFrame(rows)
