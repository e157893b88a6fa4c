"""Every lab's challenges discriminate: graded through the real grader, the reference scores 100%, the released
blank lab scores 0, and a plausible wrong solution for each challenge loses marks on that challenge.

Each assessment folder with a ``mutants/`` folder takes part (see :mod:`labkit.grading.samples`): all mutants of a
lab go into one "mistakes" submission, so a lab costs three notebook executions, and each challenge is judged on its
own score in that submission.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labkit.assess.spec import load_assessment
from labkit.grading.batch import grade_batch
from labkit.grading.gradebook import Gradebook
from labkit.grading.samples import BLANK, MISTAKES, REFERENCE, has_mutants, write_sample_cohort

ROOT = Path(__file__).resolve().parents[2]
LABS = sorted(p for p in (ROOT / "assessments").iterdir() if has_mutants(p))


@pytest.mark.parametrize("lab", LABS, ids=[p.name for p in LABS])
def test_reference_full_blank_zero_mutants_lose_marks(lab, tmp_path):
    spec = load_assessment(lab)
    write_sample_cohort(lab, ROOT / "labs" / Path(spec.notebook).name, tmp_path / "subs")
    grade_batch(lab, tmp_path / "subs", tmp_path / "gradebook.sqlite", workers=2, show_progress=False)
    book = Gradebook(tmp_path / "gradebook.sqlite")
    grades = {g.learner: g for g in book.current(spec.id)}
    book.close()

    reference, blank, mistakes = grades[REFERENCE], grades[BLANK], grades[MISTAKES]
    assert reference.status == "graded" and reference.raw_score == reference.max_score, json.dumps(reference.detail)[:2000]
    assert blank.raw_score == 0, json.dumps(blank.challenges)
    for challenge in spec.challenges:
        assert reference.challenges[challenge.id] == challenge.points
        assert mistakes.challenges[challenge.id] < challenge.points, f"the mutant of {challenge.id} still gets full marks"


def test_a_challenge_without_a_mutant_is_a_clear_error(tmp_path):
    from labkit.errors import InvalidInputError

    lab = tmp_path / "sample_basics"
    import shutil

    shutil.copytree(ROOT / "assessments" / "sample_basics", lab, ignore=shutil.ignore_patterns("cohort"))
    (lab / "mutants" / "slugify.py").unlink()
    with pytest.raises(InvalidInputError, match="slugify"):
        write_sample_cohort(lab, ROOT / "labs" / "sample_basics.ipynb", tmp_path / "subs")
