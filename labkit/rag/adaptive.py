"""Adaptive RAG: learn from user feedback which retrieval strategy to use for which kind of question.

No retrieval strategy wins everywhere: BM25 finds codes and rare words, embeddings find paraphrases, query
expansion helps some questions and drifts on others. Instead of choosing once, an adaptive retriever keeps several
strategies (the *arms*), picks one per query, shows the hits, and learns from the user's feedback (a thumbs up or
down, or a graded relevance) which arm pays off. That is a **multi-armed bandit**: every pick trades *exploiting*
the arm that looks best so far against *exploring* arms whose value is still uncertain.

* :class:`EpsilonGreedy` takes the best-looking arm, except with probability ``epsilon`` a random one (and every
  arm once before that, so no arm is judged unseen);
* :class:`ThompsonSampling` keeps a Beta posterior over each arm's success rate, draws one sample per arm and takes
  the highest draw: uncertain arms get tried in proportion to their chance of being best, and exploration fades
  by itself as evidence accumulates.

Both learn **per query type** (the *context*: :func:`query_type` labels a question by intent and whether it names
something), so "factual question with a product code" can prefer BM25 while "numeric question" prefers dense.
Randomness comes from a seeded generator, so a run is repeatable.

>>> bandit = EpsilonGreedy(["bm25", "dense"], epsilon=0.0, seed=0)
>>> bandit.choose("factual"), bandit.choose("factual")      # untried arms first
('bm25', 'bm25')
>>> bandit.update("factual", "bm25", 0.0); bandit.update("factual", "dense", 1.0)
>>> bandit.choose("factual")
'dense'

What an offline lesson can and cannot show: :func:`learn_from_labels` replays a labelled question set round after
round and turns the labels into the feedback a user would have given (a hit in the top k is a thumbs up). That
simulates a perfectly consistent user who judges every answer; real feedback is sparse, noisy and biased towards
bad experiences, and a bandit evaluated on the questions it learned from measures adaptation, not generalisation.

Left out: contextual bandits over feature vectors (LinUCB), non-stationary rewards (discount old evidence when the
corpus changes), off-policy evaluation of a new policy from old logs, and learning the k itself (a larger k always
wins on hit rate, so it needs a cost in the reward).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from labkit.errors import InvalidInputError
from labkit.rag.documents import Hit
from labkit.rag.retriever import Retriever


def reward_from_feedback(value: Any, max_grade: int = 3) -> float:
    """A reward in [0, 1]: a thumbs up (``True``) is 1.0, down 0.0; a graded relevance ``0..max_grade`` is scaled.

    >>> reward_from_feedback(True), reward_from_feedback(False), reward_from_feedback(2), reward_from_feedback(0.5, 1)
    (1.0, 0.0, 0.6666666666666666, 0.5)
    """
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if not isinstance(value, (int, float)) or not 0 <= value <= max_grade:
        raise InvalidInputError(f"Feedback must be True/False or a grade in [0, {max_grade}], got {value!r}.")
    return float(value) / max_grade


def query_type(query: str) -> str:
    """The context a bandit learns per: the question's intent, plus ``+name`` when it names something or a code.

    >>> query_type("What is part XK-4471?"), query_type("How much does express delivery cost?")
    ('factual+name', 'numeric')
    """
    from labkit.rag.query import analyze_query

    analysis = analyze_query(query)
    return analysis.intent + ("+name" if analysis.entities else "")


class Bandit(ABC):
    """Per-context reward statistics for a fixed set of arms; subclasses decide which arm to pull next."""

    name = "bandit"

    def __init__(self, arms: Sequence[str], seed: int = 0):
        import numpy as np

        if isinstance(arms, str) or not arms or not all(isinstance(a, str) and a for a in arms):
            raise InvalidInputError("arms must be a non-empty list of names, e.g. ['bm25', 'dense'].")
        if len(set(arms)) != len(arms):
            raise InvalidInputError(f"arms must be unique, got {list(arms)}.")
        self.arms = tuple(arms)
        self.rng = np.random.default_rng(seed)
        self.counts: dict[str, list[int]] = {}
        self.totals: dict[str, list[float]] = {}

    def _stats(self, context: str) -> tuple[list[int], list[float]]:
        if context not in self.counts:
            self.counts[context] = [0] * len(self.arms)
            self.totals[context] = [0.0] * len(self.arms)
        return self.counts[context], self.totals[context]

    def choose(self, context: str = "") -> str:
        """The arm to pull for a query of this ``context``."""
        counts, totals = self._stats(context)
        return self.arms[self._pick(counts, totals)]

    @abstractmethod
    def _pick(self, counts: list[int], totals: list[float]) -> int:
        """Index of the arm to pull, given each arm's pull count and reward total in this context."""

    def update(self, context: str, arm: str, reward: float) -> None:
        """Record the ``reward`` in [0, 1] that ``arm`` earned on a query of this ``context``."""
        if arm not in self.arms:
            raise InvalidInputError(f"Unknown arm {arm!r}; the arms are {list(self.arms)}.")
        if isinstance(reward, bool) or not isinstance(reward, (int, float)) or not 0.0 <= reward <= 1.0:
            raise InvalidInputError(f"reward must be a number in [0, 1], got {reward!r} (see reward_from_feedback).")
        counts, totals = self._stats(context)
        i = self.arms.index(arm)
        counts[i] += 1
        totals[i] += float(reward)

    def table(self) -> list[dict[str, Any]]:
        """One row per (context, arm): pulls and mean reward so far (``None`` when never pulled)."""
        return [{"context": context, "arm": arm, "pulls": n, "mean_reward": (t / n if n else None)}
                for context, counts in self.counts.items()
                for arm, n, t in zip(self.arms, counts, self.totals[context])]


class EpsilonGreedy(Bandit):
    """Every arm once, then the best mean reward, except a uniformly random arm with probability ``epsilon``."""

    name = "epsilon-greedy"

    def __init__(self, arms: Sequence[str], epsilon: float = 0.1, seed: int = 0):
        super().__init__(arms, seed)
        if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float)) or not 0.0 <= epsilon <= 1.0:
            raise InvalidInputError(f"epsilon must be in [0, 1], got {epsilon!r}.")
        self.epsilon = float(epsilon)

    def _pick(self, counts: list[int], totals: list[float]) -> int:
        if 0 in counts:
            return counts.index(0)
        if self.rng.random() < self.epsilon:
            return int(self.rng.integers(len(self.arms)))
        means = [t / n for n, t in zip(counts, totals)]
        return means.index(max(means))  # ties go to the first arm listed


class ThompsonSampling(Bandit):
    """Draw each arm's success rate from ``Beta(1 + rewards, 1 + pulls - rewards)`` and pull the highest draw.

    A graded reward r counts as r of a success and 1 - r of a failure.
    """

    name = "thompson"

    def _pick(self, counts: list[int], totals: list[float]) -> int:
        draws = [self.rng.beta(1.0 + t, 1.0 + n - t) for n, t in zip(counts, totals)]
        return draws.index(max(draws))


class AdaptiveRetriever(Retriever):
    """Routes each query to one of several retrievers chosen by a bandit, and learns from :meth:`feedback`.

    The latest retrieval of a query text waits in ``pending`` for its feedback (one user, one conversation; a
    multi-user service would key it by a request id instead).
    """

    name = "adaptive"

    def __init__(self, strategies: Mapping[str, Retriever], bandit: Bandit | None = None,
                 context: Callable[[str], str] = query_type):
        if not isinstance(strategies, Mapping) or not strategies:
            raise InvalidInputError("strategies must be a non-empty {name: Retriever} mapping.")
        for name, retriever in strategies.items():
            if not isinstance(retriever, Retriever):
                raise InvalidInputError(f"Strategy {name!r} is not a labkit Retriever ({type(retriever).__name__}).")
        self.strategies = dict(strategies)
        self.bandit = bandit if bandit is not None else EpsilonGreedy(list(strategies))
        if set(self.bandit.arms) != set(self.strategies):
            raise InvalidInputError(f"The bandit's arms {list(self.bandit.arms)} must be the strategies' names "
                                    f"{list(self.strategies)}.")
        self.context = context
        self.pending: dict[str, tuple[str, str]] = {}

    def _retrieve(self, query: str, k: int) -> list[Hit]:
        context = self.context(query)
        arm = self.bandit.choose(context)
        self.pending[query] = (context, arm)  # remembered until the user's feedback on this query arrives
        return self.strategies[arm].retrieve(query, k)

    def feedback(self, query: str, value: Any, max_grade: int = 3) -> float:
        """Credit the user's judgement of the last answer to ``query`` (thumbs or a grade) to the arm that served it."""
        if query not in self.pending:
            raise InvalidInputError(f"No retrieval awaits feedback for {query!r}; retrieve it first.")
        context, arm = self.pending.pop(query)
        reward = reward_from_feedback(value, max_grade)
        self.bandit.update(context, arm, reward)
        return reward


def label_reward(ranked: Sequence[str], relevant: set[str] | Mapping[str, int], k: int, reward: str = "hit") -> float:
    """The feedback a consistent user would give, read from the labels: ``hit`` (thumbs up when a relevant chunk
    is in the top k) or ``mrr`` (graded: 1 / rank of the first relevant chunk).

    >>> label_reward(["x", "a"], {"a"}, 2), label_reward(["x", "a"], {"a"}, 2, "mrr"), label_reward(["x", "a"], {"a"}, 1)
    (1.0, 0.5, 0.0)
    """
    from labkit.rag.evaluation import hit_rate, reciprocal_rank

    if reward == "hit":
        return hit_rate(ranked, relevant, k)
    if reward == "mrr":
        return reciprocal_rank(ranked, relevant, k)
    raise InvalidInputError(f"reward must be 'hit' or 'mrr', got {reward!r}.")


def learn_from_labels(adaptive: AdaptiveRetriever, questions: Mapping[str, set[str]], rounds: int = 10, k: int = 3,
                      reward: str = "hit", seed: int = 0) -> Any:
    """Replay ``questions`` for ``rounds`` rounds (shuffled each round, seeded), giving the label-derived feedback
    after every query. Returns a pandas DataFrame, one row per query asked: round, step, question, type, arm, reward.

    ``groupby("round").reward.mean()`` is the learning curve.
    """
    import numpy as np
    import pandas as pd

    if not isinstance(questions, Mapping) or not questions:
        raise InvalidInputError("questions must be a non-empty {question: relevant ids} mapping.")
    if not isinstance(rounds, int) or rounds < 1:
        raise InvalidInputError(f"rounds must be a positive integer, got {rounds!r}.")
    order_rng = np.random.default_rng(seed)
    texts = list(questions)
    rows = []
    for round_ in range(1, rounds + 1):
        for i in order_rng.permutation(len(texts)):
            question = texts[i]
            ranked = [h.id for h in adaptive.retrieve(question, k)]
            context, arm = adaptive.pending[question]
            value = label_reward(ranked, questions[question], k, reward)
            adaptive.feedback(question, value, max_grade=1)
            rows.append({"round": round_, "step": len(rows) + 1, "question": question, "type": context, "arm": arm,
                         "reward": value})
    return pd.DataFrame(rows)


def fixed_strategy_rewards(strategies: Mapping[str, Retriever], questions: Mapping[str, set[str]], k: int = 3,
                           reward: str = "hit", context: Callable[[str], str] = query_type) -> Any:
    """The baselines a bandit must be judged against: each strategy's mean label reward per query type and overall
    (a DataFrame indexed by type, one column per strategy, plus an ``all`` row)."""
    import pandas as pd

    rows = [{"type": context(q), "strategy": name, "reward": label_reward([h.id for h in r.retrieve(q, k)], rel, k, reward)}
            for q, rel in questions.items() for name, r in strategies.items()]
    frame = pd.DataFrame(rows)
    table = frame.pivot_table(index="type", columns="strategy", values="reward", aggfunc="mean")
    table.loc["all"] = frame.groupby("strategy").reward.mean()
    return table[list(strategies)]
