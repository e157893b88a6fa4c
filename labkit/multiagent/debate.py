"""Debate: agents argue for competing answers over rounds, a judge scores every argument, the best case wins.

The one idea: disagreement is information. Each debater is asked (a collaboration request over the broker) for
its strongest *new* point for its position; every argument is shared with the other side (an information share)
and scored by a judge model (``Score: X/10`` against the question). Scores add up over the rounds; the position with
the highest total wins, and a tie is reported as a tie. A debater that does not answer within ``timeout``, or has
nothing new to say, forfeits that round's point (recorded) and is not sent to the judge. A round in which *every*
debater forfeits ends the debate early: nobody has anything left to say, so more rounds would only repeat the
silence (``rounds`` in the result counts the rounds held, that last one included).

What it leaves out: rebuttals that quote the opponent, and judges that see the whole transcript at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from labkit.agents.criteria import parse_score
from labkit.agents.deadline import await_with_deadline
from labkit.errors import DeadlineExceededError, InvalidInputError
from labkit.multiagent.agent import NOTHING_NEW
from labkit.multiagent.broker import MessageBroker
from labkit.multiagent.messages import Kind

NO_ANSWER = "(no answer)"
FORFEITS = (NO_ANSWER, NOTHING_NEW)  # arguments that score 0 without asking the judge
JUDGE_CRITERIA = "relevant to the question, a concrete figure or fact, a reason for the position"
"""What the judge rates an argument on. An argument's facts are the debater's to defend, not the judge's to check:
with a rubric, a judge that cannot verify a fact can still say how well an argument meets it."""


@dataclass
class DebateResult:
    """The winner (None on a tie), total score per position, every argument with its score, and rounds held."""

    question: str
    winner: str | None
    totals: dict[str, float]
    arguments: list[dict[str, Any]] = field(default_factory=list)
    rounds: int = 0

    def to_frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame(self.arguments)


async def run_debate(broker: MessageBroker, moderator: str, question: str, positions: Mapping[str, str], *,
                 judge: Any = None, rounds: int = 2, timeout: float = 5.0) -> DebateResult:
    """Run a debate: ``positions`` maps each debater (agent name) to the answer it defends."""
    from labkit.llm import resolve_model

    if len(positions) < 2:
        raise InvalidInputError("A debate needs at least two debaters with positions.")
    if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1:
        raise InvalidInputError(f"A debate needs rounds >= 1 (a whole number), got {rounds!r}.")
    judge = resolve_model(judge)
    conversation = broker.new_conversation("debate")
    totals = {p: 0.0 for p in positions.values()}
    arguments: list[dict[str, Any]] = []

    async def argue(name: str, position: str, round_no: int) -> dict[str, Any]:
        request = broker.message(moderator, name, Kind.COLLABORATION_REQUEST,
                                 {"objective": question, "position": position, "round": round_no}, conversation)
        try:
            await broker.request(request)
            reply = await broker.next_reply(request, timeout)
            text = str(reply.content.get("contribution", ""))
        except DeadlineExceededError:
            text = ""
        finally:
            broker.close(request)
        return {"round": round_no, "debater": name, "position": position, "argument": text or NO_ANSWER}

    held = 0
    for round_no in range(1, rounds + 1):
        held = round_no
        made = await asyncio.gather(*(argue(n, p, round_no) for n, p in positions.items()))
        for entry in made:
            if entry["argument"] in FORFEITS:
                score = 0.0
            else:
                try:
                    verdict = await await_with_deadline(judge.ainvoke(
                        "Rate the response on a scale of 1 to 10 as an argument for the position.\n"
                        f"Question: {question} {entry['position']}\nCriteria: {JUDGE_CRITERIA}\n"
                        f"Response: {entry['argument']}"),
                        timeout, "The judge")
                    score = parse_score(str(verdict.content))
                    if score is None:  # an abstaining judge: the argument scores nothing, and the record says why
                        score, entry["argument"] = 0.0, entry["argument"] + " (judge gave no score)"
                except DeadlineExceededError:
                    score, entry["argument"] = 0.0, entry["argument"] + " (judge timed out)"
                for other in positions:  # the other side hears the argument
                    if other != entry["debater"]:
                        await broker.post(moderator, other, Kind.INFORMATION_SHARE,
                                          {"text": f"{entry['debater']} argued: {entry['argument']}"}, conversation)
            entry["score"] = round(score * 10, 1)
            totals[entry["position"]] += entry["score"]
            arguments.append(entry)
        if all(entry["argument"] in FORFEITS for entry in made):
            break  # nobody had anything new: another round would only repeat the silence
    best = max(totals.values())
    leaders = [p for p, t in totals.items() if t == best]
    return DebateResult(question, leaders[0] if len(leaders) == 1 else None, totals, arguments, held)
