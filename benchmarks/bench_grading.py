"""Grading throughput on the same N submissions: labkit vs bare papermill vs nbgrader autograde; crash-resume check.

Usage::

    .venv/bin/python benchmarks/bench_grading.py [--n 50] [--workers 2] [--assessment assessments/sample_basics]
                                                 [--nbgrader-venv /tmp/nbgrader-venv]

What it measures, on submissions built from the assessment's released lab (a third honest, a third partial, a third
untouched stubs, each with its own bytes):

* ``labkit grade --workers W``: the whole pipeline (validate, restore, sandboxed kernel, injected cells, judge,
  gradebook, feedback) in submissions per minute;
* bare papermill: the same submitted notebooks executed with the plain ``python3`` kernel, W at a time, errors
  allowed, nothing else: labkit's overhead is ``labkit time / papermill time - 1``;
* nbgrader ``autograde`` (only when ``--nbgrader-venv`` points to a virtualenv with nbgrader installed, kept out of
  labkit's environment): the same answers in an nbgrader version of the assessment (solution cells with the same
  ``### BEGIN SOLUTION`` regions, one autograded test cell per challenge asserting the visible and hidden cases);
* crash-resume: ``labkit grade`` killed with SIGKILL after a third of the batch, then re-run: every submission must
  be in the gradebook exactly once.

Prints markdown table rows. Wall-clock numbers depend on the machine and its load; rerun before quoting.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = {
    "honest": {
        "slugify": 'import re\n\ndef slugify(title):\n    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))',
        "word_counts": 'import re\n\ndef word_counts(text):\n    out = {}\n    for w in re.findall(r"[a-z]+", text.lower()):\n'
                       '        out[w] = out.get(w, 0) + 1\n    return out',
        "moving_average": "def moving_average(xs, k):\n    return [sum(xs[i:i + k]) / k for i in range(len(xs) - k + 1)]",
    },
    "partial": {
        "slugify": 'import re\n\ndef slugify(title):\n    return re.sub(r"[^a-z0-9]+", "-", title.lower())',
    },
    "stub": {},
}


def build_labkit_submissions(assessment_dir: Path, out: Path, n: int) -> list[tuple[str, str]]:
    """N learner folders from the released lab; returns (learner, variant)."""
    import nbformat

    from labkit.assess.release import release_notebook
    from labkit.assess.spec import load_assessment

    lab = release_notebook(load_assessment(assessment_dir))
    names = list(VARIANTS)
    made = []
    for i in range(n):
        variant = names[i % len(names)]
        nb = copy.deepcopy(lab)
        for cell in nb.cells:
            challenge = cell.metadata.get("labkit", {}).get("challenge")
            if challenge in VARIANTS[variant]:
                cell.source = VARIANTS[variant][challenge]
            if cell["id"] == "intro":
                cell.source += f"\n\n<!-- learner {i} -->"
        learner = f"learner{i:03d}"
        (out / learner).mkdir(parents=True)
        nbformat.write(nb, str(out / learner / Path(nb_name(assessment_dir)).name))
        made.append((learner, variant))
    return made


def nb_name(assessment_dir: Path) -> str:
    from labkit.assess.spec import load_assessment

    return load_assessment(assessment_dir).notebook


def run_labkit(assessment_dir: Path, subs: Path, book: Path, workers: int) -> float:
    from labkit.grading.batch import grade_batch

    started = time.perf_counter()
    report = grade_batch(assessment_dir, subs, book, workers=workers, show_progress=False)
    elapsed = time.perf_counter() - started
    print(f"# labkit: {len(report.recorded)} graded; {report.protections.splitlines()[0]}", file=sys.stderr)
    return elapsed


def _papermill_one(args: tuple[str, str, str]) -> None:
    import papermill

    source, target, cwd = args
    try:
        papermill.execute_notebook(source, target, kernel_name="python3", cwd=cwd, progress_bar=False,
                                   log_output=False, allow_errors=True)
    except Exception:
        pass


def run_papermill(subs: Path, lab_json: Path, out: Path, workers: int) -> float:
    jobs = []
    for folder in sorted(subs.iterdir()):
        work = out / folder.name
        work.mkdir(parents=True)
        shutil.copy(lab_json, work)
        for nb in folder.glob("*.ipynb"):
            jobs.append((str(nb), str(work / nb.name), str(work)))
    import papermill  # noqa: F401 - warm the import before forking, as labkit does

    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_papermill_one, jobs))
    return time.perf_counter() - started


def nbgrader_source(assessment_dir: Path) -> dict:
    """An nbgrader version of the assessment: solution cells + one autograded test cell per challenge."""
    import nbformat

    from labkit.assess.spec import load_assessment

    spec = load_assessment(assessment_dir)
    source = nbformat.read(str(spec.source_path()), as_version=4)
    cells = []
    for cell in source.cells:
        challenge = cell.metadata.get("labkit", {}).get("challenge")
        if cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(cell.source)
            new.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True, "schema_version": 3,
                                        "grade_id": f"md-{len(cells)}"}
            cells.append(new)
        elif challenge:
            new = nbformat.v4.new_code_cell(cell.source)
            new.metadata["nbgrader"] = {"grade": False, "solution": True, "locked": False, "schema_version": 3,
                                        "grade_id": f"answer-{challenge}"}
            cells.append(new)
            c = spec.challenge(challenge)
            lines = [f"assert {c.function}(*{case.args!r}) == {case.expected!r}" for case in c.visible + c.hidden]
            test = nbformat.v4.new_code_cell("\n".join(lines))
            test.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "schema_version": 3,
                                         "grade_id": f"test-{challenge}", "points": c.points}
            cells.append(test)
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    return nb


def run_nbgrader(venv: Path, assessment_dir: Path, learners: list[tuple[str, str]], course: Path) -> float:
    import nbformat

    (course / "source" / "ps1").mkdir(parents=True)
    name = Path(nb_name(assessment_dir)).name
    nbformat.write(nbgrader_source(assessment_dir), str(course / "source" / "ps1" / name))
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.root = %r\nc.CourseDirectory.course_id = 'bench'\n"
        "c.ExecutePreprocessor.timeout = 60\n" % str(course))
    env = {**os.environ, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}", "JUPYTER_PATH": str(venv / "share" / "jupyter")}
    env.pop("VIRTUAL_ENV", None)
    nbgrader = [str(venv / "bin" / "nbgrader")]
    subprocess.run(nbgrader + ["generate_assignment", "ps1", "--force"], cwd=course, env=env, check=True,
                   capture_output=True)
    released = nbformat.read(str(course / "release" / "ps1" / name), as_version=4)
    for learner, variant in learners:
        nb = copy.deepcopy(released)
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if gid.startswith("answer-") and gid[7:] in VARIANTS[variant]:
                cell.source = VARIANTS[variant][gid[7:]]
        folder = course / "submitted" / learner / "ps1"
        folder.mkdir(parents=True)
        nbformat.write(nb, str(folder / name))
        (folder / "timestamp.txt").write_text("2026-11-20 12:00:00 UTC")
    started = time.perf_counter()
    proc = subprocess.run(nbgrader + ["autograde", "ps1", "--force"], cwd=course, env=env, capture_output=True,
                          text=True)
    elapsed = time.perf_counter() - started
    graded = len(list((course / "autograded").glob(f"*/ps1/{name}")))
    print(f"# nbgrader autograde rc={proc.returncode}, {graded} autograded", file=sys.stderr)
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
    return elapsed


def crash_resume(assessment_dir: Path, subs: Path, book: Path, n: int) -> str:
    cmd = [sys.executable, "-m", "labkit.cli", "grade", str(assessment_dir), str(subs), "--gradebook", str(book),
           "--workers", "2", "--quiet"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    count = 0
    while proc.poll() is None and count < n // 3:
        time.sleep(0.2)
        if book.exists():
            try:
                count = sqlite3.connect(book).execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
            except sqlite3.OperationalError:
                pass
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = sqlite3.connect(book).execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    rows = sqlite3.connect(book).execute("SELECT learner, COUNT(*) FROM submissions GROUP BY learner").fetchall()
    once = len(rows) == n and all(c == 1 for _, c in rows)
    return f"killed after {killed_at}/{n}, re-run: {len(rows)} learners, each exactly once: {once}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--assessment", default=str(ROOT / "assessments" / "sample_basics"))
    parser.add_argument("--nbgrader-venv", default=None, help="virtualenv with nbgrader (skipped when absent)")
    parser.add_argument("--skip-crash", action="store_true")
    args = parser.parse_args()
    assessment = Path(args.assessment).resolve()
    tmp = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    subs = tmp / "subs"
    learners = build_labkit_submissions(assessment, subs, args.n)
    from labkit.assess.release import lab_json
    from labkit.assess.spec import load_assessment

    lab_file = tmp / f"{load_assessment(assessment).id}.lab.json"
    lab_file.write_text(lab_json(load_assessment(assessment)))

    rows = []
    t_labkit = run_labkit(assessment, subs, tmp / "gb.sqlite", args.workers)
    rows.append((f"labkit grade --workers {args.workers}", t_labkit))
    t_pm = run_papermill(subs, lab_file, tmp / "papermill", args.workers)
    rows.append((f"bare papermill, {args.workers} processes", t_pm))
    if args.nbgrader_venv and (Path(args.nbgrader_venv) / "bin" / "nbgrader").exists():
        rows.append(("nbgrader autograde", run_nbgrader(Path(args.nbgrader_venv), assessment, learners,
                                                        tmp / "course")))
    print(f"| system | {args.n} submissions (s) | submissions/min |")
    print("| --- | --- | --- |")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.1f} | {60 * args.n / seconds:.1f} |")
    print(f"\nlabkit overhead over bare papermill: {100 * (t_labkit / t_pm - 1):.0f}%")
    nb_row = [s for name, s in rows if name.startswith("nbgrader")]
    if nb_row:
        print(f"labkit / nbgrader throughput: {nb_row[0] / t_labkit:.2f}x")
    if not args.skip_crash:
        print("crash-resume:", crash_resume(assessment, subs, tmp / "crash.sqlite", args.n))
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
