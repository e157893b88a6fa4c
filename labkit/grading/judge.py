"""The judge: read the injected cells' JSON, strictly, and score it against expectations only the grader holds.

The one idea: everything that comes out of the kernel is *text*, and hostile text. The judge takes the stdout of its
own injected cells (by id), keeps the last document framed by this run's markers, refuses anything larger than a
cap, parses it with ``json.loads`` (no pickle, no ``eval``, no NaN or infinities), checks its depth, size and types
*without recursion*, and only then compares plain values with :func:`labkit.assess.compare.same`. A missing,
malformed, too deep or short document scores zero for that challenge, with the reason: the judge never raises on
learner data, so such a row is "failed", never "error" (which would be retried every run).

Points come from the hidden cases by default (``points_from: hidden`` in the spec): the visible cases are feedback,
so hard-coding their expected values earns nothing. ``points_from: all`` counts every case. Hidden cases are
summarised for feedback by counts and allow-listed error *types* only: an error message, or an exception class a
learner named after its input, could quote a hidden input. Every other learner-controlled string the grader keeps
(visible results and errors, quiz answers, errors from the learner's cells) is cleaned here, at the source: control
characters and terminal escape sequences removed, lengths capped, quiz answers kept only when they are one of the
options. Pages and terminals downstream still escape; they no longer have to be the only line of defence.

Each kind of item (:data:`labkit.assess.spec.KINDS`) has its *judge part* here: :func:`judge_challenges` and
:func:`judge_quiz`; :func:`judge_notebook` asks every kind for its grades, in order.

Leaves out: partial credit inside one case (a case passes or it does not).
"""

from __future__ import annotations

import builtins
import json
import math
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from labkit.assess.compare import call_text, same, score, short
from labkit.assess.spec import KINDS, Assessment
from labkit.grading.execute import HARNESS_PREFIX
from labkit.grading.harness import cell_id, markers

MAX_DOCUMENT = 2_000_000
MAX_DEPTH = 40  # the harness converts results with to_plain (depth 32) and wraps them three levels deep
MAX_NODES = 250_000

# exception names a hidden case may report: Python's own and the harness's; anything else is a name the learner
# chose, and a learner can choose a name that spells a hidden input
GRADER_ERRORS = frozenset({"CaseTimeout", "NotPlainData", "NoResult", "WrongAnswer"})
KNOWN_ERRORS = GRADER_ERRORS | frozenset(
    name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, BaseException))
CUSTOM_ERROR = "custom exception"
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,59}$")
ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def clean_text(value: Any, limit: int = 300) -> str:
    """One line of learner-controlled text, safe to store: escape sequences and control characters gone, capped.

    >>> clean_text("ok\\x1b[2J\\x1b]0;pwned\\x07 done\\nnext\\u202e", 40)
    'ok done next'
    >>> clean_text("x" * 10, 5)
    'xxxx…'
    """
    text = str(value).encode("utf-8", "replace").decode("utf-8")  # lone surrogates cannot reach SQLite or a page
    text = CONTROLS.sub(" ", ESCAPES.sub("", text))
    text = re.sub(r" {2,}", " ", text).strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


def error_name(value: Any, hidden: bool) -> str:
    """The exception type name to keep: allow-listed for hidden cases, any plain identifier elsewhere.

    >>> error_name("KeyError", hidden=True), error_name("Slug_a_b", hidden=True), error_name("Slug_a_b", hidden=False)
    ('KeyError', 'custom exception', 'Slug_a_b')
    >>> error_name("Bad\\x1b[31m name", hidden=False)
    'custom exception'
    """
    name = value if isinstance(value, str) else ""
    if hidden:
        return name if name in KNOWN_ERRORS else CUSTOM_ERROR
    return name if IDENTIFIER.match(name) else CUSTOM_ERROR


@dataclass
class ChallengeGrade:
    """The grade of one challenge (or quiz) and what feedback may show about it.

    ``cases_passed``/``cases_total`` count the cases that decided the points (``points_from`` says which).
    """

    id: str
    kind: str
    points: float
    score: float = 0.0
    cases_passed: int = 0
    cases_total: int = 0
    points_from: str = "all"
    visible: list[dict[str, Any]] = field(default_factory=list)
    hidden_passed: int = 0
    hidden_total: int = 0
    hidden_errors: dict[str, int] = field(default_factory=dict)
    problem: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def plain_problem(value: Any) -> str:
    """Why parsed JSON is not plain, bounded data ('' when it is), checked with a stack, never recursion.

    >>> plain_problem({"a": [1, 2.5, None]}), plain_problem([float("inf")])
    ('', 'it contains a number that is not finite')
    >>> plain_problem(json.loads("[" * 50 + "]" * 50))
    'it is nested deeper than 40 levels'
    """
    stack, nodes = [(value, 0)], 0
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return f"it has more than {MAX_NODES} values"
        if depth > MAX_DEPTH:
            return f"it is nested deeper than {MAX_DEPTH} levels"
        kind = type(item)
        if kind is float and not math.isfinite(item):
            return "it contains a number that is not finite"
        if kind is list:
            stack.extend((v, depth + 1) for v in item)
        elif kind is dict:
            stack.extend((v, depth + 1) for v in item.values())
        elif item is not None and kind not in (bool, int, float, str):
            return f"it contains a {kind.__name__}"
    return ""


def extract(cell: Any, nonce: str) -> tuple[dict[str, Any] | None, str]:
    """The last marked JSON document in ``cell``'s stdout, or ``None`` and why.

    >>> from nbformat.v4 import new_code_cell, new_output
    >>> b, e = markers("n1")
    >>> cell = new_code_cell("")
    >>> cell.outputs = [new_output("stream", name="stdout", text=b + '{"x": 1}' + e + "\\n")]
    >>> extract(cell, "n1")
    ({'x': 1}, '')
    """
    if cell is None:
        return None, "the harness cell is missing"
    begin, end = markers(nonce)
    text = "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout" and isinstance(o.get("text"), str))
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
    except ValueError as exc:  # JSONDecodeError, NaN/Infinity, an integer with too many digits
        return None, f"the result is not valid JSON ({clean_text(exc, 120)})"
    except RecursionError:
        return None, "the result is nested too deeply to read"
    if not isinstance(doc, dict):
        return None, "the result is not a JSON object"
    problem = plain_problem(doc)
    if problem:
        return None, f"the result is not plain data: {problem}"
    return doc, ""


def _rows(doc: dict[str, Any] | None, problem: str, challenge: Any, part: str, count: int) -> tuple[list[dict], str]:
    """The case rows of one part's document, or ``count`` failing rows and the reason."""
    if doc is not None and not problem:
        rows = doc.get("cases")
        if doc.get("challenge") != challenge.id or doc.get("part", part) != part:
            problem = "the result is for another challenge"
        elif doc.get("missing"):
            problem = f"no function named {challenge.function} is defined"  # our words, not the document's
        elif not isinstance(rows, list) or len(rows) != count or not all(isinstance(r, dict) for r in rows):
            problem = "the result does not have one entry per case"
        else:
            return rows, ""
    problem = problem or "no result"
    return [{"ok": False, "error": "NoResult"}] * count, problem


def _passed(case: Any, row: dict[str, Any], challenge: Any) -> bool:
    return row.get("ok") is True and "value" in row and same(case.expected, row["value"], challenge.compare,
                                                                challenge.tolerance)


def judge_challenge(assessment: Assessment, challenge_id: str, doc: dict[str, Any] | None, problem: str,
                    visible_only: bool = False, hidden: tuple[dict[str, Any] | None, str] | None = None
                    ) -> ChallengeGrade:
    """Grade one challenge from its visible-cases document and (unless ``visible_only``) its hidden-cases one.

    ``doc``/``problem`` come from :func:`extract` on the visible cell, ``hidden`` likewise on the hidden cell.
    """
    c = assessment.challenge(challenge_id)
    grade = ChallengeGrade(id=c.id, kind="challenge", points=c.points, hidden_total=0 if visible_only else len(c.hidden))
    seen, problem = _rows(doc, problem, c, "visible", len(c.visible))
    problems = [problem] if problem else []
    visible_passed = 0
    for case, row in zip(c.visible, seen):
        ok = _passed(case, row, c)
        visible_passed += ok
        error = "" if row.get("ok") is True else error_name(row.get("error"), hidden=False)
        message = clean_text(row.get("message", ""), 300) if error else ""
        got = clean_text(short(row["value"], 200), 200) if row.get("ok") is True and "value" in row else ""
        grade.visible.append({
            "call": call_text(c.function, case.model_dump()), "expected": short(case.expected, 200),
            "got": got, "error": f"{error}: {message}" if message else error, "passed": bool(ok),
        })
    if not visible_only:
        hidden_doc, hidden_problem = hidden if hidden is not None else (None, "the hidden cases were not run")
        unseen, hidden_problem = _rows(hidden_doc, hidden_problem, c, "hidden", len(c.hidden))
        if hidden_problem and c.hidden and hidden_problem not in problems:
            problems.append(f"hidden cases: {hidden_problem}")
        for case, row in zip(c.hidden, unseen):
            ok = _passed(case, row, c)
            grade.hidden_passed += ok
            if not ok:
                kind = error_name(row.get("error"), hidden=True) if row.get("ok") is not True else "WrongAnswer"
                grade.hidden_errors[kind] = grade.hidden_errors.get(kind, 0) + 1
    if visible_only:
        grade.points_from, grade.cases_passed, grade.cases_total = "visible", visible_passed, len(c.visible)
    elif assessment.points_from == "hidden" and c.hidden:
        grade.points_from, grade.cases_passed, grade.cases_total = "hidden", grade.hidden_passed, len(c.hidden)
    else:  # points_from: all, or a challenge without hidden cases (nothing else can decide it)
        grade.points_from = "all"
        grade.cases_passed, grade.cases_total = visible_passed + grade.hidden_passed, len(c.visible) + len(c.hidden)
    grade.score = score(c.points, grade.cases_passed, grade.cases_total, c.partial)
    grade.problem = "; ".join(problems)
    return grade


def judge_quizzes(assessment: Assessment, doc: dict[str, Any] | None, problem: str) -> list[ChallengeGrade]:
    """Quiz grades; an answer is kept for feedback only when it is one of the question's options."""
    answers = doc.get("quizzes") if isinstance(doc, dict) else None
    if not isinstance(answers, dict):
        answers, problem = {}, problem or "the quiz answers could not be read"
    grades = []
    for q in assessment.quizzes:
        given = answers.get(q.id)
        shown = given if isinstance(given, str) and given in q.options else ""
        right = shown == q.answer
        reason = "" if given is not None else (problem or "not answered")
        if given is not None and not shown:
            reason = "the answer is not one of the options"
        grades.append(ChallengeGrade(
            id=q.id, kind="quiz", points=q.points, score=float(q.points) if right else 0.0, cases_passed=int(right),
            cases_total=1, problem=reason,
            visible=[{"call": q.question, "expected": "", "got": shown, "error": "", "passed": right}],
        ))
    return grades


Reader = Callable[[str], tuple[dict[str, Any] | None, str]]
"""``read(cell id)``: the document an injected cell printed (or ``None``) and the problem, for a kind's judge part."""


def judge_challenges(assessment: Assessment, read: Reader, visible_only: bool) -> list[ChallengeGrade]:
    """The judge part of the ``challenge`` kind: each challenge from its visible (and hidden) cell."""
    return [judge_challenge(assessment, c.id, *read(cell_id("visible", index)), visible_only,
                            None if visible_only else read(cell_id("hidden", index)))
            for index, c in enumerate(assessment.challenges)]


def judge_quiz(assessment: Assessment, read: Reader, visible_only: bool) -> list[ChallengeGrade]:
    """The judge part of the ``quiz`` kind: every question from the one quiz cell (which only grading runs)."""
    if visible_only or not assessment.quizzes:
        return []
    return judge_quizzes(assessment, *read(cell_id("quizzes")))


def judge_notebook(assessment: Assessment, executed: Any, nonce: str, stopped: str = "",
                   visible_only: bool = False) -> list[ChallengeGrade]:
    """Every grade of an executed notebook that holds :func:`~labkit.grading.harness.harness_cells` (same flags),
    kind by kind in :data:`~labkit.assess.spec.KINDS` order.

    The injected cells are found by the ids only the grader assigns (papermill may insert cells of its own).
    """
    ours = {cell["id"]: cell for cell in executed.cells if is_harness_cell(cell)}

    def read(cell: str) -> tuple[dict[str, Any] | None, str]:
        doc, problem = extract(ours.get(cell), nonce)
        return doc, f"{problem}; {stopped}" if doc is None and stopped else problem

    return [grade for kind in KINDS.values() for grade in kind.judge_part()(assessment, read, visible_only)]


def is_harness_cell(cell: Any) -> bool:
    """Whether ``cell`` is one the grader injected (by the id prefix only the grader gives).

    >>> is_harness_cell({"id": cell_id("visible", 0)}), is_harness_cell({"id": "setup"}), is_harness_cell({})
    (True, False, False)
    """
    return str(cell.get("id", "")).startswith(HARNESS_PREFIX)


def learner_errors(nb: Any, limit: int = 20) -> list[dict[str, str]]:
    """Errors raised by the learner's own cells (cell id, exception type and message), cleaned, for feedback."""
    errors = []
    for cell in nb.cells:
        if is_harness_cell(cell):
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append({"cell": clean_text(cell.get("id", ""), 64),
                               "ename": error_name(out.get("ename"), hidden=False),
                               "evalue": clean_text(out.get("evalue", ""), 300)})
                if len(errors) == limit:
                    return errors
    return errors
