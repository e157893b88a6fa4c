"""Sample cohorts built from an assessment's own material, for demos, discrimination tests and benchmarks.

The one idea: a lab proves it grades fairly when three submissions that anyone can rebuild score as they must: the
instructor's reference solution (full marks), the released blank lab (zero), and a submission where every answer
cell holds the plausible mistake stored in ``mutants/<challenge_id>.py`` (less than full marks on every
challenge). :func:`write_sample_cohort` writes those three as ``<out>/<learner>/<notebook>.ipynb``, the layout
``labkit grade`` reads.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from labkit.assess.spec import load_assessment
from labkit.errors import InvalidInputError

REFERENCE, MISTAKES, BLANK = "reference", "mistakes", "blank"


def answer_cell_index(nb: nbformat.NotebookNode, challenge_id: str) -> int:
    """Position of the answer cell tagged ``{"labkit": {"challenge": challenge_id}}``."""
    for i, cell in enumerate(nb.cells):
        if (cell.metadata.get("labkit") or {}).get("challenge") == challenge_id:
            return i
    raise InvalidInputError(f"No answer cell is tagged for challenge {challenge_id!r}; tag it in the source notebook.")


def has_mutants(assessment_dir: str | Path) -> bool:
    return (Path(assessment_dir) / "mutants").is_dir()


def write_sample_cohort(assessment_dir: str | Path, released_lab: str | Path, out: str | Path,
                        names: dict[str, str] | None = None) -> list[str]:
    """Write the reference, blank and mistakes submissions of one assessment under ``out``; return the learners.

    ``names`` renames the three roles (e.g. ``{"reference": "ada"}``) so one cohort of learners spans many labs.
    """
    names = names or {}
    assessment_dir, out = Path(assessment_dir), Path(out)
    spec = load_assessment(assessment_dir)
    name = Path(spec.notebook).name
    mutants = sorted((assessment_dir / "mutants").glob("*.py"))
    missing = {c.id for c in spec.challenges} - {m.stem for m in mutants}
    if missing:
        raise InvalidInputError(f"{assessment_dir.name}: no plausible wrong solution in mutants/ for {sorted(missing)}.")
    mistakes = nbformat.read(assessment_dir / spec.notebook, as_version=4)
    for mutant in mutants:
        mistakes.cells[answer_cell_index(mistakes, mutant.stem)].source = mutant.read_text(encoding="utf-8")
    cohort = {
        REFERENCE: nbformat.read(assessment_dir / spec.notebook, as_version=4),
        BLANK: nbformat.read(released_lab, as_version=4),
        MISTAKES: mistakes,
    }
    learners = []
    for role, nb in cohort.items():
        learner = names.get(role, role)
        (out / learner).mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out / learner / name)
        learners.append(learner)
    return learners
