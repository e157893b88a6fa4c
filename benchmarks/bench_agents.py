"""Agents benchmark: reflection on vs off (answer quality and token cost), and what reassignment buys in outages.

Part 1 (reflection): every task of a reflection task file (JSON list of {id, question, material, criteria,
keywords}) is answered once without reflection (the first draft) and once with the draft -> critique -> revise
loop (``--rounds`` critiques at most; the critic sees the stated criteria, nothing sees the keywords). Quality =
keyword coverage (the share of expected keywords in the answer). Reported: mean coverage off/on, mean answer words
and tokens off/on, tasks improved / unchanged / worse. Whatever reflection gains on the chosen model, zero
included, is what is printed.

Part 2 (outage drill): the fixed research -> analysis -> writing workflow of labkit.multiagent.drill is run with
silent agents, with max_attempts=1 (no reassignment) and 3 (reassignment). Reported: subtasks finished and wall time
(each silent agent costs one --accept-timeout wait when reassigning).

Usage: python benchmarks/bench_agents.py [--tasks labkit/agents/data/reflection_tasks.json] [--rounds 3]
       [--accept-timeout 0.2] [--skip-drill]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

from labkit.agents.reflection import compare_reflection, load_tasks
from labkit.multiagent.drill import outage_drill

DEFAULT_TASKS = Path(__file__).resolve().parent.parent / "labkit" / "agents" / "data" / "reflection_tasks.json"


def reflection(tasks_path: str, rounds: int) -> None:
    started = time.perf_counter()
    table = compare_reflection(load_tasks(tasks_path), max_rounds=rounds)
    means = table.mean(numeric_only=True)
    better, same = int((table.on > table.off).sum()), int((table.on == table.off).sum())
    print(f"| reflection ({len(table)} tasks, <= {rounds} critiques) | coverage off {means.off:.3f} -> on "
          f"{means.on:.3f} | words/answer off {means.words_off:.0f} -> on {means.words_on:.0f} | tokens/task off "
          f"{means.tokens_off:.0f} -> on {means.tokens_on:.0f} | improved {better}, same {same}, "
          f"worse {len(table) - better - same} | {time.perf_counter() - started:.1f} s |")


def drill(accept_timeout: float) -> None:
    for down in ([], ["research-1"], ["research-1", "analysis-1"], ["research-1", "research-2"]):
        cells = []
        for attempts in (1, 3):
            started = time.perf_counter()
            workflow = asyncio.run(outage_drill(down, attempts, accept_timeout))
            done = workflow.progress().get("done", 0)
            seconds = time.perf_counter() - started
            cells.append(f"max_attempts={attempts}: {done}/{len(workflow.subtasks)} in {seconds:.2f} s")
        print(f"| outage drill, silent: {', '.join(down) or 'none'} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", default=str(DEFAULT_TASKS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--accept-timeout", type=float, default=0.2)
    parser.add_argument("--skip-drill", action="store_true")
    args = parser.parse_args()
    reflection(args.tasks, args.rounds)
    if not args.skip_drill:
        drill(args.accept_timeout)


if __name__ == "__main__":
    main()
