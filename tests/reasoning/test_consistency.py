import pytest

from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel, get_model
from labkit.reasoning.chain import load_word_problems
from labkit.reasoning.consistency import aself_consistency, accuracy, asample, majority_vote, self_consistency


def test_majority_vote_ignores_missing_answers_and_breaks_ties_by_first_seen():
    vote = majority_vote(["7", None, "8", "8", "7"])
    assert vote.answer == "7" and vote.votes == 2 and vote.samples == 5 and vote.confidence == 0.4
    assert majority_vote([None, None]).answer is None
    with pytest.raises(InvalidInputError):
        majority_vote([])


async def test_samples_are_concurrent_distinct_requests():
    model = ScriptedChatModel(replies=["Answer: 1"], repeat_last=True)
    replies = await asample(model, "What is 1?", 4, temperature=0.7, seed=3)
    assert replies == ["Answer: 1"] * 4
    systems = sorted(c.messages[0].content for c in model.calls)
    assert systems == [f"Independent attempt {i} of 4." for i in range(1, 5)]


async def test_vote_repairs_sampling_slips_on_the_offline_model():
    question, gold = load_word_problems()[0]
    result = await aself_consistency(get_model(), question, n=7, temperature=0.8, seed=0)
    assert result.answer == str(gold)
    assert 0 < result.confidence <= 1 and len(result.replies) == 7


def test_sync_wrapper_is_reproducible_with_a_seed():
    question = load_word_problems()[1][0]
    first = self_consistency(get_model(), question, n=5, temperature=1.0, seed=11)
    second = self_consistency(get_model(), question, n=5, temperature=1.0, seed=11)
    assert first.answers == second.answers


def test_majority_beats_a_single_sample_at_high_temperature():
    scores = accuracy(get_model(), load_word_problems(), n=7, temperature=0.8, seed=0)
    assert scores["majority"] > scores["single"]
    assert scores["agreement"] < 1.0
    at_zero = accuracy(get_model(), load_word_problems()[:5], n=3, temperature=0.0)
    assert at_zero == {"single": 1.0, "majority": 1.0, "agreement": 1.0}


@pytest.mark.parametrize("n", [0, -1, 1.5])
async def test_bad_sample_counts(n):
    with pytest.raises(InvalidInputError):
        await asample(get_model(), "What is 1 + 1?", n)


def test_few_shot_votes_give_a_label_and_a_telling_confidence():
    from statistics import mean

    from labkit.reasoning.consistency import classify_with_confidence
    from labkit.reasoning.fewshot import SimilaritySelector, load_support_examples

    bank, queries = load_support_examples()
    selector = SimilaritySelector(bank, k=3)
    labels = ["billing", "shipping", "technical", "account"]
    runs = [(classify_with_confidence(get_model(), q.input, labels, selector, task="Classify the customer message",
                                      n=7, temperature=0.8, seed=0), q.output)
            for q in queries]
    right = [r.confidence for r, gold in runs if r.label == gold]
    wrong = [r.confidence for r, gold in runs if r.label != gold]
    assert len(right) >= 11 and wrong and mean(right) > mean(wrong)
    assert all(len(r.examples) == 3 for r, _ in runs)
    with pytest.raises(InvalidInputError):
        classify_with_confidence(get_model(), "x", ["only"], selector)


def test_a_misreading_every_sample_shares_survives_the_vote_with_full_agreement():
    from labkit.reasoning.consistency import vote_breakdown

    # a scripted model that reads "gives away" as adding, every time
    misreader = ScriptedChatModel(replies=["Step 1: 3 * 12 = 36\nStep 2: 36 + 7 = 43\nAnswer: 43"], repeat_last=True)
    question, gold = load_word_problems()[0]
    [row] = vote_breakdown(misreader, [(question, gold)], n=5)
    assert (row["temperature 0"], row["vote"], row["agreement"], row["vote right"]) == ("43", "43", 1.0, False)
    assert row["errors"] == "systematic" and row["slipped"] == 0.0
    assert len(misreader.calls) == 6  # one greedy call + five samples


def test_at_temperature_zero_there_are_no_sampling_errors_to_vote_away():
    from labkit.reasoning.consistency import vote_breakdown

    rows = vote_breakdown(get_model(), load_word_problems("fresh")[:4], n=3, temperature=0.0)
    assert len(rows) == 4 and all(r["errors"] in ("none", "systematic", "no answer") for r in rows)
    assert all(r["vote"] == r["temperature 0"] and r["slipped"] == 0.0 for r in rows)
    with pytest.raises(InvalidInputError):
        vote_breakdown(get_model(), [])


def test_the_fresh_problem_set_is_bundled_and_a_path_still_works(tmp_path):
    fresh = load_word_problems("fresh")
    assert len(fresh) >= 10 and all(isinstance(a, int) for _, a in fresh)
    assert not {q for q, _ in fresh} & {q for q, _ in load_word_problems()}
    path = tmp_path / "mine.json"
    path.write_text('{"problems": [{"question": "What is 2 + 2?", "answer": 4}]}')
    assert load_word_problems(str(path)) == [("What is 2 + 2?", 4)]
