"""Every lab's challenges discriminate: graded through the real grader, the reference scores 100%, the released
blank lab scores 0, and a plausible wrong solution for each challenge loses marks on that challenge.

Each assessment folder with a ``mutants/`` folder takes part: ``mutants/<challenge_id>.py`` is the full source of
that challenge's answer cell with a believable mistake in it. All mutants of a lab go into one "wrong" submission,
so a lab costs three notebook executions, and each challenge is judged on its own score in that submission.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from labkit.assess.spec import load_assessment
from labkit.grading.batch import grade_batch
from labkit.grading.gradebook import Gradebook

ROOT = Path(__file__).resolve().parents[2]
LABS = sorted(p for p in (ROOT / "assessments").iterdir() if (p / "mutants").is_dir())


def challenge_cell_index(nb, challenge_id: str) -> int:
    for i, cell in enumerate(nb.cells):
        if (cell.metadata.get("labkit") or {}).get("challenge") == challenge_id:
            return i
    raise AssertionError(f"no answer cell tagged for challenge {challenge_id!r}")


def build_submissions(lab: Path, out: Path) -> None:
    spec = load_assessment(lab)
    name = Path(spec.notebook).name
    source = nbformat.read(lab / spec.notebook, as_version=4)
    for learner, nb in (("reference", source), ("blank", nbformat.read(ROOT / "labs" / name, as_version=4))):
        (out / learner).mkdir(parents=True)
        nbformat.write(nb, out / learner / name)
    wrong = nbformat.read(lab / spec.notebook, as_version=4)
    for mutant in sorted((lab / "mutants").glob("*.py")):
        wrong.cells[challenge_cell_index(wrong, mutant.stem)].source = mutant.read_text(encoding="utf-8")
    (out / "wrong").mkdir()
    nbformat.write(wrong, out / "wrong" / name)


@pytest.mark.parametrize("lab", LABS, ids=[p.name for p in LABS])
def test_reference_full_blank_zero_mutants_lose_marks(lab, tmp_path):
    spec = load_assessment(lab)
    mutated = {m.stem for m in (lab / "mutants").glob("*.py")}
    assert mutated == {c.id for c in spec.challenges}, "every challenge needs a plausible wrong solution in mutants/"
    build_submissions(lab, tmp_path / "subs")
    grade_batch(lab, tmp_path / "subs", tmp_path / "gradebook.sqlite", workers=2, show_progress=False)
    book = Gradebook(tmp_path / "gradebook.sqlite")
    grades = {g.learner: g for g in book.current(spec.id)}
    book.close()

    reference, blank, wrong = grades["reference"], grades["blank"], grades["wrong"]
    detail = json.dumps(reference.detail)[:2000]
    assert reference.status == "graded" and reference.raw_score == reference.max_score, detail
    assert blank.raw_score == 0, json.dumps(blank.challenges)
    points = {c.id: c.points for c in spec.challenges}
    for challenge_id, full in points.items():
        assert reference.challenges[challenge_id] == full
        assert wrong.challenges[challenge_id] < full, f"the mutant of {challenge_id} still gets full marks"
