"""Release: turn the instructor's source notebook into the learner's lab, the same bytes every time.

The one idea: the learner notebook is a *pure function* of the assessment folder, so CI can re-release and compare
with ``labs/`` byte for byte. Rules applied to the source notebook, cell by cell:

* a cell tagged ``hidden`` is dropped (instructor notes, reference runs);
* a ``### BEGIN HIDDEN`` ... ``### END HIDDEN`` region is dropped from the cell;
* a ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region becomes a stub with the region's indentation:
  ``raise NotImplementedError(...)`` by default, or the text after ``### BEGIN SOLUTION:`` (e.g.
  ``### BEGIN SOLUTION: choice = None`` for a quiz answer). A cell with a solution region is an *answer* cell,
  the learner's to edit;
* every other cell is *protected*: marked read-only and undeletable for JupyterLab, its checksum stored in the
  cell metadata, and restored from the source by the grader whatever the learner did to it.

Outputs and execution counts are cleared; cell ids are kept from the source (or derived from the assessment id and
the cell position when the source has none); the visible part of the spec goes beside the notebook as
``<id>.lab.json`` for :func:`labkit.assess.check`.

A source still written for another tool is refused, naming the tool and the cell: nbgrader's hidden tests
(``### BEGIN HIDDEN TESTS``) or cell metadata, otter's question, test and solution markers. Released as they are,
their hidden asserts would reach the learner and their answer cells would be locked; ``labkit import nbgrader|otter``
converts them. Leaves out: solution regions in markdown cells and per-cell points (points live in the spec, per
challenge).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labkit.assess.spec import Assessment, load_assessment
from labkit.errors import InvalidInputError

BEGIN_SOLUTION = re.compile(r"^(\s*)### BEGIN SOLUTION(?::\s*(.*\S))?\s*$")
END_SOLUTION = re.compile(r"^\s*### END SOLUTION\s*$")
BEGIN_HIDDEN = re.compile(r"^\s*### BEGIN HIDDEN\s*$")
END_HIDDEN = re.compile(r"^\s*### END HIDDEN\s*$")
DEFAULT_STUB = 'raise NotImplementedError("Replace this line with your solution")'
CELL_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")
FOREIGN_MARKERS = (  # (tool, what, pattern matched against each line of a cell)
    ("nbgrader", "hidden tests", re.compile(r"^\s*#+\s*(BEGIN|END) HIDDEN TESTS\s*$")),
    ("otter", "a question block", re.compile(r"^\s*#\s*(BEGIN|END) QUESTION\b", re.I)),
    ("otter", "a test block", re.compile(r"^\s*#\s*(BEGIN|END) TESTS\s*$", re.I)),
    ("otter", "a hidden test", re.compile(r"^\s*#\s*HIDDEN\s*$", re.I)),
    ("otter", "a test config", re.compile(r'^\s*(?:\w+\s*=\s*)?"""\s*#\s*(BEGIN|END) TEST CONFIG', re.I)),
    ("otter", "an assignment config", re.compile(r"^\s*#\s*ASSIGNMENT CONFIG\b", re.I)),
    ("otter", "a prompt", re.compile(r'^\s*"""\s*#\s*(BEGIN|END) PROMPT', re.I)),
    ("otter", "a solution line", re.compile(r"#\s*SOLUTION\s*$")),
    ("otter", "a solution block", re.compile(r"^\s*#{1,2}\s*(BEGIN|END) SOLUTION\b")),  # ours are ###
)


def checksum(source: str) -> str:
    """Short content hash of a cell's source.

    >>> checksum("print(1)")
    'd287bb7f9d15abdc'
    """
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def strip_regions(source: str, where: str = "cell", keep_solutions: bool = False) -> tuple[str, bool]:
    """Source with solution regions stubbed and hidden regions removed; also whether a solution region was found.
    With ``keep_solutions`` the solution regions stay (only their markers go): the reference answer.

    >>> strip_regions("def f(x):\\n    ### BEGIN SOLUTION\\n    return 2 * x\\n    ### END SOLUTION")
    ('def f(x):\\n    raise NotImplementedError("Replace this line with your solution")', True)
    >>> strip_regions("### BEGIN SOLUTION: choice = None\\nchoice = 'b'\\n### END SOLUTION\\nquiz('q', choice)")
    ("choice = None\\nquiz('q', choice)", True)
    >>> strip_regions("def f(x):\\n    ### BEGIN SOLUTION\\n    return 2 * x\\n    ### END SOLUTION", keep_solutions=True)
    ('def f(x):\\n    return 2 * x', True)
    """
    out: list[str] = []
    mode = None
    found = False
    for number, line in enumerate(source.splitlines(), 1):
        if mode is None:
            begin = BEGIN_SOLUTION.match(line)
            if begin:
                if not keep_solutions:
                    out.append(begin.group(1) + (begin.group(2) or DEFAULT_STUB))
                mode, found = "solution", True
            elif BEGIN_HIDDEN.match(line):
                mode = "hidden"
            elif END_SOLUTION.match(line) or END_HIDDEN.match(line):
                raise InvalidInputError(f"{where}, line {number}: an END marker without its BEGIN")
            else:
                out.append(line)
        elif (mode == "solution" and END_SOLUTION.match(line)) or (mode == "hidden" and END_HIDDEN.match(line)):
            mode = None
        elif BEGIN_SOLUTION.match(line) or BEGIN_HIDDEN.match(line):
            raise InvalidInputError(f"{where}, line {number}: a BEGIN marker inside another region")
        elif mode == "solution" and keep_solutions:
            out.append(line)
    if mode is not None:
        raise InvalidInputError(f"{where}: a ### BEGIN {mode.upper()} region is never closed with ### END {mode.upper()}")
    return "\n".join(out), found


def foreign_markers(cell: Any) -> tuple[str, str] | None:
    """``(tool, what)`` when a source cell is still written for nbgrader or otter, else ``None``.

    >>> foreign_markers({"source": "### BEGIN HIDDEN TESTS\\nassert f(1) == 2\\n### END HIDDEN TESTS", "metadata": {}})
    ('nbgrader', 'hidden tests')
    >>> foreign_markers({"source": "# HIDDEN\\nassert f(1) == 2", "metadata": {}})
    ('otter', 'a hidden test')
    >>> foreign_markers({"source": "x = 1", "metadata": {"nbgrader": {"grade_id": "q1", "solution": True}}})
    ('nbgrader', 'cell metadata (grade_id q1)')
    """
    nbgrader = cell.get("metadata", {}).get("nbgrader")
    if nbgrader:
        return "nbgrader", f"cell metadata (grade_id {nbgrader.get('grade_id', '?')})"
    for line in str(cell.get("source", "")).splitlines():
        for tool, what, pattern in FOREIGN_MARKERS:
            if pattern.search(line):
                return tool, what
    return None


def read_source(path: Path) -> Any:
    """The source notebook at ``path`` (an ``nbformat`` node); refuses one still written for nbgrader or otter."""
    import warnings

    import nbformat

    try:
        with warnings.catch_warnings():  # a missing cell id is handled below, not warned about
            warnings.simplefilter("ignore")
            source = nbformat.read(str(path), as_version=4)
        raw_cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except Exception as exc:  # nbformat raises several unrelated types for a broken file
        raise InvalidInputError(f"cannot read the source notebook {path}: {exc}") from None
    for cell, raw in zip(source.cells, raw_cells):
        if "id" not in raw:  # nbformat invents a random id on every read: drop it, so release stays deterministic
            cell.pop("id", None)
    for index, cell in enumerate(source.cells):
        found = foreign_markers(cell)
        if found:
            tool, what = found
            raise InvalidInputError(
                f"{path.name} cell {index} ({cell.get('id', 'no id')}) holds {tool}'s {what}: this is a {tool} "
                f"source, and releasing it would show its hidden material to learners. Convert it with "
                f"labkit import {tool} {path} --out <new assessment folder>")
    return source


def release_notebook(assessment: Assessment, keep_solutions: bool = False) -> Any:
    """The learner notebook (an ``nbformat`` node) for ``assessment``; pure and deterministic. With
    ``keep_solutions`` the answer cells hold the reference solutions instead of stubs: the submission a perfect
    learner would hand in (``labkit validate`` grades it)."""
    import nbformat

    path = assessment.source_path()
    source = read_source(path)
    cells = []
    answers = 0
    for index, cell in enumerate(source.cells):
        tags = list(cell.get("metadata", {}).get("tags", []))
        if "hidden" in tags:
            continue
        cell_id = cell.get("id") if CELL_ID.match(str(cell.get("id", ""))) else None
        cell_id = cell_id or f"{assessment.id}-{index:03d}".replace("_", "-")
        text, is_answer = strip_regions(cell.source, where=f"{path.name} cell {index} ({cell_id})",
                                        keep_solutions=keep_solutions)
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(text)
        elif cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(text)
        else:
            new = nbformat.v4.new_raw_cell(text)
        new["id"] = cell_id
        meta: dict[str, Any] = {"role": "answer" if is_answer else "protected", "checksum": checksum(text)}
        challenge = cell.get("metadata", {}).get("labkit", {}).get("challenge")
        if challenge:
            meta["challenge"] = challenge
        new.metadata = {"labkit": meta}
        if tags:
            new.metadata["tags"] = tags
        if not is_answer:
            new.metadata["editable"] = False
            new.metadata["deletable"] = False
        answers += is_answer
        cells.append(new)
    if not answers:
        raise InvalidInputError(f"{path} has no ### BEGIN SOLUTION region: nothing for the learner to write")
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "labkit": {"assessment": assessment.id, "title": assessment.title, "public": public_fingerprint(assessment)},
    }
    return nb


def public_fingerprint(assessment: Assessment) -> str:
    return hashlib.sha256(lab_json(assessment).encode()).hexdigest()[:16]


def lab_json(assessment: Assessment) -> str:
    """The learner-visible spec (visible cases, hints, points; no hidden cases, no quiz keys) as stable JSON text."""
    return json.dumps(assessment.public_view(), indent=1, sort_keys=True) + "\n"


def notebook_text(nb: Any) -> str:
    import nbformat

    return nbformat.writes(nb) + "\n"


@dataclass(frozen=True)
class Released:
    """Where a release wrote its files."""

    notebook: Path
    lab: Path


def release(assessment_dir: str | Path, out: str | Path) -> Released:
    """Write ``<out>/<notebook>`` and ``<out>/<id>.lab.json`` for the assessment in ``assessment_dir``."""
    assessment = load_assessment(assessment_dir)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    notebook = out / Path(assessment.notebook).name
    lab = out / f"{assessment.id}.lab.json"
    notebook.write_text(notebook_text(release_notebook(assessment)), encoding="utf-8")
    lab.write_text(lab_json(assessment), encoding="utf-8")
    return Released(notebook=notebook, lab=lab)
