"""LLM-as-judge on a scripted model: verdicts read strictly, abstentions instead of defaults, pairs swapped."""

from __future__ import annotations

import pytest

from labkit.errors import InvalidInputError
from labkit.evaluation.judge import (PairwiseJudge, PairwiseVerdict, Rubric, RubricJudge, human_pairs,
                                     load_judged_answers, measure_judge, parse_choice, parse_score, position_bias)
from labkit.llm import ScriptedChatModel

CONTEXT = "Refunds are accepted within 30 days of purchase."


@pytest.mark.parametrize("reply, score", [
    ("Score: 5/5 - correct and supported.", 5.0),
    ("**Score:** 2", 2.0),
    ("Rating: 3 out of 5", 3.0),
    ("I'd say 4/5.", 4.0),
    ("3", 3.0),
    ("Score: 0", None),                      # off the 1-5 scale
    ("Score: 8/10", None),                   # another scale
    ("Score: 2 ... actually Score: 4", None),  # two verdicts
    ("A solid answer overall.", None),
    ("", None),
])
def test_parse_score(reply, score):
    assert parse_score(reply) == score


@pytest.mark.parametrize("reply, choice", [
    ("Verdict: A", "A"), ("verdict: B because it cites the context", "B"), ("The better answer is B.", "B"),
    ("[[B]]", "B"), ("Winner: tie", "tie"), ("Answer B is better.", "B"), ("A", "A"),
    ("Verdict: A. Verdict: B.", None), ("Both are fine.", None), ("a", None),
])
def test_parse_choice(reply, choice):
    assert parse_choice(reply) == choice


def test_rubric_judge_maps_scores_to_labels_and_abstains_on_unreadable_replies():
    model = ScriptedChatModel(replies=["Score: 5/5. Matches the context.", "Score: 2/5. Wrong number.",
                                       "The answer seems fine to me.",
                                       "Score: 3/5. I cannot verify whether it is correct."])
    judge = RubricJudge(model)
    verdicts = [judge.judge("How long is the refund window?", "30 days", CONTEXT) for _ in range(4)]
    assert [v.label for v in verdicts] == ["pass", "fail", None, None]
    assert verdicts[2].why_abstained.startswith("no single score") and verdicts[2].abstained
    assert "cannot verify" in verdicts[3].why_abstained
    prompt = model.calls[0].messages[-1].content
    assert "Context: Refunds are accepted within 30 days" in prompt and "Answer: 30 days" in prompt
    assert "Score: N" in prompt


def test_doubt_is_a_verdict_when_asked_for():
    model = ScriptedChatModel(replies=["Score: 3/5. I cannot verify it."])
    assert RubricJudge(model, abstain_on_doubt=False).judge("q", "a").label == "fail"


def test_rubric_scale_and_validation():
    judge = RubricJudge(ScriptedChatModel(replies=["Score: 7/10"]), Rubric(("clear",), 1, 10, 7))
    assert judge.judge("q", "a").label == "pass"
    with pytest.raises(InvalidInputError, match="pass_at"):
        Rubric(("clear",), 1, 5, 6)


def test_pairwise_judge_keeps_only_order_independent_verdicts():
    # the second call sees the answers swapped: "Verdict: B" there means the caller's first answer
    consistent = PairwiseJudge(ScriptedChatModel(replies=["Verdict: A", "Verdict: B"]))
    v = consistent.compare("q", "good", "bad", CONTEXT)
    assert (v.winner, v.first, v.second, v.consistent, v.raw) == ("A", "A", "A", True, ("A", "B"))
    model = ScriptedChatModel(replies=["Verdict: A", "Verdict: A"])  # always the first position
    biased = PairwiseJudge(model).compare("q", "good", "bad")
    assert (biased.winner, biased.consistent) == ("tie", False)
    prompts = [c.messages[-1].content for c in model.calls]
    assert "Answer A: good\nAnswer B: bad" in prompts[0] and "Answer A: bad\nAnswer B: good" in prompts[1]
    unread = PairwiseJudge(ScriptedChatModel(replies=["Verdict: A", "hmm"])).compare("q", "x", "y")
    assert unread.winner is None and unread.consistent is None
    assert position_bias([PairwiseJudge(ScriptedChatModel(replies=["?", "?"])).compare("q", "x", "y")]) == {
        "pairs": 1, "first_position_wins": None, "consistent": None}


def test_without_swapping_a_position_biased_judge_looks_decisive():
    biased = ScriptedChatModel(replies=["Verdict: A"], repeat_last=True)
    once = [PairwiseJudge(biased, swap=False).compare("q", a, b) for a, b in [("x", "y"), ("y", "x")]]
    assert [v.winner for v in once] == ["A", "A"]  # contradicts itself across the two orders, unnoticed
    swapped = [PairwiseJudge(biased).compare("q", a, b) for a, b in [("x", "y"), ("y", "x")]]
    assert position_bias(swapped) == {"pairs": 2, "first_position_wins": 1.0, "consistent": 0.0}


def test_position_bias_of_a_fair_judge():
    fair = [PairwiseVerdict("A", "A", "A", ("A", "B")), PairwiseVerdict("B", "B", "B", ("B", "A"))]
    assert position_bias(fair) == {"pairs": 2, "first_position_wins": 0.5, "consistent": 1.0}


def test_bundled_human_labels_are_balanced_and_paired():
    items = load_judged_answers()
    assert len(items) >= 40 and len({i["id"] for i in items}) == len(items)
    assert sum(i["human"] == "pass" for i in items) == len(items) // 2
    pairs = human_pairs(items)
    assert len(pairs) >= 20 and {p["human"] for p in pairs} == {"A", "B"}


def test_measure_judge_with_a_function_and_with_a_scripted_judge():
    items = load_judged_answers()[:6]
    perfect, rows = measure_judge(lambda item: item["human"], items)
    assert (perfect.agreement, perfect.kappa, perfect.coverage) == (1.0, 1.0, 1.0)
    assert rows[0].keys() == {"id", "kind", "human", "judge", "score"} and rows[0]["score"] is None
    always_pass = RubricJudge(ScriptedChatModel(replies=["Score: 5/5"], repeat_last=True))
    calibration, _ = measure_judge(always_pass, items)
    assert calibration.kappa == 0.0 and calibration.agreement == 0.5


def test_a_pass_mark_chosen_on_dev_is_applied_from_scores():
    from labkit.evaluation.agreement import sweep_pass_mark

    items = load_judged_answers()[:4]   # human: pass, fail, pass, fail
    judge = RubricJudge(ScriptedChatModel(replies=["Score: 3/5", "Score: 1/5", "Score: 3/5", "Score: 2/5"]))
    _, rows = measure_judge(judge, items)
    assert [r["judge"] for r in rows] == ["fail"] * 4 and [r["score"] for r in rows] == [3.0, 1.0, 3.0, 2.0]
    sweep = sweep_pass_mark([r["score"] for r in rows], [r["human"] for r in rows], [2, 3, 4])
    assert [row["kappa"] for row in sweep] == [0.5, 1.0, 0.0]


def test_the_fresh_set_is_separate_and_labelled_the_same_way():
    dev, fresh = load_judged_answers("dev"), load_judged_answers("fresh")
    assert len(fresh) >= 20 and {i["human"] for i in fresh} == {"pass", "fail"}
    assert not {i["question"] for i in dev} & {i["question"] for i in fresh}
    with pytest.raises(InvalidInputError, match="'dev' or 'fresh'"):
        load_judged_answers("test")
