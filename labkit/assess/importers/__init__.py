"""Importing assessments written for nbgrader or otter-grader: ``labkit import nbgrader|otter SOURCE --out DIR``.

The one idea: the other tools and labkit describe the same three things, an answer the learner writes, tests that
judge it (some hidden) and points, only in different places. An importer reads the other tool's source notebook
into :class:`Question` records (answer cells, test statements with their visibility, points); this module turns
each simple test statement into a labkit case and writes a normal assessment folder: ``assessment.yaml`` plus a
labkit source notebook whose answer cells keep their ``### BEGIN SOLUTION`` regions and whose test cells become
``check("<id>", <function>)`` cells.

A test statement converts when it is data in, data out: ``assert f(args) == value`` (either side),
``assert f(args) is None|True|False``, ``assert abs(f(args) - value) < tolerance`` (an ``approx`` challenge), and
otter's doctest form, an expression ``f(args) == value`` or ``f(args)`` with its recorded output. Arguments and
values must be literals (numbers, strings, lists, dicts, tuples, booleans, None). Everything else (setup lines,
loops, asserts on variables, manually graded answers) is listed with its cell for the instructor to rewrite as
cases; nothing is dropped silently. Leaves out: nbgrader's database, otter's autograder zip and R notebooks.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labkit.errors import InvalidInputError, NotACase

SETUP = 'from labkit.assess import check, open_lab, quiz\n\nlab = open_lab("{id}")'


@dataclass
class TestLine:
    """One test statement from the source and where it came from."""

    code: str
    hidden: bool
    where: str
    output: str = ""  # otter: the recorded output of an expression test


@dataclass
class Question:
    """One graded unit in the other tool's terms: its id, points, answer cells and tests."""

    id: str
    points: float
    answer_cells: list[int] = field(default_factory=list)
    tests: list[TestLine] = field(default_factory=list)
    test_cells: list[int] = field(default_factory=list)
    title: str = ""


@dataclass
class Converted:
    """What an import wrote and what it could not convert (each with its cell), for the instructor to finish."""

    folder: Path
    challenges: list[dict[str, Any]]
    unconverted: list[str]
    notes: list[str]

    def text(self) -> str:
        lines = [f"wrote {self.folder / 'assessment.yaml'} and the source notebook beside it"]
        for c in self.challenges:
            lines.append(f"  challenge {c['id']}: {c['function']}(), {c['points']:g} point(s), "
                         f"{len(c['visible'])} visible and {len(c['hidden'])} hidden case(s)")
        lines += [f"  note: {n}" for n in self.notes]
        if self.unconverted:
            lines.append(f"{len(self.unconverted)} item(s) could not be converted; rewrite them as cases in "
                         "assessment.yaml:")
            lines += [f"  {u}" for u in self.unconverted]
        else:
            lines.append("every test converted.")
        lines.append(f"next: labkit validate {self.folder}")
        return "\n".join(lines)


def labkit_id(name: str, fallback: str = "item") -> str:
    """A labkit id (lower-case letters, digits, _; starts with a letter) from another tool's name.

    >>> labkit_id("Question 1.a"), labkit_id("2-sum"), labkit_id("cell-abc123")
    ('question_1_a', 'q_2_sum', 'cell_abc123')
    """
    text = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:40] or fallback
    return text if text[0].isalpha() else f"q_{text}"


def _literal(node: ast.AST) -> Any:
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        raise NotACase(f"{ast.unparse(node)} is not a literal value") from None
    try:
        return json.loads(json.dumps(value))  # tuples become lists; sets and bytes are refused
    except TypeError:
        raise NotACase(f"{ast.unparse(node)} is not plain data (use lists, dicts, numbers, strings)") from None


def _call(node: ast.AST) -> tuple[str, dict[str, Any]] | None:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        return None
    if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
        raise NotACase("*args or **kwargs in the call")
    return node.func.id, {"args": [_literal(a) for a in node.args],
                          "kwargs": {k.arg: _literal(k.value) for k in node.keywords}}


def parse_case(code: str, output: str = "") -> tuple[str, dict[str, Any], float | None]:
    """``(function, case, tolerance or None)`` from one test statement; :class:`NotACase` says why not.

    >>> parse_case("assert add(2, b=3) == 5")
    ('add', {'args': [2], 'kwargs': {'b': 3}, 'expected': 5}, None)
    >>> parse_case("assert abs(mean([1, 2]) - 1.5) < 1e-9")
    ('mean', {'args': [[1, 2]], 'kwargs': {}, 'expected': 1.5}, 1e-09)
    >>> parse_case("square(3)", output="9")
    ('square', {'args': [3], 'kwargs': {}, 'expected': 9}, None)
    """
    try:
        tree = ast.parse(code.strip())
    except SyntaxError as exc:
        raise NotACase(f"not valid Python ({exc.msg})") from None
    if len(tree.body) != 1:
        raise NotACase("more than one statement")
    stmt = tree.body[0]
    if isinstance(stmt, ast.Assert):
        test = stmt.test
    elif isinstance(stmt, ast.Expr):
        test = stmt.value
        if not isinstance(test, ast.Compare):  # otter's doctest form: the call, then its printed value
            found = _call(test)
            if found is None or not output.strip():
                raise NotACase("an expression without a recorded output to compare with")
            try:
                expected = json.loads(json.dumps(ast.literal_eval(output.strip())))
            except (ValueError, SyntaxError, TypeError):
                raise NotACase(f"the recorded output {output.strip()[:40]!r} is not a literal") from None
            return found[0], {**found[1], "expected": expected}, None
        if output.strip() not in ("", "True"):
            raise NotACase(f"the comparison's recorded output is {output.strip()[:20]!r}, not True")
    else:
        raise NotACase("not an assert or a comparison")
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        raise NotACase("not a single comparison")
    left, op, right = test.left, test.ops[0], test.comparators[0]
    if isinstance(op, ast.Lt) and isinstance(left, ast.Call) and getattr(left.func, "id", "") == "abs" \
            and len(left.args) == 1 and isinstance(left.args[0], ast.BinOp) and isinstance(left.args[0].op, ast.Sub):
        found = _call(left.args[0].left)
        if found is None:
            raise NotACase("abs(...) does not subtract from a function call")
        return found[0], {**found[1], "expected": _literal(left.args[0].right)}, float(_literal(right))
    if isinstance(op, ast.Is) and isinstance(right, ast.Constant) and right.value in (None, True, False):
        op = ast.Eq()
    if not isinstance(op, ast.Eq):
        raise NotACase(f"compares with {type(op).__name__}, not ==")
    for call, value in ((left, right), (right, left)):
        found = _call(call)
        if found is not None:
            return found[0], {**found[1], "expected": _literal(value)}, None
    raise NotACase("neither side calls a function")


def cell_text(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def where(index: int, cell: dict[str, Any]) -> str:
    return f"cell {index}" + (f" ({cell['id']})" if cell.get("id") else "")


def defined_functions(code: str) -> list[str]:
    """Top-level functions a cell defines, in order (a cell that does not parse defines none)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def build(source: Path, out: Path, tool: str, cells: list[dict[str, Any]], questions: list[Question],
          answer_sources: dict[int, str], drop: set[int], unconverted: list[str], notes: list[str],
          assessment_id: str | None = None) -> Converted:
    """Write the assessment folder from the questions an importer read; see the module docstring."""
    aid = labkit_id(assessment_id or out.name, "imported")
    challenges, new_cells, check_cells = [], [], {}
    answer_of: dict[int, str] = {}
    for q in questions:
        functions = [f for i in q.answer_cells for f in defined_functions(answer_sources.get(i, cell_text(cells[i])))]
        visible, hidden, tolerance, called = [], [], None, set()
        for t in q.tests:
            try:
                function, case, tol = parse_case(t.code, t.output)
            except NotACase as why:
                unconverted.append(f"{t.where}: {t.code.strip()[:80]!r}: {why}")
                continue
            if functions and function not in functions:
                unconverted.append(f"{t.where}: {t.code.strip()[:80]!r}: calls {function}(), which the answer cells "
                                   f"of {q.id} do not define")
                continue
            called.add(function)
            tolerance = max(tolerance or 0.0, tol) if tol is not None else tolerance
            (hidden if t.hidden else visible).append(case)
        if len(called) != 1:
            unconverted.append(f"question {q.id}: " + ("no test converted into a case" if not called else
                               f"its tests call several functions ({', '.join(sorted(called))}); split it"))
            continue
        if not visible:
            visible.append(hidden.pop(0))
            notes.append(f"{q.id} had only hidden tests; the first one is now visible so learners can check")
        cid = labkit_id(q.id)
        challenge = {"id": cid, "function": called.pop(), "title": q.title or q.id, "points": q.points or 1,
                     "compare": "approx" if tolerance is not None else "exact", "visible": visible, "hidden": hidden}
        if tolerance is not None:
            challenge["tolerance"] = tolerance
        if not q.points:
            notes.append(f"{q.id} had no points in the source; it is worth 1 point")
        challenges.append(challenge)
        for i in q.answer_cells:
            answer_of[i] = cid
        if q.test_cells:
            check_cells[q.test_cells[0]] = challenge
            drop.update(q.test_cells[1:])
    if not challenges:
        raise InvalidInputError(f"{source}: nothing in it converts to a challenge ({len(unconverted)} item(s) could "
                                "not be converted: " + "; ".join(unconverted[:3]) + ")")
    new_cells.append(_cell("code", SETUP.format(id=aid), f"{aid}-setup".replace("_", "-")))
    for index, cell in enumerate(cells):
        if index in drop:
            continue
        cid_ = cell.get("id") or f"{aid}-{index:03d}".replace("_", "-")
        if index in check_cells:
            c = check_cells[index]
            new_cells.append(_cell("code", f'check("{c["id"]}", {c["function"]})', cid_))
            continue
        text = answer_sources.get(index, cell_text(cell))
        new = _cell(cell.get("cell_type", "code"), text, cid_)
        if index in answer_of:
            new["metadata"]["labkit"] = {"challenge": answer_of[index]}
        new_cells.append(new)
    title = next((line[2:].strip() for c in cells if c.get("cell_type") == "markdown"
                  for line in cell_text(c).splitlines() if line.startswith("# ")), source.stem)
    out.mkdir(parents=True, exist_ok=True)
    notebook = f"{aid}.ipynb"
    nb = {"cells": new_cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                          "name": "python3"}, "language_info": {"name": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    (out / notebook).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    spec = {"id": aid, "title": title, "notebook": notebook, "challenges": challenges}
    header = f"# Imported from {tool} ({source.name}) by labkit import {tool}; review, then labkit validate.\n"
    (out / "assessment.yaml").write_text(header + spec_yaml(spec), encoding="utf-8")
    return Converted(out, challenges, unconverted, notes)


class _OneLine(dict):
    """A mapping written on one line in YAML (a case reads like the hand-written ones)."""


def spec_yaml(spec: dict[str, Any]) -> str:
    """The spec as YAML in the hand-written style: one case per line, no empty ``kwargs``, whole points as ints.

    >>> print(spec_yaml({"challenges": [{"points": 2.0, "visible": [{"args": [1], "kwargs": {}, "expected": 2}]}]}))
    challenges:
    - points: 2
      visible:
      - {args: [1], expected: 2}
    <BLANKLINE>
    """
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(_OneLine, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data,
                                                                          flow_style=True))
    tidy = {**spec, "challenges": [
        {**c, "points": int(c["points"]) if float(c["points"]).is_integer() else c["points"],
         **{kind: [_OneLine({k: v for k, v in case.items() if k != "kwargs" or v}) for case in c[kind]]
            for kind in ("visible", "hidden") if kind in c}}
        for c in spec["challenges"]]}
    return yaml.dump(tidy, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=120)


def _cell(kind: str, text: str, cell_id: str) -> dict[str, Any]:
    cell: dict[str, Any] = {"cell_type": kind, "id": cell_id, "metadata": {}, "source": text}
    if kind == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


def read_notebook(path: Path) -> dict[str, Any]:
    """The source notebook's JSON; a missing or broken file is a clear error."""
    if not path.is_file():
        raise InvalidInputError(f"no notebook at {path}; pass the other tool's source (instructor) notebook")
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"{path} is not a notebook (not JSON: {exc})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise InvalidInputError(f"{path} is not a notebook (no cells list)")
    return nb


def import_notebook(tool: str, source: str | Path, out: str | Path, assessment_id: str | None = None) -> Converted:
    """Convert ``source`` (an nbgrader or otter source notebook) into the assessment folder ``out``."""
    from labkit.assess.importers import nbgrader, otter

    readers = {"nbgrader": nbgrader.read, "otter": otter.read}
    if tool not in readers:
        raise InvalidInputError(f"cannot import from {tool!r}; known: {', '.join(readers)}")
    source, out = Path(source), Path(out)
    if (out / "assessment.yaml").exists():
        raise InvalidInputError(f"{out} already holds an assessment.yaml; import into a new folder")
    nb = read_notebook(source)
    questions, answer_sources, drop, unconverted, notes = readers[tool](nb["cells"])
    return build(source, out, tool, nb["cells"], questions, answer_sources, drop, unconverted, notes, assessment_id)
