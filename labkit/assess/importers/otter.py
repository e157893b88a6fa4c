"""Reading an otter-grader source notebook into questions: solution cells, test cells (visible and hidden), points.

otter (the "v1" assign format) marks blocks with raw cells: ``# BEGIN QUESTION`` followed by YAML (``name``,
``points``, ``manual``) opens a question and ``# END QUESTION`` closes it; inside, ``# BEGIN SOLUTION`` /
``# END SOLUTION`` raw cells enclose the solution cells and ``# BEGIN TESTS`` / ``# END TESTS`` the test cells,
``# BEGIN PROMPT`` / ``# END PROMPT`` a written prompt. A test cell whose first line is ``# HIDDEN`` (or whose
triple-quoted ``# BEGIN TEST CONFIG`` block says ``hidden: true``) is hidden. Inside a solution cell a line ending in
``# SOLUTION`` or a ``# BEGIN SOLUTION`` / ``# END SOLUTION`` region is the answer; a cell with neither is an
answer as a whole. A test is an ``assert``, or an expression whose recorded output is its expected value.

Leaves out: manually graded questions, ``# ASSIGNMENT CONFIG`` settings, triple-quoted ``# BEGIN PROMPT`` stubs
inside solution cells (the learner gets labkit's stub instead; noted), R and Rmd sources.
"""

from __future__ import annotations

import re
from typing import Any

from labkit.assess.importers import Question, TestLine, cell_text, where
from labkit.assess.importers.nbgrader import statements

BLOCK = re.compile(r"^\s*#\s*(BEGIN|END)\s+(QUESTION|SOLUTION|TESTS|PROMPT)\b", re.I)
CONFIG = re.compile(r"^\s*#\s*ASSIGNMENT\s+CONFIG\b", re.I)
LINE_SOLUTION = re.compile(r"^(\s*)(.*?)\s*#\s*SOLUTION\s*$")
REGION = re.compile(r"^(\s*)#\s*(BEGIN|END)\s+SOLUTION(\s+NO\s+PROMPT)?\s*$", re.I)
PROMPT = re.compile(r'^\s*(?:\w+\s*=\s*)?"""\s*#\s*(BEGIN|END)\s+PROMPT\b', re.I)
TEST_CONFIG = re.compile(r'^\s*(?:\w+\s*=\s*)?"""\s*#\s*(BEGIN|END)\s+TEST\s+CONFIG\b', re.I)
ASSIGNMENT = re.compile(r"^([A-Za-z_]\w*)\s*=")


def convert_solution(text: str) -> tuple[str, bool]:
    """A solution cell in labkit's markers, and whether an otter prompt block was dropped from it.

    >>> convert_solution("def f(x):\\n    return 2 * x # SOLUTION")[0]
    'def f(x):\\n    ### BEGIN SOLUTION\\n    return 2 * x\\n    ### END SOLUTION'
    >>> convert_solution("answer = 42 # SOLUTION")[0]
    '### BEGIN SOLUTION: answer = ...\\nanswer = 42\\n### END SOLUTION'
    """
    out: list[str] = []
    marked, dropped, in_prompt = False, False, False
    for line in text.splitlines():
        if PROMPT.match(line):
            in_prompt, dropped = PROMPT.match(line).group(1).upper() == "BEGIN", True
            continue
        if in_prompt:
            continue
        region = REGION.match(line)
        if region:
            out.append(f"{region.group(1)}### {region.group(2).upper()} SOLUTION")
            marked = True
            continue
        single = LINE_SOLUTION.match(line)
        if single:
            indent, code = single.group(1), single.group(2)
            name = ASSIGNMENT.match(code)
            stub = f": {name.group(1)} = ..." if name else ""
            out += [f"{indent}### BEGIN SOLUTION{stub}", f"{indent}{code}", f"{indent}### END SOLUTION"]
            marked = True
            continue
        out.append(line)
    if not marked:
        out = ["### BEGIN SOLUTION", *out, "### END SOLUTION"]
    return "\n".join(out), dropped


def _output(cell: dict[str, Any]) -> str:
    """The recorded result of a test cell: its execute_result, else its printed text."""
    text = ""
    for output in cell.get("outputs", []):
        data = output.get("data", {}).get("text/plain")
        if data is not None:
            return "".join(data) if isinstance(data, list) else str(data)
        if output.get("output_type") == "stream":
            text += "".join(output.get("text", ""))
    return text


def read_test_cell(cell: dict[str, Any], place: str, unconverted: list[str]) -> tuple[list[TestLine], float | None]:
    """The statements of a test cell (hidden or not) and its configured points, if any."""
    import yaml

    lines = cell_text(cell).splitlines()
    hidden, points, config, body = False, None, [], []
    in_config = False
    for number, line in enumerate(lines):
        marker = TEST_CONFIG.match(line)
        if marker:
            in_config = marker.group(1).upper() == "BEGIN"
            continue
        if in_config:
            config.append(line)
        elif number == 0 and line.lstrip().startswith("#") and re.search(r"\bhidden\b", line, re.I):
            hidden = True
        else:
            body.append(line)
    if config:
        settings = yaml.safe_load("\n".join(config)) or {}
        hidden = bool(settings.get("hidden", hidden))
        points = settings.get("points")
    tests = statements("\n".join(body), hidden, place, unconverted)
    if tests:
        tests[-1].output = _output(cell)  # otter records the value of the cell's last expression
    return tests, (float(points) if points is not None else None)


def read(cells: list[dict[str, Any]]) -> tuple[list[Question], dict[int, str], set[int], list[str], list[str]]:
    """``(questions, answer cell sources, cells to drop, unconverted items, notes)`` for an otter notebook."""
    import yaml

    questions: list[Question] = []
    answers: dict[int, str] = {}
    drop: set[int] = set()
    unconverted: list[str] = []
    notes: list[str] = []
    question: Question | None = None
    settings: dict[str, Any] = {}
    block = ""
    test_points: list[float | None] = []
    for index, cell in enumerate(cells):
        text = cell_text(cell).strip()
        first = text.splitlines()[0] if text else ""
        if cell.get("cell_type") == "raw" and (CONFIG.match(first) or BLOCK.match(first)):
            drop.add(index)  # a delimiter: the structure it marks is rebuilt in labkit's terms
            marker = BLOCK.match(first)
            if marker is None:  # the assignment config
                continue
            begin, kind = marker.group(1).upper() == "BEGIN", marker.group(2).upper()
            if kind == "QUESTION" and begin:
                settings = yaml.safe_load("\n".join(text.splitlines()[1:])) or {}
                question = Question(id=str(settings.get("name") or f"question_{len(questions) + 1}"),
                                    points=_points(settings.get("points")), title=str(settings.get("name", "")))
                test_points = []
                if settings.get("manual"):
                    unconverted.append(f"{where(index, cell)}: question {question.id} is manually graded; grade it "
                                       "by hand with labkit gradebook override")
                    question = None
                else:
                    questions.append(question)
            elif kind == "QUESTION" and question is not None:
                question.points = question.points or _resolve(settings.get("points"), test_points)
                question = None
            block = kind if begin else ""
            continue
        if question is None:
            continue
        if block == "SOLUTION" and cell.get("cell_type") == "code":
            answers[index], dropped = convert_solution(cell_text(cell))
            question.answer_cells.append(index)
            if dropped:
                notes.append(f"{where(index, cell)}: otter's prompt block was dropped; learners see labkit's stub")
        elif block == "TESTS" and cell.get("cell_type") == "code":
            tests, points = read_test_cell(cell, where(index, cell), unconverted)
            question.tests += tests
            question.test_cells.append(index)
            test_points.append(points)
    return questions, answers, drop, unconverted, notes


def _points(value: Any) -> float:
    """otter's ``points`` when it is a number or a list (one per test); 0 when it depends on the tests."""
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        return float(sum(v or 0 for v in value))
    return 0.0


def _resolve(value: Any, test_points: list[float | None]) -> float:
    """Points that depend on the tests: ``{each: n}`` times the tests, else the sum of the tests' own configs."""
    if isinstance(value, dict):
        return float(value.get("each", 1)) * len(test_points)
    return float(sum(p or 0 for p in test_points))
