"""Consensus: majority and weighted voting, and multi-round negotiation when the first vote is split.

The one idea: a decision rule must say what happens when there is no clear winner. Here a winner needs *more than
half* of the votes cast (or of the weight, for weighted voting); a split vote is a :class:`Decision` with no winner
and the tied options named — never a silent pick of the first one. :func:`negotiate` then runs rounds over the
broker: each participant is sent a proposal and must vote within ``timeout`` (silence is an abstention, recorded);
after a split round the weakest option is dropped and the participants vote again, so preferences move toward a
shared choice — or the rounds run out and the outcome says so.

What it leaves out: ranked-choice ballots sent in one message, vetoes, and proofs of who voted (no adversaries here).

>>> majority_vote({"a": "x", "b": "x", "c": "y"}).winner
'x'
>>> majority_vote({"a": "x", "b": "y"}).tied
('x', 'y')
>>> weighted_vote({"a": "x", "b": "y", "c": "y"}, {"a": 3, "b": 1, "c": 1}).winner
'x'
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from labkit.errors import DeadlineExceededError, InvalidInputError, UnknownAgentError
from labkit.multiagent.broker import MessageBroker
from labkit.multiagent.messages import Kind


@dataclass(frozen=True)
class Decision:
    """A vote's outcome. ``winner`` is None when no option has more than half; ``tied`` names the leaders then."""

    winner: str | None
    tally: dict[str, float]
    tied: tuple[str, ...] = ()
    votes: dict[str, str] = field(default_factory=dict)
    abstained: tuple[str, ...] = ()
    rounds: int = 1
    history: tuple[dict[str, float], ...] = ()


def weighted_vote(votes: Mapping[str, str], weights: Mapping[str, float] | None = None) -> Decision:
    """Tally ``{voter: option}`` with ``weights`` (default 1 each); the winner has more than half the weight cast."""
    weights = weights or {}
    bad = {v: w for v, w in weights.items() if not isinstance(w, (int, float)) or w < 0}
    if bad:
        raise InvalidInputError(f"Vote weights must be non-negative numbers; got {bad}.")
    tally: dict[str, float] = {}
    for voter, option in votes.items():
        tally[option] = tally.get(option, 0.0) + float(weights.get(voter, 1.0))
    total = sum(tally.values())
    if not tally or total <= 0:
        return Decision(None, tally, votes=dict(votes))
    best = max(tally.values())
    leaders = tuple(sorted(o for o, w in tally.items() if w == best))
    winner = leaders[0] if len(leaders) == 1 and best > total / 2 else None
    return Decision(winner, tally, () if winner else leaders, dict(votes))


def majority_vote(votes: Mapping[str, str]) -> Decision:
    """One voter, one vote; the winner needs more than half of the votes cast."""
    return weighted_vote(votes)


async def negotiate(broker: MessageBroker, proposer: str, participants: Sequence[str], topic: str,
                    options: Sequence[str], *, rounds: int = 3, timeout: float = 2.0,
                    weights: Mapping[str, float] | None = None) -> Decision:
    """Vote over the broker until some option wins, dropping the weakest option after each split round."""
    remaining = list(dict.fromkeys(options))
    if len(remaining) < 2:
        raise InvalidInputError("A negotiation needs at least two different options.")
    if not participants:
        raise InvalidInputError("A negotiation needs at least one participant.")
    history: list[dict[str, float]] = []
    decision = Decision(None, {})
    conversation = broker.new_conversation("vote")
    for round_no in range(1, rounds + 1):
        votes, abstained = await _collect(broker, proposer, participants, topic, remaining, timeout, conversation,
                                          round_no)
        decision = weighted_vote(votes, weights)
        history.append(dict(decision.tally))
        decision = Decision(decision.winner, decision.tally, decision.tied, votes, tuple(abstained), round_no,
                            tuple(history))
        if decision.winner is not None:
            break
        if len(remaining) > 2:  # drop the weakest option (fewest votes; the later-listed one on a tie)
            weakest = min(reversed(remaining), key=lambda o: decision.tally.get(o, 0.0))
            remaining.remove(weakest)
        elif len(history) >= 2 and history[-1] == history[-2]:
            break  # two options and nobody moved: more rounds would repeat the split
    return decision


async def _collect(broker: MessageBroker, proposer: str, participants: Sequence[str], topic: str,
                   options: list[str], timeout: float, conversation: str,
                   round_no: int) -> tuple[dict[str, str], list[str]]:
    async def ask(name: str) -> tuple[str, str | None]:
        proposal = broker.message(proposer, name, Kind.CONSENSUS_PROPOSAL,
                                  {"topic": topic, "options": list(options), "round": round_no}, conversation)
        try:
            await broker.request(proposal)
            reply = await broker.next_reply(proposal, timeout)
        except (DeadlineExceededError, UnknownAgentError):
            return name, None
        finally:
            broker.close(proposal)
        vote = str(reply.content.get("vote", ""))
        return name, vote if vote in options else None

    answers = await asyncio.gather(*(ask(p) for p in participants))
    votes = {name: vote for name, vote in answers if vote is not None}
    abstained = [name for name, vote in answers if vote is None]
    return votes, abstained


def decision_frame(decision: Decision) -> Any:
    """The tally of every round as a table (options as rows, rounds as columns)."""
    import pandas as pd

    frame = pd.DataFrame({f"round {i}": t for i, t in enumerate(decision.history or (decision.tally,), 1)})
    return frame.fillna(0).sort_index()
