"""The judge: read the injected cells' JSON, strictly, and score it against expectations only the grader holds.

The one idea: everything that comes out of the kernel is *text*. The judge takes the stdout of its own injected
cells (by position), keeps the last document framed by this run's markers, refuses anything larger than a cap,
parses it with ``json.loads`` (no pickle, no ``eval``, no NaN), checks its shape, and compares plain values with
:func:`labkit.assess.compare.same`. A missing, malformed or short document scores zero for that challenge, with
the reason. Hidden cases are summarised for feedback by counts and error *types* only: an error message could
quote a hidden input.

Leaves out: partial credit inside one case (a case passes or it does not).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from labkit.assess.check import _call_text, score
from labkit.assess.compare import same, short
from labkit.assess.spec import Assessment
from labkit.grading.harness import markers

MAX_DOCUMENT = 2_000_000


@dataclass
class ChallengeGrade:
    """The grade of one challenge (or quiz) and what feedback may show about it."""

    id: str
    kind: str
    points: float
    score: float = 0.0
    cases_passed: int = 0
    cases_total: int = 0
    visible: list[dict[str, Any]] = field(default_factory=list)
    hidden_passed: int = 0
    hidden_total: int = 0
    hidden_errors: dict[str, int] = field(default_factory=dict)
    problem: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def extract(cell: Any, nonce: str) -> tuple[dict[str, Any] | None, str]:
    """The last marked JSON document in ``cell``'s stdout, or ``None`` and why.

    >>> from nbformat.v4 import new_code_cell, new_output
    >>> b, e = markers("n1")
    >>> cell = new_code_cell("")
    >>> cell.outputs = [new_output("stream", name="stdout", text=b + '{"x": 1}' + e + "\\n")]
    >>> extract(cell, "n1")
    ({'x': 1}, '')
    """
    begin, end = markers(nonce)
    text = "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")
    start = text.rfind(begin)
    if start < 0:
        return None, "no result was printed (the cell did not finish, or the output was cut)"
    stop = text.find(end, start)
    if stop < 0:
        return None, "the result is incomplete"
    body = text[start + len(begin):stop]
    if len(body) > MAX_DOCUMENT:
        return None, f"the result is larger than {MAX_DOCUMENT} characters"
    try:
        doc = json.loads(body, parse_constant=_reject_constant)
    except ValueError as exc:
        return None, f"the result is not valid JSON ({exc})"
    if not isinstance(doc, dict):
        return None, "the result is not a JSON object"
    return doc, ""


def judge_challenge(assessment: Assessment, challenge_id: str, doc: dict[str, Any] | None, problem: str,
                    visible_only: bool = False) -> ChallengeGrade:
    c = assessment.challenge(challenge_id)
    cases = list(c.visible) + ([] if visible_only else list(c.hidden))
    grade = ChallengeGrade(id=c.id, kind="challenge", points=c.points, cases_total=len(cases),
                           hidden_total=0 if visible_only else len(c.hidden))
    rows = None
    if doc is not None:
        rows = doc.get("cases")
        if doc.get("challenge") != c.id:
            problem = "the result is for another challenge"
        elif doc.get("missing"):
            problem = str(doc["missing"])[:200]
        elif not isinstance(rows, list) or len(rows) != len(cases) or not all(isinstance(r, dict) for r in rows):
            problem = "the result does not have one entry per case"
    if problem or rows is None:
        grade.problem = problem or "no result"
        rows = [{"ok": False, "error": "NoResult", "message": grade.problem}] * len(cases)
    passed = 0
    for index, (case, row) in enumerate(zip(cases, rows)):
        ok = row.get("ok") is True and "value" in row and same(case.expected, row["value"], c.compare, c.tolerance)
        passed += ok
        is_visible = index < len(c.visible)
        error = "" if row.get("ok") is True else str(row.get("error", "Error"))[:80]
        if is_visible:
            got = short(row["value"], 200) if row.get("ok") is True and "value" in row else ""
            message = str(row.get("message", ""))[:300]
            grade.visible.append({
                "call": _call_text(c.function, case.model_dump()), "expected": short(case.expected, 200),
                "got": got, "error": f"{error}: {message}" if error else "", "passed": bool(ok),
            })
        else:
            grade.hidden_passed += ok
            if not ok:
                kind = error or "WrongAnswer"
                grade.hidden_errors[kind] = grade.hidden_errors.get(kind, 0) + 1
    grade.cases_passed = passed
    grade.score = score(c.points, passed, len(cases), c.partial)
    return grade


def judge_quizzes(assessment: Assessment, doc: dict[str, Any] | None, problem: str) -> list[ChallengeGrade]:
    answers = doc.get("quizzes") if isinstance(doc, dict) else None
    if not isinstance(answers, dict):
        answers, problem = {}, problem or "the quiz answers could not be read"
    grades = []
    for q in assessment.quizzes:
        given = answers.get(q.id)
        right = isinstance(given, str) and given == q.answer
        grades.append(ChallengeGrade(
            id=q.id, kind="quiz", points=q.points, score=float(q.points) if right else 0.0, cases_passed=int(right),
            cases_total=1, problem="" if given is not None else (problem or "not answered"),
            visible=[{"call": q.question, "expected": "", "got": str(given)[:200] if given is not None else "",
                      "error": "", "passed": right}],
        ))
    return grades


def learner_errors(nb: Any, limit: int = 20) -> list[dict[str, str]]:
    """Errors raised by the learner's own cells (cell id, exception type and message), for feedback."""
    errors = []
    for cell in nb.cells:
        if str(cell.get("id", "")).startswith("labkit-harness-"):
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append({"cell": str(cell.get("id", "")), "ename": str(out.get("ename", ""))[:80],
                               "evalue": str(out.get("evalue", ""))[:300]})
    return errors[:limit]
