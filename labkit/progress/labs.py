"""What a learner's saved lab notebooks show: answers written, last Check verdicts, quiz choices, the lab's spec.

The one idea: an executed lab is evidence even where the progress store has none (another machine, recording turned
off). A released lab says which cells are what in its metadata (``labkit.assessment`` on the notebook; ``role:
answer`` and ``challenge`` on answer cells, with the checksum of the released stub), so the reader needs no guessing:

* an answer cell whose source no longer matches the released checksum has been *edited*; an ``error`` output on it
  means it raised when last run;
* a ``check("<id>", f)`` cell displays the verdict (``2/3 visible cases pass - 2/3 points (attempt 4)``) inside an
  ipywidgets panel; the text lives in the notebook's saved *widget state* (JupyterLab: Settings > Save Widget State
  Automatically; nbclient/papermill always save it), or in a plain-text output when the lab ran outside Jupyter;
* a ``quiz("<id>", "<choice>")`` cell holds the durable answer in its source, or in the output a click on the quiz
  widget saved (:func:`labkit.assess.quiz.source_with_clicked_answer`), read with :mod:`ast`, never executed;
* ``<assessment>.lab.json`` beside the notebook (written by ``labkit release``) gives titles, points, skills,
  minutes and hints.

What it leaves out: running anything. A verdict that was never saved (widget state off, outputs cleared) is simply
absent, and quiz answers are not marked: the key belongs to the grader.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labkit.assess.quiz import source_with_clicked_answer
from labkit.errors import ReportInputError

VERDICT = re.compile(
    r"(?:All visible cases pass|(?P<passed>\d+)/(?P<total>\d+) visible cases pass) - "
    r"(?P<score>\d+(?:\.\d+)?)/(?P<points>\d+(?:\.\d+)?) points \(attempt (?P<attempt>\d+)\)"
)
PASS_MARKS = re.compile(r"&#10004;|\u2714|^\s*PASS\s", re.MULTILINE)
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@dataclass(frozen=True)
class Verdict:
    """The last Check verdict a notebook shows for one challenge."""

    cases_passed: int
    cases_total: int
    score: float
    points: float
    attempt: int

    @property
    def passed(self) -> bool:
        return self.cases_total > 0 and self.cases_passed == self.cases_total


@dataclass(frozen=True)
class LabEvidence:
    """Everything one executed lab notebook shows about its learner's work."""

    path: Path
    assessment: str
    title: str
    edited: dict[str, bool] = field(default_factory=dict)  # challenge -> answer cell changed from the stub
    errors: dict[str, str] = field(default_factory=dict)  # challenge -> exception name of its answer cell
    verdicts: dict[str, Verdict] = field(default_factory=dict)  # challenge -> last Check verdict shown
    quiz_choices: dict[str, str | None] = field(default_factory=dict)  # quiz -> choice written in the cell
    spec: dict[str, Any] = field(default_factory=dict)  # the lab.json beside the notebook ({} when absent)


def parse_verdict(text: str) -> Verdict | None:
    """The last Check verdict in ``text`` (HTML of the widget, or the plain-text form), or ``None``.

    >>> parse_verdict("<b>Slugify</b>: 1/2 visible cases pass - 1.5/3 points (attempt 2)")
    Verdict(cases_passed=1, cases_total=2, score=1.5, points=3.0, attempt=2)
    >>> parse_verdict("All visible cases pass - 3/3 points (attempt 1)<td>&#10004;</td><td>&#10004;</td>").passed
    True
    """
    matches = list(VERDICT.finditer(text))
    if not matches:
        return None
    m = matches[-1]
    if m["passed"] is None:  # "All visible cases pass": count the pass marks after it
        n = len(PASS_MARKS.findall(text[m.end():])) or 1
        passed, total = n, n
    else:
        passed, total = int(m["passed"]), int(m["total"])
    return Verdict(passed, total, float(m["score"]), float(m["points"]), int(m["attempt"]))


def call_of(source: str, name: str) -> tuple[Any, ...] | None:
    """The literal arguments of the last top-level ``name(...)`` call in ``source``, or ``None``.

    >>> call_of('quiz("q_mutable", "list")', "quiz"), call_of('check("slugify", slugify)', "check")
    (('q_mutable', 'list'), ('slugify', None))
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # a learner's cell: broken or hostile nesting
        return None
    found = None
    for node in tree.body:
        call = node.value if isinstance(node, ast.Expr) else None
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == name:
            found = tuple(a.value if isinstance(a, ast.Constant) else None for a in call.args)
    return found


def _widget_texts(model_id: str, state: dict[str, Any], seen: set[str] | None = None) -> list[str]:
    """String values of a saved widget and of its children (an HTML panel inside a VBox)."""
    seen = seen if seen is not None else set()
    if model_id in seen or model_id not in state:
        return []
    seen.add(model_id)
    values = state[model_id].get("state", {})
    texts = [v for k, v in values.items() if k == "value" and isinstance(v, str)]
    for child in values.get("children", []) or []:
        if isinstance(child, str) and child.startswith("IPY_MODEL_"):
            texts += _widget_texts(child.removeprefix("IPY_MODEL_"), state, seen)
    return texts


def _output_texts(cell: Any, state: dict[str, Any]) -> list[str]:
    texts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            texts.append(out.get("text", ""))
        data = out.get("data", {})
        for mime in ("text/html", "text/plain"):
            if mime in data:
                value = data[mime]
                texts.append("".join(value) if isinstance(value, list) else str(value))
        view = data.get(WIDGET_VIEW)
        if isinstance(view, dict) and view.get("model_id"):
            texts += _widget_texts(view["model_id"], state)
    return texts


def read_lab(path: str | Path, strict: bool = True) -> LabEvidence | None:
    """Read one saved lab notebook (and the ``<assessment>.lab.json`` beside it, when present).

    A notebook that is not a labkit lab raises, or gives ``None`` when ``strict`` is false.
    """
    import nbformat

    from labkit.assess.release import checksum

    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as exc:
        raise ReportInputError(str(path), f"cannot be read as a notebook ({exc}); pass a folder of saved lab notebooks")
    meta = nb.metadata.get("labkit", {})
    assessment = meta.get("assessment")
    if not assessment:
        if not strict:
            return None
        raise ReportInputError(str(path), "is not a labkit lab (no labkit.assessment in its metadata)")
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    evidence = LabEvidence(path=path, assessment=assessment, title=meta.get("title", assessment))
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell_meta = cell.get("metadata", {}).get("labkit", {})
        challenge = cell_meta.get("challenge")
        if cell_meta.get("role") == "answer" and challenge:
            if cell_meta.get("checksum"):
                evidence.edited[challenge] = checksum(cell.source) != cell_meta["checksum"]
            errors = [o.get("ename", "") for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if errors:
                evidence.errors[challenge] = errors[-1]
        checked = call_of(cell.source, "check")
        if checked and isinstance(checked[0], str):
            verdict = parse_verdict("\n".join(_output_texts(cell, state)))
            if verdict is not None:
                evidence.verdicts[checked[0]] = verdict
        answered = call_of(source_with_clicked_answer(cell), "quiz")  # a clicked option counts as written
        if answered and isinstance(answered[0], str):
            choice = answered[1] if len(answered) > 1 and isinstance(answered[1], str) else None
            evidence.quiz_choices[answered[0]] = choice
    spec_file = path.parent / f"{assessment}.lab.json"
    if spec_file.is_file():
        try:
            evidence.spec.update(json.loads(spec_file.read_text(encoding="utf-8")))
        except ValueError as exc:
            raise ReportInputError(str(spec_file), f"is not valid JSON ({exc}); run labkit release again") from None
    return evidence


def read_labs(folder: str | Path) -> list[LabEvidence]:
    """Every labkit lab notebook in ``folder`` (not recursive); other notebooks are skipped."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ReportInputError(str(folder), "is not a folder; pass --labs with the folder of your saved lab notebooks")
    found = (read_lab(nb_path, strict=False) for nb_path in sorted(folder.glob("*.ipynb")))
    return [lab for lab in found if lab is not None]


def read_lab_specs(folder: str | Path) -> dict[str, dict[str, Any]]:
    """``{assessment: lab.json}`` for every ``*.lab.json`` in ``folder`` (titles, points, skills, minutes, hints)."""
    specs = {}
    for file in sorted(Path(folder).glob("*.lab.json")):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ReportInputError(str(file), f"is not valid JSON ({exc}); run labkit release again") from None
        if isinstance(data, dict) and data.get("id"):
            specs[data["id"]] = data
    return specs
