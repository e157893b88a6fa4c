"""Level 3 benchmark: how much each memory remembers, and where truncated information survives.

Part 1: the chatbot is told five facts, then ``--filler`` small-talk turns, then asked about each fact; reported:
recall rate for window only / + rolling summary / + long-term recall / all three (window of ``--window`` messages).
Part 2: a fact hidden at the start, middle or end of a document, truncated to ``--budget`` tokens with each strategy;
reported: whether the model still answers it.

Usage: python benchmarks/bench_memory.py [--filler 0 8 20] [--window 4] [--budget 40] [--model offline]
"""

from __future__ import annotations

import argparse

from labkit.context.chatbot import recall_rate
from labkit.context.truncation import survival
from labkit.llm import get_model

CONFIGS = {"window only": {"summarize": False, "recall": False}, "window + summary": {"recall": False},
           "window + recall": {"summarize": False}, "all three": {}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filler", type=int, nargs="+", default=[0, 8, 20])
    parser.add_argument("--window", type=int, default=4)
    parser.add_argument("--budget", type=int, default=40)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    model = get_model(args.model)
    print("| memory | " + " | ".join(f"{n} filler turns" for n in args.filler) + " |")
    print("| --- |" + " --- |" * len(args.filler))
    for name, options in CONFIGS.items():
        rates = [recall_rate(model, n, window=args.window, **options) for n in args.filler]
        print(f"| {name} | " + " | ".join(f"{r:.2f}" for r in rates) + " |")
    table = survival(model, args.budget)
    print(f"\n| truncation to {args.budget} tokens | fact at start | middle | end |\n| --- | --- | --- | --- |")
    for strategy, row in table.items():
        print(f"| {strategy} | " + " | ".join("kept" if row[p] else "lost" for p in ("start", "middle", "end")) + " |")


if __name__ == "__main__":
    main()
