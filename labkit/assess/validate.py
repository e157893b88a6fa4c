"""``labkit validate``: check that an assessment's spec and source notebook agree, before any learner sees it.

The one idea: every promise an assessment makes can be checked by running what the platform itself runs. The spec
loads (ids unique, quiz answers among the options); the notebook can be released (no other tool's markers, regions
closed) and releasing it twice gives the same bytes; every challenge's function is defined in an answer cell and
every quiz is answered in one; every cell has a stable id (``--fix`` adds the missing ones, the same ids a release
would derive, so the released lab does not change); and the reference solution, handed in as a learner would,
scores full marks through the real grader (sandbox, hidden cases, quiz keys).

Each problem names its place (a cell with its index and id, the spec, the release, the reference run) and what to
do. Leaves out: judging whether the cases are *good* tests (a mutant-based check of that lives in tests/labs).
"""

from __future__ import annotations

import ast
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labkit.assess.release import CELL_ID, foreign_markers, release, release_notebook, strip_regions
from labkit.assess.spec import KINDS, Assessment, Kind, load_assessment
from labkit.errors import LabkitError

MAGIC = re.compile(r"^\s*[%!]")


@dataclass(frozen=True)
class Problem:
    """One disagreement: where it is and what to do about it."""

    where: str
    message: str
    fixable: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Validation:
    """What ``labkit validate`` found: the checks that passed, the problems, and what ``--fix`` changed."""

    assessment: str
    passed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        lines = [f"ok    {p}" for p in self.passed] + [f"fixed {f}" for f in self.fixed]
        lines += [f"FAIL  {p}" + (" (labkit validate --fix repairs this)" if p.fixable else "") for p in self.problems]
        lines.append(f"{self.assessment}: " + ("valid." if self.ok else f"{len(self.problems)} problem(s)."))
        return "\n".join(lines)


def _cell_name(index: int, cell: dict[str, Any]) -> str:
    return f"cell {index} ({cell['id']})" if cell.get("id") else f"cell {index} (no id)"


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def defined_names(code: str) -> set[str]:
    """Names a code cell defines at top level (functions, classes, assignments); magics are skipped.

    >>> sorted(defined_names("import re\\n%time x = 1\\ndef slugify(t):\\n    return t\\nn = 3"))
    ['n', 'slugify']
    """
    tree = ast.parse("\n".join("" if MAGIC.match(line) else line for line in code.splitlines()))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def called_ids(code: str, function: str) -> set[str]:
    """The first (string) arguments of every call to ``function`` in ``code``, e.g. the quiz ids it answers.

    >>> sorted(called_ids('quiz("q_mutable", "list")\\ncheck("slugify", slugify)', "quiz"))
    ['q_mutable']
    """
    found = set()
    for node in ast.walk(ast.parse("\n".join("" if MAGIC.match(line) else line for line in code.splitlines()))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == function and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.add(node.args[0].value)
    return found


def notebook_problems(assessment: Assessment, raw: dict[str, Any]) -> list[Problem]:
    """Everything about the source notebook (``raw``: its JSON) that disagrees with the spec, without running it."""
    problems: list[Problem] = []
    seen_ids: dict[str, int] = {}
    answer_defs: dict[str, str] = {}  # function -> where an answer cell defines it
    protected_defs: dict[str, str] = {}
    kinds = KINDS.values()
    ids = {kind.name: {item.id for item in getattr(assessment, kind.field)} for kind in kinds}
    answered: dict[str, set[str]] = {kind.name: set() for kind in kinds}  # kind -> ids an answer cell calls
    cased_ids = set().union(*(ids[kind.name] for kind in kinds if kind.cases))
    for index, cell in enumerate(raw.get("cells", [])):
        where = _cell_name(index, cell)
        cell_id = cell.get("id")
        if not cell_id:
            problems.append(Problem(where, "has no id, so the grader cannot match it with a learner's copy", True))
        elif not CELL_ID.match(str(cell_id)):
            problems.append(Problem(where, "id must be 1-64 letters, digits, - or _", True))
        elif cell_id in seen_ids:
            problems.append(Problem(where, f"has the same id as cell {seen_ids[cell_id]}", True))
        else:
            seen_ids[cell_id] = index
        foreign = foreign_markers(cell)
        if foreign:
            problems.append(Problem(where, f"holds {foreign[0]}'s {foreign[1]}; convert the notebook with labkit "
                                           f"import {foreign[0]}"))
            continue
        text = _source(cell)
        try:
            reference, is_answer = strip_regions(text, where=where, keep_solutions=True)
        except LabkitError as exc:
            problems.append(Problem(where, str(exc).removeprefix(f"{where}: ").removeprefix(f"{where}, ")))
            continue
        if cell.get("cell_type") != "code" or "hidden" in cell.get("metadata", {}).get("tags", []):
            continue
        try:
            names = defined_names(reference)
            calls = {kind.name: called_ids(reference, kind.call) for kind in kinds}  # check("slugify", ...)
        except SyntaxError as exc:
            problems.append(Problem(where, f"is not valid Python (line {exc.lineno}: {exc.msg})"))
            continue
        except (RecursionError, MemoryError):
            problems.append(Problem(where, "is nested too deeply to read; split it"))
            continue
        for name in names:
            (answer_defs if is_answer else protected_defs).setdefault(name, where)
        for kind in kinds:
            if is_answer:
                answered[kind.name] |= calls[kind.name]
            verb = "checks" if kind.cases else "answers"
            for item_id in sorted(calls[kind.name] - ids[kind.name]):
                problems.append(Problem(where, f"{verb} {kind.name} {item_id!r}, which the spec does not have; "
                                               f"known: {sorted(ids[kind.name])}"))
        tagged = cell.get("metadata", {}).get("labkit", {}).get("challenge")
        if tagged and tagged not in cased_ids:
            problems.append(Problem(where, f"is tagged for challenge {tagged!r}, which the spec does not have"))
    for kind in kinds:
        for item in getattr(assessment, kind.field):
            problem = _unanswered(kind, item, answer_defs, protected_defs, answered[kind.name])
            if problem:
                problems.append(Problem(f"{kind.name} {item.id}", problem))
    return problems


def _unanswered(kind: Kind, item: Any, answer_defs: dict[str, str], protected_defs: dict[str, str],
                answered: set[str]) -> str:
    """What is missing for the reference to earn ``item``'s points: a cased item's function defined in an answer
    cell, an answered item's call (``quiz(id, ...)``) in one; ``""`` when nothing is."""
    if not kind.cases:
        return "" if item.id in answered else (f"no answer cell calls {kind.call}({item.id!r}, ...); add one with "
                                               f"### BEGIN SOLUTION: {kind.call}({item.id!r}, None)")
    if item.function in answer_defs:
        return ""
    if item.function in protected_defs:
        return (f"{item.function}() is defined in {protected_defs[item.function]}, which has no ### BEGIN SOLUTION "
                "region, so learners cannot edit it")
    return f"no answer cell defines {item.function}(); check the function name in the spec and the notebook"


def fix_cell_ids(assessment: Assessment, raw: dict[str, Any]) -> list[str]:
    """Give every cell without a valid, unique id the one a release would derive (``<assessment>-<index>``), so the
    released lab does not change; return what was fixed. ``raw`` is changed in place."""
    cells = raw.get("cells", [])
    taken = {c.get("id") for c in cells if c.get("id") and CELL_ID.match(str(c["id"]))}
    fixed, seen = [], set()
    for index, cell in enumerate(cells):
        cell_id = cell.get("id")
        if cell_id and CELL_ID.match(str(cell_id)) and cell_id not in seen:
            seen.add(cell_id)
            continue
        new = base = f"{assessment.id}-{index:03d}".replace("_", "-")
        suffix = 1
        while new in taken or new in seen:
            new, suffix = f"{base}-{suffix}", suffix + 1
        cell["id"] = new
        seen.add(new)
        fixed.append(f"{_cell_name(index, {'id': cell_id})}: id {new}")
    if fixed:
        raw["nbformat"], raw["nbformat_minor"] = 4, max(5, int(raw.get("nbformat_minor", 0)))  # ids need 4.5
    return fixed


def release_problem(folder: Path) -> Problem | None:
    """Release twice into fresh folders and compare bytes; a difference is named by file."""
    with tempfile.TemporaryDirectory() as tmp:
        first, second = release(folder, Path(tmp) / "a"), release(folder, Path(tmp) / "b")
        for a, b in ((first.notebook, second.notebook), (first.lab, second.lab)):
            if a.read_bytes() != b.read_bytes():
                return Problem("release", f"releasing twice wrote different {a.name}; give every cell an id "
                                          "(labkit validate --fix)", True)
    return None


def reference_problems(folder: Path, assessment: Assessment) -> list[Problem]:
    """Grade the reference solution as a learner's submission, through the real grader; anything short of full
    marks is a problem, per challenge or quiz, with what failed."""
    import nbformat

    from labkit.grading.batch import grade_batch
    from labkit.grading.gradebook import Gradebook

    with tempfile.TemporaryDirectory() as tmp:
        submission = Path(tmp) / "submissions" / "reference" / Path(assessment.notebook).name
        submission.parent.mkdir(parents=True)
        submission.write_text(nbformat.writes(release_notebook(assessment, keep_solutions=True)), encoding="utf-8")
        book = Path(tmp) / "gradebook.sqlite"
        grade_batch(folder, submission.parent.parent, book, feedback=None, show_progress=False)
        gradebook = Gradebook(book, readonly=True)
        try:
            grades = gradebook.current(assessment.id)
        finally:
            gradebook.close()
    if not grades:
        return [Problem("reference", "the grader recorded nothing for the reference solution")]
    grade = grades[0]
    if grade.status != "graded":
        return [Problem("reference", f"the reference solution could not be graded: {grade.reason}")]
    problems = []
    for c in grade.detail.get("challenges", []):
        if c["score"] >= c["points"]:
            continue
        failed = [f"{v['call']} gave {v['error'] or v['got']!r}, expected {v['expected']!r}"
                  for v in c.get("visible", []) if not v.get("passed")]
        hidden = (f"{c['hidden_total'] - c['hidden_passed']} of {c['hidden_total']} hidden case(s) fail"
                  if c.get("hidden_total") and c.get("hidden_passed", 0) < c["hidden_total"] else "")
        detail = "; ".join(x for x in (c.get("problem", ""), *failed[:3], hidden) if x)
        problems.append(Problem(f"reference {c['kind']} {c['id']}",
                                f"scores {c['score']:g}/{c['points']:g}" + (f": {detail}" if detail else "")))
    return problems


def validate(folder: str | Path, fix: bool = False, run_reference: bool = True) -> Validation:
    """Check the assessment in ``folder`` (see the module docstring); with ``fix``, add missing cell ids first."""
    folder = Path(folder)
    assessment = load_assessment(folder)  # a spec that does not load is an error of the command, not a finding
    result = Validation(assessment.id)
    result.passed.append(f"spec: {len(assessment.challenges)} challenge(s), {len(assessment.quizzes)} quiz "
                         f"question(s), {assessment.max_points:g} points, ids unique, quiz answers among options")
    path = assessment.source_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        result.problems.append(Problem(path.name, f"is not a notebook (invalid JSON: {exc})"))
        return result
    if fix:
        result.fixed = fix_cell_ids(assessment, raw)
        if result.fixed:
            path.write_text(json.dumps(raw, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    found = notebook_problems(assessment, raw)
    result.problems += found
    if not found:
        result.passed.append(f"notebook: every function defined in an answer cell, every quiz answered, cell ids "
                             f"present and unique ({len(raw.get('cells', []))} cells)")
    if any(p.where.startswith("cell") and "holds" in p.message for p in found):
        return result  # another tool's source: releasing or grading it would only repeat that
    try:
        problem = release_problem(folder)
    except LabkitError as exc:
        result.problems.append(Problem("release", str(exc)))
        return result
    if problem:
        result.problems.append(problem)
    else:
        result.passed.append("release: deterministic (released twice, same bytes)")
    if run_reference:
        reference = reference_problems(folder, assessment)
        result.problems += reference
        if not reference:
            result.passed.append(f"reference solution: {assessment.max_points:g}/{assessment.max_points:g} through "
                                 "the grader (hidden cases and quiz keys included)")
    return result
