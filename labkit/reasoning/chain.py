"""Chain-of-thought: ask for the steps, then read the final answer out of them; check it with a second pass.

The one idea: a model that writes its intermediate steps gives you two things, a better chance of the right answer on
multi-step problems and *something to check*. So a chain-of-thought prompt always asks for a fixed answer line
(``Answer: ...``), :func:`extract_answer` reads it back, :func:`check_steps` re-computes every ``a op b = c`` step
with :mod:`labkit.safemath`, and :func:`solve_with_verification` asks for an independent second solution and only
calls the answer verified when the two agree (a third solution breaks a tie).

Left out: learned verifiers and process reward models; the checks here are arithmetic re-computation and agreement.

>>> extract_answer("Step 1: 3 * 12 = 36\\nStep 2: 36 - 7 = 29\\nAnswer: 29")
'29'
>>> [s.ok for s in check_steps("Step 1: 3 * 12 = 36\\nStep 2: 36 - 7 = 28")]
[True, False]
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from labkit.errors import InvalidInputError
from labkit.safemath import UnsafeExpressionError, evaluate

_ANSWER_LINE = re.compile(r"^\s*(?:final answer|answer|result|therefore|conclusion)\s*[:=]\s*(.+?)\s*$",
                          re.IGNORECASE | re.MULTILINE)
_STEP = re.compile(r"^\s*(?:step\s*\d+\s*[:.)-]\s*)?(?P<lhs>[-\d.\s()+*/^%x×÷]+?)\s*=\s*(?P<rhs>-?[\d,]*\.?\d+)\s*\.?\s*$",
                   re.IGNORECASE | re.MULTILINE)


def cot_prompt(problem: str) -> str:
    """A basic chain-of-thought prompt: the problem, a request for numbered steps and a fixed answer line.

    >>> print(cot_prompt("What is 2 + 2?"))
    Solve the problem step by step. Write each step on its own line as 'Step N: ...', then finish with a line 'Answer: <the final answer>'.
    Problem: What is 2 + 2?
    """
    _check_problem(problem)
    return ("Solve the problem step by step. Write each step on its own line as 'Step N: ...', then finish with a "
            f"line 'Answer: <the final answer>'.\nProblem: {problem.strip()}")


def verification_prompt(problem: str, proposed: str) -> str:
    """The self-verification pass: re-solve independently, compare with a proposed answer, give the final one."""
    _check_problem(problem)
    return ("Check a proposed answer by solving the problem again on your own, step by step, without trusting it. "
            "Then finish with a line 'Answer: <the final answer>'.\n"
            f"Proposed answer: {proposed}\nProblem: {problem.strip()}")


def _check_problem(problem: str) -> None:
    if not isinstance(problem, str) or not problem.strip():
        raise InvalidInputError("The problem must be non-empty text.")


def extract_answer(text: str) -> str | None:
    """The text after the *last* ``Answer:`` (or ``Final answer:``, ``Therefore:``) line, else ``None``."""
    found = _ANSWER_LINE.findall(text or "")
    return found[-1].strip().rstrip(".") if found else None


def normalise_answer(answer: str | None) -> str | None:
    """A canonical form for voting: numbers as plain numbers (``"1,000.0 dollars"`` -> ``"1000"``), else lower text.

    >>> normalise_answer("$1,000.0 dollars"), normalise_answer(" Paris. "), normalise_answer(None)
    ('1000', 'paris', None)
    """
    if answer is None:
        return None
    text = answer.strip().lower()
    number = re.search(r"-?\d[\d,]*(?:\.\d+)?", text)
    if number:
        value = float(number.group(0).replace(",", ""))
        return str(int(value)) if value.is_integer() else f"{value:g}"
    text = re.sub(r"[^\w\s-]", "", text).strip()
    return re.sub(r"\s+", " ", text) or None


@dataclass(frozen=True)
class StepCheck:
    """One ``lhs = rhs`` step re-computed: ``ok`` when ``lhs`` evaluates to ``rhs``."""

    text: str
    expected: float | None
    stated: float
    ok: bool


def check_steps(text: str) -> list[StepCheck]:
    """Re-compute every arithmetic step (``a op b = c`` lines) with safe evaluation."""
    checks = []
    for m in _STEP.finditer(text or ""):
        lhs = m.group("lhs").replace("×", "*").replace("÷", "/")
        stated = float(m.group("rhs").replace(",", ""))
        try:
            expected: float | None = float(evaluate(lhs))
        except (UnsafeExpressionError, ValueError, ZeroDivisionError):
            expected = None
        ok = expected is not None and abs(expected - stated) <= 1e-6 * max(1.0, abs(expected))
        checks.append(StepCheck(m.group(0).strip(), expected, stated, ok))
    return checks


@dataclass(frozen=True)
class Reasoned:
    """A chain-of-thought reply: the raw text, the extracted answer and the step checks."""

    text: str
    answer: str | None
    steps: tuple[StepCheck, ...]

    @property
    def steps_ok(self) -> bool:
        return all(s.ok for s in self.steps)


def solve(model: Any, problem: str, **options: Any) -> Reasoned:
    """One chain-of-thought call; ``options`` (temperature, seed...) go to the model call."""
    text = str(model.invoke(cot_prompt(problem), **options).content)
    return Reasoned(text, extract_answer(text), tuple(check_steps(text)))


@dataclass(frozen=True)
class Verified:
    """The self-verification outcome: the answer, whether two independent passes agreed, and every pass."""

    answer: str | None
    verified: bool
    passes: tuple[Reasoned, ...]


def solve_with_verification(model: Any, problem: str, **options: Any) -> Verified:
    """Solve, re-solve independently as a check, and break a disagreement with a third pass (majority of three).

    A pass whose own arithmetic fails :func:`check_steps` does not count as agreeing with anything.
    """
    first = solve(model, problem, **options)
    text = str(model.invoke(verification_prompt(problem, first.answer or "(none)"), **options).content)
    second = Reasoned(text, extract_answer(text), tuple(check_steps(text)))
    passes = [first, second]

    def vote(p: Reasoned) -> str | None:
        return normalise_answer(p.answer) if p.steps_ok else None

    if vote(first) is not None and vote(first) == vote(second):
        return Verified(first.answer, True, tuple(passes))
    third = solve(model, problem, **options)
    passes.append(third)
    votes = [vote(p) for p in passes]
    for p in passes:
        v = vote(p)
        if v is not None and votes.count(v) >= 2:
            return Verified(p.answer, True, tuple(passes))
    sound = next((p for p in passes if p.steps_ok and p.answer), first)
    return Verified(sound.answer, False, tuple(passes))


# Bundled problem sets: the lesson's own problems, and fresh ones written later, before any model was run on them.
BUNDLED_PROBLEMS = {"lesson": "word_problems.json", "fresh": "fresh_word_problems.json"}


def load_word_problems(path: str | None = None) -> list[tuple[str, int]]:
    """Arithmetic word problems as ``(question, answer)`` pairs: a bundled set by name (``"lesson"``, the default,
    or ``"fresh"``, see :data:`BUNDLED_PROBLEMS`) or a JSON file at ``path``."""
    name = BUNDLED_PROBLEMS.get(path or "lesson")
    source = resources.files("labkit.reasoning").joinpath(f"data/{name}") if name else Path(str(path))
    raw = json.loads(source.read_text(encoding="utf-8"))
    return [(p["question"], p["answer"]) for p in raw["problems"]]
