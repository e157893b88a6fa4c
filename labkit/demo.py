"""``labkit demo``: the main job, offline: run the first lesson, release the labs, grade a sample cohort.

Three steps, each what a real user does first:

1. a learner's first lesson: the getting-started notebook executed with papermill on the offline model;
2. an instructor's release: every assessment in ``assessments/`` released into ``<out>/labs``;
3. an instructor's grading run: the bundled cohort of ``assessments/sample_basics/cohort`` (an honest, a partial
   and late, an empty and a hostile submission) graded in the sandbox into ``<out>/gradebook.sqlite``, with a
   feedback page per learner and a cohort summary in ``<out>/feedback``;
4. the same for every lab of the course, with a sample cohort built from each lab's own material (the reference
   solution, the released blank lab, and the plausible mistakes in ``mutants/``; see
   :mod:`labkit.grading.samples`) handed in by the same learners (ada the reference, ben the mistakes, cy the blank
   lab; mallory, the attacker, only tried the warm-up), then the instructor's dashboard in ``<out>/cohort.html``.

It prints where everything is. Re-running it keeps the gradebook and skips what is already graded (that is the
crash-safe resume at work); delete ``<out>`` for a fresh run.
"""

from __future__ import annotations

import os
from pathlib import Path

from labkit.config import repo_root
from labkit.errors import LabkitError

LESSON = "00_getting_started.ipynb"
COHORT_ASSESSMENT = "sample_basics"
COURSE_LEARNERS = {"reference": "ada", "mistakes": "ben", "blank": "cy"}


def execute_notebook(source: Path, target: Path, cwd: Path, timeout: int = 600) -> Path:
    """Execute ``source`` with papermill into ``target`` (kernel started in ``cwd``, offline model forced)."""
    import papermill

    target.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("LABKIT_MODEL", "offline")
    try:
        papermill.execute_notebook(
            str(source), str(target), cwd=str(cwd), kernel_name="python3", progress_bar=False,
            execution_timeout=timeout, log_output=False,
        )
    except papermill.PapermillExecutionError as exc:
        raise LabkitError(
            f"{source.name} failed in cell {exc.cell_index} ({exc.ename}: {exc.evalue}). "
            f"The partly executed notebook is at {target}."
        ) from None
    return target


def grade_cohort(root: Path, out: Path, workers: int = 2) -> Path:
    """Release every assessment into ``out/labs`` and grade the bundled cohort; return the feedback index."""
    from labkit.assess.release import release
    from labkit.grading.batch import grade_batch
    from labkit.grading.gradebook import Gradebook

    for spec in sorted((root / "assessments").glob("*/assessment.y*ml")):
        done = release(spec.parent, out / "labs")
        print(f"Released {spec.parent.name}: {done.notebook}")
    assessment = root / "assessments" / COHORT_ASSESSMENT
    cohort = assessment / "cohort"
    if not cohort.is_dir():
        raise LabkitError(f"{cohort} is missing; is this a complete clone of the repository?")
    gradebook, feedback = out / "gradebook.sqlite", out / "feedback"
    report = grade_batch(assessment, cohort, gradebook, workers=workers, feedback=feedback, show_progress=False,
                         times=assessment / "cohort_times.csv")
    print(report.protections)
    print(f"Graded {len(report.recorded)} submission(s) now, {len(report.skipped)} already in the gradebook:")
    book = Gradebook(gradebook)
    for g in book.current(COHORT_ASSESSMENT):
        late = f" (late: -{g.late_penalty:.0%})" if g.late_penalty else ""
        why = f"  {g.reason}" if g.reason else ""
        print(f"  {g.learner:<10} {g.status:<7} {g.final_score:>5g} / {g.max_score:g}{late}{why}")
    book.close()
    print(f"Gradebook: {gradebook}\nFeedback pages: {feedback}/{COHORT_ASSESSMENT}/\nCohort summary: {feedback}/index.html")
    return feedback / "index.html"


def grade_course(root: Path, out: Path, workers: int = 2) -> Path:
    """Grade a sample cohort on every lab with ``mutants/`` into the demo gradebook; write the cohort dashboard."""
    import time

    from labkit.assess.spec import load_assessment
    from labkit.grading.batch import grade_batch
    from labkit.grading.samples import has_mutants, write_sample_cohort
    from labkit.progress.cohort import CohortReport

    gradebook, feedback = out / "gradebook.sqlite", out / "feedback"
    labs = [p for p in sorted((root / "assessments").iterdir()) if has_mutants(p) and p.name != COHORT_ASSESSMENT]
    started = time.perf_counter()
    for lab in labs:
        spec = load_assessment(lab)
        cohort = out / "cohorts" / spec.id
        write_sample_cohort(lab, out / "labs" / Path(spec.notebook).name, cohort, COURSE_LEARNERS)
        report = grade_batch(lab, cohort, gradebook, workers=workers, feedback=feedback, show_progress=False)
        scores = ", ".join(f"{o['learner']} {o['score']:g}/{o['max_score']:g}"
                           for o in sorted(report.recorded, key=lambda o: o["learner"]))
        print(f"Graded {spec.id}: {scores or 'already in the gradebook'}")
    print(f"Graded the sample cohort of {len(labs)} labs in {time.perf_counter() - started:.0f} s with {workers} workers.")
    dashboard = CohortReport(gradebook).write_html(out / "cohort.html")
    print(f"Cohort dashboard: {dashboard}")
    return dashboard


def run_demo(out: Path | None = None) -> int:
    root = repo_root()
    out = (out or Path.cwd() / "demo-output").resolve()
    source = root / "notebooks" / LESSON
    if not source.exists():
        raise LabkitError(f"{source} is missing; is this a complete clone of the repository?")
    executed = execute_notebook(source, out / LESSON, cwd=root / "notebooks")
    print(f"Executed the getting-started lesson on the offline model: {executed}")
    grade_cohort(root, out)
    grade_course(root, out)
    return 0
