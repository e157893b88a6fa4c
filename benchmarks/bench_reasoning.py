"""Level 2 benchmark: what extra model calls buy on arithmetic word problems, and few-shot example selection.

Part 1: over a word-problem file (JSON: {"problems": [{"question", "answer"}]}, or a bundled set by name:
``lesson``, ``fresh``), at ``--temperature`` with a seed: one chain-of-thought sample, self-verification (2-3
passes), self-consistency (majority of ``--n``) and tree-of-thought (beam 2, 4 proposals per state), beside the
temperature-0 answer. Reported: accuracy and model calls per problem. On the offline model the errors at
temperature > 0 are injected, independent slips on top of the temperature-0 reading, so the multi-call methods
recover at most the temperature-0 accuracy: compare them with that row, not with one sample alone.
Part 2: over a support-example file (JSON: {"bank": [...], "queries": [...]} of {"input", "output"}): the share of
chosen examples whose label equals the query's (static first-k vs faiss similarity vs similarity + MMR).

Usage: python benchmarks/bench_reasoning.py [--problems lesson|fresh|FILE.json]
       [--examples labkit/reasoning/data/support_examples.json] [--temperature 0.8] [--n 5] [--seeds 0 1 2 3 4]
       [--model offline]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from labkit.llm import get_model
from labkit.reasoning.chain import load_word_problems, normalise_answer, solve_with_verification
from labkit.reasoning.consistency import accuracy
from labkit.reasoning.fewshot import SimilaritySelector, StaticSelector, label_match_rate, load_support_examples
from labkit.reasoning.tree import solve_with_tree

DATA = Path(__file__).resolve().parent.parent / "labkit" / "reasoning" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", default="lesson", help="a bundled set (lesson, fresh) or a JSON file")
    parser.add_argument("--examples", default=str(DATA / "support_examples.json"))
    parser.add_argument("--temperature", type=float, default=0.8)
    parser.add_argument("--n", type=int, default=5)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4], help="results are averaged over seeds")
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    problems = load_word_problems(args.problems)
    t, seeds = args.temperature, args.seeds
    totals = {"single": 0.0, "verify": 0.0, "verify_calls": 0.0, "vote": 0.0, "tree": 0.0, "tree_calls": 0.0}
    for seed in seeds:
        sc = accuracy(get_model(args.model), problems, n=args.n, temperature=t, seed=seed)
        hot = get_model(args.model, temperature=t, seed=seed) if args.model in (None, "offline") else get_model(args.model)
        verified = [solve_with_verification(hot, q) for q, _ in problems]
        trees = [solve_with_tree(get_model(args.model), q, temperature=t, seed=seed) for q, _ in problems]
        totals["single"] += sc["single"]
        totals["vote"] += sc["majority"]
        totals["verify"] += sum(normalise_answer(v.answer) == str(g) for v, (_, g) in zip(verified, problems)) / len(problems)
        totals["verify_calls"] += sum(len(v.passes) for v in verified) / len(problems)
        totals["tree"] += sum(r.answer == str(g) for r, (_, g) in zip(trees, problems)) / len(problems)
        totals["tree_calls"] += sum(r.calls for r in trees) / len(problems)
    m = {k: v / len(seeds) for k, v in totals.items()}
    greedy = accuracy(get_model(args.model), problems, n=1, temperature=0.0)["single"]
    print(f"| method (T={t}, {len(problems)} problems, mean of {len(seeds)} seeds) | accuracy | calls per problem |")
    print("| --- | --- | --- |")
    print(f"| temperature 0 (the model's own reading) | {greedy:.2f} | 1 |")
    print(f"| one chain-of-thought sample | {m['single']:.2f} | 1 |")
    print(f"| self-verification | {m['verify']:.2f} | {m['verify_calls']:.1f} |")
    print(f"| self-consistency, n={args.n} | {m['vote']:.2f} | {args.n} |")
    print(f"| tree-of-thought, beam 2 | {m['tree']:.2f} | {m['tree_calls']:.1f} |")

    bank, queries = load_support_examples(args.examples)
    print(f"\n| example selector (k=3) | label match of chosen examples |\n| --- | --- |")
    for name, selector in (("static first-k", StaticSelector(bank, 3)), ("faiss similarity", SimilaritySelector(bank, 3)),
                           ("similarity + MMR 0.5", SimilaritySelector(bank, 3, mmr=True, lambda_mult=0.5))):
        print(f"| {name} | {label_match_rate(selector, queries):.2f} |")


if __name__ == "__main__":
    main()
