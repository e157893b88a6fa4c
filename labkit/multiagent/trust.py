"""Trust scores: how far to rely on each agent, learned from outcomes that were checked.

The one idea: trust is a posterior, not a label. Count each agent's *verified* outcomes — a result that passed a
check is a success; a result that failed it, a failure report or a silence after accepting is a failure — and
estimate its success rate as the mean of a Beta(successes + 1, failures + 1) distribution:

    trust = (successes + 1) / (successes + failures + 2)

An agent nobody has seen yet scores 0.5 (the uniform prior: no evidence either way); one success moves it to 2/3,
not to 1, so a lucky first answer cannot buy full trust. ``decay`` (between 0 and 1) forgets old evidence: before
each new outcome the agent's counts are multiplied by it, so an agent that was reliable last week and fails today
loses trust faster than a plain average would let it. ``decay=1`` keeps everything.

A :class:`TrustScores` ledger answers the two questions a supervisor has: *whom to give the work to*
(:meth:`~TrustScores.rank`; :class:`~labkit.multiagent.coordinator.Coordinator` uses it when given ``trust=``)
and *whose answer to accept* when agents disagree (:meth:`~TrustScores.resolve`: the answer with the most trust
behind it, a weighted vote from :mod:`labkit.multiagent.consensus`; a tie is reported, never settled silently).

>>> trust = TrustScores(decay=0.5)
>>> trust.score("new")
0.5
>>> for ok in (True, True, False):
...     _ = trust.record("ann", ok)
>>> round(trust.score("ann"), 3), round(TrustScores().record("ann", True), 3)
(0.467, 0.667)
>>> trust.resolve({"ann": "42", "bob": "41", "cy": "41"}).winner
'41'

What it leaves out: confidence intervals (two agents at 0.6 after 3 and after 300 outcomes are not equally
known; a lower bound would tell them apart), trust per kind of task, and agents that lie about their outcomes
(here the checker, not the agent, reports them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from labkit.errors import InvalidInputError
from labkit.multiagent.consensus import Decision, weighted_vote


class TrustScores:
    """A ledger of (decayed) successes and failures per agent, and the Beta posterior mean as its score."""

    def __init__(self, decay: float = 1.0):
        if isinstance(decay, bool) or not isinstance(decay, (int, float)) or not 0 < decay <= 1:
            raise InvalidInputError(f"decay must be a number in (0, 1] (1 keeps all evidence), got {decay!r}.")
        self.decay = float(decay)
        self._counts: dict[str, tuple[float, float]] = {}

    def __repr__(self) -> str:
        return f"TrustScores(decay={self.decay:g}, agents={sorted(self._counts)})"

    def counts(self, agent: str) -> tuple[float, float]:
        """The agent's decayed (successes, failures); (0, 0) for an agent never seen."""
        return self._counts.get(agent, (0.0, 0.0))

    def record(self, agent: str, success: bool) -> float:
        """Add one verified outcome for ``agent`` (older evidence decays first); returns its new score."""
        if not isinstance(success, bool):
            raise InvalidInputError(f"An outcome is True (verified success) or False (failure), got {success!r}.")
        s, f = self.counts(agent)
        s, f = s * self.decay + success, f * self.decay + (not success)
        self._counts[agent] = (s, f)
        return self.score(agent)

    def score(self, agent: str) -> float:
        """The Beta(successes + 1, failures + 1) posterior mean: 0.5 for an agent with no evidence."""
        s, f = self.counts(agent)
        return (s + 1.0) / (s + f + 2.0)

    def rank(self, candidates: Iterable[str]) -> list[str]:
        """``candidates`` from most to least trusted; equal scores by name, so the order is repeatable.

        >>> trust = TrustScores()
        >>> _ = trust.record("bob", False)
        >>> trust.rank(["bob", "cy", "ann"])
        ['ann', 'cy', 'bob']
        """
        return sorted(dict.fromkeys(candidates), key=lambda name: (-self.score(name), name))

    def resolve(self, answers: Mapping[str, str]) -> Decision:
        """Accept the answer with the most trust behind it (``{agent: answer}``, each agent's trust as its weight).

        Unlike a majority vote, the leader wins without more than half the trust: a conflict has to be settled, and
        the trust ledger is the evidence. Only an exact tie has no winner (``tied`` names the answers).
        """
        decision = weighted_vote(answers, {agent: self.score(agent) for agent in answers})
        if decision.winner is None and len(decision.tied) == 1:
            return Decision(decision.tied[0], decision.tally, (), decision.votes)
        return decision

    def table(self) -> list[dict[str, Any]]:
        """One row per agent seen: decayed counts and score, most trusted first."""
        return [{"agent": name, "successes": round(self.counts(name)[0], 3), "failures": round(self.counts(name)[1], 3),
                 "trust": round(self.score(name), 3)} for name in self.rank(self._counts)]
