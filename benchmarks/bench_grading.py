"""Grading throughput on the same N submissions: labkit vs bare papermill vs nbgrader autograde; crash-resume check.

Usage::

    .venv/bin/python benchmarks/bench_grading.py [--n 40] [--workers 2] [--rounds 3]
                                                 [--assessment assessments/sample_basics]
                                                 [--nbgrader-venv /tmp/nbg-venv]

What it measures, on submissions built from the assessment's released lab (a third honest, a third partial, a third
untouched stubs, each with its own bytes), every system on the same files, in the same run:

* ``labkit grade --workers W``: the command itself, in a fresh process (validate, restore, sandboxed kernel from
  the warm pool, injected cells, judge, gradebook, feedback pages), in submissions per minute;
* the same command with ``LABKIT_WARM_POOL=off``: what the warm pool itself is worth;
* bare papermill: the same submitted notebooks executed with the plain ``python3`` kernel, W at a time, errors
  allowed, nothing else (no sandbox, no judging, no gradebook);
* nbgrader ``autograde`` (only when ``--nbgrader-venv`` points to a virtualenv with nbgrader installed, kept out of
  labkit's environment): the same answers in an nbgrader version of the assessment (solution cells with the same
  answers, one autograded test cell per challenge asserting the visible and hidden cases);
* crash-resume: ``labkit grade`` killed with SIGKILL after a third of the batch, then re-run: every submission must
  be in the gradebook exactly once.

The machine is shared and its load changes from minute to minute, so each round runs every system once, in a
rotating order, and the ratios are taken within a round; the table gives every round and the median. The load
average is printed beside each round. Prints markdown.
"""

from __future__ import annotations

import argparse
import copy
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


def run_labkit(assessment_dir: Path, subs: Path, book: Path, workers: int, warm: bool = True) -> float:
    """Seconds for ``labkit grade`` run as a command (a fresh process, as an instructor runs it)."""
    env = {**os.environ, "LABKIT_WARM_POOL": "on" if warm else "off"}
    cmd = [sys.executable, "-m", "labkit.cli", "grade", str(assessment_dir), str(subs), "--gradebook", str(book),
           "--workers", str(workers), "--quiet"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"labkit grade failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    graded = sqlite3.connect(book).execute("SELECT COUNT(*) FROM submissions WHERE status = 'graded'").fetchone()[0]
    print(f"# labkit (warm pool {'on' if warm else 'off'}): {graded} graded; {proc.stdout.splitlines()[0]}",
          file=sys.stderr)
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


def prepare_nbgrader(venv: Path, assessment_dir: Path, learners: list[tuple[str, str]], course: Path) -> dict:
    """An nbgrader course with every learner's submission collected; returns the environment to run it in."""
    import nbformat

    (course / "source" / "ps1").mkdir(parents=True)
    name = Path(nb_name(assessment_dir)).name
    nbformat.write(nbgrader_source(assessment_dir), str(course / "source" / "ps1" / name))
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.root = %r\nc.CourseDirectory.course_id = 'bench'\n"
        "c.ExecutePreprocessor.timeout = 60\n" % str(course))
    env = {**os.environ, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}", "JUPYTER_PATH": str(venv / "share" / "jupyter")}
    env.pop("VIRTUAL_ENV", None)
    subprocess.run([str(venv / "bin" / "nbgrader"), "generate_assignment", "ps1", "--force"], cwd=course, env=env,
                   check=True, capture_output=True)
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
    shutil.copy(course / "gradebook.db", course / "gradebook.fresh.db")  # each round starts from this one
    return env


def run_nbgrader(venv: Path, assessment_dir: Path, course: Path, env: dict) -> float:
    """Seconds for ``nbgrader autograde`` over every collected submission (a fresh gradebook each time)."""
    shutil.copy(course / "gradebook.fresh.db", course / "gradebook.db")
    shutil.rmtree(course / "autograded", ignore_errors=True)
    started = time.perf_counter()
    proc = subprocess.run([str(venv / "bin" / "nbgrader"), "autograde", "ps1", "--force"], cwd=course, env=env,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    name = Path(nb_name(assessment_dir)).name
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


def median(values: list[float]) -> float:
    """The middle value (the mean of the two middle ones for an even count).

    >>> median([3.0, 1.0, 2.0]), median([4.0, 1.0, 2.0, 3.0])
    (2.0, 2.5)
    """
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="every system once per round, in a rotating order")
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
    venv = Path(args.nbgrader_venv) if args.nbgrader_venv else None
    nbgrader_env = None
    if venv and (venv / "bin" / "nbgrader").exists():
        nbgrader_env = prepare_nbgrader(venv, assessment, learners, tmp / "course")

    w = args.workers
    systems = {
        f"labkit grade --workers {w}": lambda r: run_labkit(assessment, subs, tmp / f"gb-{r}.sqlite", w),
        f"labkit grade --workers {w}, warm pool off": lambda r: run_labkit(assessment, subs, tmp / f"gbc-{r}.sqlite",
                                                                           w, warm=False),
        f"bare papermill, {w} processes": lambda r: run_papermill(subs, lab_file, tmp / f"papermill-{r}", w),
    }
    if nbgrader_env is not None:
        systems["nbgrader autograde"] = lambda r: run_nbgrader(venv, assessment, tmp / "course", nbgrader_env)
    names = list(systems)
    times: dict[str, list[float]] = {name: [] for name in names}
    loads = []
    for r in range(args.rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        before = os.getloadavg()[0]
        for name in order:
            times[name].append(systems[name](r))
        loads.append(f"{before:.1f} -> {os.getloadavg()[0]:.1f}")
    labkit, cold, papermill = names[0], names[1], names[2]
    print(f"{args.n} submissions, {w} workers, {args.rounds} round(s); 1-minute load average before -> after each "
          f"round: {', '.join(loads)} ({os.cpu_count()} CPUs)\n")
    print(f"| system | seconds per round | median s | submissions/min (median) |")
    print("| --- | --- | --- | --- |")
    for name in names:
        print(f"| {name} | {' / '.join(f'{t:.1f}' for t in times[name])} | {median(times[name]):.1f} | "
              f"{60 * args.n / median(times[name]):.1f} |")
    print()

    def ratios(other: str) -> str:
        per_round = [o / t for o, t in zip(times[other], times[labkit])]
        return f"{' / '.join(f'{x:.2f}x' for x in per_round)} (median {median(per_round):.2f}x)"

    print(f"labkit throughput / bare papermill: {ratios(papermill)}")
    print(f"labkit throughput / labkit without the warm pool: {ratios(cold)}")
    if nbgrader_env is not None:
        print(f"labkit throughput / nbgrader autograde: {ratios('nbgrader autograde')}")
    if not args.skip_crash:
        print("crash-resume:", crash_resume(assessment, subs, tmp / "crash.sqlite", args.n))
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
