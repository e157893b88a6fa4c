"""Agents benchmark: reflection on vs off (answer quality and token cost), and what reassignment buys in outages.

Part 1 (reflection): every task of a reflection task file (JSON list of {id, question, material, criteria,
keywords}) is answered once without reflection (the first draft) and once with the generate -> critique -> refine
loop (``--rounds`` critiques at most). Quality = keyword coverage (the share of expected keywords in the answer).
Reported: mean coverage off/on, mean tokens off/on, tasks improved / unchanged / worse.

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

from labkit.agents.reflection import ReflectionAgent, keyword_coverage, load_tasks
from labkit.multiagent.drill import outage_drill

DEFAULT_TASKS = Path(__file__).resolve().parent.parent / "labkit" / "agents" / "data" / "reflection_tasks.json"


def reflection(tasks_path: str, rounds: int) -> None:
    tasks = load_tasks(tasks_path)
    off_cov, on_cov, off_tok, on_tok, better, same, worse = [], [], [], [], 0, 0, 0
    started = time.perf_counter()
    for task in tasks:
        plain = ReflectionAgent(max_rounds=1)
        draft = plain.generate(task["question"], task["material"])
        loop = ReflectionAgent(max_rounds=rounds)
        result = loop.run(task["question"], task["material"], task["criteria"])
        a, b = keyword_coverage(draft, task["keywords"]), keyword_coverage(result.answer, task["keywords"])
        off_cov.append(a), on_cov.append(b), off_tok.append(plain.tokens), on_tok.append(result.tokens)
        better, same, worse = better + (b > a), same + (b == a), worse + (b < a)
    n = len(tasks)
    print(f"| reflection ({n} tasks, <= {rounds} critiques) | coverage off {sum(off_cov) / n:.3f} -> on "
          f"{sum(on_cov) / n:.3f} | tokens/task off {sum(off_tok) / n:.0f} -> on {sum(on_tok) / n:.0f} | "
          f"improved {better}, same {same}, worse {worse} | {time.perf_counter() - started:.1f} s |")


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
