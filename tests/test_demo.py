"""The README's first command: ``labkit demo`` runs the whole main job offline and says where the results are."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from labkit.grading.gradebook import Gradebook

ROOT = Path(__file__).resolve().parent.parent


def test_demo_runs_lesson_releases_labs_and_grades_every_lab(tmp_path):
    out = tmp_path / "demo"
    run = subprocess.run([sys.executable, "-m", "labkit.cli", "demo", "--out", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert (out / "00_getting_started.ipynb").exists() and (out / "cohort.html").exists()
    assert str(out / "gradebook.sqlite") in run.stdout and "Cohort dashboard" in run.stdout
    labs = {p.name for p in (ROOT / "assessments").iterdir() if (p / "assessment.yaml").exists()}
    book = Gradebook(out / "gradebook.sqlite")
    grades = book.current()
    book.close()
    assert {g.assessment for g in grades} == labs
    honest = [g for g in grades if g.learner == "ada"]  # the reference solutions, and the honest warm-up
    assert len(honest) == len(labs) and all(g.final_score == g.max_score for g in honest)
    assert all(g.final_score == 0 for g in grades if g.learner in ("cy", "mallory"))
    assert all(0 < g.final_score < g.max_score for g in grades if g.learner == "ben")
