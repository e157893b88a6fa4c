import numpy as np
import pytest

from labkit.errors import InvalidInputError
from labkit.rag import BM25Index, Chunk, DenseIndex, HybridRetriever
from labkit.rag.adaptive import (AdaptiveRetriever, EpsilonGreedy, ThompsonSampling, fixed_strategy_rewards,
                                 label_reward, learn_from_labels, query_type, reward_from_feedback)
from labkit.rag.documents import Hit
from labkit.rag.evaluation import compare_retrievers
from labkit.rag.expansion import PRFRetriever
from labkit.rag.retriever import Retriever
from labkit.rag.samples import QUESTIONS, sample_chunks
from rag_fixtures import *  # noqa: F401,F403  (shared session fixtures)


def pull_many(bandit, success, contexts=("",), n=1500, seed=1):
    """Play a simulated environment: arm a in context c pays 1 with probability success[c][a]."""
    env = np.random.default_rng(seed)
    picks = {c: [] for c in contexts}
    rewards = []
    for step in range(n):
        context = contexts[step % len(contexts)]
        arm = bandit.choose(context)
        reward = float(env.random() < success[context][arm])
        bandit.update(context, arm, reward)
        picks[context].append(arm)
        rewards.append(reward)
    return picks, float(np.mean(rewards))


@pytest.mark.parametrize("make", [lambda arms: EpsilonGreedy(arms, epsilon=0.1, seed=3),
                                  lambda arms: ThompsonSampling(arms, seed=3)], ids=["epsilon", "thompson"])
def test_bandits_learn_the_best_arm_per_context(make):
    success = {"codes": {"bm25": 0.8, "dense": 0.3, "hybrid": 0.5},
               "paraphrase": {"bm25": 0.2, "dense": 0.75, "hybrid": 0.5}}
    picks, mean_reward = pull_many(make(["bm25", "dense", "hybrid"]), success, contexts=("codes", "paraphrase"))
    late_codes, late_para = picks["codes"][-300:], picks["paraphrase"][-300:]
    assert late_codes.count("bm25") / 300 > 0.85 and late_para.count("dense") / 300 > 0.85
    uniform = np.mean([np.mean(list(s.values())) for s in success.values()])   # 0.51 for a random router
    assert mean_reward > uniform + 0.15


def test_epsilon_greedy_without_exploration_can_lock_in_and_exploration_fixes_it():
    # The classic failure: a lucky first pull of the worse arm and no exploration keeps it forever.
    success = {"": {"a": 0.4, "b": 0.6}}
    greedy = EpsilonGreedy(["a", "b"], epsilon=0.0, seed=0)
    greedy.update("", "a", 1.0)
    greedy.update("", "b", 0.0)
    picks, _ = pull_many(greedy, success, n=400)
    assert picks[""][-100:].count("a") == 100
    explorer = EpsilonGreedy(["a", "b"], epsilon=0.2, seed=0)
    explorer.update("", "a", 1.0)
    explorer.update("", "b", 0.0)
    picks, _ = pull_many(explorer, success, n=2000)
    assert picks[""][-500:].count("b") > 300


def test_same_seed_same_choices_and_the_table():
    runs = []
    for _ in range(2):
        bandit = ThompsonSampling(["x", "y"], seed=7)
        runs.append(pull_many(bandit, {"": {"x": 0.5, "y": 0.5}}, n=50)[0][""])
    assert runs[0] == runs[1]
    rows = {r["arm"]: r for r in bandit.table()}
    assert rows["x"]["pulls"] + rows["y"]["pulls"] == 50


def test_bad_input_is_a_clear_error():
    with pytest.raises(InvalidInputError, match="non-empty"):
        EpsilonGreedy([])
    with pytest.raises(InvalidInputError, match="unique"):
        ThompsonSampling(["a", "a"])
    with pytest.raises(InvalidInputError, match="epsilon"):
        EpsilonGreedy(["a"], epsilon=1.5)
    bandit = EpsilonGreedy(["a", "b"])
    with pytest.raises(InvalidInputError, match="Unknown arm"):
        bandit.update("", "c", 1.0)
    with pytest.raises(InvalidInputError, match=r"\[0, 1\]"):
        bandit.update("", "a", 2.0)
    with pytest.raises(InvalidInputError, match="grade"):
        reward_from_feedback(5)
    with pytest.raises(InvalidInputError, match="hit"):
        label_reward(["a"], {"a"}, 1, "ndcg")


class Fixed(Retriever):
    """Always returns the same ids (a stand-in strategy)."""

    def __init__(self, ids):
        self.ids = ids

    def _retrieve(self, query, k):
        return [Hit(Chunk(i, i, i), 1.0 / (n + 1)) for n, i in enumerate(self.ids[:k])]


def test_feedback_is_credited_to_the_strategy_that_served_the_query():
    adaptive = AdaptiveRetriever({"left": Fixed(["l"]), "right": Fixed(["r"])},
                                 EpsilonGreedy(["left", "right"], epsilon=0.0), context=lambda q: "any")
    assert [h.id for h in adaptive.retrieve("q1", 1)] == ["l"]        # untried arms first: left
    adaptive.feedback("q1", False)
    assert [h.id for h in adaptive.retrieve("q2", 1)] == ["r"]
    assert adaptive.feedback("q2", 3) == 1.0                            # a top grade is a full reward
    assert [h.id for h in adaptive.retrieve("q3", 1)] == ["r"]          # right is now the better arm
    assert {(r["arm"], r["pulls"], r["mean_reward"]) for r in adaptive.bandit.table()} == {("left", 1, 0.0),
                                                                                          ("right", 1, 1.0)}
    with pytest.raises(InvalidInputError, match="retrieve it first"):
        adaptive.feedback("never asked", True)
    with pytest.raises(InvalidInputError, match="arms"):
        AdaptiveRetriever({"left": Fixed(["l"])}, EpsilonGreedy(["other"]))


def test_query_types_of_the_labelled_questions():
    types = {query_type(q) for q in QUESTIONS}
    assert {"factual", "factual+name", "numeric"} <= types


def test_learning_curve_on_the_labelled_questions(embeddings):
    chunks = sample_chunks()
    bm25, dense = BM25Index().add(chunks), DenseIndex(embeddings).add(chunks)
    strategies = {"bm25": bm25, "dense": dense, "hybrid": HybridRetriever([bm25, dense], depth=10),
                  "bm25+prf": PRFRetriever(bm25, feedback_docs=2, n_terms=4)}
    fixed = fixed_strategy_rewards(strategies, QUESTIONS, k=1)
    reference = {r["retriever"]: r["hit_rate@1"] for r in compare_retrievers(strategies, QUESTIONS, k=1)}
    assert fixed.loc["all"].round(3).to_dict() == reference                 # labels agree with the evaluation module
    log = learn_from_labels(AdaptiveRetriever(strategies, EpsilonGreedy(list(strategies), 0.1, seed=0)),
                            QUESTIONS, rounds=12, k=1)
    assert len(log) == 12 * len(QUESTIONS)
    late = log[log["round"] > 6]
    random_router = fixed.loc["all"].mean()
    assert late.reward.mean() > random_router + 0.05
    assert late.reward.mean() >= fixed.loc["all"].max() - 0.05              # close to the best single strategy
    assert (late.arm == "bm25+prf").mean() < 0.1                            # it learned to avoid the drifting one
