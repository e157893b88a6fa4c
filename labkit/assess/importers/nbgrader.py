"""Reading an nbgrader source notebook into questions: answer cells, autograder tests (visible and hidden), points.

nbgrader keeps its roles in each cell's ``metadata.nbgrader``: ``solution: true`` marks an answer cell (its
``### BEGIN SOLUTION`` region, or the whole cell, is the answer), ``grade: true`` with ``solution: false`` marks an
autograder test cell worth ``points``, and ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS`` inside it mark the
tests learners never see. nbgrader does not link a test cell to its answer cell, so the link is the function the
tests call: the answer cell that defines it. The question's id is that answer cell's ``grade_id``.

Leaves out: manually graded answers (``solution`` and ``grade`` both true, or markdown answers) and nbgrader's
tasks; they are listed, not converted.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from labkit.assess.importers import Question, TestLine, cell_text, defined_functions, where

SOLUTION_MARKER = re.compile(r"^(\s*)#+\s*(BEGIN|END) SOLUTION\s*$")
HIDDEN_TESTS = re.compile(r"^\s*#+\s*(BEGIN|END) HIDDEN TESTS\s*$")


def normalise_solution(text: str) -> str:
    """nbgrader accepts any number of ``#`` before ``BEGIN SOLUTION``; labkit wants three. A cell without a region
    is an answer as a whole.

    >>> normalise_solution("def f():\\n    # BEGIN SOLUTION\\n    return 1\\n    # END SOLUTION")
    'def f():\\n    ### BEGIN SOLUTION\\n    return 1\\n    ### END SOLUTION'
    >>> normalise_solution("x = 1")
    '### BEGIN SOLUTION\\nx = 1\\n### END SOLUTION'
    """
    lines = [SOLUTION_MARKER.sub(lambda m: f"{m.group(1)}### {m.group(2)} SOLUTION", line)
             for line in text.splitlines()]
    if not any(SOLUTION_MARKER.match(line) for line in lines):
        lines = ["### BEGIN SOLUTION", *lines, "### END SOLUTION"]
    return "\n".join(lines)


def statements(code: str, hidden: bool, place: str, unconverted: list[str]) -> list[TestLine]:
    """Each top-level statement of ``code`` as a test line (a block that does not parse is listed whole)."""
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        if code.strip():
            unconverted.append(f"{place}: {code.strip()[:80]!r}: not valid Python ({exc.msg})")
        return []
    return [TestLine(ast.get_source_segment(code, node) or "", hidden, place) for node in tree.body]


def split_tests(text: str, place: str, unconverted: list[str]) -> list[TestLine]:
    """The statements of a test cell, hidden ones marked, in order."""
    blocks: list[tuple[bool, list[str]]] = [(False, [])]
    for line in text.splitlines():
        marker = HIDDEN_TESTS.match(line)
        if marker:
            blocks.append((marker.group(1) == "BEGIN", []))
        else:
            blocks[-1][1].append(line)
    return [t for hidden, lines in blocks for t in statements("\n".join(lines), hidden, place, unconverted)]


def read(cells: list[dict[str, Any]]) -> tuple[list[Question], dict[int, str], set[int], list[str], list[str]]:
    """``(questions, answer cell sources, cells to drop, unconverted items, notes)`` for an nbgrader notebook."""
    questions: dict[str, Question] = {}
    by_function: dict[str, Question] = {}
    answers: dict[int, str] = {}
    drop: set[int] = set()
    unconverted: list[str] = []
    for index, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("nbgrader") or {}
        place = where(index, cell)
        if not meta.get("solution"):
            continue
        if cell.get("cell_type") != "code" or meta.get("grade"):
            unconverted.append(f"{place}: a manually graded answer ({meta.get('points', 0)} point(s)); labkit "
                               "grades code by cases: grade it by hand with labkit gradebook override")
            continue
        answers[index] = normalise_solution(cell_text(cell))
        question = Question(id=str(meta.get("grade_id") or f"cell_{index}"), points=0.0, answer_cells=[index])
        questions[question.id] = question
        for function in defined_functions(cell_text(cell)):
            by_function.setdefault(function, question)
    for index, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("nbgrader") or {}
        if not meta.get("grade") or meta.get("solution") or cell.get("cell_type") != "code":
            continue
        place = where(index, cell)
        tests = split_tests(cell_text(cell), place, unconverted)
        owner = _owner(tests, by_function)
        if owner is None:
            unconverted.append(f"{place}: a test cell ({meta.get('points', 0)} point(s)) whose tests call no function "
                               "an answer cell defines")
            drop.add(index)
            continue
        owner.points += float(meta.get("points") or 0)
        owner.tests += tests
        owner.test_cells.append(index)
    return list(questions.values()), answers, drop, unconverted, []


def _owner(tests: list[TestLine], by_function: dict[str, Question]) -> Question | None:
    """The question whose answer cell defines a function the tests call (the first such call wins)."""
    for test in tests:
        try:
            tree = ast.parse(test.code)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in by_function:
                return by_function[node.func.id]
    return None
