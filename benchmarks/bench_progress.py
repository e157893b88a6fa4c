"""How long the progress reports take: the cohort dashboard for a gradebook, the learner report for a progress store.

Either pass existing files (``--gradebook FILE``, ``--store FILE``) or let the script write seeded synthetic ones
into ``--out`` through the platform's public APIs (``Gradebook.record``, ``ProgressStore.record``): ``--learners``
learners x ``--labs`` assessments x ``--challenges`` challenges, a share of them missing or failed, and a learner
store with ``--attempts`` check attempts spread over several sessions. Times are wall-clock seconds of building the
frames and of rendering the HTML with its embedded plots (best of ``--repeat`` runs).

Checks (exit 1 if any fails): the heatmap is learners x assessments, every at-risk learner has a reason, both HTML
pages carry their plots.

Usage: python benchmarks/bench_progress.py [--out /tmp/bench-progress] [--learners 200] [--labs 11] [--challenges 5]
       [--attempts 2000] [--gradebook FILE] [--store FILE] [--repeat 3] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path


def synth_gradebook(path: Path, learners: int, labs: int, challenges: int, rng: random.Random) -> None:
    from labkit.grading.gradebook import Gradebook

    book = Gradebook(path)
    for li in range(learners):
        skill = rng.uniform(0.2, 1.0)
        for a in range(labs):
            if rng.random() < 0.05:
                continue  # missing submission
            failed = rng.random() < 0.03
            chs = [] if failed else [
                {"id": f"c{c}", "kind": "challenge", "points": 4.0,
                 "score": round(4.0 * min(1.0, max(0.0, rng.gauss(skill, 0.25))), 2), "cases_passed": 0,
                 "cases_total": 4} for c in range(challenges)]
            book.record({"learner": f"learner{li:04d}", "assessment": f"lab{a:02d}", "sha": f"{li}-{a}", "path": None,
                         "status": "failed" if failed else "graded", "reason": "no notebook submitted" if failed else "",
                         "score": sum(c["score"] for c in chs), "max_score": 4.0 * challenges, "spec": "bench",
                         "title": f"Lab {a}", "seconds": 1.0, "challenges": chs},
                        late_penalty=0.1 if rng.random() < 0.1 else 0.0)
    book.close()


def synth_store(path: Path, attempts: int, labs: int, challenges: int, rng: random.Random) -> None:
    from labkit.assess.store import Attempt, ChallengeInfo, ProgressStore

    store = ProgressStore(path)
    store.register([ChallengeInfo(f"lab{a:02d}", f"c{c}", "challenge", f"Challenge {c}", 4.0, (f"skill{c}",), 10)
                    for a in range(labs) for c in range(challenges)])
    when = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
    for _ in range(attempts):
        when += timedelta(minutes=rng.choice([1, 2, 3, 5, 8, 13, 240]))
        passed = rng.random() < 0.3
        store.record(Attempt(f"lab{rng.randrange(labs):02d}", f"c{rng.randrange(challenges)}", passed,
                             score=4.0 if passed else round(rng.uniform(0, 3), 2), points=4.0,
                             at=when.isoformat(timespec="seconds")))


def best_of(repeat: int, fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default="/tmp/bench-progress")
    p.add_argument("--learners", type=int, default=200)
    p.add_argument("--labs", type=int, default=11)
    p.add_argument("--challenges", type=int, default=5)
    p.add_argument("--attempts", type=int, default=2000)
    p.add_argument("--gradebook", help="an existing gradebook (default: synthesise one in --out)")
    p.add_argument("--store", help="an existing progress store (default: synthesise one in --out)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)

    from labkit.progress.cohort import CohortReport
    from labkit.progress.learner import learner_report

    rng = random.Random(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    gradebook = Path(args.gradebook) if args.gradebook else out / "gradebook.sqlite"
    store = Path(args.store) if args.store else out / "progress.sqlite"
    if not args.gradebook:
        gradebook.unlink(missing_ok=True)
        synth_gradebook(gradebook, args.learners, args.labs, args.challenges, rng)
    if not args.store:
        store.unlink(missing_ok=True)
        synth_store(store, args.attempts, args.labs, args.challenges, rng)

    cohort_s, cohort = best_of(args.repeat, lambda: CohortReport(gradebook))
    cohort_html_s, cohort_html = best_of(args.repeat, cohort.html)
    learner_s, learner = best_of(args.repeat, lambda: learner_report(store))
    learner_html_s, learner_html = best_of(args.repeat, learner.html)

    frames = cohort.frames()
    problems = []
    if frames["heatmap"].shape != (frames["learners"].shape[0], frames["distribution"].shape[0]):
        problems.append(f"heatmap shape {frames['heatmap'].shape}")
    if (frames["at_risk"]["reasons"] == "").any():
        problems.append("an at-risk learner without a reason")
    if cohort_html.count("data:image/png;base64,") != 4 or learner_html.count("data:image/png;base64,") != 4:
        problems.append("an HTML page lacks its plots")

    print(f"cohort: {frames['heatmap'].shape[0]} learners x {frames['heatmap'].shape[1]} assessments, "
          f"{len(frames['challenges'])} challenge rows, {len(frames['at_risk'])} at risk")
    print(f"  frames {cohort_s:.2f} s, HTML {cohort_html_s:.2f} s ({len(cohort_html) / 1e6:.2f} MB)")
    print(f"learner: {len(learner.attempts)} attempts, {len(learner.items)} items, ~{learner.total_minutes:.0f} min")
    print(f"  frames {learner_s:.2f} s, HTML {learner_html_s:.2f} s ({len(learner_html) / 1e6:.2f} MB)")
    for problem in problems:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
